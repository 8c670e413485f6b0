/**
 * SQS standard queue with a DLQ (maxReceiveCount 2): producers send unique bodies (singly and in
 * batches), some marked poison, which consumers never delete, so they end in the DLQ; consumers
 * receive and delete the rest. Checked: every acknowledged send was received at least once (from
 * the queue or its DLQ); nothing whose delete was certainly acknowledged comes back; no phantom.
 */
import { SendMessageBatchCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { MessageLedger } from "./message-ledger.ts";
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
const MAX_RECEIVE_COUNT = 2;
const POISON_SHARE = 0.05;
const MAX_BATCH = 5;

export function sqsStandardWorkload(
  ctx: SoakContext,
  options: { producers: number; consumers: number },
): Workload {
  const ledger = new MessageLedger();
  let main = { url: "", role: "main" as const };
  let dlq = { url: "", role: "dlq" as const };

  async function produce(id: number): Promise<void> {
    const rng = ctx.rng(`sqs-standard-producer-${id}`);
    let n = 0;
    const body = () => `std:p${id}:${n++}${rng.chance(POISON_SHARE) ? ":poison" : ""}`;
    await loop(
      ctx.stop,
      () => rng.int(0, 20),
      async () => {
        if (rng.chance(0.3)) {
          const bodies = Array.from({ length: rng.int(2, MAX_BATCH) }, body);
          for (const b of bodies) ledger.attempted.add(b);
          const outcome = await ctx.log.attempt("sqs.SendMessageBatch", () =>
            ctx.clients.sqs.send(
              new SendMessageBatchCommand({
                QueueUrl: main.url,
                Entries: bodies.map((MessageBody, i) => ({ Id: `e${i}`, MessageBody })),
              }),
            ),
          );
          if (outcome.status !== "acked") return;
          for (const entry of outcome.value.Successful ?? []) {
            ledger.acknowledged.add(bodies[Number(entry.Id!.slice(1))]!);
          }
          return;
        }
        const single = body();
        ledger.attempted.add(single);
        const outcome = await ctx.log.attempt("sqs.SendMessage", () =>
          ctx.clients.sqs.send(new SendMessageCommand({ QueueUrl: main.url, MessageBody: single })),
        );
        if (outcome.status === "acked") ledger.acknowledged.add(single);
      },
    );
  }

  async function consume(id: number): Promise<void> {
    const rng = ctx.rng(`sqs-standard-consumer-${id}`);
    await loop(
      ctx.stop,
      () => 0,
      async () => {
        const received = await receiveInto(ctx.log, ctx.clients.sqs, ledger, main);
        const healthy = received.filter(({ message }) => !message.Body!.endsWith(":poison"));
        await deleteInto(ctx.log, ctx.clients.sqs, ledger, main.url, healthy, rng.chance(0.5));
      },
    );
  }

  return {
    name: "sqs-standard",
    async setup() {
      const dead = await createQueue(ctx.clients.sqs, "chaos-standard-dlq", {});
      const queue = await createQueue(ctx.clients.sqs, "chaos-standard", {
        VisibilityTimeout: String(VISIBILITY_TIMEOUT_SECONDS),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dead.arn, maxReceiveCount: MAX_RECEIVE_COUNT }),
      });
      main = { url: queue.url, role: "main" };
      dlq = { url: dead.url, role: "dlq" };
    },
    async run() {
      await Promise.all([
        ...Array.from({ length: options.producers }, (_, i) => produce(i)),
        ...Array.from({ length: options.consumers }, (_, i) => consume(i)),
      ]);
    },
    async check(): Promise<CheckResult> {
      await waitOutVisibility(VISIBILITY_TIMEOUT_SECONDS);
      await drain(ctx.log, ctx.clients.sqs, ledger, main);
      await drain(ctx.log, ctx.clients.sqs, ledger, dlq);
      const breaches = ledger.commonBreaches();
      for (const queue of [main, dlq]) {
        const left = await messagesLeft(ctx.clients.sqs, queue.url);
        if (left > 0) breaches.push(`${left} messages left in the ${queue.role} queue after draining`);
      }
      const inDlq = new Set(ledger.receives.filter((e) => e.queue === "dlq").map((e) => e.body));
      return {
        breaches,
        checked: {
          "standard messages acknowledged": ledger.acknowledged.size,
          "standard receives": ledger.receives.length,
          "standard messages found in the DLQ": inDlq.size,
        },
      };
    },
  };
}
