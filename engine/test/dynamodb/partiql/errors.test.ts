import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { assertDynamoError, rawCall, validationError } from "../control-plane/support.ts";
import { compositeTable, hashTable, N, S, seed, statement } from "./support.ts";

const NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: ";

describe("ExecuteStatement: AWS's errors", () => {
  let t: TestEngine;
  let table: string;
  let composite: string;
  before(async () => {
    t = await startTestEngine();
    table = await hashTable(t.dynamodb);
    composite = await compositeTable(t.dynamodb);
    await seed(t.dynamodb, table, [{ pk: S("x"), ss: { SS: ["a"] }, val: S("v") }]);
  });
  after(() => t.stop());

  const run = (Statement: string, Parameters?: AttributeValue[]) =>
    statement(t.dynamodb, Statement, Parameters ? { Parameters } : {});
  const position = (text: string, token: string, from = 0) =>
    `1:${text.indexOf(token, from) + 1}:${token.length}`;

  it("answers a syntax error as a ValidationException of Coral's namespace", async () => {
    const response = await rawCall(t.endpoint, "ExecuteStatement", {
      Statement: `SELECT * FROM "${table}" WHERE`,
    });

    assert.equal(response.status, 400);
    assert.deepEqual(response.body, {
      __type: "com.amazon.coral.validate#ValidationException",
      message: `${NOT_WELL_FORMED}Unexpected term`,
    });
  });

  it("answers a table that does not exist with ResourceNotFoundException, after the syntax", async () => {
    await assertDynamoError(
      run(`SELECT * FROM "no-such-table" WHERE pk = 'x'`),
      "ResourceNotFoundException",
      "Requested resource not found",
    );
    await validationError(run(`SELECT * FROM "no-such-table" WHERE`), `${NOT_WELL_FORMED}Unexpected term`);
    await assertDynamoError(
      run(`FROM "no-such-table" WHERE pk = 'x' SET c = 1`),
      "ResourceNotFoundException",
      "Requested resource not found",
    );
  });

  it("refuses fewer parameters than the statement uses", async () => {
    await validationError(
      run(`SELECT * FROM "${table}" WHERE pk = ?`),
      "Number of parameters in request and statement don't match.",
    );
    await validationError(
      run(`SELECT * FROM "${table}" WHERE pk = ? AND val = ?`, [S("x")]),
      "Number of parameters in request and statement don't match.",
    );
  });

  it("reads number parameters as Java's BigDecimal does", async () => {
    const text = `SELECT * FROM "${table}" WHERE pk = 'x' AND n = ?`;

    await validationError(
      run(text, [N("1e99999999999")]),
      "The parameter cannot be converted to a numeric value: 1e99999999999",
    );
    await validationError(
      run(text, [N("1e2147483648")]),
      "The parameter cannot be converted to a numeric value: 1e2147483648",
    );
    await validationError(run(text, [N("")]), "The parameter cannot be converted to a numeric value");
    await validationError(run(text, [N("abc")]), "The parameter cannot be converted to a numeric value: abc");
    await validationError(
      run(text, [N("1e2147483647")]),
      "Number underflow. Attempting to store a number with magnitude smaller than supported range",
    );
  });

  it("reports the first bad number of a parameter in document order", async () => {
    const single = `SELECT * FROM "${table}" WHERE pk = 'x' AND a = ?`;

    await validationError(
      run(single, [{ M: { first: N("abc"), second: N("1e99999999999") } }]),
      "The parameter cannot be converted to a numeric value: abc",
    );
    await validationError(
      run(single, [{ L: [N("1"), { NS: ["1", "1e99999999999"] }] }]),
      "The parameter cannot be converted to a numeric value: 1e99999999999",
    );
  });

  it("names literal numbers out of range 'under root'", async () => {
    await validationError(
      run(`SELECT * FROM "${table}" WHERE pk = 'x' AND n = 1e126`),
      "Number overflow. Attempting to store a number with magnitude larger than supported range under root",
    );
    await validationError(
      run(`SELECT * FROM "${table}" WHERE pk = 'x' AND n = 123456789012345678901234567890123456789`),
      "Attempting to store more than 38 significant digits in a Number under root",
    );
  });

  it("refuses an ordering comparison with an operand that has no order", async () => {
    for (const op of ["<", "<=", ">", ">="]) {
      await validationError(
        run(`SELECT pk FROM "${table}" WHERE pk = 'x' AND val ${op} ?`, [{ BOOL: true }]),
        `Incorrect operand type for operator or function; operator or function: ${op}, operand type: BOOL`,
      );
    }
    await validationError(
      run(`SELECT pk FROM "${table}" WHERE pk = 'x' AND val BETWEEN ? AND ?`, [
        { BOOL: true },
        { BOOL: false },
      ]),
      "Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: BOOL",
    );
  });

  it("refuses condition functions used wrongly", async () => {
    const where = (condition: string) => `SELECT * FROM "${table}" WHERE pk = 'x' AND ${condition}`;

    await validationError(
      run(where("attribute_exists('ss')")),
      "Operator or function requires a document path; operator or function: attribute_exists",
    );
    await validationError(
      run(where("attribute_exists()")),
      "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 0",
    );
    await validationError(
      run(where("attribute_exists(ss, val)")),
      "Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2",
    );
    const exists = where("EXISTS(ss)");
    await validationError(run(exists), `Unrecognized function: exists at ${position(exists, "EXISTS")}`);
    const setAdd = where("set_add(ss, <<'x'>>) = ss");
    await validationError(run(setAdd), `Unrecognized function: set_add at ${position(setAdd, "set_add")}`);
    const projected = `SELECT attribute_exists(ss) FROM "${table}" WHERE pk = 'x'`;
    await validationError(
      run(projected),
      `Unexpected path component at ${position(projected, "attribute_exists")}`,
    );
  });

  it("refuses what is not a statement DynamoDB runs", async () => {
    await validationError(
      run(`EXISTS(SELECT * FROM "${table}" WHERE pk = 'x' AND val = 'v')`),
      "EXISTS can only be used in ExecuteTransaction write requests.",
    );
    await validationError(run("x IS INT4"), "Unsupported operation: IsType");
    await validationError(run(`SELECT * FROM "${table}" GROUP BY pk`), "Unsupported clause: GROUP BY");
    await validationError(run(`SELECT * FROM "${table}" t WHERE pk = 'x'`), "Aliasing is not supported");
    await validationError(run(`SELECT * FROM "${table}" AS t WHERE pk = 'x'`), "Aliasing is not supported");
    await validationError(run(`UPDATE "${table}" t SET a = 3 WHERE pk = 'x'`), "Aliasing is not supported");
  });

  it("requires ORDER BY to follow a WHERE on the partition key, and to name key attributes", async () => {
    await validationError(
      run(`SELECT * FROM "${composite}" ORDER BY sk`),
      "Must have WHERE clause in the statement when using ORDER BY clause.",
    );
    await validationError(
      run(`SELECT * FROM "${composite}" WHERE sk = 1 ORDER BY sk`),
      "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.",
    );
    await validationError(
      run(`SELECT * FROM "${composite}" WHERE pk = 'a' ORDER BY other`),
      "Variable reference other in ORDER BY clause must be part of the primary key",
    );
  });

  it("refuses OR branches that pin one partition with and without a sort-key condition", async () => {
    await validationError(
      run(`SELECT * FROM "${composite}" WHERE pk = 'a' AND x = '1' OR pk = 'a' AND sk = 2`),
      "Overlapping conditions with range keys are not supported in where clause",
    );
  });

  it("refuses a partition key of the wrong type", async () => {
    await validationError(
      run(`SELECT * FROM "${table}" WHERE pk = 1`),
      "Key attribute's data type should match its data type in table's schema: Key pk",
    );
  });
});
