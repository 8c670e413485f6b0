/** What the load generator sends: random seed-000 orders, or a batch file replayed N times. */
import { readFileSync } from "node:fs";
import { randomOrder } from "./random-order.ts";
import type { OutgoingMessage } from "./send.ts";

/** Endless fresh orders, each stamped with the time it is taken. */
export function* randomOrders(): Generator<OutgoingMessage> {
  for (;;) yield { MessageBody: JSON.stringify(randomOrder(Date.now())) };
}

/**
 * The entries of a SendMessageBatch input file (`aws sqs send-message-batch --entries file://…`,
 * as seed 001's test.sh sends its messages.json): a JSON array of `{Id, MessageBody, …}`.
 */
export function readBatchFile(path: string): OutgoingMessage[] {
  const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
  const entries = Array.isArray(parsed) ? parsed : (parsed as { Entries?: unknown })?.Entries;
  if (!Array.isArray(entries) || entries.length === 0)
    throw new Error(`${path}: expected a non-empty JSON array of SendMessageBatch entries`);
  return entries.map((entry, i) => {
    if (typeof entry?.MessageBody !== "string")
      throw new Error(`${path}: entry ${i} has no MessageBody string`);
    const { Id: _id, ...message } = entry as OutgoingMessage & { Id?: string };
    return message;
  });
}

export function* repeated(messages: readonly OutgoingMessage[], times: number): Generator<OutgoingMessage> {
  for (let round = 0; round < times; round++) yield* messages;
}
