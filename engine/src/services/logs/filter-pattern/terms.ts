/**
 * Filter patterns over unstructured events (AWS, "Filter pattern syntax"): case-sensitive terms
 * separated by spaces, all of which must appear; `"exact phrases"`; `?term` where at least one
 * of the `?` terms must appear; `-term` which must not appear; `%regex%`. A term matches anywhere
 * in the message (AWS's own example: `ERROR` matches "Exiting with ERRORCODE: -1").
 * Unquoted terms hold letters, digits, `_` and `-`; anything else must be quoted.
 */
import { InvalidFilterPattern, invalidTermCharacter } from "./errors.ts";
import { readQuoted, readRegex } from "./values.ts";

type Term = (message: string) => boolean;

const UNQUOTED_TERM_CHARACTER = /[\p{L}\p{N}_-]/u;

function readTerm(pattern: string, start: number): { term: Term; end: number } {
  const c = pattern[start];
  if (c === '"') {
    const { value, end } = readQuoted(pattern, start);
    return { term: (message) => message.includes(value), end };
  }
  if (c === "%") {
    const { regex, end } = readRegex(pattern, start);
    return { term: (message) => regex.test(message), end };
  }
  let end = start;
  while (end < pattern.length && !/\s/.test(pattern[end]!)) {
    if (!UNQUOTED_TERM_CHARACTER.test(pattern[end]!)) throw invalidTermCharacter(pattern[end]!);
    end++;
  }
  const text = pattern.slice(start, end);
  return { term: (message) => message.includes(text), end };
}

export function compileTerms(pattern: string): (message: string) => boolean {
  const required: Term[] = [];
  const excluded: Term[] = [];
  const anyOf: Term[] = [];
  let i = 0;
  while (i < pattern.length) {
    if (/\s/.test(pattern[i]!)) {
      i++;
      continue;
    }
    const prefix = pattern[i] === "?" || pattern[i] === "-" ? pattern[i] : undefined;
    if (prefix) i++;
    if (i >= pattern.length || /\s/.test(pattern[i]!)) throw new InvalidFilterPattern();
    const { term, end } = readTerm(pattern, i);
    if (end < pattern.length && !/\s/.test(pattern[end]!)) {
      // A quoted phrase or regex runs straight into more text.
      const next = pattern[end]!;
      throw UNQUOTED_TERM_CHARACTER.test(next) ? new InvalidFilterPattern() : invalidTermCharacter(next);
    }
    (prefix === "?" ? anyOf : prefix === "-" ? excluded : required).push(term);
    i = end;
  }
  return (message) =>
    required.every((term) => term(message)) &&
    !excluded.some((term) => term(message)) &&
    (anyOf.length === 0 || anyOf.some((term) => term(message)));
}
