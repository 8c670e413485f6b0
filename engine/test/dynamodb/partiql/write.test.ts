import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { assertDynamoError, validationError } from "../control-plane/support.ts";
import { compositeTable, getItem, hashTable, type Item, N, S, seed, statement } from "./support.ts";

describe("ExecuteStatement: INSERT", () => {
  let t: TestEngine;
  let table: string;
  before(async () => {
    t = await startTestEngine();
    table = await hashTable(t.dynamodb);
  });
  after(() => t.stop());

  const run = (text: string, extra = {}) => statement(t.dynamodb, text, extra);

  it("writes an item of every literal kind and answers no items", async () => {
    const result = await run(
      `INSERT INTO "${table}" VALUE {'pk': 'i1', 'n': 1.50, 'b': true, 'z': null, 'l': [1, 'x'], 'm': {'k': 'v'}, 's': <<'a','b'>>, 'ns': <<1, 2>>}`,
    );

    assert.deepEqual(result.Items, []);
    assert.deepEqual(await getItem(t.dynamodb, table, { pk: S("i1") }), {
      pk: S("i1"),
      n: N("1.5"),
      b: { BOOL: true },
      z: { NULL: true },
      l: { L: [N(1), S("x")] },
      m: { M: { k: S("v") } },
      s: { SS: ["a", "b"] },
      ns: { NS: ["1", "2"] },
    });
  });

  it("takes values from ? parameters, binary included", async () => {
    await run(`INSERT INTO "${table}" VALUE {'pk': ?, 'data': ?}`, {
      Parameters: [S("i2"), { B: Buffer.from([1, 2, 3]) }],
    });

    const item = await getItem(t.dynamodb, table, { pk: S("i2") });
    assert.deepEqual(Buffer.from(item!.data!.B!), Buffer.from([1, 2, 3]));
  });

  it("refuses a key that exists with DuplicateItemException and keeps the item", async () => {
    await run(`INSERT INTO "${table}" VALUE {'pk': 'i3', 'v': 'first'}`);

    await assertDynamoError(
      run(`INSERT INTO "${table}" VALUE {'pk': 'i3', 'v': 'second'}`),
      "DuplicateItemException",
      "Duplicate primary key exists in table",
    );
    assert.deepEqual((await getItem(t.dynamodb, table, { pk: S("i3") }))?.v, S("first"));
  });

  it("refuses an item without its key, or with a key of the wrong type", async () => {
    await validationError(
      run(`INSERT INTO "${table}" VALUE {'v': 1}`),
      "Key attribute should be present in the item: Key pk",
    );
    await validationError(
      run(`INSERT INTO "${table}" VALUE {'pk': 1}`),
      "Key attribute's data type should match its data type in table's schema: Key pk",
    );
  });

  it("refuses what is not one item", async () => {
    await validationError(
      run(`INSERT INTO "${table}" VALUE ['pk', 'x']`),
      "Unsupported format in item expression. Please use struct format {...} to express item values for insert statement.",
    );
    await validationError(
      run(`INSERT INTO "${table}" <<{'pk': 'a'}, {'pk': 'b'}>>`),
      'Unsupported operation: Inserting multiple items in a single statement is not supported, use "INSERT INTO tableName VALUE item" instead',
    );
    await validationError(
      run(`INSERT INTO "${table}" VALUE {'pk': 'x', 'ss': set_add(<<'a'>>, <<'b'>>)}`),
      /^Unsupported data type: set_add under key root at 1:\d+:7$/,
    );
  });

  it("names the place of a number out of range in the item", async () => {
    await validationError(
      run(`INSERT INTO "${table}" VALUE {'pk': 'x', 'm': {'x': 1e126}}`),
      "Number overflow. Attempting to store a number with magnitude larger than supported range under root.x",
    );
    await validationError(
      run(`INSERT INTO "${table}" VALUE {'pk': 'x', 'l': [1, 1e-131]}`),
      "Number underflow. Attempting to store a number with magnitude smaller than supported range under root[1]",
    );
  });

  it("refuses bags DynamoDB cannot store", async () => {
    await validationError(
      run(`INSERT INTO "${table}" VALUE {'pk': 'x', 's': <<>>}`),
      "Empty bags are not supported",
    );
    await validationError(
      run(`INSERT INTO "${table}" VALUE {'pk': 'x', 's': <<'a', 1>>}`),
      "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags",
    );
    await validationError(
      run(`INSERT INTO "${table}" VALUE {'pk': 'x', 's': <<'x', 'x'>>}`),
      "One or more parameter values were invalid: Input collection [x, x] contains duplicates.",
    );
  });

  it("refuses RETURNING", async () => {
    await validationError(
      run(`INSERT INTO "${table}" VALUE {'pk': 'r'} RETURNING ALL OLD *`),
      "RETURNING is not supported in INSERT",
    );
  });

  it("charges a write like PutItem", async () => {
    const { ConsumedCapacity } = await run(`INSERT INTO "${table}" VALUE {'pk': 'cap'}`, {
      ReturnConsumedCapacity: "TOTAL",
    });

    assert.deepEqual(ConsumedCapacity, { TableName: table, CapacityUnits: 1 });
  });
});

describe("ExecuteStatement: UPDATE", () => {
  let t: TestEngine;
  let table: string;
  let composite: string;
  let counter = 0;
  before(async () => {
    t = await startTestEngine();
    table = await hashTable(t.dynamodb);
    composite = await compositeTable(t.dynamodb);
  });
  after(() => t.stop());

  const run = (text: string, extra = {}) => statement(t.dynamodb, text, extra);
  /** A fresh item in the hash table; returns its key value. */
  async function item(attributes: Item = {}): Promise<string> {
    const pk = `u${++counter}`;
    await seed(t.dynamodb, table, [{ pk: S(pk), ...attributes }]);
    return pk;
  }
  const stored = (pk: string) => getItem(t.dynamodb, table, { pk: S(pk) });

  it("sets, computes and removes attributes", async () => {
    const pk = await item({
      n: N(1),
      l: { L: [N(1)] },
      s: { SS: ["a"] },
      gone: S("x"),
      m: { M: { a: S("b") } },
    });

    await run(
      `UPDATE "${table}" SET n = n + 2, l = list_append(l, [2]) SET s = set_add(s, <<'b'>>) SET m.c = 'd' REMOVE gone WHERE pk = '${pk}'`,
    );

    assert.deepEqual(await stored(pk), {
      pk: S(pk),
      n: N(3),
      l: { L: [N(1), N(2)] },
      s: { SS: ["a", "b"] },
      m: { M: { a: S("b"), c: S("d") } },
    });
  });

  it("set_delete removes members, and the attribute once it is empty", async () => {
    const pk = await item({ s: { SS: ["a", "b"] }, t: { NS: ["1"] } });

    await run(
      `UPDATE "${table}" SET s = set_delete(s, <<'a'>>) SET t = SET_DELETE(t, <<1>>) WHERE pk = '${pk}'`,
    );

    assert.deepEqual(await stored(pk), { pk: S(pk), s: { SS: ["b"] } });
  });

  it("takes the FROM-first form", async () => {
    const pk = await item();

    await run(`FROM "${table}" WHERE pk = ? SET c = ?`, { Parameters: [S(pk), N(7)] });

    assert.deepEqual((await stored(pk))?.c, N(7));
  });

  it("fails with ConditionalCheckFailedException on an item that does not exist, creating nothing", async () => {
    await assertDynamoError(
      run(`UPDATE "${table}" SET a = 1 WHERE pk = 'ghost'`),
      "ConditionalCheckFailedException",
      "The conditional request failed",
    );
    assert.equal(await stored("ghost"), undefined);
  });

  it("applies further WHERE conditions as the write's condition", async () => {
    const pk = await item({ name: S("alpha") });

    await assertDynamoError(
      run(`UPDATE "${table}" SET a = 1 WHERE pk = '${pk}' AND "name" = 'beta'`),
      "ConditionalCheckFailedException",
      "The conditional request failed",
    );
    await run(`UPDATE "${table}" SET a = 2 WHERE pk = '${pk}' AND "name" = 'alpha'`);
    assert.deepEqual((await stored(pk))?.a, N(2));
  });

  it("returns the old item with the failure when ReturnValuesOnConditionCheckFailure is ALL_OLD", async () => {
    const pk = await item({ v: S("old") });

    const error = await assertDynamoError(
      run(`UPDATE "${table}" SET a = 1 WHERE pk = '${pk}' AND v = 'new'`, {
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
      "ConditionalCheckFailedException",
      "The conditional request failed",
    );
    assert.deepEqual((error as unknown as { Item: Item }).Item, { pk: S(pk), v: S("old") });
  });

  it("answers RETURNING ALL OLD, ALL NEW, MODIFIED OLD and MODIFIED NEW", async () => {
    const returning = async (clause: string) => {
      const pk = await item({ data: S("old"), keep: S("same"), tags: { L: [S("a"), S("b"), S("c")] } });
      return (
        await run(`UPDATE "${table}" SET data = 'new', tags[2] = 'y' WHERE pk = '${pk}' RETURNING ${clause}`)
      ).Items;
    };

    assert.deepEqual((await returning("ALL OLD *"))?.[0]?.data, S("old"));
    assert.deepEqual((await returning("ALL NEW *"))?.[0]?.keep, S("same"));
    assert.deepEqual(await returning("MODIFIED OLD *"), [{ data: S("old"), tags: { L: [S("c")] } }]);
    assert.deepEqual(await returning("MODIFIED NEW *"), [{ data: S("new"), tags: { L: [S("y")] } }]);
  });

  it("answers no row when a MODIFIED projection is empty", async () => {
    const pk = await item({ data: S("old") });

    const result = await run(`UPDATE "${table}" REMOVE data WHERE pk = '${pk}' RETURNING MODIFIED NEW *`);

    assert.deepEqual(result.Items, []);
  });

  it("refuses a WHERE without an equality on every key attribute", async () => {
    await validationError(
      run(`UPDATE "${composite}" SET a = 1 WHERE pk = 'x'`),
      "Where clause does not contain a mandatory equality on all key attributes",
    );
    await validationError(
      run(`FROM "${table}" SET c = 1`),
      "Where clause does not contain a mandatory equality on all key attributes",
    );
    await validationError(
      run(`UPDATE "${table}" SET a = 1 WHERE pk > 'x'`),
      "Where clause does not contain a mandatory equality on all key attributes",
    );
  });

  it("refuses an update of a key attribute", async () => {
    await validationError(
      run(`UPDATE "${table}" SET pk = 'b' WHERE pk = 'a'`),
      "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key",
    );
  });

  it("reports set_add and set_delete misuse where the function is", async () => {
    const where = `WHERE pk = 'any'`;
    const text = `UPDATE "${table}" SET t = set_add(ss, <<'x'>>) ${where}`;
    await validationError(
      run(text),
      `The first argument to SET_ADD must equal the assignment value at 1:${text.indexOf("set_add") + 1}:7`,
    );
    const second = `UPDATE "${table}" SET ss = set_add(ss, 'x') ${where}`;
    await validationError(
      run(second),
      `The second argument to SET_ADD must be a value with type SET at 1:${second.indexOf("(ss") + 2}:2`,
    );
    const arity = `UPDATE "${table}" SET ss = set_delete(ss) ${where}`;
    await validationError(
      run(arity),
      `SET_DELETE must have exactly two arguments at 1:${arity.indexOf("set_delete") + 1}:10`,
    );
  });

  it("reports a set operand of the wrong type as the update engine does", async () => {
    const pk = await item({ ss: { SS: ["a"] }, s: S("str") });

    await validationError(
      run(`UPDATE "${table}" SET ss = set_add(ss, <<1>>) WHERE pk = '${pk}'`),
      "An operand in the update expression has an incorrect data type",
    );
    await validationError(
      run(`UPDATE "${table}" SET s = set_add(s, <<'x'>>) WHERE pk = '${pk}'`),
      "An operand in the update expression has an incorrect data type",
    );
  });

  it("charges a write like UpdateItem", async () => {
    const pk = await item();

    const { ConsumedCapacity } = await run(`UPDATE "${table}" SET a = 1 WHERE pk = '${pk}'`, {
      ReturnConsumedCapacity: "TOTAL",
    });

    assert.deepEqual(ConsumedCapacity, { TableName: table, CapacityUnits: 1 });
  });
});

describe("ExecuteStatement: DELETE", () => {
  let t: TestEngine;
  let table: string;
  before(async () => {
    t = await startTestEngine();
    table = await hashTable(t.dynamodb);
    await seed(t.dynamodb, table, [
      { pk: S("d1"), name: S("alpha") },
      { pk: S("d2"), name: S("alpha") },
      { pk: S("d3"), name: S("alpha") },
    ]);
  });
  after(() => t.stop());

  const run = (text: string, extra = {}) => statement(t.dynamodb, text, extra);

  it("deletes the item and returns it with RETURNING ALL OLD *", async () => {
    const result = await run(`DELETE FROM "${table}" WHERE pk = 'd1' RETURNING ALL OLD *`);

    assert.deepEqual(result.Items, [{ pk: S("d1"), name: S("alpha") }]);
    assert.equal(await getItem(t.dynamodb, table, { pk: S("d1") }), undefined);
  });

  it("applies further WHERE conditions, and leaves the item when they fail", async () => {
    await assertDynamoError(
      run(`DELETE FROM "${table}" WHERE pk = 'd2' AND "name" = 'beta'`),
      "ConditionalCheckFailedException",
      "The conditional request failed",
    );
    assert.ok(await getItem(t.dynamodb, table, { pk: S("d2") }));
  });

  it("succeeds on an item that does not exist, whatever the rest of the WHERE", async () => {
    const result = await run(
      `DELETE FROM "${table}" WHERE pk = 'ghost' AND "name" = 'x' RETURNING ALL OLD *`,
    );

    assert.deepEqual(result.Items, []);
  });

  it("refuses RETURNING other than ALL OLD *", async () => {
    for (const clause of ["MODIFIED OLD *", "ALL NEW *", "MODIFIED NEW *"]) {
      await validationError(
        run(`DELETE FROM "${table}" WHERE pk = 'd3' RETURNING ${clause}`),
        `Invalid returning clause: RETURNING ${clause}. Only RETURNING ALL OLD * is allowed in DELETE statements.`,
      );
    }
    assert.ok(await getItem(t.dynamodb, table, { pk: S("d3") }));
  });

  it("refuses a DELETE without the key, and an alias", async () => {
    await validationError(
      run(`DELETE FROM "${table}" WHERE "name" = 'alpha'`),
      "Where clause does not contain a mandatory equality on all key attributes",
    );
    await validationError(
      run(`DELETE FROM "${table}"`),
      "Where clause does not contain a mandatory equality on all key attributes",
    );
    await validationError(run(`DELETE FROM "${table}" t WHERE pk = 'd3'`), "Aliasing is not supported");
  });
});
