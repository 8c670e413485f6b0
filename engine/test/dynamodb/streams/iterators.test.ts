/**
 * Reading a stream through the SDK v3: the four shard iterator types, iterator expiry after 15
 * minutes, 24-hour retention (TrimmedDataAccessException), GetRecords' Limit and 1 MB cap.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import {
  assertFails,
  createTable,
  onlyShardId,
  readFrom,
  shardIterator,
  streamRecords,
  streamTableInput,
} from "../../support/dynamodb.ts";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

describe("shard iterators and GetRecords", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  /** A NEW_IMAGE stream table; `put(n)` writes item n (with `bytes` of payload). */
  async function streamedTable() {
    const table = await createTable(t.dynamodb, streamTableInput("NEW_IMAGE"));
    const put = (n: number, bytes = 10) =>
      t.dynamodb.send(
        new PutItemCommand({
          TableName: table.TableName,
          Item: { pk: { S: `item-${n}` }, sk: { N: "1" }, payload: { S: "p".repeat(bytes) } },
        }),
      );
    return { arn: table.LatestStreamArn!, put };
  }
  const items = (records: Awaited<ReturnType<typeof streamRecords>>) =>
    records.map((r) => r.dynamodb!.Keys!.pk!.S);

  it("TRIM_HORIZON starts at the oldest record", async () => {
    const { arn, put } = await streamedTable();
    for (const n of [1, 2, 3]) await put(n);

    const { records } = await readFrom(t.streams, await shardIterator(t.streams, arn, "TRIM_HORIZON"));

    assert.deepEqual(items(records), ["item-1", "item-2", "item-3"]);
  });

  it("LATEST starts after the newest record and sees only what comes later", async () => {
    const { arn, put } = await streamedTable();
    await put(1);
    const iterator = await shardIterator(t.streams, arn, "LATEST");

    const empty = await t.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
    await put(2);
    const later = await t.streams.send(new GetRecordsCommand({ ShardIterator: empty.NextShardIterator }));

    assert.deepEqual(empty.Records, []);
    assert.deepEqual(items(later.Records!), ["item-2"]);
  });

  it("AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER start at and after a record", async () => {
    const { arn, put } = await streamedTable();
    for (const n of [1, 2, 3]) await put(n);
    const second = (await streamRecords(t.streams, arn))[1]!.dynamodb!.SequenceNumber!;

    const at = await readFrom(t.streams, await shardIterator(t.streams, arn, "AT_SEQUENCE_NUMBER", second));
    const afterSecond = await readFrom(
      t.streams,
      await shardIterator(t.streams, arn, "AFTER_SEQUENCE_NUMBER", second),
    );

    assert.deepEqual(items(at.records), ["item-2", "item-3"]);
    assert.deepEqual(items(afterSecond.records), ["item-3"]);
  });

  it("rejects a sequence number outside the shard", async () => {
    const { arn, put } = await streamedTable();
    await put(1);
    const shardId = await onlyShardId(t.streams, arn);

    await assertFails(
      t.streams.send(
        new GetShardIteratorCommand({
          StreamArn: arn,
          ShardId: shardId,
          ShardIteratorType: "AT_SEQUENCE_NUMBER",
          SequenceNumber: "999999999999999999999999",
        }),
      ),
      "ValidationException",
    );
  });

  it("keeps returning a NextShardIterator from an open shard, and new records through it", async () => {
    const { arn, put } = await streamedTable();
    let iterator = await shardIterator(t.streams, arn);

    const first = await t.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
    await put(1);
    iterator = first.NextShardIterator!;
    const second = await t.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));

    assert.deepEqual(first.Records, []);
    assert.deepEqual(items(second.Records!), ["item-1"]);
    assert.ok(second.NextShardIterator);
  });

  it("expires an iterator 15 minutes after it was issued", async () => {
    const { arn, put } = await streamedTable();
    await put(1);
    const stale = await shardIterator(t.streams, arn);
    const fresh = await shardIterator(t.streams, arn);

    t.clock.advance(14 * MINUTE_MS);
    const stillValid = await t.streams.send(new GetRecordsCommand({ ShardIterator: fresh }));
    t.clock.advance(2 * MINUTE_MS);

    assert.deepEqual(items(stillValid.Records!), ["item-1"]);
    await assertFails(
      t.streams.send(new GetRecordsCommand({ ShardIterator: stale })),
      "ExpiredIteratorException",
    );
    // The NextShardIterator of a call is new: issued then, not when the first iterator was.
    await t.streams.send(new GetRecordsCommand({ ShardIterator: stillValid.NextShardIterator }));
  });

  it("trims records after 24 hours: TRIM_HORIZON moves on, older positions are refused", async () => {
    const { arn, put } = await streamedTable();
    await put(1);
    const old = (await streamRecords(t.streams, arn))[0]!.dynamodb!.SequenceNumber!;

    t.clock.advance(24 * HOUR_MS + 2 * MINUTE_MS);
    await put(2);

    assert.deepEqual(items(await streamRecords(t.streams, arn)), ["item-2"]);
    const shardId = await onlyShardId(t.streams, arn);
    await assertFails(
      t.streams.send(
        new GetShardIteratorCommand({
          StreamArn: arn,
          ShardId: shardId,
          ShardIteratorType: "AT_SEQUENCE_NUMBER",
          SequenceNumber: old,
        }),
      ),
      "TrimmedDataAccessException",
      "The operation attempted to read past the oldest stream record in a shard.",
    );
  });

  it("refuses an iterator whose records were trimmed after it was issued", async () => {
    const { arn, put } = await streamedTable();
    await put(1);
    t.clock.advance(24 * HOUR_MS - 5 * MINUTE_MS);
    const iterator = await shardIterator(t.streams, arn);

    t.clock.advance(10 * MINUTE_MS);

    await assertFails(
      t.streams.send(new GetRecordsCommand({ ShardIterator: iterator })),
      "TrimmedDataAccessException",
    );
  });

  it("returns at most Limit records per call", async () => {
    const { arn, put } = await streamedTable();
    for (const n of [1, 2, 3, 4, 5]) await put(n);

    const pages: string[][] = [];
    let iterator: string | undefined = await shardIterator(t.streams, arn);
    for (let i = 0; i < 3; i++) {
      const page: GetRecordsCommandOutput = await t.streams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: 2 }),
      );
      pages.push(items(page.Records!) as string[]);
      iterator = page.NextShardIterator;
    }

    assert.deepEqual(pages, [["item-1", "item-2"], ["item-3", "item-4"], ["item-5"]]);
  });

  it("refuses a Limit above 1000", async () => {
    const { arn } = await streamedTable();
    const iterator = await shardIterator(t.streams, arn);

    await assertFails(
      t.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1001 })),
      "LimitExceededException",
    );
  });

  it("returns at most 1 MB of records per call", async () => {
    const { arn, put } = await streamedTable();
    for (const n of [1, 2, 3, 4]) await put(n, 300 * 1024);

    const first = await t.streams.send(
      new GetRecordsCommand({ ShardIterator: await shardIterator(t.streams, arn) }),
    );
    const second = await t.streams.send(new GetRecordsCommand({ ShardIterator: first.NextShardIterator }));

    assert.deepEqual(items(first.Records!), ["item-1", "item-2", "item-3"]);
    assert.deepEqual(items(second.Records!), ["item-4"]);
  });

  it("refuses an iterator it did not issue", async () => {
    await assertFails(
      t.streams.send(new GetRecordsCommand({ ShardIterator: "not-an-iterator" })),
      "ValidationException",
    );
  });
});
