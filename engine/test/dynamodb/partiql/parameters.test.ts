import { describe, it } from "node:test";
import { readParameters } from "../../../src/services/dynamodb/partiql/parameters.ts";
import type { AttributeValueInput } from "../../../src/services/dynamodb/values/index.ts";
import { assertValidation } from "../unit/support.ts";

const NESTING =
  "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";
const NOT_NUMERIC = "The parameter cannot be converted to a numeric value";

/** `depth` map levels around a leaf. */
function deep(depth: number, leaf: AttributeValueInput = { S: "leaf" }): AttributeValueInput {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { M: { n: value } };
  return value;
}

describe("PartiQL parameters: the first problem in document order", () => {
  for (const depth of [40, 100]) {
    it(`a value nested ${depth} levels before a bad number`, () => {
      assertValidation(() => readParameters([deep(depth), { N: "abc" }]), NESTING);
    });

    it(`a bad number before a value nested ${depth} levels`, () => {
      assertValidation(() => readParameters([{ N: "abc" }, deep(depth)]), `${NOT_NUMERIC}: abc`);
    });

    it(`a deep map member before a bad one, and the other way round (${depth} levels)`, () => {
      assertValidation(() => readParameters([{ M: { d: deep(depth), bad: { N: "abc" } } }]), NESTING);
      assertValidation(
        () => readParameters([{ M: { bad: { N: "abc" }, d: deep(depth) } }]),
        `${NOT_NUMERIC}: abc`,
      );
    });

    it(`a bad number at the bottom of a value nested ${depth} levels`, () => {
      assertValidation(() => readParameters([deep(depth, { N: "abc" })]), NESTING);
    });
  }

  it("a number whose exponent does not fit an int, in every kind of value", () => {
    const cases: [AttributeValueInput, string][] = [
      [{ N: "-1e99999999999" }, "-1e99999999999"],
      [{ N: "1e-2147483649" }, "1e-2147483649"],
      [{ L: [{ N: "1" }, { N: "1e99999999999" }] }, "1e99999999999"],
      [{ NS: ["1", "1e2147483648"] }, "1e2147483648"],
    ];
    for (const [value, text] of cases)
      assertValidation(() => readParameters([value]), `${NOT_NUMERIC}: ${text}`);
  });
});
