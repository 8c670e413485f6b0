/**
 * The values JSON and space-delimited filter patterns compare against: quoted or bare strings
 * (with `*` wildcards), numbers, and `%regex%`. Shared lexing of quoted text and regexes too.
 */
import { InvalidFilterPattern } from "./errors.ts";

export type Operand =
  | { kind: "string"; text: string; glob: RegExp | undefined }
  | { kind: "number"; value: number; text: string }
  | { kind: "regex"; regex: RegExp };

export type Comparison = "=" | "!=" | "<" | "<=" | ">" | ">=";

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Reads a double-quoted string starting at `start` (a `"`), with `\"` and `\\` escapes. */
export function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = "";
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) {
      value += text[++i];
      continue;
    }
    if (c === '"') return { value, end: i + 1 };
    value += c;
  }
  throw new InvalidFilterPattern();
}

/**
 * AWS's regex subset inside `%…%`: letters and digits, the symbols `: _ # = @ / ; , -`, the
 * operators `^ $ ? [ ] { } | \ * + .`, and spaces; no parentheses, no multi-byte characters.
 */
const REGEX_CHARACTERS = /^[A-Za-z0-9:_#=@/;,\- ^$?[\]{}|\\*+.]*$/;

/** Reads `%regex%` starting at `start` (a `%`). */
export function readRegex(text: string, start: number): { regex: RegExp; end: number } {
  const close = text.indexOf("%", start + 1);
  if (close < 0) throw new InvalidFilterPattern();
  return { regex: compileRegex(text.slice(start + 1, close)), end: close + 1 };
}

export function compileRegex(source: string): RegExp {
  if (source === "" || !REGEX_CHARACTERS.test(source)) throw new InvalidFilterPattern();
  try {
    return new RegExp(source);
  } catch {
    throw new InvalidFilterPattern();
  }
}

/** `*` matches any run of characters; nothing else is special. */
function globOf(text: string): RegExp | undefined {
  if (!text.includes("*")) return undefined;
  const body = text
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[\\s\\S]*");
  return new RegExp(`^${body}$`);
}

export const stringOperand = (text: string): Operand => ({ kind: "string", text, glob: globOf(text) });

/** A bare (unquoted) value: a number when it reads as one, else a string. */
export function bareOperand(text: string): Operand {
  if (NUMBER.test(text)) return { kind: "number", value: Number(text), text };
  return stringOperand(text);
}

function matchesText(operand: Operand, text: string): boolean {
  if (operand.kind === "regex") return operand.regex.test(text);
  if (operand.kind === "number") return text === operand.text;
  return operand.glob ? operand.glob.test(text) : text === operand.text;
}

function compareNumbers(actual: number, comparison: Comparison, expected: number): boolean {
  switch (comparison) {
    case "=":
      return actual === expected;
    case "!=":
      return actual !== expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
    case ">":
      return actual > expected;
    case ">=":
      return actual >= expected;
  }
}

/** Range comparisons need a number on the right; a pattern with anything else does not parse. */
export function checkComparison(comparison: Comparison, operand: Operand): void {
  if (comparison !== "=" && comparison !== "!=" && operand.kind !== "number")
    throw new InvalidFilterPattern();
}

/**
 * Compares a value taken from an event: a JSON value (JSON patterns) or a field's text
 * (space-delimited patterns, where `numeric` reads the text as a number when it is one).
 */
export function compareValue(actual: unknown, comparison: Comparison, operand: Operand): boolean {
  let number: number | undefined;
  if (typeof actual === "number") number = actual;
  else if (typeof actual === "string" && NUMBER.test(actual)) number = Number(actual);
  if (operand.kind === "number" && number !== undefined)
    return compareNumbers(number, comparison, operand.value);
  if (comparison !== "=" && comparison !== "!=") return false;
  if (typeof actual !== "string" && typeof actual !== "number" && typeof actual !== "boolean") return false;
  const equal = matchesText(operand, String(actual));
  return comparison === "=" ? equal : !equal;
}
