/**
 * Time to live through the SDK v3: once enabled, items whose TTL attribute (a Number of epoch
 * seconds) has passed are deleted by the engine's sweeper as the virtual clock advances, each with
 * a REMOVE stream record made by the DynamoDB service; items with a non-number, future or more
 * than five-year-old TTL stay. AWS deletes "typically within two days"; the engine within a minute.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type AttributeValue,
  DeleteItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import {
  createTable,
  ordersTableInput,
  rawStreamsCall,
  shardIterator,
  streamRecords,
  streamTableInput,
} from "../../support/dynamodb.ts";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";

const TTL_ATTRIBUTE = "expiresAt";
/** Longer than the engine's sweep interval. */
const SWEEP_MS = 61_000;
const YEAR_S = 365 * 24 * 60 * 60;

describe("TTL expiry", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const nowSeconds = () => Math.floor(t.clock.now() / 1000);
  const enableTtl = (TableName: string) =>
    t.dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: TTL_ATTRIBUTE },
      }),
    );
  const item = (pk: string, expiresAt?: AttributeValue): Record<string, AttributeValue> => ({
    pk: { S: pk },
    sk: { N: "1" },
    ...(expiresAt && { [TTL_ATTRIBUTE]: expiresAt }),
  });
  const put = (TableName: string, value: Record<string, AttributeValue>) =>
    t.dynamodb.send(new PutItemCommand({ TableName, Item: value }));
  const remaining = async (TableName: string) =>
    ((await t.dynamodb.send(new ScanCommand({ TableName }))).Items ?? []).map((i) => i.pk!.S).sort();

  /** A NEW_AND_OLD_IMAGES stream table with TTL on `expiresAt`. */
  async function ttlTable() {
    const table = await createTable(t.dynamodb, streamTableInput("NEW_AND_OLD_IMAGES"));
    await enableTtl(table.TableName!);
    return { name: table.TableName!, arn: table.TableArn!, streamArn: table.LatestStreamArn! };
  }

  it("deletes items whose TTL has passed and keeps the rest", async () => {
    const { name } = await ttlTable();
    await put(name, item("past", { N: String(nowSeconds() - 10) }));
    await put(name, item("soon", { N: String(nowSeconds() + 120) }));
    await put(name, item("later", { N: String(nowSeconds() + 3600) }));
    await put(name, item("text", { S: String(nowSeconds() - 10) }));
    await put(name, item("ancient", { N: String(nowSeconds() - 6 * YEAR_S) }));
    await put(name, item("none"));

    t.clock.advance(SWEEP_MS);
    const afterOneMinute = await remaining(name);
    t.clock.advance(2 * SWEEP_MS);

    assert.deepEqual(afterOneMinute, ["ancient", "later", "none", "soon", "text"]);
    assert.deepEqual(await remaining(name), ["ancient", "later", "none", "text"]);
  });

  it("records a TTL deletion as a REMOVE by the DynamoDB service", async () => {
    const { name, streamArn } = await ttlTable();
    const expired = item("past", { N: String(nowSeconds() - 1) });
    await put(name, expired);
    await put(name, item("mine"));
    await t.dynamodb.send(new DeleteItemCommand({ TableName: name, Key: item("mine") }));

    t.clock.advance(SWEEP_MS);

    const records = await streamRecords(t.streams, streamArn);
    const ttlRemove = records.at(-1)!;
    assert.deepEqual(
      records.map((r) => `${r.eventName} ${r.dynamodb!.Keys!.pk!.S}`),
      ["INSERT past", "INSERT mine", "REMOVE mine", "REMOVE past"],
    );
    assert.deepEqual(ttlRemove.userIdentity, { PrincipalId: "dynamodb.amazonaws.com", Type: "Service" });
    assert.deepEqual(ttlRemove.dynamodb!.OldImage, expired);
    assert.equal(ttlRemove.dynamodb!.NewImage, undefined);
    assert.equal(records[2]!.userIdentity, undefined);
  });

  it("sends userIdentity in the Streams API's member names", async () => {
    const { name, streamArn } = await ttlTable();
    await put(name, item("past", { N: String(nowSeconds() - 1) }));
    t.clock.advance(SWEEP_MS);
    const iterator = await shardIterator(t.streams, streamArn);

    const { body } = await rawStreamsCall(t.endpoint, "GetRecords", { ShardIterator: iterator });

    const records = body.Records as Array<Record<string, unknown>>;
    assert.deepEqual(records.at(-1)!.userIdentity, {
      PrincipalId: "dynamodb.amazonaws.com",
      Type: "Service",
    });
  });

  it("deletes nothing while TTL is disabled", async () => {
    const table = await createTable(t.dynamodb, streamTableInput("KEYS_ONLY"));
    await put(table.TableName!, item("past", { N: String(nowSeconds() - 10) }));

    t.clock.advance(SWEEP_MS);

    assert.deepEqual(await remaining(table.TableName!), ["past"]);
  });

  it("deletes items that expired before TTL was enabled, and honours a later update of the TTL", async () => {
    const table = await createTable(t.dynamodb, streamTableInput("KEYS_ONLY"));
    const name = table.TableName!;
    await put(name, item("old", { N: String(nowSeconds() - 10) }));
    await put(name, item("renewed", { N: String(nowSeconds() - 10) }));
    await enableTtl(name);
    await put(name, item("renewed", { N: String(nowSeconds() + 3600) }));

    t.clock.advance(SWEEP_MS);

    assert.deepEqual(await remaining(name), ["renewed"]);
  });

  it("spends no write capacity on TTL deletions", async () => {
    const table = await createTable(t.dynamodb, ordersTableInput());
    const name = table.TableName!;
    await enableTtl(name);
    t.clock.advance(5_000);
    for (const n of [1, 2, 3]) {
      const expired = { N: String(nowSeconds() - 1) };
      await put(name, { id: { S: `o${n}` }, timestamp: { N: String(n) }, [TTL_ATTRIBUTE]: expired });
    }
    const written = t.engine.inspect.dynamodbCapacity(table.TableArn!).consumedWrite;

    t.clock.advance(SWEEP_MS);

    const { Count } = await t.dynamodb.send(new ScanCommand({ TableName: name, Select: "COUNT" }));
    assert.equal(Count, 0);
    assert.equal(written, 3);
    assert.equal(t.engine.inspect.dynamodbCapacity(table.TableArn!).consumedWrite, written);
  });
});
