/**
 * PutLogEvents' rules for a batch (AWS model documentation, 2025):
 * - every event counts its message's UTF-8 bytes plus 26; an event may count at most 1 MB and the
 *   batch at most 1,048,576 bytes, or the call fails;
 * - events must be in chronological order, or the call fails;
 * - events more than 2 hours ahead, older than 14 days, or older than the group's retention are
 *   rejected (reported by index) while the others are stored;
 * - the stored events may not span more than 24 hours, or the call fails.
 * Sequence tokens are ignored (since January 2023 every batch is accepted whatever token it
 * carries, and InvalidSequenceTokenException is never returned).
 */
import {
  EVENT_OVERHEAD_BYTES,
  MAX_BATCH_BYTES,
  MAX_BATCH_SPAN_MS,
  MAX_EVENT_AGE_AHEAD_MS,
  MAX_EVENT_AGE_MS,
  MAX_EVENT_BYTES,
  MS_PER_DAY,
} from "./constants.ts";
import { batchSpanTooLong, batchTooLarge, eventsOutOfOrder, eventTooLarge } from "./errors.ts";
import type { NewEvent } from "./events.ts";

export interface RejectedEvents {
  tooNewLogEventStartIndex?: number;
  tooOldLogEventEndIndex?: number;
  expiredLogEventEndIndex?: number;
}

export interface CheckedBatch {
  accepted: NewEvent[];
  rejected: RejectedEvents;
}

/** Checks a batch received at `nowMs` for a group with `retentionDays`; throws what AWS fails the call with. */
export function checkBatch(
  events: readonly { timestamp: number; message: string }[],
  nowMs: number,
  retentionDays: number | undefined,
): CheckedBatch {
  const sized: NewEvent[] = [];
  let batchBytes = 0;
  for (const event of events) {
    const bytes = Buffer.byteLength(event.message, "utf8");
    const counted = bytes + EVENT_OVERHEAD_BYTES;
    if (counted > MAX_EVENT_BYTES) throw eventTooLarge(counted, MAX_EVENT_BYTES);
    batchBytes += counted;
    sized.push({ timestamp: event.timestamp, message: event.message, bytes });
  }
  if (batchBytes > MAX_BATCH_BYTES) throw batchTooLarge(batchBytes, MAX_BATCH_BYTES);
  for (let i = 1; i < sized.length; i++) {
    if (sized[i]!.timestamp < sized[i - 1]!.timestamp) throw eventsOutOfOrder();
  }

  const oldest = nowMs - MAX_EVENT_AGE_MS;
  const newest = nowMs + MAX_EVENT_AGE_AHEAD_MS;
  const retainedFrom = retentionDays === undefined ? undefined : nowMs - retentionDays * MS_PER_DAY;
  const rejected: RejectedEvents = {};
  const accepted: NewEvent[] = [];
  sized.forEach((event, index) => {
    if (event.timestamp < oldest) rejected.tooOldLogEventEndIndex = index;
    else if (retainedFrom !== undefined && event.timestamp < retainedFrom)
      rejected.expiredLogEventEndIndex = index;
    else if (event.timestamp > newest) rejected.tooNewLogEventStartIndex ??= index;
    else accepted.push(event);
  });
  const first = accepted[0];
  const last = accepted.at(-1);
  if (first && last && last.timestamp - first.timestamp > MAX_BATCH_SPAN_MS) throw batchSpanTooLong();
  return { accepted, rejected };
}
