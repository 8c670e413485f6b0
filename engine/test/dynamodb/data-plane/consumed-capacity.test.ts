/**
 * ConsumedCapacity as AWS computes it (Developer Guide, "Capacity unit consumption"): reads in
 * 4 KB units (eventually consistent halves), writes in 1 KB units, the larger of the item before
 * and after a write, each item rounded on its own in batches, a Query's or Scan's sizes summed and
 * then rounded, transactions doubled, and index writes only where the index entry changes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type ConsumedCapacity,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { filler, type Item, makeTable, putItems, S } from "./support.ts";

/** An item of exactly `bytes` bytes by DynamoDB's size rules: `pk` plus a padding string. */
function sized(pk: string, bytes: number, extra: Item = {}): Item {
  const base = 2 + Buffer.byteLength(pk) + 4;
  const extraBytes = Object.entries(extra).reduce(
    (n, [name, value]) => n + name.length + (value.S?.length ?? 0),
    0,
  );
  return { pk: S(pk), ...extra, fill: S(filler(bytes - base - extraBytes)) };
}

interface Units {
  TableName?: string;
  CapacityUnits?: number;
  Table?: number;
  GlobalSecondaryIndexes?: Record<string, number>;
  LocalSecondaryIndexes?: Record<string, number>;
}

/** The units of a ConsumedCapacity, arm by arm (the read/write split is tested on its own). */
function units(capacity: ConsumedCapacity | undefined): Units {
  assert.ok(capacity, "ConsumedCapacity is returned");
  const arms = (section: Record<string, { CapacityUnits?: number }> | undefined) =>
    section && Object.fromEntries(Object.entries(section).map(([name, c]) => [name, c.CapacityUnits!]));
  const out: Units = { TableName: capacity.TableName, CapacityUnits: capacity.CapacityUnits };
  if (capacity.Table) out.Table = capacity.Table.CapacityUnits;
  if (capacity.GlobalSecondaryIndexes) out.GlobalSecondaryIndexes = arms(capacity.GlobalSecondaryIndexes);
  if (capacity.LocalSecondaryIndexes) out.LocalSecondaryIndexes = arms(capacity.LocalSecondaryIndexes);
  return out;
}

describe("ConsumedCapacity", () => {
  let t: TestEngine;
  let table: string;
  let ranged: string;

  const getUnits = async (pk: string, consistent: boolean) =>
    units(
      (
        await t.dynamodb.send(
          new GetItemCommand({
            TableName: table,
            Key: { pk: S(pk) },
            ConsistentRead: consistent,
            ReturnConsumedCapacity: "TOTAL",
          }),
        )
      ).ConsumedCapacity,
    ).CapacityUnits;
  const putUnits = async (item: Item) =>
    units(
      (
        await t.dynamodb.send(
          new PutItemCommand({ TableName: table, Item: item, ReturnConsumedCapacity: "TOTAL" }),
        )
      ).ConsumedCapacity,
    ).CapacityUnits;

  before(async () => {
    t = await startTestEngine();
    table = await makeTable(t.dynamodb);
    ranged = await makeTable(t.dynamodb, { range: ["sk", "S"] });
    await putItems(t.dynamodb, table, [sized("r4k", 4096), sized("r4k1", 4097), sized("r8k", 8192)]);
    // Ten items of 1.5 KB in one partition: 15 KB summed is 4 read units, not 10.
    await putItems(
      t.dynamodb,
      ranged,
      Array.from({ length: 10 }, (_, i) => sized("q", 1536, { sk: S(String(i)) })),
    );
  });
  after(() => t.stop());

  describe("single-item reads", () => {
    it("charges 1 unit per 4 KB for a strongly consistent read, half for an eventual one", async () => {
      assert.deepEqual(
        [await getUnits("r4k", true), await getUnits("r4k1", true), await getUnits("r8k", true)],
        [1, 2, 2],
      );
      assert.deepEqual(
        [await getUnits("r4k", false), await getUnits("r4k1", false), await getUnits("r8k", false)],
        [0.5, 1, 1],
      );
    });

    it("charges a read of a missing item like a small one", async () => {
      assert.deepEqual([await getUnits("missing", true), await getUnits("missing", false)], [1, 0.5]);
    });

    it("names the table, and adds the Table arm only for INDEXES", async () => {
      const total = await t.dynamodb.send(
        new GetItemCommand({ TableName: table, Key: { pk: S("r8k") }, ReturnConsumedCapacity: "TOTAL" }),
      );
      const indexes = await t.dynamodb.send(
        new GetItemCommand({ TableName: table, Key: { pk: S("r8k") }, ReturnConsumedCapacity: "INDEXES" }),
      );
      const none = await t.dynamodb.send(
        new GetItemCommand({ TableName: table, Key: { pk: S("r8k") }, ReturnConsumedCapacity: "NONE" }),
      );

      assert.deepEqual(units(total.ConsumedCapacity), { TableName: table, CapacityUnits: 1 });
      assert.deepEqual(units(indexes.ConsumedCapacity), { TableName: table, CapacityUnits: 1, Table: 1 });
      assert.equal(none.ConsumedCapacity, undefined);
    });

    it("reports no read/write split outside transactions", async () => {
      const output = await t.dynamodb.send(
        new GetItemCommand({ TableName: table, Key: { pk: S("r8k") }, ReturnConsumedCapacity: "INDEXES" }),
      );

      assert.deepEqual(output.ConsumedCapacity, {
        TableName: table,
        CapacityUnits: 1,
        Table: { CapacityUnits: 1 },
      });
    });
  });

  describe("single-item writes", () => {
    it("charges 1 unit per 1 KB written", async () => {
      assert.deepEqual(
        [
          await putUnits(sized("w1", 1024)),
          await putUnits(sized("w2", 1025)),
          await putUnits(sized("w3", 3000)),
        ],
        [1, 2, 3],
      );
    });

    it("charges the larger of the item before and after a put", async () => {
      await putUnits(sized("shrink", 3 * 1024));

      assert.equal(await putUnits(sized("shrink", 100)), 3);
      assert.equal(await putUnits(sized("shrink", 2 * 1024 + 1)), 3);
    });

    it("charges the larger of the item before and after an update", async () => {
      await putUnits(sized("grow", 1000));

      const output = await t.dynamodb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: S("grow") },
          UpdateExpression: "SET more = :m",
          ExpressionAttributeValues: { ":m": S(filler(2000)) },
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      const shrink = await t.dynamodb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: S("grow") },
          UpdateExpression: "REMOVE more, fill",
          ReturnConsumedCapacity: "TOTAL",
        }),
      );

      assert.equal(units(output.ConsumedCapacity).CapacityUnits, 3);
      assert.equal(units(shrink.ConsumedCapacity).CapacityUnits, 3);
    });

    it("charges a delete by the deleted item, and 1 unit when there was none", async () => {
      await putUnits(sized("gone", 2500));
      const del = (pk: string) =>
        t.dynamodb.send(
          new DeleteItemCommand({ TableName: table, Key: { pk: S(pk) }, ReturnConsumedCapacity: "TOTAL" }),
        );

      assert.equal(units((await del("gone")).ConsumedCapacity).CapacityUnits, 3);
      assert.equal(units((await del("gone")).ConsumedCapacity).CapacityUnits, 1);
    });
  });

  describe("Query and Scan", () => {
    it("sums the sizes read and rounds once", async () => {
      const query = (ConsistentRead: boolean) =>
        t.dynamodb.send(
          new QueryCommand({
            TableName: ranged,
            KeyConditionExpression: "pk = :p",
            ExpressionAttributeValues: { ":p": S("q") },
            ConsistentRead,
            ReturnConsumedCapacity: "TOTAL",
          }),
        );

      assert.equal(units((await query(true)).ConsumedCapacity).CapacityUnits, 4);
      assert.equal(units((await query(false)).ConsumedCapacity).CapacityUnits, 2);
    });

    it("charges what was read before the filter and the projection", async () => {
      const output = await t.dynamodb.send(
        new QueryCommand({
          TableName: ranged,
          KeyConditionExpression: "pk = :p",
          FilterExpression: "attribute_not_exists(fill)",
          ProjectionExpression: "sk",
          ExpressionAttributeValues: { ":p": S("q") },
          ConsistentRead: true,
          ReturnConsumedCapacity: "TOTAL",
        }),
      );

      assert.equal(output.Count, 0);
      assert.equal(units(output.ConsumedCapacity).CapacityUnits, 4);
    });

    it("charges a read of nothing as one unit (half for an eventual read)", async () => {
      const output = await t.dynamodb.send(
        new QueryCommand({
          TableName: ranged,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": S("nobody") },
          ReturnConsumedCapacity: "TOTAL",
        }),
      );

      assert.equal(units(output.ConsumedCapacity).CapacityUnits, 0.5);
    });

    it("sums a Scan's page the same way", async () => {
      const output = await t.dynamodb.send(
        new ScanCommand({ TableName: ranged, ConsistentRead: true, ReturnConsumedCapacity: "INDEXES" }),
      );

      assert.deepEqual(units(output.ConsumedCapacity), { TableName: ranged, CapacityUnits: 4, Table: 4 });
    });
  });

  describe("batches", () => {
    it("rounds each item of a BatchGetItem on its own: 1.5 KB + 6.5 KB is 1 + 2 units", async () => {
      const batch = await makeTable(t.dynamodb);
      await putItems(t.dynamodb, batch, [sized("a", 1536), sized("b", 6656)]);
      const read = (ConsistentRead: boolean) =>
        t.dynamodb.send(
          new BatchGetItemCommand({
            RequestItems: {
              [batch]: { Keys: [{ pk: S("a") }, { pk: S("b") }, { pk: S("none") }], ConsistentRead },
            },
            ReturnConsumedCapacity: "TOTAL",
          }),
        );

      const strong = await read(true);
      const eventual = await read(false);

      assert.deepEqual(strong.ConsumedCapacity!.map(units), [{ TableName: batch, CapacityUnits: 4 }]);
      assert.deepEqual(eventual.ConsumedCapacity!.map(units), [{ TableName: batch, CapacityUnits: 2 }]);
    });

    it("rounds each item of a BatchWriteItem on its own: 500 B + 3.5 KB is 1 + 4 units", async () => {
      const batch = await makeTable(t.dynamodb);
      const other = await makeTable(t.dynamodb);

      const output = await t.dynamodb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [batch]: [{ PutRequest: { Item: sized("a", 500) } }, { PutRequest: { Item: sized("b", 3584) } }],
            [other]: [{ DeleteRequest: { Key: { pk: S("none") } } }],
          },
          ReturnConsumedCapacity: "TOTAL",
        }),
      );

      assert.deepEqual(
        output.ConsumedCapacity!.map(units).sort((a, b) => a.CapacityUnits! - b.CapacityUnits!),
        [
          { TableName: other, CapacityUnits: 1 },
          { TableName: batch, CapacityUnits: 5 },
        ],
      );
    });
  });

  describe("transactions", () => {
    it("charges TransactGetItems two units per 4 KB per item, a missing item included", async () => {
      const output = await t.dynamodb.send(
        new TransactGetItemsCommand({
          TransactItems: [
            { Get: { TableName: table, Key: { pk: S("r4k1") } } },
            { Get: { TableName: table, Key: { pk: S("absent") } } },
          ],
          ReturnConsumedCapacity: "INDEXES",
        }),
      );

      assert.deepEqual(output.ConsumedCapacity, [
        {
          TableName: table,
          CapacityUnits: 6,
          ReadCapacityUnits: 6,
          Table: { CapacityUnits: 6, ReadCapacityUnits: 6 },
        },
      ]);
    });

    it("charges TransactWriteItems two units per 1 KB per item, with the write split", async () => {
      const output = await t.dynamodb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: table, Item: sized("tx1", 1500) } },
            { Put: { TableName: table, Item: sized("tx2", 500) } },
          ],
          ReturnConsumedCapacity: "TOTAL",
        }),
      );

      assert.deepEqual(output.ConsumedCapacity, [
        { TableName: table, CapacityUnits: 6, WriteCapacityUnits: 6 },
      ]);
    });

    it("reports the reads, not the writes, when a ClientRequestToken is replayed", async () => {
      const request = () =>
        t.dynamodb.send(
          new TransactWriteItemsCommand({
            TransactItems: [{ Put: { TableName: table, Item: sized("replayed", 1500) } }],
            ClientRequestToken: "capacity-replay",
            ReturnConsumedCapacity: "TOTAL",
          }),
        );

      const first = await request();
      const replay = await request();

      assert.deepEqual(first.ConsumedCapacity, [
        { TableName: table, CapacityUnits: 4, WriteCapacityUnits: 4 },
      ]);
      assert.equal(replay.ConsumedCapacity![0]!.WriteCapacityUnits, undefined);
      assert.ok(replay.ConsumedCapacity![0]!.ReadCapacityUnits! > 0);
    });
  });

  describe("secondary indexes (INDEXES)", () => {
    let indexed: string;
    let counter = 0;
    const fresh = () => `i${++counter}`;

    const put = async (item: Item, mode: "INDEXES" | "TOTAL" = "INDEXES") =>
      units(
        (
          await t.dynamodb.send(
            new PutItemCommand({ TableName: indexed, Item: item, ReturnConsumedCapacity: mode }),
          )
        ).ConsumedCapacity,
      );
    const update = async (pk: string, expression: string, values?: Item) =>
      units(
        (
          await t.dynamodb.send(
            new UpdateItemCommand({
              TableName: indexed,
              Key: { pk: S(pk), sk: S("1") },
              UpdateExpression: expression,
              ExpressionAttributeValues: values,
              ReturnConsumedCapacity: "INDEXES",
            }),
          )
        ).ConsumedCapacity,
      );
    const seedLadder = async () => {
      const pk = fresh();
      await put({ pk: S(pk), sk: S("1"), gsiPk: S("g"), lsiSk: S("L1"), proj: S("p"), misc: S("o") });
      return pk;
    };

    before(async () => {
      indexed = await makeTable(t.dynamodb, {
        range: ["sk", "S"],
        attributes: [
          ["gsiPk", "S"],
          ["lsiSk", "S"],
        ],
        gsis: [
          {
            name: "gInc",
            hash: "gsiPk",
            projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["proj"] },
          },
        ],
        lsis: [{ name: "lAll", hash: "pk", range: "lsiSk" }],
      });
    });

    it("charges the GSI beside the table and sums them", async () => {
      assert.deepEqual(await put({ pk: S(fresh()), sk: S("1"), gsiPk: S("g"), proj: S("p") }), {
        TableName: indexed,
        CapacityUnits: 2,
        Table: 1,
        GlobalSecondaryIndexes: { gInc: 1 },
      });
    });

    it("folds the index units into TOTAL without arms", async () => {
      assert.deepEqual(await put({ pk: S(fresh()), sk: S("1"), gsiPk: S("g") }, "TOTAL"), {
        TableName: indexed,
        CapacityUnits: 2,
      });
    });

    it("charges nothing for indexes a sparse item is not in", async () => {
      assert.deepEqual(await put({ pk: S(fresh()), sk: S("1"), misc: S("o") }), {
        TableName: indexed,
        CapacityUnits: 1,
        Table: 1,
      });
    });

    it("charges both index kinds, and nothing for an identical overwrite", async () => {
      const item = { pk: S(fresh()), sk: S("1"), gsiPk: S("g"), lsiSk: S("L"), proj: S("p") };

      assert.deepEqual(await put(item), {
        TableName: indexed,
        CapacityUnits: 3,
        Table: 1,
        GlobalSecondaryIndexes: { gInc: 1 },
        LocalSecondaryIndexes: { lAll: 1 },
      });
      assert.deepEqual(await put(item), { TableName: indexed, CapacityUnits: 1, Table: 1 });
    });

    it("charges no GSI write for a change to an attribute it does not project", async () => {
      const pk = await seedLadder();

      assert.deepEqual(await update(pk, "SET misc = :v", { ":v": S("o2") }), {
        TableName: indexed,
        CapacityUnits: 2,
        Table: 1,
        LocalSecondaryIndexes: { lAll: 1 },
      });
    });

    it("charges one GSI write for a projected attribute, two for a key change, one to leave", async () => {
      const projected = await seedLadder();
      const moved = await seedLadder();
      const removed = await seedLadder();

      assert.deepEqual((await update(projected, "SET proj = :v", { ":v": S("p2") })).GlobalSecondaryIndexes, {
        gInc: 1,
      });
      assert.deepEqual((await update(moved, "SET gsiPk = :v", { ":v": S("g2") })).GlobalSecondaryIndexes, {
        gInc: 2,
      });
      assert.deepEqual((await update(removed, "REMOVE gsiPk")).GlobalSecondaryIndexes, { gInc: 1 });
    });

    it("charges a delete once per index the item was in", async () => {
      const pk = await seedLadder();

      const output = await t.dynamodb.send(
        new DeleteItemCommand({
          TableName: indexed,
          Key: { pk: S(pk), sk: S("1") },
          ReturnConsumedCapacity: "INDEXES",
        }),
      );

      assert.deepEqual(units(output.ConsumedCapacity), {
        TableName: indexed,
        CapacityUnits: 3,
        Table: 1,
        GlobalSecondaryIndexes: { gInc: 1 },
        LocalSecondaryIndexes: { lAll: 1 },
      });
    });

    it("charges a GSI query to the index", async () => {
      const output = await t.dynamodb.send(
        new QueryCommand({
          TableName: indexed,
          IndexName: "gInc",
          KeyConditionExpression: "gsiPk = :g",
          ExpressionAttributeValues: { ":g": S("g") },
          ReturnConsumedCapacity: "INDEXES",
        }),
      );

      const consumed = units(output.ConsumedCapacity);
      assert.equal(consumed.CapacityUnits, 0.5);
      assert.deepEqual(consumed.GlobalSecondaryIndexes, { gInc: 0.5 });
    });
  });
});
