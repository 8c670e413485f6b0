/**
 * Sends messages to a queue at a steady rate (or as fast as SQS acknowledges them), in
 * SendMessageBatch requests of up to ten, until the messages run out, a count or duration is
 * reached, or the caller aborts. Counts what was sent, acknowledged and refused as it goes.
 */
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";

/** AWS: at most 10 entries in a SendMessageBatch request… */
export const MAX_BATCH_ENTRIES = 10;
/** …and at most 1 MiB of message bodies in all (256 KiB before 2025; raised with the message size). */
export const MAX_BATCH_PAYLOAD_BYTES = 1_048_576;
/** Requests under way at once: enough to keep up with a local engine, few enough to stay polite. */
export const MAX_IN_FLIGHT_REQUESTS = 8;
/** The longest the pacer sleeps, so an abort or the end of the duration is noticed promptly. */
const MAX_SLEEP_MS = 250;

export type OutgoingMessage = Omit<SendMessageBatchRequestEntry, "Id" | "MessageBody"> & {
  MessageBody: string;
};

export interface SendStats {
  /** Messages in requests made so far. */
  sent: number;
  /** Messages SQS accepted. */
  acknowledged: number;
  /** Messages SQS refused or whose request failed. */
  errors: number;
  /** Since sending started. */
  elapsedMs: number;
  lastError?: string;
}

export interface SendOptions {
  sqs: Pick<SQSClient, "send">;
  queueUrl: string;
  messages: Iterator<OutgoingMessage>;
  /** Messages a second; undefined: as fast as SQS acknowledges. */
  ratePerSecond?: number;
  count?: number;
  durationMs?: number;
  signal?: AbortSignal;
}

export interface Sending {
  /** Live: read it to show progress. */
  readonly stats: Readonly<SendStats>;
  readonly done: Promise<SendStats>;
}

/** How many messages are due `elapsedMs` into a paced run: the first at once, then one every 1/rate s. */
export const dueBy = (elapsedMs: number, ratePerSecond: number): number =>
  Math.floor((elapsedMs * ratePerSecond) / 1000) + 1;

/** When (ms into the run) message number `n` (1-based) is due. */
const dueAt = (n: number, ratePerSecond: number): number => ((n - 1) * 1000) / ratePerSecond;

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Up to `limit` messages that fit one SendMessageBatch request. */
function takeBatch(messages: Iterator<OutgoingMessage>, limit: number, pending: OutgoingMessage[]) {
  const batch: OutgoingMessage[] = [];
  let bytes = 0;
  while (batch.length < Math.min(limit, MAX_BATCH_ENTRIES)) {
    const next = pending.shift() ?? messages.next().value;
    if (next === undefined) break;
    const size = Buffer.byteLength(next.MessageBody);
    if (batch.length > 0 && bytes + size > MAX_BATCH_PAYLOAD_BYTES) {
      pending.unshift(next);
      break;
    }
    batch.push(next);
    bytes += size;
  }
  return batch;
}

export function startSending(options: SendOptions): Sending {
  const { sqs, queueUrl, ratePerSecond, signal } = options;
  const count = options.count ?? Number.POSITIVE_INFINITY;
  const durationMs = options.durationMs ?? Number.POSITIVE_INFINITY;
  const startedAt = performance.now();
  const stats: SendStats = { sent: 0, acknowledged: 0, errors: 0, elapsedMs: 0 };
  const elapsed = () => performance.now() - startedAt;
  // A message taken out but left for the next request (the batch was full by size).
  const pending: OutgoingMessage[] = [];

  async function request(batch: OutgoingMessage[]): Promise<void> {
    try {
      const [only] = batch;
      if (only !== undefined && batch.length === 1) {
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, ...only }));
        stats.acknowledged++;
        return;
      }
      // Ids only pair each result with its entry; SQS keeps nothing of them.
      const entries = batch.map((message, i) => ({ ...message, Id: `m${i}` }));
      const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      stats.acknowledged += result.Successful?.length ?? 0;
      const failed = result.Failed ?? [];
      stats.errors += failed.length;
      if (failed[0]) stats.lastError = `${failed[0].Code}: ${failed[0].Message ?? ""}`;
    } catch (error) {
      stats.errors += batch.length;
      stats.lastError = `${(error as Error).name}: ${(error as Error).message}`;
    }
  }

  async function run(): Promise<SendStats> {
    const inFlight = new Set<Promise<void>>();
    while (!signal?.aborted && stats.sent < count && elapsed() < durationMs) {
      if (inFlight.size >= MAX_IN_FLIGHT_REQUESTS) {
        await Promise.race(inFlight);
        continue;
      }
      const allowed =
        ratePerSecond === undefined ? MAX_BATCH_ENTRIES : dueBy(elapsed(), ratePerSecond) - stats.sent;
      if (allowed <= 0) {
        const wait = dueAt(stats.sent + 1, ratePerSecond!) - elapsed();
        await sleep(Math.max(0, Math.min(wait, MAX_SLEEP_MS, durationMs - elapsed())), signal);
        continue;
      }
      const batch = takeBatch(options.messages, Math.min(allowed, count - stats.sent), pending);
      if (batch.length === 0) break;
      stats.sent += batch.length;
      const call = request(batch).finally(() => inFlight.delete(call));
      inFlight.add(call);
    }
    await Promise.all(inFlight);
    stats.elapsedMs = elapsed();
    return stats;
  }

  const done = run();
  return {
    get stats() {
      return { ...stats, elapsedMs: stats.elapsedMs || elapsed() };
    },
    done,
  };
}
