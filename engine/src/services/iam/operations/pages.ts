/**
 * IAM's list paging: MaxItems (1–1000, default 100) and an opaque Marker; every answer says
 * IsTruncated. The marker names the last item returned (lists are in name order), so a page stays
 * correct if items are added or removed between calls.
 */
import { DEFAULT_MAX_ITEMS } from "../constants.ts";
import { ValidationError } from "../errors.ts";

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

export function page<T>(
  all: readonly T[],
  keyOf: (item: T) => string,
  input: { Marker?: string; MaxItems?: number },
): Page<T> {
  let start = 0;
  if (input.Marker !== undefined) {
    const after = Buffer.from(input.Marker, "base64url").toString("utf8");
    if (!after) throw new ValidationError("Invalid Marker.");
    const at = all.findIndex((item) => keyOf(item) === after);
    start = at >= 0 ? at + 1 : all.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = all.length;
  }
  const size = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  const items = all.slice(start, start + size);
  const truncated = start + size < all.length;
  return {
    items,
    IsTruncated: truncated,
    ...(truncated && { Marker: Buffer.from(keyOf(items.at(-1)!), "utf8").toString("base64url") }),
  };
}
