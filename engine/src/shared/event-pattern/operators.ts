/**
 * The values a pattern field lists, each turned into a test of one event leaf, with
 * event-ruler's JsonRuleCompiler checks and messages in its order (the operand is checked before
 * any extra key in the same object).
 *
 * What a test accepts follows event-ruler, which sees event values as JSON text:
 * - string operators (prefix, suffix, equals-ignore-case, wildcard, cidr) only ever match strings;
 * - `numeric` only matches JSON numbers it can compare (see numbers.ts), never "42";
 * - every `anything-but` matches any value that is not excluded, so `null`, `true` and numbers
 *   pass a string `anything-but` (LocalStack's AWS-recorded content_anything_but_string_null,
 *   content_anything_prefix_int_value);
 * - an exact number matches by value: EventBridge's and Lambda's docs say 300 and 300.0 differ,
 *   but event-ruler compiles an exact number into both a literal and a numeric-equals matcher, and
 *   AWS's TestEventPattern answers true for [300] against 300.0 (LocalStack's AWS-validated
 *   number_comparison_float). Events reach this module parsed, so 300.0 and 300 are one value.
 */
import { InvalidEventPattern } from "./errors.ts";
import { cidrRange, inRange, ipHex } from "./ip.ts";
import { type JsonNode, type JsonObject, tokenText } from "./json.ts";
import type { EventLeaf, LeafTest } from "./leaf.ts";
import { type Comparable, comparableFromText, MAX_MICROS, MIN_MICROS } from "./numbers.ts";
import { matchesWildcard, parseWildcard } from "./wildcard.ts";

/** `exists: false` is not a test of a leaf but of its absence, so it stays apart. */
export type ValueMatcher = { readonly test: LeafTest } | { readonly exists: boolean };

function fail(message: string): never {
  throw new InvalidEventPattern(message);
}
const ONE_KEY = "Only one key allowed in match expression";
const TOO_MANY_NUMERIC = "Too many elements in numeric expression";
const lower = (text: string): string => text.toLowerCase();
const stringOf = (leaf: EventLeaf): string | undefined =>
  typeof leaf.value === "string" ? leaf.value : undefined;

/** A plain value in a field's list: `"x"`, `42`, `true`, `false`, `null`. */
export function exactValue(node: JsonNode): ValueMatcher {
  switch (node.kind) {
    case "string": {
      // event-ruler turns a string that is an IP address into the one-address range.
      const address = ipHex(node.value);
      const text = node.value;
      if (address !== undefined) return { test: (leaf) => leaf.address() === address };
      return { test: (leaf) => leaf.value === text };
    }
    case "number": {
      const value = node.value;
      return { test: (leaf) => leaf.value === value };
    }
    case "true":
      return { test: (leaf) => leaf.value === true };
    case "false":
      return { test: (leaf) => leaf.value === false };
    case "null":
      return { test: (leaf) => leaf.value === null };
    default:
      return fail("Match value must be String, number, true, false, or null");
  }
}

/** An operator object in a field's list: `{ "prefix": "a" }`, `{ "numeric": [">", 0] }`, … */
export function matchExpression(node: JsonObject): ValueMatcher {
  const [first, second] = node.entries;
  if (!first) return fail("Match expression name not found");
  const [name, operand] = first;
  const extraKey = second !== undefined;
  const single = (matcher: ValueMatcher, message = ONE_KEY): ValueMatcher =>
    extraKey ? fail(message) : matcher;
  switch (name) {
    case "exactly": {
      // Undocumented by AWS, but part of event-ruler's grammar.
      const text = operand.kind === "string" ? operand.value : fail("exact match pattern must be a string");
      return single({ test: (leaf) => leaf.value === text });
    }
    case "prefix":
    case "suffix":
      return single(affix(name, operand));
    case "equals-ignore-case": {
      if (operand.kind !== "string") fail("equals-ignore-case match pattern must be a string");
      const wanted = lower(operand.value);
      return single({ test: (leaf) => stringOf(leaf)?.toLowerCase() === wanted });
    }
    case "wildcard": {
      if (operand.kind !== "string") fail("wildcard match pattern must be a string");
      const pieces = parseWildcard(operand.value);
      return single({
        test: (leaf) => typeof leaf.value === "string" && matchesWildcard(pieces, leaf.value),
      });
    }
    case "numeric":
      if (operand.kind !== "array") fail("Value of numeric must be an array.");
      return single(numeric(operand.items), TOO_MANY_NUMERIC);
    case "anything-but":
      return anythingBut(operand, extraKey);
    case "exists": {
      if (operand.kind !== "true" && operand.kind !== "false") {
        fail("exists match pattern must be either true or false.");
      }
      return single({ exists: operand.kind === "true" });
    }
    case "cidr": {
      // AWS: event-ruler reuses the prefix message here (LocalStack's content_ip_address_type_EXC).
      if (operand.kind !== "string") fail("prefix match pattern must be a string");
      const range = cidrRange(operand.value);
      return single({
        test: (leaf) => {
          const address = leaf.address();
          return address !== undefined && inRange(address, range);
        },
      });
    }
    default:
      return fail(`Unrecognized match type ${name}`);
  }
}

/** `prefix` / `suffix`, either a string or `{ "equals-ignore-case": string }`. */
function affix(name: "prefix" | "suffix", operand: JsonNode): ValueMatcher {
  const starts = name === "prefix";
  const Name = starts ? "Prefix" : "Suffix";
  let wanted: string;
  let ignoreCase = false;
  if (operand.kind === "object") {
    const [first, second] = operand.entries;
    if (!first) return fail(`${Name} expression name not found`);
    const [inner, value] = first;
    if (inner !== "equals-ignore-case") fail(`Unsupported ${name} pattern: ${inner}`);
    if (value.kind !== "string") fail("equals-ignore-case match pattern must be a string");
    if (second) fail(ONE_KEY);
    wanted = lower(value.value);
    ignoreCase = true;
  } else if (operand.kind === "string") {
    wanted = operand.value;
  } else {
    return fail(`${name} match pattern must be a string`);
  }
  return {
    test: (leaf) => {
      const text = stringOf(leaf);
      if (text === undefined) return false;
      const subject = ignoreCase ? lower(text) : text;
      return starts ? subject.startsWith(wanted) : subject.endsWith(wanted);
    },
  };
}

const comparableOrFail = (node: JsonNode): number => {
  const result: Comparable = comparableFromText(tokenText(node, "]"));
  return result.ok ? result.micros : fail(result.reason);
};

/**
 * `numeric`: `["=", n]`, `[op, n]`, or `[">" | ">=", n, "<" | "<=", m]`. As in event-ruler, the
 * shape is checked before the numbers are read, and a range's ends before their order.
 */
function numeric(items: readonly JsonNode[]): ValueMatcher {
  const [opNode, valueNode, secondOpNode, secondValueNode, extra] = items;
  if (opNode?.kind !== "string") fail(`Invalid member in numeric match: ${tokenText(opNode, "]")}`);
  const op = opNode.value;
  const numberNode = (node: JsonNode | undefined, label: string): JsonNode =>
    node?.kind === "number" ? node : fail(`Value of ${label} must be numeric`);
  switch (op) {
    case "=": {
      const value = numberNode(valueNode, "equals");
      if (secondOpNode) fail(TOO_MANY_NUMERIC);
      const micros = comparableOrFail(value);
      return between(micros, false, micros, false, false);
    }
    case "<":
    case "<=": {
      const top = numberNode(valueNode, op);
      if (secondOpNode) fail(TOO_MANY_NUMERIC);
      return between(MIN_MICROS, false, comparableOrFail(top), op === "<");
    }
    case ">":
    case ">=": {
      const bottom = numberNode(valueNode, op);
      const openBottom = op === ">";
      if (!secondOpNode) return between(comparableOrFail(bottom), openBottom, MAX_MICROS, false);
      if (secondOpNode.kind !== "string") fail(`Bad value in numeric range: ${tokenText(secondOpNode, "]")}`);
      const topOp = secondOpNode.value;
      if (topOp !== "<" && topOp !== "<=") fail(`Bad numeric range operator: ${topOp}`);
      const top = numberNode(secondValueNode, topOp);
      if (extra) fail("Too many terms in numeric range expression");
      return between(comparableOrFail(bottom), openBottom, comparableOrFail(top), topOp === "<");
    }
    default:
      return fail(`Unrecognized numeric range operator: ${op}`);
  }
}

function between(
  bottom: number,
  openBottom: boolean,
  top: number,
  openTop: boolean,
  isRange = true,
): ValueMatcher {
  if (isRange && bottom >= top) fail("Bottom must be less than top");
  return {
    test: (leaf: EventLeaf) => {
      const value = leaf.comparable();
      if (value === undefined) return false;
      return (openBottom ? value > bottom : value >= bottom) && (openTop ? value < top : value <= top);
    },
  };
}

type SetKind = "equals-ignore-case" | "prefix" | "suffix" | "wildcard";
const SET_KINDS = new Set<string>(["equals-ignore-case", "prefix", "suffix", "wildcard"]);

/** `anything-but`: a value, a list, or `{ prefix | suffix | equals-ignore-case | wildcard: … }`. */
function anythingBut(operand: JsonNode, extraKey: boolean): ValueMatcher {
  let kind: SetKind | "plain" = "plain";
  let value = operand;
  let innerExtraKey = false;
  if (operand.kind === "object") {
    const [first, second] = operand.entries;
    if (!first) return fail("Anything-But expression name not found");
    if (!SET_KINDS.has(first[0])) fail(`Unsupported anything-but pattern: ${first[0]}`);
    kind = first[0] as SetKind;
    value = first[1];
    innerExtraKey = second !== undefined;
  }
  if (value.kind !== "array" && value.kind !== "string" && value.kind !== "number") {
    fail("Value of anything-but must be an array or single string/number value.");
  }
  const listed = value.kind === "array" ? value.items : [value];
  const matcher =
    kind === "plain" ? anythingButValues(listed, value.kind === "array") : anythingButSet(kind, listed);
  if (innerExtraKey || extraKey) fail(TOO_MANY_NUMERIC);
  return matcher;
}

function anythingButValues(values: readonly JsonNode[], isList: boolean): ValueMatcher {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  for (const node of values) {
    if (node.kind === "string") strings.add(node.value);
    else if (node.kind === "number") numbers.add(comparableOrFail(node));
    else fail("Inside anything but list, start|null|boolean is not supported.");
  }
  if (isList && strings.size > 0 === numbers.size > 0) {
    fail("Inside anything but list, either all values are number or string, mixed type is not supported");
  }
  return {
    test: (leaf) => {
      if (typeof leaf.value === "string") return !strings.has(leaf.value);
      const micros = leaf.comparable();
      return micros === undefined || !numbers.has(micros);
    },
  };
}

function anythingButSet(kind: SetKind, values: readonly JsonNode[]): ValueMatcher {
  const texts = values.map((node) => {
    if (node.kind !== "string") {
      if (kind === "equals-ignore-case") {
        fail("Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.");
      }
      fail(
        kind === "wildcard"
          ? "wildcard match pattern must be a string"
          : "prefix/suffix match pattern must be a string",
      );
    }
    const text = node.value;
    if ((kind === "prefix" || kind === "suffix") && text === "") fail("Null prefix/suffix not allowed");
    return text;
  });
  let excluded: (text: string) => boolean;
  switch (kind) {
    case "equals-ignore-case": {
      const set = new Set(texts.map(lower));
      excluded = (text) => set.has(lower(text));
      break;
    }
    case "prefix":
      excluded = (text) => texts.some((p) => text.startsWith(p));
      break;
    case "suffix":
      excluded = (text) => texts.some((s) => text.endsWith(s));
      break;
    case "wildcard": {
      const patterns = texts.map(parseWildcard);
      excluded = (text) => patterns.some((pieces) => matchesWildcard(pieces, text));
      break;
    }
  }
  return { test: (leaf) => typeof leaf.value !== "string" || !excluded(leaf.value) };
}
