import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Condition } from "../../../src/services/dynamodb/expressions/index.ts";
import type { SelectStatement } from "../../../src/services/dynamodb/partiql/ast.ts";
import { compileCondition } from "../../../src/services/dynamodb/partiql/conditions.ts";
import { partitionValues, rangeCondition } from "../../../src/services/dynamodb/partiql/keys.ts";
import { parseStatement } from "../../../src/services/dynamodb/partiql/parse.ts";
import type { AttributeValue } from "../../../src/services/dynamodb/values/index.ts";
import { assertValidation } from "../unit/support.ts";

function where(text: string, parameters: AttributeValue[] = []): Condition {
  const statement = parseStatement(`SELECT * FROM "tbl" WHERE ${text}`).statement as SelectStatement;
  return compileCondition(statement.where!, parameters);
}

const partitions = (text: string) => partitionValues(where(text), "pk", "sk");

describe("PartiQL translation: how a SELECT reads", () => {
  it("queries the partition an equality pins, either way round", () => {
    assert.deepEqual(partitions("pk = 'a' AND x = 1"), [{ S: "a" }]);
    assert.deepEqual(partitions("'a' = pk"), [{ S: "a" }]);
  });

  it("queries each partition of an IN or of an OR of equalities, once each", () => {
    assert.deepEqual(partitions("pk IN ['a', 'b', 'a']"), [{ S: "a" }, { S: "b" }]);
    assert.deepEqual(partitions("pk = 'a' OR pk = 'b' AND sk = 1"), [{ S: "a" }, { S: "b" }]);
  });

  it("scans when any OR branch leaves the partition open, or the key is only compared", () => {
    assert.equal(partitions("pk = 'a' OR x = 1"), undefined);
    assert.equal(partitions("pk > 'a'"), undefined);
    assert.equal(partitions("NOT pk = 'a'"), undefined);
    assert.equal(partitionValues(undefined, "pk"), undefined);
  });

  it("narrows a Query by a sort-key condition among the top-level ANDs", () => {
    assert.deepEqual(rangeCondition(where("pk = 'a' AND sk >= 3"), "sk", "N"), {
      op: ">=",
      values: [{ N: "3" }],
    });
    assert.deepEqual(rangeCondition(where("pk = 'a' AND 3 < sk"), "sk", "N"), {
      op: ">",
      values: [{ N: "3" }],
    });
    assert.deepEqual(rangeCondition(where("pk = 'a' AND sk BETWEEN 1 AND 2"), "sk", "N"), {
      op: "BETWEEN",
      values: [{ N: "1" }, { N: "2" }],
    });
    assert.deepEqual(rangeCondition(where("pk = 'a' AND begins_with(sk, 'x')"), "sk", "S"), {
      op: "BEGINS_WITH",
      values: [{ S: "x" }],
    });
  });

  it("does not narrow by a sort-key value of another type, or inside an OR", () => {
    assert.equal(rangeCondition(where("pk = 'a' AND sk = 'x'"), "sk", "N"), undefined);
    assert.equal(rangeCondition(where("pk = 'a' AND (sk = 1 OR sk = 2)"), "sk", "N"), undefined);
  });
});

describe("PartiQL translation: WHERE as a condition", () => {
  it("compiles IS [NOT] MISSING to attribute_(not_)exists and IS NULL to attribute_type", () => {
    assert.deepEqual(where("a IS MISSING"), { kind: "attribute_not_exists", path: ["a"] });
    assert.deepEqual(where("a IS NOT NULL"), {
      kind: "not",
      operand: { kind: "attribute_type", target: { kind: "path", path: ["a"] }, type: "NULL" },
    });
  });

  it("reads paths with map keys and list indexes", () => {
    assert.deepEqual(where(`"a".b[2]['c d'] = ?`, [{ S: "x" }]), {
      kind: "compare",
      op: "=",
      left: { kind: "path", path: ["a", "b", 2, "c d"] },
      right: { kind: "value", value: { S: "x" } },
    });
  });

  it("refuses operators and types DynamoDB does not evaluate", () => {
    assertValidation(
      () => where("a LIKE 'x%'"),
      "Unsupported operator in Condition Expression. Operator: LIKE",
    );
    assertValidation(
      () => where("a IS INT"),
      "Unsupported data type for IS operator: INT. Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]",
    );
    assertValidation(() => where("a = MISSING"), "MISSING must be compared using IS operator");
    assertValidation(() => where("a"), "WHERE clause must contain an expression that resolves to a boolean");
    assertValidation(
      () => where("attribute_type(a, 'X')"),
      "Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
    );
    assertValidation(() => where("a[-1] = 1"), "List index is not within the allowable range; index: [-1]");
  });
});
