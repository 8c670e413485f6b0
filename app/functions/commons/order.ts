/**
 * An order as it travels through the ingress queue, and the item it becomes in the orders table.
 *
 * A message body is a JSON object. Its `id` (a non-empty string) and `timestamp` (epoch
 * milliseconds, a number) are the table's key, as seed 000 defines it (hash `id` S, range
 * `timestamp` N); every other field is the order's own and is stored as it came. The seed-000
 * producer sends `{id, timestamp, amount, email, album}`; seed 001's test batch sends
 * `{id, message, payload}`, with no timestamp.
 */

export interface OrderKey {
  id: string;
  /** Epoch milliseconds: when the order was placed, as its producer says. */
  timestamp: number;
}

export interface Order {
  key: OrderKey;
  /** The body's fields, key fields included. */
  fields: Record<string, unknown>;
}

/** Why a body can never become an item; no retry will change it. */
export interface UnwritableBody {
  problem: string;
}

/**
 * The key timestamp of an order whose body carries none (seed 001's messages). The key must come
 * from the order, never from its delivery: keyed on the SQS SentTimestamp, the same order sent
 * twice (seed 001 sends its batch five times) would be two items. With no time of its own, the
 * order's id alone identifies it.
 */
export const UNTIMED_ORDER_TIMESTAMP = 0;

export function parseOrder(body: string): Order | UnwritableBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return { problem: `the body is not JSON (${(error as Error).message})` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return { problem: "the body is not a JSON object" };
  const fields = parsed as Record<string, unknown>;
  const { id, timestamp } = fields;
  if (id === undefined) return { problem: "the order has no id" };
  if (typeof id !== "string" || id === "") return { problem: "the order's id is not a non-empty string" };
  if (timestamp === undefined) return { key: { id, timestamp: UNTIMED_ORDER_TIMESTAMP }, fields };
  if (typeof timestamp !== "number" || !Number.isFinite(timestamp))
    return { problem: "the order's timestamp is not a number (epoch milliseconds)" };
  return { key: { id, timestamp }, fields };
}

export const isUnwritable = (parsed: Order | UnwritableBody): parsed is UnwritableBody => "problem" in parsed;

/** When the order passed through the buffer: seed 001's `timestamps`, ISO 8601. */
export interface BufferTimestamps {
  /** When SQS accepted the message (its SentTimestamp attribute), if the record carries it. */
  sqs?: string;
  /** When the buffer writer wrote the item. */
  ddb: string;
}

/** The table item: the order's fields, its key, and the times it went through the buffer. */
export const orderItem = (order: Order, timestamps: BufferTimestamps): Record<string, unknown> => ({
  ...order.fields,
  id: order.key.id,
  timestamp: order.key.timestamp,
  timestamps,
});
