/**
 * A stream's life through the SDK v3: disabling closes the shard (EndingSequenceNumber, no
 * NextShardIterator after its last record), re-enabling makes a new stream (ARN, label, shard),
 * a deleted table's stream stays readable for 24 hours; ListStreams and DescribeStream.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DeleteTableCommand, PutItemCommand, UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
} from "@aws-sdk/client-dynamodb-streams";
import {
  assertFails,
  createTable,
  readFrom,
  shardIterator,
  streamRecords,
  streamTableInput,
  uniqueName,
} from "../../support/dynamodb.ts";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "../../support/engine.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("stream lifecycle", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  async function streamedTable(name = uniqueName("streamed")) {
    const table = await createTable(t.dynamodb, streamTableInput("NEW_IMAGE", { TableName: name }));
    const put = (pk: string) =>
      t.dynamodb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: pk }, sk: { N: "1" } } }));
    return { name, arn: table.LatestStreamArn!, label: table.LatestStreamLabel!, put };
  }
  const setStream = (name: string, enabled: boolean, view?: "KEYS_ONLY" | "NEW_IMAGE") =>
    t.dynamodb.send(
      new UpdateTableCommand({
        TableName: name,
        StreamSpecification: { StreamEnabled: enabled, ...(view && { StreamViewType: view }) },
      }),
    );
  const describe_ = async (arn: string) =>
    (await t.streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!;

  it("describes an enabled stream with one open shard", async () => {
    const { name, arn, label } = await streamedTable();

    const description = await describe_(arn);

    const { Shards, CreationRequestDateTime, ...rest } = description;
    assert.deepEqual(rest, {
      StreamArn: arn,
      StreamLabel: label,
      StreamStatus: "ENABLED",
      StreamViewType: "NEW_IMAGE",
      TableName: name,
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
    });
    assert.ok(CreationRequestDateTime instanceof Date);
    assert.equal(Shards!.length, 1);
    assert.match(Shards![0]!.ShardId!, /^shardId-[0-9]{20}-[0-9a-f]{8}$/);
    assert.deepEqual(Object.keys(Shards![0]!.SequenceNumberRange!), ["StartingSequenceNumber"]);
  });

  it("closes the shard when the stream is disabled: ending sequence number, then no iterator", async () => {
    const { name, arn, put } = await streamedTable();
    await put("a");
    await put("b");

    await setStream(name, false);
    await put("c");

    const description = await describe_(arn);
    const { records, next } = await readFrom(t.streams, await shardIterator(t.streams, arn));
    assert.equal(description.StreamStatus, "DISABLED");
    assert.deepEqual(
      records.map((r) => r.dynamodb!.Keys!.pk!.S),
      ["a", "b"],
    );
    assert.equal(
      description.Shards![0]!.SequenceNumberRange!.EndingSequenceNumber,
      records[1]!.dynamodb!.SequenceNumber,
    );
    assert.equal(next, undefined);
  });

  it("omits NextShardIterator once a closed shard's last record was read", async () => {
    const { name, arn, put } = await streamedTable();
    await put("a");
    await setStream(name, false);

    const page = await t.streams.send(
      new GetRecordsCommand({ ShardIterator: await shardIterator(t.streams, arn) }),
    );

    assert.equal(page.Records!.length, 1);
    assert.equal(page.NextShardIterator, undefined);
  });

  it("makes a new stream, label and shard when the stream is enabled again", async () => {
    const { name, arn, label, put } = await streamedTable();
    await put("a");
    await setStream(name, false);
    const oldShard = (await describe_(arn)).Shards![0]!.ShardId;

    const { TableDescription } = await setStream(name, true, "KEYS_ONLY");
    await put("b");

    const newArn = TableDescription!.LatestStreamArn!;
    assert.notEqual(newArn, arn);
    assert.notEqual(TableDescription!.LatestStreamLabel, label);
    const fresh = await describe_(newArn);
    assert.equal(fresh.StreamStatus, "ENABLED");
    assert.equal(fresh.StreamViewType, "KEYS_ONLY");
    assert.notEqual(fresh.Shards![0]!.ShardId, oldShard);
    assert.deepEqual(
      (await streamRecords(t.streams, newArn)).map((r) => r.dynamodb!.Keys!.pk!.S),
      ["b"],
    );
    const old = await describe_(arn);
    assert.equal(old.StreamStatus, "DISABLED");
    assert.equal(old.StreamViewType, "NEW_IMAGE");
    assert.deepEqual(
      (await streamRecords(t.streams, arn)).map((r) => r.dynamodb!.Keys!.pk!.S),
      ["a"],
    );
  });

  it("keeps a disabled stream for 24 hours, then forgets it", async () => {
    const { name, arn } = await streamedTable();
    await setStream(name, false);

    t.clock.advance(DAY_MS - 60_000);
    await describe_(arn);
    t.clock.advance(2 * 60_000);

    await assertFails(
      t.streams.send(new DescribeStreamCommand({ StreamArn: arn })),
      "ResourceNotFoundException",
      `Requested resource not found: Stream: ${arn} not found`,
    );
    const { Streams } = await t.streams.send(new ListStreamsCommand({ TableName: name }));
    assert.deepEqual(Streams, []);
  });

  it("keeps a deleted table's stream readable, disabled, for 24 hours", async () => {
    const { name, arn, put } = await streamedTable();
    await put("a");

    await t.dynamodb.send(new DeleteTableCommand({ TableName: name }));

    const description = await describe_(arn);
    assert.equal(description.StreamStatus, "DISABLED");
    assert.equal(description.TableName, name);
    assert.deepEqual(
      (await streamRecords(t.streams, arn)).map((r) => r.eventName),
      ["INSERT"],
    );
    const { Streams } = await t.streams.send(new ListStreamsCommand({ TableName: name }));
    assert.deepEqual(
      Streams!.map((s) => s.StreamArn),
      [arn],
    );
  });

  it("lists a table's streams, old and new, with TableName", async () => {
    const { name, arn, label } = await streamedTable();
    await streamedTable();
    await setStream(name, false);
    const { TableDescription } = await setStream(name, true, "NEW_IMAGE");

    const { Streams, LastEvaluatedStreamArn } = await t.streams.send(
      new ListStreamsCommand({ TableName: name }),
    );

    assert.deepEqual(Streams, [
      { StreamArn: arn, TableName: name, StreamLabel: label },
      {
        StreamArn: TableDescription!.LatestStreamArn,
        TableName: name,
        StreamLabel: TableDescription!.LatestStreamLabel,
      },
    ]);
    assert.equal(LastEvaluatedStreamArn, undefined);
  });

  it("pages ListStreams with Limit and ExclusiveStartStreamArn", async () => {
    const prefix = uniqueName("paged");
    const arns: string[] = [];
    for (const suffix of ["a", "b", "c"]) arns.push((await streamedTable(`${prefix}-${suffix}`)).arn);

    const seen: string[] = [];
    let start: string | undefined;
    do {
      const page = await t.streams.send(new ListStreamsCommand({ Limit: 2, ExclusiveStartStreamArn: start }));
      assert.ok(page.Streams!.length <= 2);
      seen.push(...page.Streams!.map((s) => s.StreamArn!));
      start = page.LastEvaluatedStreamArn;
    } while (start);

    assert.deepEqual(
      seen.filter((arn) => arns.includes(arn)),
      arns,
    );
    assert.equal(new Set(seen).size, seen.length);
  });

  it("lists only the caller's region", async () => {
    const { arn } = await streamedTable();
    const elsewhere = new DynamoDBStreamsClient({
      endpoint: t.endpoint,
      region: "eu-west-1",
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });

    const { Streams } = await elsewhere.send(new ListStreamsCommand({}));
    await assertFails(
      elsewhere.send(new DescribeStreamCommand({ StreamArn: arn })),
      "ResourceNotFoundException",
    );
    elsewhere.destroy();

    assert.deepEqual(Streams, []);
  });

  it("answers DescribeStream and GetShardIterator errors", async () => {
    const { arn } = await streamedTable();
    const missing = `${arn.slice(0, arn.lastIndexOf("/"))}/2000-01-01T00:00:00.000`;

    await assertFails(
      t.streams.send(new DescribeStreamCommand({ StreamArn: missing })),
      "ResourceNotFoundException",
      `Requested resource not found: Stream: ${missing} not found`,
    );
    await assertFails(
      t.streams.send(new DescribeStreamCommand({ StreamArn: "arn:aws:dynamodb:short" })),
      "ValidationException",
      /Member must have length greater than or equal to 37/,
    );
    await assertFails(
      t.streams.send(
        new GetShardIteratorCommand({
          StreamArn: arn,
          ShardId: "shardId-00000000000000000000-00000000",
          ShardIteratorType: "TRIM_HORIZON",
        }),
      ),
      "ResourceNotFoundException",
    );
    await assertFails(
      t.streams.send(
        new GetShardIteratorCommand({
          StreamArn: arn,
          ShardId: (await describe_(arn)).Shards![0]!.ShardId,
          ShardIteratorType: "AFTER_SEQUENCE_NUMBER",
        }),
      ),
      "ValidationException",
    );
  });
});
