import assert from "node:assert/strict";
import { it } from "node:test";
import {
  InvalidEventPattern,
  matchesEventPattern,
  parseEventPattern,
} from "../../../src/shared/event-pattern/index.ts";

export type Pattern = Record<string, unknown> | string;

const textOf = (pattern: Pattern): string =>
  typeof pattern === "string" ? pattern : JSON.stringify(pattern);

export const matches = (pattern: Pattern, event: unknown): boolean =>
  matchesEventPattern(parseEventPattern(textOf(pattern)), event);

/** The reason parseEventPattern gives for refusing `pattern`. */
export function rejection(pattern: Pattern, limits?: { maxLength?: number }): string {
  try {
    parseEventPattern(textOf(pattern), limits);
  } catch (error) {
    assert.ok(error instanceof InvalidEventPattern, `expected InvalidEventPattern, got ${String(error)}`);
    return error.message;
  }
  assert.fail(`the pattern was accepted: ${textOf(pattern)}`);
}

/** [what, event, expected] rows run against one pattern. */
export type MatchRow = readonly [string, unknown, boolean];

export function matchTable(pattern: Pattern, rows: readonly MatchRow[]): void {
  for (const [what, event, expected] of rows) {
    it(`${expected ? "matches" : "does not match"} ${what}`, () => {
      assert.equal(matches(pattern, event), expected);
    });
  }
}

/** [what, pattern, reason] rows: each pattern is refused with that reason. */
export type RejectRow = readonly [string, Pattern, string];

export function rejectTable(rows: readonly RejectRow[]): void {
  for (const [what, pattern, reason] of rows) {
    it(`refuses ${what}`, () => {
      assert.equal(rejection(pattern), reason);
    });
  }
}
