/**
 * SQS FIFO queue: each producer owns a few message groups and sends each group's messages in
 * sequence (singly or a batch of consecutive ones), retrying a lost send with the same
 * deduplication ids until it is acknowledged, so every group is one gap-free sequence. Consumers
 * receive and delete in order. Checked, besides delivery and deletes (see message-ledger.ts):
 * AWS's FIFO order within a group — one answer holds a group's messages in order without gaps, a
 * message is first delivered no earlier than the one before it, and none is delivered after a
 * later message of its group was certainly deleted.
 */
import { SendMessageBatchCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { MessageLedger, type ReceiveEvent } from "./message-ledger.ts";
import {
  createQueue,
  deleteInto,
  drain,
  messagesLeft,
  receiveInto,
  waitOutVisibility,
} from "./sqs-queues.ts";
import { type CheckResult, loop, type SoakContext, type Workload } from "./workload.ts";

const VISIBILITY_TIMEOUT_SECONDS = 4;
const GROUPS_PER_PRODUCER = 3;
const MAX_BATCH = 4;

const bodyOf = (group: string, index: number) => `fifo:${group}:${index}`;
function parse(body: string): { group: string; index: number } {
  const [, group, index] = body.split(":");
  return { group: group!, index: Number(index) };
}

export function sqsFifoWorkload(
  ctx: SoakContext,
  options: { producers: number; consumers: number },
): Workload {
  const ledger = new MessageLedger();
  let queue = { url: "", role: "main" as const };

  async function produce(id: number): Promise<void> {
    const rng = ctx.rng(`sqs-fifo-producer-${id}`);
    const next = Array.from({ length: GROUPS_PER_PRODUCER }, () => 0);
    await loop(
      ctx.stop,
      () => rng.int(0, 20),
      async () => {
        const g = rng.int(0, GROUPS_PER_PRODUCER - 1);
        const group = `g${id}x${g}`;
        const count = rng.chance(0.3) ? rng.int(2, MAX_BATCH) : 1;
        const entries = Array.from({ length: count }, (_, i) => {
          const index = next[g]! + i;
          return {
            Id: `e${i}`,
            MessageBody: bodyOf(group, index),
            MessageGroupId: group,
            MessageDeduplicationId: `${group}-${index}`,
          };
        });
        for (const entry of entries) ledger.attempted.add(entry.MessageBody);
        // Until acknowledged: the deduplication ids make a retry of a send that did land harmless.
        while (!ctx.stop.requested) {
          const outcome =
            count === 1
              ? await ctx.log.attempt("sqs.SendMessage (FIFO)", () =>
                  ctx.clients.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, ...entries[0]! })),
                )
              : await ctx.log.attempt("sqs.SendMessageBatch (FIFO)", async () => {
                  const result = await ctx.clients.sqs.send(
                    new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: entries }),
                  );
                  if (result.Failed?.length)
                    throw new Error(`batch entries failed: ${JSON.stringify(result.Failed)}`);
                  return result;
                });
          if (outcome.status === "rejected") throw new Error(`FIFO send rejected: ${outcome.error.name}`);
          if (outcome.status === "acked") {
            for (const entry of entries) ledger.acknowledged.add(entry.MessageBody);
            next[g]! += count;
            return;
          }
        }
      },
    );
  }

  async function consume(id: number): Promise<void> {
    const rng = ctx.rng(`sqs-fifo-consumer-${id}`);
    await loop(
      ctx.stop,
      () => 0,
      async () => {
        const received = await receiveInto(ctx.log, ctx.clients.sqs, ledger, queue);
        await deleteInto(ctx.log, ctx.clients.sqs, ledger, queue.url, received, rng.chance(0.5));
      },
    );
  }

  function orderBreaches(): string[] {
    const breaches: string[] = [];
    const byAnswer = new Map<number, ReceiveEvent[]>();
    for (const event of ledger.receives)
      byAnswer.set(event.answer, [...(byAnswer.get(event.answer) ?? []), event]);
    for (const [answer, events] of byAnswer) {
      const last = new Map<string, number>();
      for (const { body } of events) {
        const { group, index } = parse(body);
        const before = last.get(group);
        if (before !== undefined && index !== before + 1) {
          breaches.push(`answer ${answer} holds ${group} ${before} then ${index}`);
        }
        last.set(group, index);
      }
    }
    // Per group: the answer that first delivered each index.
    const firstAnswer = new Map<string, Map<number, number>>();
    for (const { body, answer } of ledger.receives) {
      const { group, index } = parse(body);
      const indexes = firstAnswer.get(group) ?? new Map<number, number>();
      firstAnswer.set(group, indexes);
      if (!indexes.has(index)) indexes.set(index, answer);
    }
    for (const [group, indexes] of firstAnswer) {
      const sorted = [...indexes].sort(([a], [b]) => a - b);
      for (let i = 1; i < sorted.length; i++) {
        const [index, answer] = sorted[i]!;
        const [previous, previousAnswer] = sorted[i - 1]!;
        if (answer < previousAnswer) {
          breaches.push(`${group} ${index} was first delivered before ${previous}`);
        }
      }
    }
    const certain = ledger.certainDeletes();
    const latestDeleted = new Map<string, { index: number; at: number }[]>();
    for (const [body, at] of certain) {
      const { group, index } = parse(body);
      latestDeleted.set(group, [...(latestDeleted.get(group) ?? []), { index, at }]);
    }
    for (const { body, sentAt } of ledger.receives) {
      const { group, index } = parse(body);
      const later = (latestDeleted.get(group) ?? []).find((d) => d.index > index && d.at < sentAt);
      if (later) breaches.push(`${group} ${index} delivered after ${group} ${later.index} was deleted`);
    }
    return breaches;
  }

  return {
    name: "sqs-fifo",
    async setup() {
      const created = await createQueue(ctx.clients.sqs, "chaos-fifo.fifo", {
        FifoQueue: "true",
        VisibilityTimeout: String(VISIBILITY_TIMEOUT_SECONDS),
      });
      queue = { url: created.url, role: "main" };
    },
    async run() {
      await Promise.all([
        ...Array.from({ length: options.producers }, (_, i) => produce(i)),
        ...Array.from({ length: options.consumers }, (_, i) => consume(i)),
      ]);
    },
    async check(): Promise<CheckResult> {
      await waitOutVisibility(VISIBILITY_TIMEOUT_SECONDS);
      await drain(ctx.log, ctx.clients.sqs, ledger, queue);
      const breaches = [...ledger.commonBreaches(), ...orderBreaches()];
      const left = await messagesLeft(ctx.clients.sqs, queue.url);
      if (left > 0) breaches.push(`${left} messages left after draining`);
      return {
        breaches,
        checked: {
          "FIFO messages acknowledged": ledger.acknowledged.size,
          "FIFO receives": ledger.receives.length,
          "FIFO groups": new Set([...ledger.attempted].map((body) => parse(body).group)).size,
        },
      };
    },
  };
}
