/**
 * DynamoDB stream event source mappings: the event Lambda delivers, starting positions, batching,
 * filters, per-key order with ParallelizationFactor, stopping, and checkpoints that outlive the
 * engine. Real DynamoDB and Streams in process, a scripted function, a standing virtual clock.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import {
  createStreamTable,
  type Harness,
  putItem,
  startHarness,
  streamKeys,
  streamMapping,
  succeed,
  tempDataDir,
} from "./support.ts";

describe("DynamoDB stream event source mappings", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it("delivers records in Lambda's DynamoDB stream event format, with the batch's iterator age", async () => {
    const table = await createStreamTable(h.client);
    await putItem(h.client, table.name, "r1", { status: { S: "NEW" } });
    await h.advance(5_000);

    h.pollers.apply(streamMapping(table.streamArn));
    await h.settle();

    assert.equal(h.fn.invocations.length, 1);
    const [invocation] = h.fn.invocations;
    const record = invocation!.event.Records[0]!;
    assert.deepEqual(Object.keys(record), [
      "eventID",
      "eventName",
      "eventVersion",
      "eventSource",
      "awsRegion",
      "dynamodb",
      "eventSourceARN",
    ]);
    assert.equal(record.eventName, "INSERT");
    assert.equal(record.eventVersion, "1.1");
    assert.equal(record.eventSource, "aws:dynamodb");
    assert.equal(record.awsRegion, "us-east-1");
    assert.equal(record.eventSourceARN, table.streamArn);
    assert.match(record.eventID, /^[0-9a-f]{32}$/);
    assert.deepEqual(record.dynamodb.Keys, { pk: { S: "r1" } });
    assert.deepEqual(record.dynamodb.NewImage, { pk: { S: "r1" }, status: { S: "NEW" } });
    assert.equal(record.dynamodb.StreamViewType, "NEW_AND_OLD_IMAGES");
    assert.equal(typeof record.dynamodb.ApproximateCreationDateTime, "number");
    assert.match(record.dynamodb.SequenceNumber, /^[0-9]+$/);
    const createdMs = record.dynamodb.ApproximateCreationDateTime * 1000;
    assert.equal(invocation!.meta.iteratorAgeMs, invocation!.at - createdMs);
    assert.ok(invocation!.meta.iteratorAgeMs! >= 5_000);
  });

  it("marks TTL deletions with Lambda's lower-case userIdentity", async () => {
    const table = await createStreamTable(h.client);
    await h.client.call("dynamodb", "UpdateTimeToLive", {
      TableName: table.name,
      TimeToLiveSpecification: { Enabled: true, AttributeName: "expires" },
    });
    const expired = Math.floor(h.clock.now() / 1000) - 60;
    await putItem(h.client, table.name, "r1", { expires: { N: String(expired) } });
    h.pollers.apply(streamMapping(table.streamArn, { StartingPosition: "LATEST" }));
    await h.settle();

    await h.advance(60_000);

    const [record] = h.fn.invocations.flatMap((i) => i.event.Records);
    assert.equal(record?.eventName, "REMOVE");
    assert.deepEqual(record?.userIdentity, { type: "Service", principalId: "dynamodb.amazonaws.com" });
    assert.deepEqual(Object.keys(record!).slice(-2), ["userIdentity", "eventSourceARN"]);
  });

  it("TRIM_HORIZON starts at the oldest record of the stream", async () => {
    const table = await createStreamTable(h.client);
    for (const pk of ["r1", "r2", "r3"]) await putItem(h.client, table.name, pk);

    h.pollers.apply(streamMapping(table.streamArn, { StartingPosition: "TRIM_HORIZON" }));
    await h.settle();
    await putItem(h.client, table.name, "r4");
    await h.settle();

    assert.deepEqual(streamKeys(h.fn).flat(), ["r1", "r2", "r3", "r4"]);
  });

  it("LATEST starts after the newest record when the mapping starts", async () => {
    const table = await createStreamTable(h.client);
    for (const pk of ["r1", "r2"]) await putItem(h.client, table.name, pk);

    h.pollers.apply(streamMapping(table.streamArn, { StartingPosition: "LATEST" }));
    await h.settle();
    await putItem(h.client, table.name, "r3");
    await h.settle();

    assert.deepEqual(streamKeys(h.fn), [["r3"]]);
  });

  it("cuts batches at BatchSize", async () => {
    const table = await createStreamTable(h.client);
    for (const pk of ["r1", "r2", "r3", "r4", "r5"]) await putItem(h.client, table.name, pk);

    h.pollers.apply(streamMapping(table.streamArn, { BatchSize: 2 }));
    await h.settle();

    assert.deepEqual(streamKeys(h.fn), [["r1", "r2"], ["r3", "r4"], ["r5"]]);
  });

  it("waits for the batching window on the clock before delivering a batch that is not full", async () => {
    const table = await createStreamTable(h.client);
    h.pollers.apply(streamMapping(table.streamArn, { BatchSize: 10, MaximumBatchingWindowInSeconds: 3 }));
    await h.settle();

    await putItem(h.client, table.name, "r1");
    await h.settle();
    await h.advance(2_000);
    await putItem(h.client, table.name, "r2");
    await h.advance(999);
    assert.equal(h.fn.invocations.length, 0, "the window is still open");
    await h.advance(1);

    assert.deepEqual(streamKeys(h.fn), [["r1", "r2"]]);
  });

  it("skips records that match no filter", async () => {
    const table = await createStreamTable(h.client);
    const filter = { dynamodb: { NewImage: { status: { S: ["NEW"] } } }, eventName: ["INSERT"] };
    await putItem(h.client, table.name, "r1", { status: { S: "NEW" } });
    await putItem(h.client, table.name, "r1", { status: { S: "NEW" }, note: { S: "modified" } });
    await putItem(h.client, table.name, "r2", { status: { S: "OLD" } });
    await putItem(h.client, table.name, "r3", { status: { S: "NEW" } });

    h.pollers.apply(
      streamMapping(table.streamArn, { FilterCriteria: { Filters: [{ Pattern: JSON.stringify(filter) }] } }),
    );
    await h.settle();

    assert.deepEqual(streamKeys(h.fn), [["r1", "r3"]]);
  });

  it("keeps each item's records in order while ParallelizationFactor runs batches of different items at once", async () => {
    const table = await createStreamTable(h.client);
    const keys = ["k0", "k1", "k2", "k3", "k4", "k5"];
    for (let version = 1; version <= 3; version++) {
      for (const pk of keys) await putItem(h.client, table.name, pk, { v: { N: String(version) } });
    }
    h.fn.behaviour = h.fn.taking(1_000, () => succeed());

    h.pollers.apply(streamMapping(table.streamArn, { BatchSize: 2, ParallelizationFactor: 3 }));
    await h.settle();
    await h.runFor(20_000, 250);

    const delivered = h.fn.invocations.flatMap((i) => i.event.Records);
    assert.equal(delivered.length, 18);
    for (const pk of keys) {
      assert.deepEqual(
        delivered.filter((r) => r.dynamodb.Keys.pk.S === pk).map((r) => r.dynamodb.NewImage?.v?.N),
        ["1", "2", "3"],
        `${pk} in order`,
      );
    }
    assert.ok(h.fn.maxConcurrent > 1, "batches of different items ran at once");
    assert.ok(h.fn.maxConcurrent <= 3, "at most one batch per lane");
  });

  it("stops delivery while disabled and resumes from its checkpoint when enabled again", async () => {
    const table = await createStreamTable(h.client);
    const mapping = streamMapping(table.streamArn, { StartingPosition: "LATEST" });
    h.pollers.apply(mapping);
    await h.settle();
    await putItem(h.client, table.name, "r1");
    await h.settle();

    h.pollers.apply({ ...mapping, State: "Disabled" });
    await h.settle();
    await putItem(h.client, table.name, "r2");
    await h.advance(60_000);
    assert.deepEqual(streamKeys(h.fn), [["r1"]]);
    h.pollers.apply({ ...mapping, State: "Enabled" });
    await h.settle();

    assert.deepEqual(streamKeys(h.fn), [["r1"], ["r2"]]);
  });

  it("rebuilds its lanes from the checkpoint when ParallelizationFactor changes", async () => {
    const table = await createStreamTable(h.client);
    const mapping = streamMapping(table.streamArn);
    h.pollers.apply(mapping);
    await putItem(h.client, table.name, "r1");
    await h.settle();

    h.pollers.apply({ ...mapping, ParallelizationFactor: 4, BatchSize: 5 });
    await h.settle();
    for (const pk of ["r2", "r3"]) await putItem(h.client, table.name, pk);
    await h.settle();

    assert.deepEqual(streamKeys(h.fn).flat().sort(), ["r1", "r2", "r3"]);
  });

  it("stops delivery when the mapping is deleted", async () => {
    const table = await createStreamTable(h.client);
    const mapping = streamMapping(table.streamArn);
    h.pollers.apply(mapping);
    await putItem(h.client, table.name, "r1");
    await h.settle();

    h.pollers.remove(mapping.UUID);
    await h.settle();
    await putItem(h.client, table.name, "r2");
    await h.advance(60_000);

    assert.deepEqual(streamKeys(h.fn), [["r1"]]);
  });
});

describe("stream checkpoints across an engine restart", () => {
  it("resumes each shard after the last record delivered before the restart", async () => {
    const data = tempDataDir();
    try {
      const first = await startHarness({ dataDir: data.dir });
      const table = await createStreamTable(first.client);
      const mapping = streamMapping(table.streamArn);
      first.pollers.apply(mapping);
      for (const pk of ["r1", "r2"]) await putItem(first.client, table.name, pk);
      await first.settle();
      assert.deepEqual(streamKeys(first.fn).flat(), ["r1", "r2"]);
      await first.close();

      const second = await startHarness({ dataDir: data.dir, clock: first.clock });
      second.pollers.apply(mapping);
      await second.settle();
      await putItem(second.client, table.name, "r3");
      await second.settle();

      assert.deepEqual(streamKeys(second.fn), [["r3"]]);
      await second.close();
    } finally {
      data.remove();
    }
  });
});
