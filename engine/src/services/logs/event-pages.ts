/**
 * Pages of events: GetLogEvents' page of one stream, read in either direction from a position,
 * and FilterLogEvents' page of a whole group, scanned in time order through a filter. Both stop
 * at their event limit or at 1 MB (message bytes plus 26 per event).
 */
import {
  EVENT_OVERHEAD_BYTES,
  MAX_EVENTS_PER_PAGE,
  MAX_FILTER_SCANNED_EVENTS,
  MAX_PAGE_BYTES,
} from "./constants.ts";
import type { EventStore, StoredEvent, TimeRange } from "./events.ts";
import type { EventMatcher } from "./filter-pattern/index.ts";
import { type EventKey, eventId, FIRST_KEY, LAST_KEY, type StreamPosition } from "./tokens.ts";

export interface StreamRead {
  startTime?: number;
  /** Exclusive, as GetLogEvents documents it. */
  endTime?: number;
  /** Where to continue; without it the read starts at the head or the tail of the stream. */
  position?: StreamPosition;
  startFromHead: boolean;
  limit?: number;
}

export interface StreamPage {
  events: StoredEvent[];
  forward: StreamPosition;
  backward: StreamPosition;
}

export interface GroupScan {
  /** Only these streams; all of the group's when absent. */
  streamIds?: ReadonlySet<number>;
  startTime?: number;
  /** Inclusive, as FilterLogEvents documents it. */
  endTime?: number;
  /** Continue after this event. */
  after?: EventKey;
  limit?: number;
  matcher: EventMatcher;
}

export interface FoundEvent extends StoredEvent {
  streamName: string;
  eventId: string;
}

export interface GroupPage {
  events: FoundEvent[];
  /** Present when the scan stopped before the end of the group. */
  next?: EventKey;
}

/** Events read from SQLite per step of a group scan. */
const SCAN_STEP_EVENTS = 1000;

const keyOf = (event: StoredEvent): EventKey => ({ timestamp: event.timestamp, seq: event.seq });
const countedBytes = (event: StoredEvent) => event.bytes + EVENT_OVERHEAD_BYTES;

/** GetLogEvents' page: up to the limit nearest the position, and the positions either side of it. */
export function streamPage(
  events: EventStore,
  streamId: number,
  range: TimeRange,
  read: StreamRead,
): StreamPage {
  const limit = Math.min(read.limit ?? MAX_EVENTS_PER_PAGE, MAX_EVENTS_PER_PAGE);
  const position =
    read.position ??
    (read.startFromHead
      ? { direction: "forward", key: FIRST_KEY }
      : { direction: "backward", key: LAST_KEY });
  // Nearest the position first, so the 1 MB cap drops the events furthest from it.
  const nearestFirst =
    position.direction === "forward"
      ? events.after(streamId, range, position.key, limit)
      : events.before(streamId, range, position.key, limit);
  const page: StoredEvent[] = [];
  let bytes = 0;
  for (const event of nearestFirst) {
    if (page.length > 0 && bytes + countedBytes(event) > MAX_PAGE_BYTES) break;
    page.push(event);
    bytes += countedBytes(event);
  }
  if (position.direction === "backward") page.reverse();
  const first = page[0];
  const last = page.at(-1);
  if (first && last) {
    return {
      events: page,
      forward: { direction: "forward", key: keyOf(last) },
      backward: { direction: "backward", key: keyOf(first) },
    };
  }
  // AWS: at the end of the stream the token passed in comes back.
  if (!read.position) {
    return {
      events: [],
      forward: { direction: "forward", key: FIRST_KEY },
      backward: { direction: "backward", key: FIRST_KEY },
    };
  }
  const { timestamp, seq } = position.key;
  return position.direction === "forward"
    ? {
        events: [],
        forward: position,
        backward: { direction: "backward", key: { timestamp, seq: seq + 1 } },
      }
    : {
        events: [],
        backward: position,
        forward: { direction: "forward", key: { timestamp, seq: seq - 1 } },
      };
}

/**
 * FilterLogEvents' page: the group's matching events after the cursor, in (timestamp, seq) order,
 * with where to continue when the page filled up or the scan reached its budget.
 */
export function groupPage(
  events: EventStore,
  groupId: number,
  names: ReadonlyMap<number, string>,
  range: TimeRange,
  scan: GroupScan,
): GroupPage {
  const limit = Math.min(scan.limit ?? MAX_EVENTS_PER_PAGE, MAX_EVENTS_PER_PAGE);
  const found: FoundEvent[] = [];
  let bytes = 0;
  let scanned = 0;
  let cursor = scan.after ?? FIRST_KEY;
  for (;;) {
    const rows = events.scanGroup(groupId, range, cursor, SCAN_STEP_EVENTS);
    for (const [index, row] of rows.entries()) {
      const streamName = names.get(row.streamId);
      const matches =
        streamName !== undefined &&
        (!scan.streamIds || scan.streamIds.has(row.streamId)) &&
        scan.matcher(row.message);
      if (matches) {
        // The page is full: this event opens the next one.
        if (found.length === limit || (found.length > 0 && bytes + countedBytes(row) > MAX_PAGE_BYTES))
          return { events: found, next: cursor };
        found.push({ ...row, streamName, eventId: eventId(keyOf(row)) });
        bytes += countedBytes(row);
      }
      cursor = keyOf(row);
      scanned++;
      const more = index < rows.length - 1 || rows.length === SCAN_STEP_EVENTS;
      if (scanned >= MAX_FILTER_SCANNED_EVENTS && more) return { events: found, next: cursor };
    }
    if (rows.length < SCAN_STEP_EVENTS) return { events: found };
  }
}
