import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  addNumbers,
  compareNumbers,
  normalizeNumber,
  subtractNumbers,
} from "../../../src/services/dynamodb/values/index.ts";
import { assertValidation } from "./support.ts";

const OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range";
const UNDERFLOW =
  "Number underflow. Attempting to store a number with magnitude smaller than supported range";
const PRECISION = "Attempting to store more than 38 significant digits in a Number";

describe("number normalisation (the text DynamoDB stores and returns)", () => {
  // Pairs recorded against DynamoDB in ScyllaDB's test_number.py (_NORMALIZATION_CASES).
  const cases: Array<[string, string]> = [
    ["1", "1"],
    ["100", "100"],
    ["007", "7"],
    ["001.23", "1.23"],
    ["00", "0"],
    ["+3", "3"],
    ["+1.5", "1.5"],
    ["1.50", "1.5"],
    ["1.10", "1.1"],
    ["100.000", "100"],
    ["0.10", "0.1"],
    ["1e3", "1000"],
    ["1E+3", "1000"],
    ["1.23e4", "12300"],
    ["1e-3", "0.001"],
    ["123e-2", "1.23"],
    ["1.0e-1", "0.1"],
    ["-0", "0"],
    ["-0.0", "0"],
    ["0e5", "0"],
    [".5", "0.5"],
    ["-.5", "-0.5"],
    ["5.", "5"],
    ["1e20", "100000000000000000000"],
    ["1e125", `1${"0".repeat(125)}`],
    ["1e-20", "0.00000000000000000001"],
    ["-273.15", "-273.15"],
  ];
  for (const [input, expected] of cases) {
    it(`normalises ${input} to ${expected}`, () => {
      assert.equal(normalizeNumber(input), expected);
    });
  }

  it("keeps 38 significant digits exactly", () => {
    assert.equal(
      normalizeNumber("0000012345678901234567890123456789012345678"),
      "12345678901234567890123456789012345678",
    );
  });

  it("accepts the smallest magnitude, 1E-130", () => {
    assert.equal(normalizeNumber("0001.000e-130"), `0.${"0".repeat(129)}1`);
  });

  it("accepts the largest magnitude, 9.99…E+125", () => {
    assert.equal(normalizeNumber(`9.${"9".repeat(37)}e125`), `${"9".repeat(38)}${"0".repeat(88)}`);
  });
});

describe("number validation messages", () => {
  it("rejects an empty number without quoting it", () => {
    assertValidation(() => normalizeNumber(""), "The parameter cannot be converted to a numeric value");
  });

  for (const text of ["abc", "NaN", "Infinity", " 1", "1 ", "1e", "e5", ".", "1.2.3", "0x10", "1+2"]) {
    it(`rejects ${JSON.stringify(text)} as not numeric`, () => {
      assertValidation(
        () => normalizeNumber(text),
        `The parameter cannot be converted to a numeric value: ${text}`,
      );
    });
  }

  const outOfRange: Array<[string, string]> = [
    ["1e126", OVERFLOW],
    ["-1e126", OVERFLOW],
    ["1e-131", UNDERFLOW],
    ["-1e-131", UNDERFLOW],
    ["1e999999999999999", OVERFLOW],
    ["123456789012345678901234567890123456789", PRECISION],
    ["-1.23456789012345678901234567890123456789", PRECISION],
  ];
  for (const [text, message] of outOfRange) {
    it(`rejects ${text.slice(0, 20)}… with "${message.slice(0, 30)}…"`, () => {
      assertValidation(() => normalizeNumber(text), message);
    });
  }

  it("checks the magnitude before the digit count", () => {
    assertValidation(() => normalizeNumber(`${"1".repeat(39)}e200`), OVERFLOW);
  });
});

describe("number comparison", () => {
  const ordered = [
    "-1e125",
    "-10",
    "-9.5",
    "-1",
    "-0.001",
    "0",
    "1e-130",
    "0.5",
    "1",
    "1.01",
    "9",
    "10",
    "1e125",
  ];
  it("orders numbers numerically, not textually", () => {
    for (let i = 1; i < ordered.length; i++) assert.equal(compareNumbers(ordered[i - 1]!, ordered[i]!), -1);
  });

  it("treats different spellings of one value as equal", () => {
    assert.equal(compareNumbers("1000", "1e3"), 0);
  });
});

describe("number arithmetic", () => {
  const sums: Array<[string, string, string]> = [
    ["1", "10000000000000000000000", "10000000000000000000001"],
    ["0.1", "0.2", "0.3"],
    ["-5", "5", "0"],
    [
      "9e125",
      "9e124",
      "990000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    ],
    ["1.5", "-0.25", "1.25"],
  ];
  for (const [a, b, sum] of sums) {
    it(`adds ${a.slice(0, 12)} + ${b.slice(0, 12)} exactly`, () => {
      assert.equal(addNumbers(a, b), sum);
    });
  }

  it("subtracts exactly", () => {
    assert.equal(subtractNumbers("10000000000000000000000", "1"), "9999999999999999999999");
    assert.equal(subtractNumbers("0.3", "0.1"), "0.2");
  });

  it("reports a sum beyond the range as an overflow", () => {
    assertValidation(() => addNumbers("9e125", "9e125"), OVERFLOW);
    assertValidation(() => subtractNumbers("9e125", "-9e125"), OVERFLOW);
  });

  // AWS answers 1e50 + 1 (39 significant digits) with the overflow message, not the precision one.
  it("reports a sum needing more than 38 digits as an overflow", () => {
    assertValidation(() => addNumbers("1e50", "1"), OVERFLOW);
  });
});
