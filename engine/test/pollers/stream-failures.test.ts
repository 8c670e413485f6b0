/**
 * Failures on DynamoDB stream mappings: retries that block the shard, BisectBatchOnFunctionError
 * down to the bad record, the on-failure destination's invocation record, MaximumRecordAgeInSeconds,
 * ReportBatchItemFailures checkpointing, throttles that are not retries, and retry state that
 * outlives a restart.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import {
  createQueue,
  createStreamTable,
  drain,
  type Harness,
  type Invocation,
  putItem,
  raise,
  startHarness,
  streamKeys,
  streamMapping,
  succeed,
  tempDataDir,
} from "./support.ts";

const keysOf = (invocation: Invocation): string[] =>
  invocation.event.Records.map((r) => r.dynamodb.Keys.pk.S as string);

async function onlyShardId(h: Harness, streamArn: string): Promise<string> {
  const output = await h.client.call<{ StreamDescription: { Shards: Array<{ ShardId: string }> } }>(
    "dynamodbstreams",
    "DescribeStream",
    { StreamArn: streamArn },
  );
  return output.StreamDescription.Shards[0]!.ShardId;
}

const isoSeconds = (epochSeconds: number) =>
  new Date(epochSeconds * 1000).toISOString().replace(".000Z", "Z");

describe("stream mapping failures", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it("retries a failing batch and holds back the rest of the shard until its retries run out", async () => {
    const table = await createStreamTable(h.client);
    for (const pk of ["bad", "next"]) await putItem(h.client, table.name, pk);
    h.fn.behaviour = (invocation) => (keysOf(invocation).includes("bad") ? raise() : succeed());

    h.pollers.apply(streamMapping(table.streamArn, { BatchSize: 1, MaximumRetryAttempts: 2 }));
    await h.settle();
    await h.runFor(2_900, 100);
    assert.deepEqual(streamKeys(h.fn), [["bad"], ["bad"]], "retried after 1 s, the next retry is due at 3 s");
    await h.runFor(100, 100);

    assert.deepEqual(streamKeys(h.fn), [["bad"], ["bad"], ["bad"], ["next"]]);
    assert.equal(h.results.get(h.fn.invocations[0]!.meta.mappingUuid)?.at(-1), "OK");
  });

  it("bisects a failing batch down to its bad record and sends that record's invocation record to the on-failure queue after the retries", async () => {
    const table = await createStreamTable(h.client);
    const dlq = await createQueue(h.client);
    for (const pk of ["r1", "r2", "r3", "r4"]) await putItem(h.client, table.name, pk);
    const failures: Array<{ requestId: string }> = [];
    h.fn.behaviour = (invocation) => {
      if (!keysOf(invocation).includes("r3")) return succeed();
      const failure = raise();
      failures.push({ requestId: failure.requestId! });
      return failure;
    };
    const mapping = streamMapping(table.streamArn, {
      BatchSize: 4,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: dlq.arn } },
    });

    h.pollers.apply(mapping);
    await h.settle();
    await h.runFor(5_000, 250);

    assert.deepEqual(streamKeys(h.fn), [
      ["r1", "r2", "r3", "r4"],
      ["r1", "r2"],
      ["r3", "r4"],
      ["r3"],
      ["r3"],
      ["r3"],
      ["r4"],
    ]);
    const [message, ...more] = await drain(h.client, dlq);
    assert.equal(more.length, 0);
    const document = JSON.parse(message!.Body!);
    const bad = h.fn.invocations[3]!.event.Records[0]!;
    const discardedAt = h.fn.invocations[5]!.at;
    assert.deepEqual(Object.keys(document), [
      "requestContext",
      "responseContext",
      "version",
      "timestamp",
      "DDBStreamBatchInfo",
    ]);
    assert.deepEqual(document, {
      requestContext: {
        requestId: failures.at(-1)!.requestId,
        functionArn: mapping.FunctionArn,
        condition: "RetryAttemptsExhausted",
        approximateInvokeCount: 3,
      },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      version: "1.0",
      timestamp: new Date(discardedAt).toISOString(),
      DDBStreamBatchInfo: {
        shardId: await onlyShardId(h, table.streamArn),
        startSequenceNumber: bad.dynamodb.SequenceNumber,
        endSequenceNumber: bad.dynamodb.SequenceNumber,
        approximateArrivalOfFirstRecord: isoSeconds(bad.dynamodb.ApproximateCreationDateTime),
        approximateArrivalOfLastRecord: isoSeconds(bad.dynamodb.ApproximateCreationDateTime),
        batchSize: 1,
        streamArn: table.streamArn,
      },
    });
  });

  it("discards records older than MaximumRecordAgeInSeconds and reports them as RecordAgeExceeded", async () => {
    const table = await createStreamTable(h.client);
    const dlq = await createQueue(h.client);
    await putItem(h.client, table.name, "stale");
    h.fn.behaviour = (invocation) => (keysOf(invocation).includes("stale") ? raise() : succeed());

    h.pollers.apply(
      streamMapping(table.streamArn, {
        MaximumRecordAgeInSeconds: 60,
        DestinationConfig: { OnFailure: { Destination: dlq.arn } },
      }),
    );
    await h.settle();
    await h.runFor(70_000, 500);
    await putItem(h.client, table.name, "fresh");
    await h.settle();

    // Tried at 0, 1, 3, 7, 15 and 31 s; the retry due at 63 s found the record too old.
    assert.deepEqual(streamKeys(h.fn), [...Array(6).fill(["stale"]), ["fresh"]]);
    const [message] = await drain(h.client, dlq);
    const document = JSON.parse(message!.Body!);
    assert.equal(document.requestContext.condition, "RecordAgeExceeded");
    assert.equal(document.requestContext.approximateInvokeCount, 6);
    assert.equal(document.DDBStreamBatchInfo.batchSize, 1);
  });

  it("with the default infinite retries, blocks the shard until the bad record leaves the stream after 24 hours", async () => {
    const table = await createStreamTable(h.client);
    const dlq = await createQueue(h.client);
    await putItem(h.client, table.name, "bad");
    h.fn.behaviour = (invocation) => (keysOf(invocation).includes("bad") ? raise() : succeed());
    const halfDay = 12 * 60 * 60_000;

    h.pollers.apply(
      streamMapping(table.streamArn, {
        BatchSize: 1,
        DestinationConfig: { OnFailure: { Destination: dlq.arn } },
      }),
    );
    await h.settle();
    await h.runFor(halfDay, 30_000);
    await putItem(h.client, table.name, "next");
    await h.runFor(halfDay - 60_000, 30_000);
    assert.ok(!streamKeys(h.fn).flat().includes("next"), "still blocked after 23 h 59 min");
    await h.runFor(120_000, 30_000);

    assert.deepEqual(streamKeys(h.fn).at(-1), ["next"]);
    const [message] = await drain(h.client, dlq);
    assert.equal(JSON.parse(message!.Body!).requestContext.condition, "RecordAgeExceeded");
  });

  it("checkpoints at the lowest reported sequence number and retries from there", async () => {
    const table = await createStreamTable(h.client);
    for (const pk of ["r1", "r2", "r3", "r4"]) await putItem(h.client, table.name, pk);
    let calls = 0;
    h.fn.behaviour = ({ event }) => {
      if (++calls > 1) return succeed();
      const [, second, , fourth] = event.Records;
      return succeed({
        batchItemFailures: [
          { itemIdentifier: fourth!.dynamodb.SequenceNumber },
          { itemIdentifier: second!.dynamodb.SequenceNumber },
        ],
      });
    };

    h.pollers.apply(streamMapping(table.streamArn, { FunctionResponseTypes: ["ReportBatchItemFailures"] }));
    await h.settle();
    await h.advance(1_000);

    assert.deepEqual(streamKeys(h.fn), [
      ["r1", "r2", "r3", "r4"],
      ["r2", "r3", "r4"],
    ]);
  });

  it("fails the whole stream batch on a malformed partial batch response", async () => {
    const table = await createStreamTable(h.client);
    for (const pk of ["r1", "r2"]) await putItem(h.client, table.name, pk);
    let calls = 0;
    h.fn.behaviour = () =>
      ++calls > 1 ? succeed() : succeed({ batchItemFailures: [{ itemIdentifier: "" }] });

    h.pollers.apply(streamMapping(table.streamArn, { FunctionResponseTypes: ["ReportBatchItemFailures"] }));
    await h.settle();
    await h.advance(1_000);

    assert.deepEqual(streamKeys(h.fn), [
      ["r1", "r2"],
      ["r1", "r2"],
    ]);
  });

  it("backs off throttled invocations without counting them as retries", async () => {
    const table = await createStreamTable(h.client);
    await putItem(h.client, table.name, "r1");
    let attempts = 0;
    h.fn.behaviour = () => (++attempts <= 3 ? "throttle" : succeed());

    h.pollers.apply(streamMapping(table.streamArn, { MaximumRetryAttempts: 0 }));
    await h.settle();
    await h.advance(999);
    assert.equal(h.fn.throttled, 1);
    await h.runFor(7_000, 500);

    assert.equal(h.fn.throttled, 3);
    assert.deepEqual(streamKeys(h.fn), [["r1"]], "delivered although no retry was allowed");
  });

  it("keeps retry attempts across an engine restart", async () => {
    const data = tempDataDir();
    try {
      const first = await startHarness({ dataDir: data.dir });
      const table = await createStreamTable(first.client);
      const dlq = await createQueue(first.client);
      await putItem(first.client, table.name, "bad");
      const mapping = streamMapping(table.streamArn, {
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: dlq.arn } },
      });
      first.fn.behaviour = () => raise();
      first.pollers.apply(mapping);
      await first.settle();
      await first.advance(1_000);
      assert.equal(first.fn.invocations.length, 2);
      await first.close();

      const second = await startHarness({ dataDir: data.dir, clock: first.clock });
      second.fn.behaviour = () => raise();
      second.pollers.apply(mapping);
      await second.settle();

      assert.equal(second.fn.invocations.length, 1, "one retry was left");
      const [message] = await drain(second.client, dlq);
      assert.equal(JSON.parse(message!.Body!).requestContext.approximateInvokeCount, 3);
      await second.close();
    } finally {
      data.remove();
    }
  });
});
