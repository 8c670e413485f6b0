import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  applyUpdate,
  checkExpressionParameters,
  conditionFromExpected,
  conditionFromFilter,
  evaluateCondition,
  keyConditionsFromLegacy,
  matchKeySchema,
  project,
  projectionFromAttributesToGet,
  updateFromAttributeUpdates,
} from "../../../src/services/dynamodb/expressions/index.ts";
import type { Item } from "../../../src/services/dynamodb/values/index.ts";
import { assertValidation } from "./support.ts";

const INVALID = "One or more parameter values were invalid:";
const item: Item = { a: { S: "abc" }, n: { N: "5" }, s: { SS: ["x", "y"] }, l: { L: [{ S: "x" }] } };

describe("Expected", () => {
  const holds = (expected: Parameters<typeof conditionFromExpected>[0], operator?: string) =>
    evaluateCondition(conditionFromExpected(expected, operator)!, item);

  it("compares Value for equality", () => {
    assert.equal(holds({ a: { Value: { S: "abc" } } }), true);
    assert.equal(holds({ a: { Value: { S: "x" } } }), false);
  });

  it("checks absence with Exists false", () => {
    assert.equal(holds({ absent: { Exists: false } }), true);
    assert.equal(holds({ a: { Exists: false } }), false);
  });

  it("applies a ComparisonOperator with an AttributeValueList", () => {
    assert.equal(
      holds({ n: { ComparisonOperator: "BETWEEN", AttributeValueList: [{ N: "1" }, { N: "9" }] } }),
      true,
    );
  });

  it("combines entries with AND unless ConditionalOperator is OR", () => {
    const expected = { a: { Value: { S: "abc" } }, n: { Value: { N: "6" } } };
    assert.equal(holds(expected), false);
    assert.equal(holds(expected, "OR"), true);
  });

  it("has no condition when empty", () => {
    assert.equal(conditionFromExpected({}), undefined);
  });

  const errors: Array<[string, Parameters<typeof conditionFromExpected>[0], string]> = [
    [
      "no Value and no Exists",
      { a: {} },
      `${INVALID} Value must be provided when Exists is null for Attribute: a`,
    ],
    [
      "Exists true without Value",
      { a: { Exists: true } },
      `${INVALID} Value must be provided when Exists is true for Attribute: a`,
    ],
    [
      "Exists false with Value",
      { a: { Exists: false, Value: { S: "a" } } },
      `${INVALID} Value cannot be used when Exists is false for Attribute: a`,
    ],
    [
      "Value with AttributeValueList",
      { a: { Value: { S: "a" }, AttributeValueList: [{ S: "a" }], ComparisonOperator: "LT" } },
      `${INVALID} Value and AttributeValueList cannot be used together for Attribute: a`,
    ],
    [
      "Exists with ComparisonOperator",
      { a: { Exists: true, ComparisonOperator: "LT" } },
      `${INVALID} Exists and ComparisonOperator cannot be used together for Attribute: a`,
    ],
    [
      "a ComparisonOperator without values",
      { a: { ComparisonOperator: "LT" } },
      `${INVALID} Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: a`,
    ],
    [
      "an AttributeValueList without ComparisonOperator",
      { a: { AttributeValueList: [{ S: "a" }] } },
      `${INVALID} AttributeValueList can only be used with a ComparisonOperator for Attribute: a`,
    ],
    [
      "too many values for EQ",
      { a: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "a" }, { S: "b" }] } },
      `${INVALID} Invalid number of argument(s) for the EQ ComparisonOperator`,
    ],
    [
      "a value for NULL",
      { a: { ComparisonOperator: "NULL", Value: { S: "a" } } },
      `${INVALID} Invalid number of argument(s) for the NULL ComparisonOperator`,
    ],
    [
      "an empty Value",
      { a: { Value: {} } },
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes",
    ],
  ];
  for (const [what, expected, message] of errors) {
    it(`rejects ${what}`, () => {
      assertValidation(() => conditionFromExpected(expected), message);
    });
  }
});

describe("QueryFilter and ScanFilter", () => {
  const holds = (filter: Parameters<typeof conditionFromFilter>[0]) =>
    evaluateCondition(conditionFromFilter(filter)!, item);
  const cases: Array<[string, Parameters<typeof conditionFromFilter>[0], boolean]> = [
    ["EQ", { a: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "abc" }] } }, true],
    [
      "NE on a missing attribute",
      { absent: { ComparisonOperator: "NE", AttributeValueList: [{ S: "abc" }] } },
      true,
    ],
    ["GT", { n: { ComparisonOperator: "GT", AttributeValueList: [{ N: "4" }] } }, true],
    ["NOT_NULL", { a: { ComparisonOperator: "NOT_NULL" } }, true],
    ["NULL", { absent: { ComparisonOperator: "NULL" } }, true],
    [
      "CONTAINS on a string",
      { a: { ComparisonOperator: "CONTAINS", AttributeValueList: [{ S: "bc" }] } },
      true,
    ],
    ["CONTAINS on a set", { s: { ComparisonOperator: "CONTAINS", AttributeValueList: [{ S: "y" }] } }, true],
    ["CONTAINS on a list", { l: { ComparisonOperator: "CONTAINS", AttributeValueList: [{ S: "x" }] } }, true],
    ["NOT_CONTAINS", { s: { ComparisonOperator: "NOT_CONTAINS", AttributeValueList: [{ S: "z" }] } }, true],
    [
      "NOT_CONTAINS on a missing attribute",
      { absent: { ComparisonOperator: "NOT_CONTAINS", AttributeValueList: [{ S: "z" }] } },
      true,
    ],
    ["BEGINS_WITH", { a: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [{ S: "ab" }] } }, true],
    ["IN", { n: { ComparisonOperator: "IN", AttributeValueList: [{ N: "1" }, { N: "5" }] } }, true],
  ];
  for (const [what, filter, expected] of cases) {
    it(`evaluates ${what}`, () => {
      assert.equal(holds(filter), expected);
    });
  }

  const errors: Array<[string, Parameters<typeof conditionFromFilter>[0], string]> = [
    [
      "LT on a boolean",
      { a: { ComparisonOperator: "LT", AttributeValueList: [{ BOOL: true }] } },
      `${INVALID} ComparisonOperator LT is not valid for BOOL AttributeValue type`,
    ],
    [
      "CONTAINS with a set",
      { a: { ComparisonOperator: "CONTAINS", AttributeValueList: [{ SS: ["a"] }] } },
      `${INVALID} ComparisonOperator CONTAINS is not valid for SS AttributeValue type`,
    ],
    [
      "BEGINS_WITH a number",
      { a: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [{ N: "1" }] } },
      `${INVALID} ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type`,
    ],
    [
      "mixed types",
      { a: { ComparisonOperator: "IN", AttributeValueList: [{ S: "b" }, { N: "1" }] } },
      `${INVALID} AttributeValues inside AttributeValueList must be of same type`,
    ],
    [
      "an inverted BETWEEN",
      { a: { ComparisonOperator: "BETWEEN", AttributeValueList: [{ S: "b" }, { S: "a" }] } },
      "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound",
    ],
    [
      "IN without values",
      { a: { ComparisonOperator: "IN", AttributeValueList: [] } },
      `${INVALID} Invalid number of argument(s) for the IN ComparisonOperator`,
    ],
  ];
  for (const [what, filter, message] of errors) {
    it(`rejects ${what}`, () => {
      assertValidation(() => conditionFromFilter(filter), message);
    });
  }
});

describe("KeyConditions", () => {
  const schema = { hashKey: "pk", rangeKey: "sk" };

  it("compiles to the same key condition as an expression", () => {
    const conditions = keyConditionsFromLegacy({
      pk: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "p" }] },
      sk: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [{ S: "a" }] },
    });
    assert.deepEqual(matchKeySchema(conditions, schema), {
      hash: { S: "p" },
      range: { op: "BEGINS_WITH", values: [{ S: "a" }] },
    });
  });

  it("rejects a non-indexable operator", () => {
    const conditions = keyConditionsFromLegacy({
      pk: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "p" }] },
      sk: { ComparisonOperator: "NOT_NULL" },
    });
    assertValidation(
      () => matchKeySchema(conditions, schema),
      "Attempted conditional constraint is not an indexable operation",
    );
  });

  it("rejects more than two conditions", () => {
    const eq = { ComparisonOperator: "EQ", AttributeValueList: [{ S: "p" }] };
    assertValidation(
      () => keyConditionsFromLegacy({ a: eq, b: eq, c: eq }),
      "Conditions can be of length 1 or 2 only",
    );
  });
});

describe("AttributeUpdates", () => {
  const apply = (updates: Parameters<typeof updateFromAttributeUpdates>[0], target: Item) =>
    applyUpdate(updateFromAttributeUpdates(updates), target);

  it("puts by default and deletes without a value", () => {
    assert.deepEqual(apply({ a: { Value: { S: "new" } }, n: { Action: "DELETE" } }, item), {
      a: { S: "new" },
      s: item.s,
      l: item.l,
    });
  });

  it("adds numbers, sets and lists", () => {
    assert.deepEqual(
      apply(
        {
          n: { Action: "ADD", Value: { N: "1" } },
          s: { Action: "ADD", Value: { SS: ["z"] } },
          l: { Action: "ADD", Value: { L: [{ N: "1" }] } },
        },
        item,
      ),
      { a: item.a, n: { N: "6" }, s: { SS: ["x", "y", "z"] }, l: { L: [{ S: "x" }, { N: "1" }] } },
    );
  });

  it("reports a type clash in its own words", () => {
    assertValidation(
      () => apply({ s: { Action: "ADD", Value: { NS: ["1"] } } }, item),
      "Type mismatch for attribute to update",
    );
  });

  const errors: Array<[string, Parameters<typeof updateFromAttributeUpdates>[0], string]> = [
    [
      "PUT without a value",
      { a: { Action: "PUT" } },
      `${INVALID} Only DELETE action is allowed when no attribute value is specified`,
    ],
    [
      "DELETE with a string",
      { a: { Action: "DELETE", Value: { S: "1" } } },
      `${INVALID} DELETE action with value is not supported for the type S`,
    ],
    [
      "ADD of a string",
      { a: { Action: "ADD", Value: { S: "1" } } },
      `${INVALID} ADD action is not supported for the type S`,
    ],
  ];
  for (const [what, updates, message] of errors) {
    it(`rejects ${what}`, () => {
      assertValidation(() => updateFromAttributeUpdates(updates), message);
    });
  }
});

describe("AttributesToGet", () => {
  it("projects top-level attributes", () => {
    assert.deepEqual(project(item, projectionFromAttributesToGet(["a", "absent"])), { a: item.a });
  });

  it("rejects a duplicate name", () => {
    assertValidation(
      () => projectionFromAttributesToGet(["a", "a"]),
      `${INVALID} Duplicate value in attribute name: a`,
    );
  });
});

describe("mixing legacy and expression parameters", () => {
  it("rejects both kinds in one request", () => {
    assertValidation(
      () =>
        checkExpressionParameters(
          { AttributesToGet: ["a"], ProjectionExpression: "a" },
          ["ProjectionExpression"],
          ["AttributesToGet"],
        ),
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
    );
  });

  it("allows KeyConditions beside a FilterExpression", () => {
    checkExpressionParameters(
      { KeyConditions: {}, FilterExpression: "a = :v", ExpressionAttributeValues: { ":v": {} } },
      ["ProjectionExpression", "FilterExpression", "KeyConditionExpression"],
      ["AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"],
    );
  });

  it("rejects ExpressionAttributeNames without an expression", () => {
    assertValidation(
      () =>
        checkExpressionParameters(
          { ExpressionAttributeNames: { "#a": "a" } },
          ["ConditionExpression"],
          ["Expected"],
        ),
      "ExpressionAttributeNames can only be specified when using expressions",
    );
  });

  it("rejects ExpressionAttributeValues without an expression that uses values", () => {
    assertValidation(
      () =>
        checkExpressionParameters(
          { ExpressionAttributeValues: { ":v": {} } },
          ["UpdateExpression", "ConditionExpression"],
          [],
        ),
      "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null",
    );
  });
});
