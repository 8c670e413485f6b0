import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { attribute, hashKey, rangeKey, validationError } from "../control-plane/support.ts";
import { compositeTable, hashTable, N, S, seed, statement } from "./support.ts";

describe("ExecuteStatement: SELECT", () => {
  let t: TestEngine;
  let composite: string;
  let hash: string;
  before(async () => {
    t = await startTestEngine();
    composite = await compositeTable(t.dynamodb);
    hash = await hashTable(t.dynamodb);
    await seed(t.dynamodb, composite, [
      ...[1, 2, 3, 4, 5].map((sk) => ({ pk: S("a"), sk: N(sk), kind: S(sk % 2 ? "odd" : "even") })),
      {
        pk: S("b"),
        sk: N(1),
        kind: S("odd"),
        doc: { M: { deep: { S: "deep" }, items: { L: [S("x"), S("y")] } } },
      },
      { pk: S("c"), sk: N(1) },
    ]);
    await seed(t.dynamodb, hash, [
      { pk: S("h1"), name: S("alpha"), n: N(5), tags: { SS: ["red", "blue"] } },
      { pk: S("h2"), name: S("beta"), n: N(7), flag: { BOOL: true } },
    ]);
  });
  after(() => t.stop());

  const run = (text: string, extra = {}) => statement(t.dynamodb, text, extra);
  const sks = (items: Record<string, { N?: string }>[] | undefined) =>
    (items ?? []).map((i) => Number(i.sk!.N));

  it("reads a partition in sort-key order", async () => {
    const { Items } = await run(`SELECT * FROM "${composite}" WHERE pk = 'a'`);

    assert.deepEqual(sks(Items as never), [1, 2, 3, 4, 5]);
  });

  it("narrows by sort-key conditions and filters on other attributes", async () => {
    const { Items } = await run(
      `SELECT sk FROM "${composite}" WHERE pk = 'a' AND sk BETWEEN 2 AND 4 AND kind = 'even'`,
    );

    assert.deepEqual(Items, [{ sk: N(2) }, { sk: N(4) }]);
  });

  it("reads ORDER BY the sort key DESC in descending order", async () => {
    const { Items } = await run(`SELECT sk FROM "${composite}" WHERE pk = 'a' ORDER BY sk DESC`);

    assert.deepEqual(sks(Items as never), [5, 4, 3, 2, 1]);
  });

  it("reads several partitions for IN and OR on the partition key", async () => {
    const viaIn = await run(`SELECT pk, sk FROM "${composite}" WHERE pk IN ['b', 'c']`);
    const viaOr = await run(`SELECT pk, sk FROM "${composite}" WHERE pk = 'b' OR pk = 'c'`);

    assert.deepEqual(viaIn.Items, [
      { pk: S("b"), sk: N(1) },
      { pk: S("c"), sk: N(1) },
    ]);
    assert.deepEqual(viaOr.Items, viaIn.Items);
  });

  it("scans when the WHERE does not pin the partition key", async () => {
    const { Items } = await run(`SELECT pk, sk FROM "${composite}" WHERE kind = 'odd' AND sk > 1`);

    assert.deepEqual(Items, [
      { pk: S("a"), sk: N(3) },
      { pk: S("a"), sk: N(5) },
    ]);
  });

  it("scans the whole table without a WHERE", async () => {
    const { Items } = await run(`SELECT * FROM "${composite}"`);

    assert.equal(Items?.length, 7);
  });

  it("names a selected path after its last name, and leaves out what is missing", async () => {
    const { Items } = await run(`SELECT doc.deep, doc.items[1], absent FROM "${composite}" WHERE pk = 'b'`);

    assert.deepEqual(Items, [{ deep: S("deep"), _2: S("y") }]);
  });

  it("takes ? parameters in order", async () => {
    const { Items } = await run(`SELECT pk FROM "${hash}" WHERE pk = ? AND n > ?`, {
      Parameters: [S("h1"), N(4)],
    });

    assert.deepEqual(Items, [{ pk: S("h1") }]);
  });

  it("evaluates the condition functions and IS [NOT] MISSING", async () => {
    const found = async (condition: string) =>
      ((await run(`SELECT pk FROM "${hash}" WHERE ${condition}`)).Items ?? []).map((i) => i.pk!.S).sort();

    assert.deepEqual(await found("begins_with(name, 'al')"), ["h1"]);
    assert.deepEqual(await found("contains(tags, 'red')"), ["h1"]);
    assert.deepEqual(await found("attribute_type(flag, 'BOOL')"), ["h2"]);
    assert.deepEqual(await found("size(name) = 4"), ["h2"]);
    assert.deepEqual(await found("flag IS MISSING"), ["h1"]);
    assert.deepEqual(await found("flag IS NOT MISSING"), ["h2"]);
    assert.deepEqual(await found("attribute_exists(tags)"), ["h1"]);
    assert.deepEqual(await found("NOT begins_with(name, 'al')"), ["h2"]);
    assert.deepEqual(await found("n <> 5"), ["h2"]);
    assert.deepEqual(await found("tags = <<'blue', 'red'>>"), ["h1"]);
  });

  it("reads with ConsistentRead and charges a strong read", async () => {
    const eventual = await run(`SELECT * FROM "${hash}" WHERE pk = 'h1'`, {
      ReturnConsumedCapacity: "TOTAL",
    });
    const strong = await run(`SELECT * FROM "${hash}" WHERE pk = 'h1'`, {
      ConsistentRead: true,
      ReturnConsumedCapacity: "TOTAL",
    });

    assert.deepEqual(eventual.ConsumedCapacity, {
      TableName: hash,
      CapacityUnits: 0.5,
    });
    assert.equal(strong.ConsumedCapacity?.CapacityUnits, 1);
  });

  it("returns no ConsumedCapacity unless asked", async () => {
    const result = await run(`SELECT * FROM "${hash}" WHERE pk = 'h1'`);

    assert.equal(result.ConsumedCapacity, undefined);
  });
});

describe("ExecuteStatement: SELECT pagination", () => {
  let t: TestEngine;
  let table: string;
  before(async () => {
    t = await startTestEngine();
    table = await compositeTable(t.dynamodb);
    await seed(t.dynamodb, table, [
      ...[1, 2, 3].map((sk) => ({ pk: S("p"), sk: N(sk) })),
      ...[1, 2].map((sk) => ({ pk: S("q"), sk: N(sk) })),
    ]);
  });
  after(() => t.stop());

  async function readAll(text: string, Limit: number, extra = {}) {
    const pages: number[] = [];
    const items: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await statement(t.dynamodb, text, { Limit, NextToken, ...extra });
      pages.push(page.Items!.length);
      items.push(...page.Items!.map((i) => `${i.pk!.S}${i.sk!.N}`));
      NextToken = page.NextToken;
    } while (NextToken && pages.length < 20);
    return { pages, items };
  }

  it("pages a Query by Limit with NextToken and LastEvaluatedKey", async () => {
    const first = await statement(t.dynamodb, `SELECT * FROM "${table}" WHERE pk = 'p'`, { Limit: 2 });

    assert.equal(first.Items?.length, 2);
    assert.ok(first.NextToken);
    assert.deepEqual(first.LastEvaluatedKey, { pk: S("p"), sk: N(2) });
    const rest = await statement(t.dynamodb, `SELECT * FROM "${table}" WHERE pk = 'p'`, {
      Limit: 2,
      NextToken: first.NextToken,
    });
    assert.deepEqual(rest.Items, [{ pk: S("p"), sk: N(3) }]);
    assert.equal(rest.NextToken, undefined);
  });

  it("pages a Scan, and a read of several partitions, to the same items as one read", async () => {
    const scan = await readAll(`SELECT * FROM "${table}"`, 2);
    const partitions = await readAll(`SELECT * FROM "${table}" WHERE pk IN ['p', 'q']`, 2);

    assert.deepEqual(scan.items.sort(), ["p1", "p2", "p3", "q1", "q2"]);
    assert.deepEqual(partitions.items, ["p1", "p2", "p3", "q1", "q2"]);
  });

  it("counts items read, not items matched, against Limit", async () => {
    const page = await statement(t.dynamodb, `SELECT * FROM "${table}" WHERE pk = 'p' AND sk <> 1`, {
      Limit: 1,
    });

    assert.deepEqual(page.Items, []);
    assert.ok(page.NextToken);
  });

  it("refuses a NextToken from another statement or one it never issued", async () => {
    const first = await statement(t.dynamodb, `SELECT * FROM "${table}" WHERE pk = 'p'`, { Limit: 1 });

    await validationError(
      statement(t.dynamodb, `SELECT * FROM "${table}" WHERE pk = 'q'`, { NextToken: first.NextToken }),
      "NextToken does not match request",
    );
    await validationError(
      statement(t.dynamodb, `SELECT * FROM "${table}" WHERE pk = 'q'`, { NextToken: "not-a-token" }),
      "Invalid NextToken",
    );
  });
});

describe("ExecuteStatement: SELECT from an index", () => {
  let t: TestEngine;
  let table: string;
  before(async () => {
    t = await startTestEngine();
    table = await compositeTable(t.dynamodb, {
      AttributeDefinitions: [attribute("pk"), attribute("sk", "N"), attribute("g"), attribute("l")],
      GlobalSecondaryIndexes: [
        { IndexName: "by-g", KeySchema: [hashKey("g")], Projection: { ProjectionType: "KEYS_ONLY" } },
        { IndexName: "by-g-all", KeySchema: [hashKey("g")], Projection: { ProjectionType: "ALL" } },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: "by-l",
          KeySchema: [hashKey("pk"), rangeKey("l")],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
    });
    await seed(t.dynamodb, table, [
      { pk: S("p"), sk: N(1), g: S("x"), l: S("l1"), other: S("o1") },
      { pk: S("p"), sk: N(2), g: S("y"), l: S("l2"), other: S("o2") },
      { pk: S("p"), sk: N(3), other: S("o3") },
    ]);
  });
  after(() => t.stop());

  const run = (text: string, extra = {}) => statement(t.dynamodb, text, extra);

  it("reads only the items the index holds, with its projection", async () => {
    const { Items } = await run(`SELECT * FROM "${table}"."by-g" WHERE g = 'x'`);

    assert.deepEqual(Items, [{ pk: S("p"), sk: N(1), g: S("x") }]);
  });

  it("charges the index, not the table", async () => {
    const { ConsumedCapacity } = await run(`SELECT * FROM "${table}"."by-g-all" WHERE g = 'y'`, {
      ReturnConsumedCapacity: "INDEXES",
    });

    assert.deepEqual(ConsumedCapacity, {
      TableName: table,
      CapacityUnits: 0.5,
      Table: { CapacityUnits: 0 },
      GlobalSecondaryIndexes: { "by-g-all": { CapacityUnits: 0.5 } },
    });
  });

  it("fetches what an LSI does not project from the table", async () => {
    const { Items } = await run(`SELECT other FROM "${table}"."by-l" WHERE pk = 'p'`);

    assert.deepEqual(Items, [{ other: S("o1") }, { other: S("o2") }]);
  });

  it("refuses an attribute a GSI does not project", async () => {
    await validationError(
      run(`SELECT other FROM "${table}"."by-g" WHERE g = 'x'`),
      "One or more parameter values were invalid: Global secondary index by-g does not project [other]",
    );
  });

  it("refuses a keyed read filtering on an attribute the index does not project", async () => {
    await validationError(
      run(`SELECT pk FROM "${table}"."by-l" WHERE pk = 'p' AND other = 'o1'`),
      "One or more parameter values were invalid: Secondary index by-l does not project one or more filter attributes: [other]",
    );
  });

  it("scans an index with a filter on an attribute it does not project, matching nothing", async () => {
    const { Items } = await run(`SELECT pk FROM "${table}"."by-g" WHERE other = 'o1'`);

    assert.deepEqual(Items, []);
  });

  it("refuses an index the table does not have, and ConsistentRead on a GSI", async () => {
    await validationError(
      run(`SELECT * FROM "${table}"."nope" WHERE pk = 'p'`),
      "The table does not have the specified index",
    );
    await validationError(
      run(`SELECT * FROM "${table}"."by-g" WHERE g = 'x'`, { ConsistentRead: true }),
      "Strongly consistent read is not supported on Global Secondary Indexes",
    );
  });

  it("refuses a FROM path of three components or an empty one", async () => {
    await validationError(
      run(`SELECT * FROM "${table}"."by-g"."x" WHERE g = 'x'`),
      "A path may contain at most 2 components in the FROM clause",
    );
    await validationError(
      run(`SELECT * FROM "${table}"."" WHERE pk = 'p'`),
      "Path component cannot be an empty string",
    );
    await validationError(run(`SELECT * FROM "" WHERE pk = 'p'`), "Path component cannot be an empty string");
  });
});
