/**
 * Event ids and pagination tokens.
 *
 * An event's place is its key (timestamp, seq). AWS's event ids and GetLogEvents tokens are
 * 56-digit numbers (tokens as `f/<digits>/s` and `b/<digits>/s`); here the digits are the key:
 * 20 for the timestamp, 36 for the sequence, so ids sort as events do.
 * List tokens (DescribeLogGroups, DescribeLogStreams, FilterLogEvents) are opaque base64url JSON.
 */

export interface EventKey {
  timestamp: number;
  seq: number;
}

const TIMESTAMP_DIGITS = 20;
const SEQ_DIGITS = 36;

/** Before every event (timestamps and sequences are never negative; sequences start at 1). */
export const FIRST_KEY: EventKey = { timestamp: 0, seq: 0 };
/** After every event. */
export const LAST_KEY: EventKey = { timestamp: Number.MAX_SAFE_INTEGER, seq: Number.MAX_SAFE_INTEGER };

export const compareKeys = (a: EventKey, b: EventKey): number => a.timestamp - b.timestamp || a.seq - b.seq;

export const eventId = (key: EventKey): string =>
  String(key.timestamp).padStart(TIMESTAMP_DIGITS, "0") + String(key.seq).padStart(SEQ_DIGITS, "0");

function keyOf(digits: string): EventKey | undefined {
  if (!/^[0-9]{56}$/.test(digits)) return undefined;
  const clamp = (text: string) => Math.min(Number(text), Number.MAX_SAFE_INTEGER);
  return { timestamp: clamp(digits.slice(0, TIMESTAMP_DIGITS)), seq: clamp(digits.slice(TIMESTAMP_DIGITS)) };
}

export type Direction = "forward" | "backward";

/**
 * A GetLogEvents position: reading forward returns events after `key`, backward those before it.
 */
export interface StreamPosition {
  direction: Direction;
  key: EventKey;
}

export const encodeStreamToken = (position: StreamPosition): string =>
  `${position.direction === "forward" ? "f" : "b"}/${eventId(position.key)}/s`;

export function decodeStreamToken(token: string): StreamPosition | undefined {
  const match = /^([fb])\/([0-9]{56})(?:\/s)?$/.exec(token);
  const key = match ? keyOf(match[2]!) : undefined;
  if (!match || !key) return undefined;
  return { direction: match[1] === "f" ? "forward" : "backward", key };
}

export const encodeListToken = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString("base64url");

/** The token's content when it parses and `accept` recognises its shape. */
export function decodeListToken<T>(token: string, accept: (value: unknown) => value is T): T | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(token, "base64url").toString());
    return accept(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
