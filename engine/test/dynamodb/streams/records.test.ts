/**
 * DynamoDB Streams records through the SDK v3 (DynamoDBStreamsClient): the exact record shape for
 * every StreamViewType, one record per changing write and none for a write that changes nothing,
 * and per-item order across single writes, batches and transactions.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type AttributeValue,
  BatchWriteItemCommand,
  DeleteItemCommand,
  PutItemCommand,
  type StreamViewType,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import type { _Record as StreamRecord } from "@aws-sdk/client-dynamodb-streams";
import {
  createTable,
  rawStreamsCall,
  shardIterator,
  streamRecords,
  streamTableInput,
} from "../../support/dynamodb.ts";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";

const KEYS = { pk: { S: "a" }, sk: { N: "1" } };
const FIRST = { ...KEYS, status: { S: "PENDING" }, amount: { N: "12.5" } };
const SECOND = { ...KEYS, status: { S: "PROCESSING" }, amount: { N: "12.5" } };

/** A record with the values that vary from run to run replaced by what they must look like. */
function shapeOf(record: StreamRecord) {
  const { eventID, dynamodb, ...rest } = record;
  const { ApproximateCreationDateTime, SequenceNumber, SizeBytes, ...stable } = dynamodb!;
  assert.match(eventID!, /^[0-9a-f]{32}$/);
  assert.match(SequenceNumber!, /^[0-9]{21,40}$/);
  assert.ok(Number.isInteger(SizeBytes) && SizeBytes! > 0, `SizeBytes ${SizeBytes}`);
  assert.ok(ApproximateCreationDateTime instanceof Date);
  assert.equal(ApproximateCreationDateTime.getTime() % 1000, 0, "rounded down to the second");
  return { ...rest, dynamodb: stable };
}

const expected = (
  eventName: "INSERT" | "MODIFY" | "REMOVE",
  view: StreamViewType,
  images: { NewImage?: Record<string, AttributeValue>; OldImage?: Record<string, AttributeValue> },
) => ({
  eventName,
  eventVersion: "1.1",
  eventSource: "aws:dynamodb",
  awsRegion: "us-east-1",
  dynamodb: { Keys: KEYS, ...images, StreamViewType: view },
});

describe("stream records", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  /** Put FIRST, update it to SECOND, delete it; returns the table's stream records. */
  async function insertModifyRemove(view: StreamViewType): Promise<StreamRecord[]> {
    const table = await createTable(t.dynamodb, streamTableInput(view));
    const name = table.TableName!;
    await t.dynamodb.send(new PutItemCommand({ TableName: name, Item: FIRST }));
    await t.dynamodb.send(
      new UpdateItemCommand({
        TableName: name,
        Key: KEYS,
        UpdateExpression: "SET #s = :s",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":s": { S: "PROCESSING" } },
      }),
    );
    await t.dynamodb.send(new DeleteItemCommand({ TableName: name, Key: KEYS }));
    return streamRecords(t.streams, table.LatestStreamArn!);
  }

  it("KEYS_ONLY records carry the keys and no images", async () => {
    const records = await insertModifyRemove("KEYS_ONLY");

    assert.deepEqual(records.map(shapeOf), [
      expected("INSERT", "KEYS_ONLY", {}),
      expected("MODIFY", "KEYS_ONLY", {}),
      expected("REMOVE", "KEYS_ONLY", {}),
    ]);
  });

  it("NEW_IMAGE records carry the item as written", async () => {
    const records = await insertModifyRemove("NEW_IMAGE");

    assert.deepEqual(records.map(shapeOf), [
      expected("INSERT", "NEW_IMAGE", { NewImage: FIRST }),
      expected("MODIFY", "NEW_IMAGE", { NewImage: SECOND }),
      expected("REMOVE", "NEW_IMAGE", {}),
    ]);
  });

  it("OLD_IMAGE records carry the item as it was", async () => {
    const records = await insertModifyRemove("OLD_IMAGE");

    assert.deepEqual(records.map(shapeOf), [
      expected("INSERT", "OLD_IMAGE", {}),
      expected("MODIFY", "OLD_IMAGE", { OldImage: FIRST }),
      expected("REMOVE", "OLD_IMAGE", { OldImage: SECOND }),
    ]);
  });

  it("NEW_AND_OLD_IMAGES records carry both", async () => {
    const records = await insertModifyRemove("NEW_AND_OLD_IMAGES");

    assert.deepEqual(records.map(shapeOf), [
      expected("INSERT", "NEW_AND_OLD_IMAGES", { NewImage: FIRST }),
      expected("MODIFY", "NEW_AND_OLD_IMAGES", { NewImage: SECOND, OldImage: FIRST }),
      expected("REMOVE", "NEW_AND_OLD_IMAGES", { OldImage: SECOND }),
    ]);
  });

  it("dates records to the second of the write, and sizes them by their content", async () => {
    const before = t.clock.now();
    const [keysOnly] = await insertModifyRemove("KEYS_ONLY");
    const [withImages] = await insertModifyRemove("NEW_AND_OLD_IMAGES");
    const afterwards = t.clock.now();

    for (const record of [keysOnly!, withImages!]) {
      const at = record.dynamodb!.ApproximateCreationDateTime!.getTime();
      assert.ok(at >= Math.floor(before / 1000) * 1000 && at <= afterwards, `${at}`);
    }
    assert.ok(withImages!.dynamodb!.SizeBytes! > keysOnly!.dynamodb!.SizeBytes!);
  });

  it("sends ApproximateCreationDateTime as epoch seconds and SequenceNumber as a decimal string", async () => {
    const table = await createTable(t.dynamodb, streamTableInput("KEYS_ONLY"));
    await t.dynamodb.send(new PutItemCommand({ TableName: table.TableName, Item: FIRST }));
    const iterator = await shardIterator(t.streams, table.LatestStreamArn!);

    const { status, body } = await rawStreamsCall(t.endpoint, "GetRecords", { ShardIterator: iterator });

    assert.equal(status, 200);
    const [record] = body.Records as Array<{ dynamodb: Record<string, unknown> }>;
    const seconds = record!.dynamodb.ApproximateCreationDateTime;
    assert.ok(Number.isInteger(seconds) && Math.abs((seconds as number) - t.clock.now() / 1000) < 60);
    assert.equal(typeof record!.dynamodb.SequenceNumber, "string");
    assert.equal(typeof record!.dynamodb.SizeBytes, "number");
  });

  it("writes no record for writes that change nothing", async () => {
    const table = await createTable(t.dynamodb, streamTableInput("NEW_AND_OLD_IMAGES"));
    const name = table.TableName!;
    await t.dynamodb.send(new PutItemCommand({ TableName: name, Item: FIRST }));

    await t.dynamodb.send(new PutItemCommand({ TableName: name, Item: FIRST }));
    await t.dynamodb.send(
      new PutItemCommand({ TableName: name, Item: { ...FIRST, amount: { N: "12.50" } } }),
    );
    await t.dynamodb.send(
      new UpdateItemCommand({
        TableName: name,
        Key: KEYS,
        UpdateExpression: "SET amount = :a REMOVE nothingHere",
        ExpressionAttributeValues: { ":a": { N: "12.5" } },
      }),
    );
    await t.dynamodb.send(new DeleteItemCommand({ TableName: name, Key: { ...KEYS, sk: { N: "2" } } }));
    await t.dynamodb
      .send(
        new PutItemCommand({
          TableName: name,
          Item: SECOND,
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      )
      .catch((error: Error) => assert.equal(error.name, "ConditionalCheckFailedException"));

    const records = await streamRecords(t.streams, table.LatestStreamArn!);
    assert.deepEqual(
      records.map((r) => r.eventName),
      ["INSERT"],
    );
  });

  it("keeps each item's changes in order, one record per change", async () => {
    const table = await createTable(t.dynamodb, streamTableInput("NEW_IMAGE"));
    const name = table.TableName!;
    const item = (pk: string, version: number) => ({
      pk: { S: pk },
      sk: { N: "1" },
      version: { N: String(version) },
    });
    for (let version = 1; version <= 5; version++) {
      for (const pk of ["x", "y", "z"]) {
        await t.dynamodb.send(new PutItemCommand({ TableName: name, Item: item(pk, version) }));
      }
    }

    const records = await streamRecords(t.streams, table.LatestStreamArn!);

    assert.equal(records.length, 15);
    const sequence = records.map((r) => BigInt(r.dynamodb!.SequenceNumber!));
    assert.ok(
      sequence.every((n, i) => i === 0 || n > sequence[i - 1]!),
      "sequence numbers increase",
    );
    for (const pk of ["x", "y", "z"]) {
      const versions = records
        .filter((r) => r.dynamodb!.Keys!.pk!.S === pk)
        .map((r) => r.dynamodb!.NewImage!.version!.N);
      assert.deepEqual(versions, ["1", "2", "3", "4", "5"]);
    }
  });

  it("writes one record per item a batch or a transaction changes, none for a cancelled one", async () => {
    const table = await createTable(t.dynamodb, streamTableInput("KEYS_ONLY"));
    const name = table.TableName!;
    const key = (pk: string) => ({ pk: { S: pk }, sk: { N: "1" } });
    await t.dynamodb.send(
      new BatchWriteItemCommand({
        RequestItems: { [name]: ["b1", "b2", "b3"].map((pk) => ({ PutRequest: { Item: key(pk) } })) },
      }),
    );
    await t.dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: name, Item: key("t1") } },
          { Delete: { TableName: name, Key: key("b1") } },
          {
            ConditionCheck: { TableName: name, Key: key("b2"), ConditionExpression: "attribute_exists(pk)" },
          },
        ],
      }),
    );
    await t.dynamodb
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: name, Item: key("t2") } },
            {
              ConditionCheck: {
                TableName: name,
                Key: key("nope"),
                ConditionExpression: "attribute_exists(pk)",
              },
            },
          ],
        }),
      )
      .catch((error: Error) => assert.equal(error.name, "TransactionCanceledException"));

    const records = await streamRecords(t.streams, table.LatestStreamArn!);

    assert.deepEqual(
      records.map((r) => `${r.eventName} ${r.dynamodb!.Keys!.pk!.S}`),
      ["INSERT b1", "INSERT b2", "INSERT b3", "INSERT t1", "REMOVE b1"],
    );
  });
});
