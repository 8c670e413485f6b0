import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type KeySchemaNames, parseKeyCondition } from "../../../src/services/dynamodb/expressions/index.ts";
import type { AttributeValueInput } from "../../../src/services/dynamodb/values/index.ts";
import { assertValidation, usage } from "./support.ts";

const composite: KeySchemaNames = { hashKey: "pk", rangeKey: "sk", hashType: "S", rangeType: "S" };
const hashOnly: KeySchemaNames = { hashKey: "pk", hashType: "S" };
const values: Record<string, AttributeValueInput> = {
  ":p": { S: "p" },
  ":a": { S: "a" },
  ":b": { S: "b" },
  ":n": { N: "1" },
};

/** Parses with only the placeholders the expression names. */
function keyCondition(text: string, schema: KeySchemaNames = composite) {
  const used = Object.fromEntries(
    Object.entries(values).filter(([k]) => new RegExp(`${k}(?!\\w)`).test(text)),
  );
  return parseKeyCondition(text, usage(undefined, Object.keys(used).length ? used : undefined), schema);
}

describe("key conditions", () => {
  it("reads an equality on the partition key", () => {
    assert.deepEqual(keyCondition("pk = :p"), { hash: { S: "p" } });
  });

  const ranges: Array<[string, string, AttributeValueInput[]]> = [
    ["pk = :p AND sk = :a", "=", [{ S: "a" }]],
    ["pk = :p AND sk < :a", "<", [{ S: "a" }]],
    ["pk = :p AND sk <= :a", "<=", [{ S: "a" }]],
    ["pk = :p AND sk > :a", ">", [{ S: "a" }]],
    ["pk = :p AND sk >= :a", ">=", [{ S: "a" }]],
    ["pk = :p AND sk BETWEEN :a AND :b", "BETWEEN", [{ S: "a" }, { S: "b" }]],
    ["pk = :p AND begins_with(sk, :a)", "BEGINS_WITH", [{ S: "a" }]],
    ["sk > :a AND pk = :p", ">", [{ S: "a" }]],
    [":a <= sk AND :p = pk", ">=", [{ S: "a" }]],
    ["(pk = :p) AND (sk = :a)", "=", [{ S: "a" }]],
    ["(pk = :p AND sk = :a)", "=", [{ S: "a" }]],
  ];
  for (const [text, op, expected] of ranges) {
    it(`reads ${text} as ${op}`, () => {
      assert.deepEqual(keyCondition(text), { hash: { S: "p" }, range: { op, values: expected } });
    });
  }
});

describe("key condition errors", () => {
  const errors: Array<[string, string, KeySchemaNames?]> = [
    ["sk = :a", "Query condition missed key schema element: pk"],
    ["attr1 = :a", "Query condition missed key schema element: pk"],
    ["pk = :p AND attr1 = :a", "Query condition missed key schema element: sk"],
    ["pk > :p", "Query key condition not supported", hashOnly],
    ["pk = :p AND attr1 = :a", "Query key condition not supported", hashOnly],
    [
      "pk = :n",
      "One or more parameter values were invalid: Condition parameter type does not match schema type",
    ],
    ["pk = :p OR sk = :a", "Invalid operator used in KeyConditionExpression: OR"],
    ["NOT pk = :p", "Invalid operator used in KeyConditionExpression: NOT"],
    ["pk IN (:p, :a)", "Invalid operator used in KeyConditionExpression: IN"],
    ["pk <> :p", "Invalid operator used in KeyConditionExpression: <>"],
    ["attribute_exists(pk)", "Invalid operator used in KeyConditionExpression: attribute_exists"],
    ["contains(pk, :p)", "Invalid operator used in KeyConditionExpression: contains"],
    ["pk = :p AND size(sk) > :n", "KeyConditionExpressions cannot contain nested operations"],
    ["pk = :p AND sk.x = :a", "KeyConditionExpressions cannot have conditions on nested attributes"],
    [
      "pk = :p AND sk > pk",
      "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
    ],
    [":p = :a", "Invalid condition in KeyConditionExpression: No key attribute specified"],
    ["pk = :p AND sk > :a AND sk < :b", "KeyConditionExpressions must only contain one condition per key"],
    [
      ":a BETWEEN sk AND :b AND pk = :p",
      "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand",
    ],
    [
      "begins_with(:a, sk) AND pk = :p",
      "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand",
    ],
    ["pk = :p AND sk = :a AND attr1 = :b", "Conditions can be of length 1 or 2 only"],
  ];
  for (const [text, message, schema] of errors) {
    it(`rejects ${text}`, () => {
      assertValidation(() => keyCondition(text, schema), message);
    });
  }

  it("reports expression errors with the KeyConditionExpression prefix", () => {
    assertValidation(
      () => keyCondition(""),
      "Invalid KeyConditionExpression: The expression can not be empty;",
    );
    assertValidation(
      () => keyCondition("((pk = :p))"),
      "Invalid KeyConditionExpression: The expression has redundant parentheses;",
    );
  });
});
