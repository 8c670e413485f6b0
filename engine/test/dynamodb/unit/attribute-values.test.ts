import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type AttributeValue,
  attributeValuesEqual,
  compareOrdered,
  compareStrings,
  validateAttributeValue,
} from "../../../src/services/dynamodb/values/index.ts";
import { assertValidation } from "./support.ts";

const INVALID = "One or more parameter values were invalid:";
const NESTING =
  "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

const nested = (depth: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { S: "leaf" };
  for (let i = 0; i < depth; i++) value = { M: { n: value } };
  return value;
};

describe("attribute value validation", () => {
  const rejected: Array<[string, Record<string, unknown>, string]> = [
    ["no type", {}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"],
    [
      "two types",
      { S: "a", N: "1" },
      "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
    ],
    ["an empty string set", { SS: [] }, `${INVALID} An string set  may not be empty`],
    ["an empty number set", { NS: [] }, `${INVALID} An number set  may not be empty`],
    ["an empty binary set", { BS: [] }, `${INVALID} Binary sets should not be empty`],
    ["a duplicate string", { SS: ["a", "a"] }, `${INVALID} Input collection [a, a] contains duplicates.`],
    ["a duplicate number", { NS: ["1", "1.0"] }, "Input collection contains duplicates"],
    [
      "a duplicate binary",
      { BS: [Buffer.from("b"), Buffer.from("b")] },
      `${INVALID} Input collection [Yg==, Yg==]of type BS contains duplicates.`,
    ],
    ["NULL false", { NULL: false }, `${INVALID} Null attribute value types must have the value of true`],
    ["a bad number", { N: "abc" }, "The parameter cannot be converted to a numeric value: abc"],
    [
      "a bad number in a set",
      { NS: ["1", "b", "a"] },
      "The parameter cannot be converted to a numeric value: b",
    ],
    ["a bad value inside a map", { M: { a: { NS: [] } } }, `${INVALID} An number set  may not be empty`],
    [
      "a bad value inside a list",
      { L: [{}] },
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
    ],
    ["a value nested 33 levels deep", nested(32), NESTING],
  ];
  for (const [what, input, message] of rejected) {
    it(`rejects ${what}`, () => {
      assertValidation(() => validateAttributeValue(input), message);
    });
  }

  it("reports a bad member before a second type", () => {
    assertValidation(
      () => validateAttributeValue({ S: "a", N: "b" }),
      "The parameter cannot be converted to a numeric value: b",
    );
  });

  it("accepts a value nested 32 levels deep", () => {
    assert.ok(validateAttributeValue(nested(31)));
  });

  // Since May 2020 AWS accepts empty strings and binaries outside keys, also inside sets.
  it("accepts empty strings and binaries, also in sets", () => {
    assert.deepEqual(validateAttributeValue({ S: "" }), { S: "" });
    assert.deepEqual(validateAttributeValue({ SS: ["", "a"] }), { SS: ["", "a"] });
    assert.deepEqual(validateAttributeValue({ B: Buffer.alloc(0) }), { B: Buffer.alloc(0) });
  });

  it("normalises numbers, also inside sets and documents", () => {
    assert.deepEqual(validateAttributeValue({ M: { a: { N: "1.50" }, b: { NS: ["+1", "1e2"] } } }), {
      M: { a: { N: "1.5" }, b: { NS: ["1", "100"] } },
    });
  });
});

describe("attribute value equality", () => {
  const equal: Array<[string, AttributeValue, AttributeValue]> = [
    ["sets in any order", { SS: ["a", "b"] }, { SS: ["b", "a"] }],
    ["numbers by value", { N: "1.0" }, { N: "1" }],
    ["number sets by value", { NS: ["1", "2"] }, { NS: ["2.0", "1"] }],
    ["binary by bytes", { B: Buffer.from("ab") }, { B: Buffer.from("ab") }],
    ["maps by entries", { M: { a: { S: "x" }, b: { N: "1" } } }, { M: { b: { N: "1" }, a: { S: "x" } } }],
  ];
  for (const [what, a, b] of equal) {
    it(`compares ${what}`, () => {
      assert.ok(attributeValuesEqual(a, b));
    });
  }

  const different: Array<[string, AttributeValue, AttributeValue]> = [
    ["values of different types", { S: "1" }, { N: "1" }],
    ["a number and a number set", { N: "6" }, { NS: ["6"] }],
    ["lists in different orders", { L: [{ S: "a" }, { S: "b" }] }, { L: [{ S: "b" }, { S: "a" }] }],
    ["sets of different sizes", { SS: ["a"] }, { SS: ["a", "b"] }],
  ];
  for (const [what, a, b] of different) {
    it(`tells apart ${what}`, () => {
      assert.equal(attributeValuesEqual(a, b), false);
    });
  }
});

describe("attribute value order", () => {
  it("orders strings by code point, as UTF-8 bytes sort", () => {
    assert.equal(compareStrings("\uffff", "\u{10000}"), -1);
    assert.equal("\uffff" < "\u{10000}", false, "JavaScript's own order differs");
  });

  it("orders numbers numerically", () => {
    assert.equal(compareOrdered({ N: "9" }, { N: "10" }), -1);
  });

  it("has no order between different types", () => {
    assert.equal(compareOrdered({ N: "1" }, { S: "1" }), undefined);
  });
});
