/**
 * The `{"Records":[…]}` event a batch is delivered in, built from records serialized once, and the
 * size rule every source shares: a batch ends before the record that would take the event past the
 * synchronous invocation limit (a lone oversized record still goes, and the invocation fails).
 */
import { MAX_INVOKE_PAYLOAD_BYTES } from "./constants.ts";

const PREFIX = '{"Records":[';
const SUFFIX = "]}";
const FRAME_BYTES = PREFIX.length + SUFFIX.length;

export interface SerializedRecord {
  /** The record as JSON text. */
  json: string;
  /** Its UTF-8 size. */
  bytes: number;
}

export const serializeRecord = (record: unknown): SerializedRecord => {
  const json = JSON.stringify(record);
  return { json, bytes: Buffer.byteLength(json) };
};

/** Whether `next` still fits an event already holding `count` records of `bytes` in total. */
export const fitsPayload = (count: number, bytes: number, next: SerializedRecord): boolean =>
  count === 0 || FRAME_BYTES + bytes + count + next.bytes <= MAX_INVOKE_PAYLOAD_BYTES;

export const eventPayload = (records: readonly SerializedRecord[]): Buffer =>
  Buffer.from(PREFIX + records.map((r) => r.json).join(",") + SUFFIX);
