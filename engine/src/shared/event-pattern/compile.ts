/**
 * A pattern object compiled the way event-ruler's JsonRuleCompiler does it: nested keys become
 * dot-joined paths (`{"a": {"b": …}}` and `{"a.b": …}` are the same field), and `$or` expands the
 * pattern into alternatives, each a map from path to the values listed for it. All paths of an
 * alternative must match (AND); the alternatives are ORed. When a path is given twice, the last
 * one wins (AWS documents this for duplicate keys).
 */
import { MAX_OR_COMBINATIONS, RESERVED_FIELD_NAMES_IN_OR } from "./constants.ts";
import { InvalidEventPattern } from "./errors.ts";
import type { JsonNode, JsonObject } from "./json.ts";
import { exactValue, matchExpression, type ValueMatcher } from "./operators.ts";

/** One alternative: path → the values listed for it. */
export type Alternative = Map<string, readonly ValueMatcher[]>;

const OR = "$or";

export function compileAlternatives(root: JsonObject): Alternative[] {
  const alternatives: Alternative[] = [];
  compileObject(alternatives, [], root, false);
  return alternatives;
}

function compileObject(
  alternatives: Alternative[],
  path: string[],
  node: JsonObject,
  insideOr: boolean,
): void {
  if (node.entries.length === 0) throw new InvalidEventPattern("Empty objects are not allowed");
  for (const [key, value] of node.entries) {
    if (key === OR) {
      compileOr(alternatives, path, value);
      continue;
    }
    if (insideOr && RESERVED_FIELD_NAMES_IN_OR.has(key)) {
      throw new InvalidEventPattern(`${key} is Ruler reserved fieldName which cannot be used inside ${OR}.`);
    }
    if (value.kind === "object") compileObject(alternatives, [...path, key], value, insideOr);
    else if (value.kind === "array") addField(alternatives, [...path, key].join("."), value.items);
    else throw new InvalidEventPattern(`"${key}" must be an object or an array`);
  }
}

/** Every alternative so far, once per `$or` branch, with that branch's fields added. */
function compileOr(alternatives: Alternative[], path: string[], value: JsonNode): void {
  const before = alternatives.splice(0, alternatives.length);
  if (value.kind !== "array") throw new InvalidEventPattern(`It must be an Array followed with ${OR}.`);
  for (const branch of value.items) {
    if (branch.kind !== "object") {
      throw new InvalidEventPattern(`Only JSON object is allowed in array of ${OR} relationship.`);
    }
    const copies = before.length === 0 ? [new Map()] : before.map((alternative) => new Map(alternative));
    compileObject(copies, path, branch, true);
    alternatives.push(...copies);
    if (alternatives.length > MAX_OR_COMBINATIONS) {
      throw new InvalidEventPattern(
        `Event pattern is too complex: more than ${MAX_OR_COMBINATIONS} combinations of ${OR} branches`,
      );
    }
  }
  if (value.items.length < 2) {
    throw new InvalidEventPattern(`There must have at least 2 Objects in ${OR} relationship.`);
  }
}

function addField(alternatives: Alternative[], path: string, items: readonly JsonNode[]): void {
  const values = items.map((item) => (item.kind === "object" ? matchExpression(item) : exactValue(item)));
  if (values.length === 0) throw new InvalidEventPattern("Empty arrays are not allowed");
  if (alternatives.length === 0) alternatives.push(new Map());
  for (const alternative of alternatives) alternative.set(path, values);
}
