/**
 * The Condition element: `{ Operator: { Key: value | [values] } }`. Every operator block and every
 * key in a block must hold (AND); any of a key's values may match (OR).
 *
 * AWS (IAM User Guide, "IAM JSON policy elements: Condition operators", "Multivalued context
 * keys"): a key the request lacks makes a condition false, except for negated operators
 * (StringNotEquals, ArnNotLike, …), which are then true, and `…IfExists`, which is then true;
 * `Null: true` holds when the key is absent. `ForAllValues:` holds when every request value matches
 * (and when there are none); `ForAnyValue:` when at least one does.
 */
import { arnMatches, type ContextValues, compilePattern, stringsOf } from "./evaluate-match.ts";

type Compare = (requestValue: string, policyValue: string, variables: Variables) => boolean;
interface Variables {
  version: unknown;
  context: ContextValues;
}

interface BaseOperator {
  compare: Compare;
  negated: boolean;
}

const number = (text: string): number | undefined => {
  if (text.trim() === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
};
/** ISO 8601 dates, or epoch seconds as AWS also accepts. */
const date = (text: string): number | undefined => {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const value = Date.parse(text);
  return Number.isNaN(value) ? undefined : value;
};
const numeric =
  (test: (a: number, b: number) => boolean): Compare =>
  (a, b) => {
    const x = number(a);
    const y = number(b);
    return x !== undefined && y !== undefined && test(x, y);
  };
const dated =
  (test: (a: number, b: number) => boolean): Compare =>
  (a, b) => {
    const x = date(a);
    const y = date(b);
    return x !== undefined && y !== undefined && test(x, y);
  };

const stringEquals: Compare = (a, b, variables) =>
  compilePattern(b, { wildcards: false, variables })?.test(a) ?? false;
const stringEqualsIgnoreCase: Compare = (a, b, variables) =>
  compilePattern(b, { wildcards: false, ignoreCase: true, variables })?.test(a) ?? false;
const stringLike: Compare = (a, b, variables) => compilePattern(b, { variables })?.test(a) ?? false;
const arnLike: Compare = (a, b, variables) => arnMatches(b, a, variables);

function ipv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((sum, part) => sum * 256 + Number(part), 0);
}
/** IPv4 addresses against an address or CIDR block (IPv6 is not compared). */
const inCidr: Compare = (address, block) => {
  const [base, bits] = block.split("/");
  const ip = ipv4(address);
  const network = ipv4(base ?? "");
  const prefix = bits === undefined ? 32 : Number(bits);
  if (ip === undefined || network === undefined || !(prefix >= 0 && prefix <= 32)) return false;
  const size = 2 ** (32 - prefix);
  return Math.floor(ip / size) === Math.floor(network / size);
};

const positive = (compare: Compare): BaseOperator => ({ compare, negated: false });
const negative = (compare: Compare): BaseOperator => ({ compare, negated: true });

/** Lower-cased operator names (without IfExists and set prefixes). */
const OPERATORS: ReadonlyMap<string, BaseOperator> = new Map(
  Object.entries({
    StringEquals: positive(stringEquals),
    StringNotEquals: negative(stringEquals),
    StringEqualsIgnoreCase: positive(stringEqualsIgnoreCase),
    StringNotEqualsIgnoreCase: negative(stringEqualsIgnoreCase),
    StringLike: positive(stringLike),
    StringNotLike: negative(stringLike),
    NumericEquals: positive(numeric((a, b) => a === b)),
    NumericNotEquals: negative(numeric((a, b) => a === b)),
    NumericLessThan: positive(numeric((a, b) => a < b)),
    NumericLessThanEquals: positive(numeric((a, b) => a <= b)),
    NumericGreaterThan: positive(numeric((a, b) => a > b)),
    NumericGreaterThanEquals: positive(numeric((a, b) => a >= b)),
    DateEquals: positive(dated((a, b) => a === b)),
    DateNotEquals: negative(dated((a, b) => a === b)),
    DateLessThan: positive(dated((a, b) => a < b)),
    DateLessThanEquals: positive(dated((a, b) => a <= b)),
    DateGreaterThan: positive(dated((a, b) => a > b)),
    DateGreaterThanEquals: positive(dated((a, b) => a >= b)),
    Bool: positive((a, b) => a.toLowerCase() === b.toLowerCase()),
    BinaryEquals: positive((a, b) => a === b),
    IpAddress: positive(inCidr),
    NotIpAddress: negative(inCidr),
    ArnEquals: positive(arnLike),
    ArnLike: positive(arnLike),
    ArnNotEquals: negative(arnLike),
    ArnNotLike: negative(arnLike),
  }).map(([name, operator]) => [name.toLowerCase(), operator]),
);

interface ParsedOperator {
  base: BaseOperator | "null";
  set: "all" | "any" | undefined;
  ifExists: boolean;
}

/** `ForAnyValue:StringLikeIfExists` → its parts; undefined for an operator IAM does not have. */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let set: ParsedOperator["set"];
  const prefix = /^(ForAllValues|ForAnyValue):/i.exec(rest);
  if (prefix) {
    set = prefix[1]!.toLowerCase() === "forallvalues" ? "all" : "any";
    rest = rest.slice(prefix[0].length);
  }
  if (rest.toLowerCase() === "null") return set ? undefined : { base: "null", set, ifExists: false };
  const ifExists = /IfExists$/i.test(rest);
  if (ifExists) rest = rest.slice(0, -"IfExists".length);
  const base = OPERATORS.get(rest.toLowerCase());
  return base ? { base, set, ifExists } : undefined;
}

const policyValues = (value: unknown): string[] => stringsOf(value).map((v) => String(v));

function keyHolds(operator: ParsedOperator, key: string, value: unknown, variables: Variables): boolean {
  const requestValues = variables.context.get(key.toLowerCase());
  const present = requestValues !== undefined && requestValues.length > 0;
  if (operator.base === "null") {
    // AWS: `"Null": {"k": "true"}` — the key is absent.
    return policyValues(value).some((v) => (v.toLowerCase() === "true") === !present);
  }
  const { compare, negated } = operator.base;
  const wanted = policyValues(value);
  const matchesOne = (requestValue: string) => wanted.some((p) => compare(requestValue, p, variables));
  const holdsFor = (requestValue: string) => (negated ? !matchesOne(requestValue) : matchesOne(requestValue));
  if (operator.set === "all") return !present || requestValues.every(holdsFor);
  if (operator.set === "any") return present && requestValues.some(holdsFor);
  if (!present) return negated || operator.ifExists;
  return negated ? !requestValues.some(matchesOne) : requestValues.some(matchesOne);
}

/** Whether a statement's Condition element holds for the request (an unknown operator never does). */
export function conditionsHold(condition: unknown, variables: Variables): boolean {
  if (condition === undefined || condition === null) return true;
  if (typeof condition !== "object") return false;
  for (const [operatorName, block] of Object.entries(condition as Record<string, unknown>)) {
    const operator = parseOperator(operatorName);
    if (!operator || block === null || typeof block !== "object") return false;
    for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
      if (!keyHolds(operator, key, value, variables)) return false;
    }
  }
  return true;
}
