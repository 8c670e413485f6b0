/**
 * Applies an update to an item, with DynamoDB's semantics:
 *
 * - Every SET value is computed from the item as it was before the update.
 * - SET on a list index past the end appends; REMOVE of list elements uses the original indexes
 *   ("REMOVE a[1], a[2]" removes two of the original elements).
 * - ADD creates or adds to a number, or unions a set; DELETE takes members out of a set and drops
 *   the attribute when the set becomes empty.
 * - A path whose parent is missing, or is not a map (for .name) or list (for [n]), is "invalid for update".
 *
 * Run-time messages as AWS words them (AWS: UpdateItem; dynalite's test/updateItem.js).
 */
import { ValidationException } from "../errors.ts";
import {
  type AttributeValue,
  addNumbers,
  cloneItem,
  type Item,
  MAX_NESTING_DEPTH,
  memberKey,
  subtractNumbers,
  typeOf,
} from "../values/index.ts";
import { NESTING_MESSAGE } from "../values/validate.ts";
import { readPath } from "./document-path.ts";
import type { DocumentPath, Operand, ParsedUpdate, UpdateAction } from "./model.ts";

const INVALID_PATH = "The document path provided in the update expression is invalid for update";
const MISSING_ATTRIBUTE = "The provided expression refers to an attribute that does not exist in the item";
const WRONG_OPERAND_TYPE = "An operand in the update expression has an incorrect data type";
/** AttributeUpdates words the same problem differently. */
const LEGACY_TYPE_MISMATCH = "Type mismatch for attribute to update";

interface ListEdits {
  readonly list: AttributeValue[];
  readonly removals: Set<number>;
  readonly appends: Array<{ index: number; value: AttributeValue }>;
}

type Slot =
  | { readonly kind: "map"; readonly map: Record<string, AttributeValue>; readonly key: string }
  | { readonly kind: "list"; readonly edits: ListEdits; readonly index: number };

/** Returns the updated copy of `item` (the key alone for an item that does not exist yet). */
export function applyUpdate(update: ParsedUpdate, item: Item): Item {
  const setValues = update.actions.map((action) =>
    action.kind === "SET" ? computeValue(action.value, item) : undefined,
  );
  const result = cloneItem(item);
  const lists = new Map<AttributeValue[], ListEdits>();
  update.actions.forEach((action, i) => {
    const slot = slotOf(result, action.path, lists);
    applyAction(action, slot, setValues[i], update.legacy);
  });
  for (const edits of lists.values()) finishList(edits);
  for (const value of Object.values(result)) {
    if (depthExceeds(value, 1)) throw new ValidationException(NESTING_MESSAGE);
  }
  return result;
}

function applyAction(
  action: UpdateAction,
  slot: Slot,
  setValue: AttributeValue | undefined,
  legacy: boolean,
): void {
  const mismatch = () => new ValidationException(legacy ? LEGACY_TYPE_MISMATCH : WRONG_OPERAND_TYPE);
  switch (action.kind) {
    case "SET":
      write(slot, setValue!);
      return;
    case "REMOVE":
      erase(slot);
      return;
    case "ADD": {
      const existing = read(slot);
      write(
        slot,
        existing === undefined ? action.value : addValues(existing, action.value, legacy, mismatch),
      );
      return;
    }
    case "DELETE": {
      const existing = read(slot);
      if (existing === undefined) return;
      if (typeOf(existing) !== typeOf(action.value)) throw mismatch();
      const remaining = removeMembers(existing, action.value);
      if (remaining === undefined) erase(slot);
      else write(slot, remaining);
    }
  }
}

function addValues(
  existing: AttributeValue,
  added: AttributeValue,
  legacy: boolean,
  mismatch: () => ValidationException,
): AttributeValue {
  if (typeOf(existing) !== typeOf(added)) throw mismatch();
  if ("N" in existing && "N" in added) return { N: addNumbers(existing.N, added.N) };
  // AttributeUpdates ADD appends to a list; the update-expression ADD takes numbers and sets only.
  if (legacy && "L" in existing && "L" in added) return { L: [...existing.L, ...added.L] };
  if ("SS" in existing && "SS" in added) return { SS: union("SS", existing.SS, added.SS) };
  if ("NS" in existing && "NS" in added) return { NS: union("NS", existing.NS, added.NS) };
  if ("BS" in existing && "BS" in added) return { BS: union("BS", existing.BS, added.BS) };
  throw mismatch();
}

function union<T extends string | Buffer>(type: "SS" | "NS" | "BS", members: T[], added: T[]): T[] {
  const present = new Set(members.map((m) => memberKey(type, m)));
  return [...members, ...added.filter((m) => !present.has(memberKey(type, m)))];
}

/** The set without `removed`'s members; undefined once nothing is left. */
function removeMembers(existing: AttributeValue, removed: AttributeValue): AttributeValue | undefined {
  const keep = <T extends string | Buffer>(type: "SS" | "NS" | "BS", members: T[], gone: T[]): T[] => {
    const drop = new Set(gone.map((m) => memberKey(type, m)));
    return members.filter((m) => !drop.has(memberKey(type, m)));
  };
  let rest: AttributeValue;
  if ("SS" in existing && "SS" in removed) rest = { SS: keep("SS", existing.SS, removed.SS) };
  else if ("NS" in existing && "NS" in removed) rest = { NS: keep("NS", existing.NS, removed.NS) };
  else if ("BS" in existing && "BS" in removed) rest = { BS: keep("BS", existing.BS, removed.BS) };
  else throw new ValidationException(WRONG_OPERAND_TYPE);
  const size =
    "SS" in rest ? rest.SS.length : "NS" in rest ? rest.NS.length : "BS" in rest ? rest.BS.length : 0;
  return size === 0 ? undefined : rest;
}

/** Where an action writes: the map entry or list position at the end of its path. */
function slotOf(item: Item, path: DocumentPath, lists: Map<AttributeValue[], ListEdits>): Slot {
  const last = path[path.length - 1]!;
  const parent: AttributeValue | undefined =
    path.length === 1 ? { M: item } : readPath(item, path.slice(0, -1));
  if (typeof last === "string" && parent !== undefined && "M" in parent)
    return { kind: "map", map: parent.M, key: last };
  if (typeof last === "number" && parent !== undefined && "L" in parent) {
    let edits = lists.get(parent.L);
    if (!edits) {
      edits = { list: parent.L, removals: new Set(), appends: [] };
      lists.set(parent.L, edits);
    }
    return { kind: "list", edits, index: last };
  }
  throw new ValidationException(INVALID_PATH);
}

function read(slot: Slot): AttributeValue | undefined {
  if (slot.kind === "map") return Object.hasOwn(slot.map, slot.key) ? slot.map[slot.key] : undefined;
  return slot.edits.list[slot.index];
}

function write(slot: Slot, value: AttributeValue): void {
  if (slot.kind === "map") slot.map[slot.key] = value;
  else if (slot.index < slot.edits.list.length) slot.edits.list[slot.index] = value;
  else slot.edits.appends.push({ index: slot.index, value });
}

function erase(slot: Slot): void {
  if (slot.kind === "map") Reflect.deleteProperty(slot.map, slot.key);
  else if (slot.index < slot.edits.list.length) slot.edits.removals.add(slot.index);
}

/** Appends past the end keep their index order; removals use the original positions. */
function finishList(edits: ListEdits): void {
  edits.appends.sort((a, b) => a.index - b.index);
  edits.list.push(...edits.appends.map((append) => append.value));
  for (const index of [...edits.removals].sort((a, b) => b - a)) edits.list.splice(index, 1);
}

function computeValue(operand: Operand, item: Item): AttributeValue {
  switch (operand.kind) {
    case "path": {
      const value = readPath(item, operand.path);
      if (value === undefined) throw new ValidationException(MISSING_ATTRIBUTE);
      return value;
    }
    case "value":
      return operand.value;
    case "if_not_exists": {
      // AWS evaluates the fallback first: a missing fallback fails even when the path exists.
      const fallback = computeValue(operand.fallback, item);
      return readPath(item, operand.path) ?? fallback;
    }
    case "list_append": {
      const left = computeValue(operand.left, item);
      const right = computeValue(operand.right, item);
      if (!("L" in left) || !("L" in right)) throw new ValidationException(WRONG_OPERAND_TYPE);
      return { L: [...left.L, ...right.L] };
    }
    case "arithmetic": {
      const left = computeValue(operand.left, item);
      const right = computeValue(operand.right, item);
      if (!("N" in left) || !("N" in right)) throw new ValidationException(WRONG_OPERAND_TYPE);
      return { N: operand.op === "+" ? addNumbers(left.N, right.N) : subtractNumbers(left.N, right.N) };
    }
    case "size":
      throw new ValidationException(WRONG_OPERAND_TYPE);
  }
}

function depthExceeds(value: AttributeValue, depth: number): boolean {
  if (depth > MAX_NESTING_DEPTH) return true;
  if ("M" in value) return Object.values(value.M).some((child) => depthExceeds(child, depth + 1));
  if ("L" in value) return value.L.some((child) => depthExceeds(child, depth + 1));
  return false;
}
