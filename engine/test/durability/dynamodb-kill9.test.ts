/**
 * Durability of DynamoDB: whatever the engine acknowledged survives `kill -9`, with exactly one
 * stream record per acknowledged change. The engine runs as a real child process (the CLI, on a
 * temporary data directory and the virtual clock); SDK clients make PutItems, conditional
 * UpdateItems, TransactWriteItems and BatchWriteItems; the process is killed with SIGKILL the
 * moment the last acknowledgement arrives, then restarted on the same directory and port.
 *
 * Each item's writes are made one after another (so its expected history is known); different
 * items are written concurrently. The model below is what the acknowledgements imply.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient, type _Record as StreamRecord } from "@aws-sdk/client-dynamodb-streams";
import { streamRecords } from "../support/dynamodb.ts";
import { TEST_CREDENTIALS, TEST_REGION } from "../support/engine.ts";
import { type EngineProcess, freePort, launchEngine } from "../support/engine-process.ts";

const VIRTUAL_CLOCK = ["--clock", "virtual", "--control", "--log-level", "warn"];
const TABLE = "orders";
const ITEMS = 40;

type Item = Record<string, AttributeValue>;

const clientConfig = (endpoint: string) => ({
  endpoint,
  region: TEST_REGION,
  credentials: TEST_CREDENTIALS,
  maxAttempts: 1,
});

/** What the acknowledgements say: each item's last value, and its changes in order. */
class Model {
  readonly items = new Map<string, Item | undefined>();
  readonly changes = new Map<string, string[]>();

  record(id: string, next: Item | undefined): void {
    const previous = this.items.get(id);
    this.items.set(id, next);
    const kind = next === undefined ? "REMOVE" : previous === undefined ? "INSERT" : "MODIFY";
    this.changes.set(id, [...(this.changes.get(id) ?? []), `${kind} ${next?.version?.N ?? "-"}`]);
  }

  survivors(): Item[] {
    return [...this.items.values()].filter((item): item is Item => item !== undefined).sort(byId);
  }
}

const byId = (a: Item, b: Item) => (a.id!.S! < b.id!.S! ? -1 : a.id!.S! > b.id!.S! ? 1 : 0);
const order = (id: string, version: number, extra: Item = {}): Item => ({
  id: { S: id },
  version: { N: String(version) },
  customer: { S: `customer of ${id}` },
  ...extra,
});

async function launched(port: number, dataDir: string): Promise<EngineProcess> {
  const engine = launchEngine({ launcher: "bin", port, dataDir, args: VIRTUAL_CLOCK });
  await engine.ready();
  return engine;
}

/** Bumps `id` from `from` to `from + 1` on the condition that it is still at `from`. */
async function bump(dynamodb: DynamoDBClient, model: Model, id: string, from: number): Promise<void> {
  const { Attributes } = await dynamodb.send(
    new UpdateItemCommand({
      TableName: TABLE,
      Key: { id: { S: id } },
      UpdateExpression: "SET version = version + :one",
      ConditionExpression: "version = :from",
      ExpressionAttributeValues: { ":one": { N: "1" }, ":from": { N: String(from) } },
      ReturnValues: "ALL_NEW",
    }),
  );
  model.record(id, Attributes);
}

describe("DynamoDB after kill -9 and a restart", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "orderflow-dynamodb-durability-"));
  const model = new Model();
  let engine: EngineProcess;
  let dynamodb: DynamoDBClient;
  let streams: DynamoDBStreamsClient;

  before(async () => {
    // Prepare: a first life of the engine with a streamed table.
    const port = await freePort();
    const first = await launched(port, dataDir);
    const client = new DynamoDBClient(clientConfig(first.endpoint));
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      }),
    );
    const ids = Array.from({ length: ITEMS }, (_, n) => `o${String(n).padStart(2, "0")}`);

    // Act: PutItems side by side; conditional updates, three per item, one after another.
    await Promise.all(
      ids.map(async (id) => {
        const item = order(id, 1);
        await client.send(new PutItemCommand({ TableName: TABLE, Item: item }));
        model.record(id, item);
      }),
    );
    await Promise.all(
      ids.slice(0, 20).map(async (id) => {
        for (const from of [1, 2, 3]) await bump(client, model, id, from);
      }),
    );
    // A stale condition changes nothing and must leave no record.
    await assert.rejects(bump(client, model, ids[0]!, 1), { name: "ConditionalCheckFailedException" });

    // A transaction that commits, and one that is cancelled.
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: order("t1", 1) } },
          { Put: { TableName: TABLE, Item: order("t2", 1) } },
          {
            Update: {
              TableName: TABLE,
              Key: { id: { S: ids[30]! } },
              UpdateExpression: "SET version = :v",
              ExpressionAttributeValues: { ":v": { N: "100" } },
            },
          },
          {
            ConditionCheck: {
              TableName: TABLE,
              Key: { id: { S: ids[31]! } },
              ConditionExpression: "attribute_exists(id)",
            },
          },
        ],
      }),
    );
    model.record("t1", order("t1", 1));
    model.record("t2", order("t2", 1));
    model.record(ids[30]!, { ...model.items.get(ids[30]!)!, version: { N: "100" } });
    await assert.rejects(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: order("never", 1) } },
            { Delete: { TableName: TABLE, Key: { id: { S: ids[32]! } } } },
            {
              ConditionCheck: {
                TableName: TABLE,
                Key: { id: { S: "missing" } },
                ConditionExpression: "attribute_exists(id)",
              },
            },
          ],
        }),
      ),
      { name: "TransactionCanceledException" },
    );

    // The last burst, side by side: a BatchWriteItem (puts and deletes), puts and updates; then
    // SIGKILL the moment every one is acknowledged.
    const batch = async () => {
      const puts = ["b0", "b1", "b2", "b3", "b4"].map((id) => order(id, 1, { batch: { BOOL: true } }));
      const deletes = ids.slice(35, 40);
      const { UnprocessedItems } = await client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [TABLE]: [
              ...puts.map((Item) => ({ PutRequest: { Item } })),
              ...deletes.map((id) => ({ DeleteRequest: { Key: { id: { S: id } } } })),
            ],
          },
        }),
      );
      assert.deepEqual(UnprocessedItems, {});
      for (const item of puts) model.record(item.id!.S!, item);
      for (const id of deletes) model.record(id, undefined);
    };
    const lastPuts = ["z0", "z1", "z2", "z3", "z4", "z5"].map(async (id) => {
      for (const version of [1, 2]) {
        const item = order(id, version);
        await client.send(new PutItemCommand({ TableName: TABLE, Item: item }));
        model.record(id, item);
      }
    });
    const lastBumps = ids.slice(20, 30).map((id) => bump(client, model, id, 1));
    await Promise.all([batch(), ...lastPuts, ...lastBumps]);
    const killed = await first.stop("SIGKILL");
    client.destroy();
    assert.equal(killed.signal, "SIGKILL");

    engine = await launched(port, dataDir);
    dynamodb = new DynamoDBClient(clientConfig(engine.endpoint));
    streams = new DynamoDBStreamsClient(clientConfig(engine.endpoint));
  });

  after(async () => {
    dynamodb?.destroy();
    streams?.destroy();
    if (engine) assert.deepEqual(await engine.stop(), { code: 0, signal: null });
    rmSync(dataDir, { recursive: true, force: true });
  });

  const latestStreamArn = async () =>
    (await dynamodb.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.LatestStreamArn!;

  /** Each item's stream records as `<eventName> <version>`, in stream order. */
  function changesOf(records: StreamRecord[]): Map<string, string[]> {
    const changes = new Map<string, string[]>();
    for (const record of records) {
      const id = record.dynamodb!.Keys!.id!.S!;
      const version = record.dynamodb!.NewImage?.version?.N ?? "-";
      changes.set(id, [...(changes.get(id) ?? []), `${record.eventName} ${version}`]);
    }
    return changes;
  }

  it("keeps every acknowledged write with its last value, and nothing unacknowledged", async () => {
    const { Items } = await dynamodb.send(new ScanCommand({ TableName: TABLE }));

    assert.deepEqual(Items!.sort(byId), model.survivors());
  });

  it("has exactly one stream record per acknowledged change, in order per item", async () => {
    const records = await streamRecords(streams, await latestStreamArn());

    assert.deepEqual(changesOf(records), model.changes);
    const sequence = records.map((r) => BigInt(r.dynamodb!.SequenceNumber!));
    assert.ok(
      sequence.every((n, i) => i === 0 || n > sequence[i - 1]!),
      "sequence numbers increase",
    );
  });

  it("goes on appending to the same shard after the restart", async () => {
    const arn = await latestStreamArn();
    const before = await streamRecords(streams, arn);

    await dynamodb.send(new PutItemCommand({ TableName: TABLE, Item: order("after-restart", 1) }));

    const records = await streamRecords(streams, arn);
    assert.equal(records.length, before.length + 1);
    const last = records.at(-1)!;
    assert.equal(last.dynamodb!.Keys!.id!.S, "after-restart");
    assert.ok(BigInt(last.dynamodb!.SequenceNumber!) > BigInt(before.at(-1)!.dynamodb!.SequenceNumber!));
  });
});
