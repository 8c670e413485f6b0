import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  comparableFromNumber,
  comparableFromText,
  OUT_OF_RANGE,
  TOO_PRECISE,
} from "../../../src/shared/event-pattern/numbers.ts";

describe("numbers compared by value", () => {
  const rows: ReadonlyArray<readonly [string, number | string]> = [
    ["0", 0],
    ["-0", 0],
    ["301.8", 301_800_000],
    ["3.018e2", 301_800_000],
    ["3018E-1", 301_800_000],
    ["1.50000000", 1_500_000],
    ["0.000001", 1],
    ["-0.000001", -1],
    ["5000000000", 5e15],
    ["-5e9", -5e15],
    ["0.0000001", TOO_PRECISE],
    ["1.1234567", TOO_PRECISE],
    ["5000000000.000001", OUT_OF_RANGE],
    ["1e400", OUT_OF_RANGE],
    ["-6e9", OUT_OF_RANGE],
  ];
  for (const [text, expected] of rows) {
    it(`reads ${text} as ${typeof expected === "number" ? `${expected} millionths` : expected}`, () => {
      const result = comparableFromText(text);
      assert.deepEqual(
        result,
        typeof expected === "number" ? { ok: true, micros: expected } : { ok: false, reason: expected },
      );
    });
  }

  it("reads an event's numbers through their shortest decimal form", () => {
    assert.deepEqual([4.35, 0.1 + 0.2, 1e21, -12, Number.NaN].map(comparableFromNumber), [
      4_350_000,
      undefined,
      undefined,
      -12_000_000,
      undefined,
    ]);
  });

  it("words the range error as Java prints 5E9", () => {
    assert.equal(OUT_OF_RANGE, "Value must be between -5.0E9 and 5.0E9, inclusive");
  });
});
