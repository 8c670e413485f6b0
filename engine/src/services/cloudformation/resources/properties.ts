/** Helpers for the shapes template properties take. */
import { isDeepStrictEqual } from "node:util";

export type Properties = Record<string, unknown>;

/** CloudFormation's tag list ([{Key, Value}]) as the tag map most APIs take. */
export function tagMap(tags: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(tags)) return out;
  for (const tag of tags as { Key?: unknown; Value?: unknown }[]) {
    if (typeof tag?.Key === "string") out[tag.Key] = String(tag.Value ?? "");
  }
  return out;
}

/** A JSON property (a policy document, a redrive policy) as the text the service stores. */
export const jsonText = (value: unknown): string =>
  typeof value === "string" ? value : JSON.stringify(value);

export const changed = (a: unknown, b: unknown): boolean =>
  !isDeepStrictEqual(a ?? undefined, b ?? undefined);

/** Tag changes: what to set and which keys to remove. */
export function tagChanges(
  previous: Record<string, string>,
  next: Record<string, string>,
): { set: Record<string, string>; removed: string[] } {
  const set = Object.fromEntries(Object.entries(next).filter(([k, v]) => previous[k] !== v));
  const removed = Object.keys(previous).filter((k) => !(k in next));
  return { set, removed };
}

export const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
export const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);
export const bool = (value: unknown): boolean | undefined => (typeof value === "boolean" ? value : undefined);
export const obj = (value: unknown): Properties | undefined =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Properties) : undefined;
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
