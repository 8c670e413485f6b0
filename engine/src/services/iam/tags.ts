/** Role and policy tags: keys are unique without regard to case; TagRole overwrites by key. */
import { duplicateTagKeys } from "./errors.ts";

export interface IamTag {
  Key: string;
  Value: string;
}

export function checkDistinctKeys(tags: readonly IamTag[]): void {
  const keys = new Set(tags.map((t) => t.Key.toLowerCase()));
  if (keys.size !== tags.length) throw duplicateTagKeys();
}

export function mergeTags(current: readonly IamTag[], added: readonly IamTag[]): IamTag[] {
  const addedKeys = new Set(added.map((t) => t.Key.toLowerCase()));
  return [...current.filter((t) => !addedKeys.has(t.Key.toLowerCase())), ...added];
}

export function removeTags(current: readonly IamTag[], keys: readonly string[]): IamTag[] {
  const removed = new Set(keys.map((k) => k.toLowerCase()));
  return current.filter((t) => !removed.has(t.Key.toLowerCase()));
}
