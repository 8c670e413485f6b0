/**
 * SQS event source mappings: the event Lambda delivers, batching (size, window, several receives),
 * deletion on success, redelivery and the DLQ on failure, FIFO order, filters, throttling, and
 * stopping. Real SQS in process, a scripted function, a standing virtual clock.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import {
  createQueue,
  drain,
  type Harness,
  queueCounts,
  raise,
  send,
  sqsMapping,
  startHarness,
  succeed,
} from "./support.ts";

describe("SQS event source mappings", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it("delivers a batch in Lambda's SQS event format and deletes it when the function succeeds", async () => {
    const queue = await createQueue(h.client);
    const ids = [await send(h.client, queue, "one"), await send(h.client, queue, "two")];

    h.pollers.apply(sqsMapping(queue.arn));
    await h.settle();

    assert.equal(h.fn.invocations.length, 1);
    const records = h.fn.invocations[0]!.event.Records;
    assert.deepEqual(
      records.map((r) => r.messageId),
      ids,
    );
    const [first] = records;
    assert.deepEqual(Object.keys(first!), [
      "messageId",
      "receiptHandle",
      "body",
      "attributes",
      "messageAttributes",
      "md5OfBody",
      "eventSource",
      "eventSourceARN",
      "awsRegion",
    ]);
    assert.deepEqual(Object.keys(first!.attributes), [
      "ApproximateReceiveCount",
      "SentTimestamp",
      "SenderId",
      "ApproximateFirstReceiveTimestamp",
    ]);
    assert.equal(first!.body, "one");
    assert.equal(first!.attributes.ApproximateReceiveCount, "1");
    assert.deepEqual(first!.messageAttributes, {});
    assert.equal(first!.md5OfBody, "f97c5d29941bfb1b2fdab0874906ab82");
    assert.equal(first!.eventSource, "aws:sqs");
    assert.equal(first!.eventSourceARN, queue.arn);
    assert.equal(first!.awsRegion, "us-east-1");
    assert.deepEqual(await queueCounts(h.client, queue), { visible: 0, inFlight: 0 });
  });

  it("gives message attributes Lambda's shape and their digest", async () => {
    const queue = await createQueue(h.client);
    await send(h.client, queue, "with attributes", {
      MessageAttributes: {
        Title: { DataType: "String", StringValue: "The Whistler" },
        Weeks: { DataType: "Number", StringValue: "6" },
        Blob: { DataType: "Binary", BinaryValue: Buffer.from("raw") },
      },
    });

    h.pollers.apply(sqsMapping(queue.arn));
    await h.settle();

    const record = h.fn.invocations[0]!.event.Records[0]!;
    assert.deepEqual(record.messageAttributes, {
      Title: {
        stringValue: "The Whistler",
        binaryValue: null,
        stringListValues: [],
        binaryListValues: [],
        dataType: "String",
      },
      Weeks: {
        stringValue: "6",
        binaryValue: null,
        stringListValues: [],
        binaryListValues: [],
        dataType: "Number",
      },
      Blob: {
        stringValue: null,
        binaryValue: Buffer.from("raw").toString("base64"),
        stringListValues: [],
        binaryListValues: [],
        dataType: "Binary",
      },
    });
    assert.match(record.md5OfMessageAttributes ?? "", /^[0-9a-f]{32}$/);
    assert.deepEqual(Object.keys(record).slice(4, 7), [
      "messageAttributes",
      "md5OfMessageAttributes",
      "md5OfBody",
    ]);
  });

  it("a function error leaves the batch to reappear after the visibility timeout, and SQS moves it to the DLQ after maxReceiveCount", async () => {
    const dlq = await createQueue(h.client);
    const queue = await createQueue(h.client, {
      VisibilityTimeout: "30",
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
    });
    await send(h.client, queue, "poison");
    h.fn.behaviour = () => raise();

    h.pollers.apply(sqsMapping(queue.arn));
    await h.settle();
    assert.equal(h.fn.invocations.length, 1);
    await h.advance(29_999);
    assert.equal(h.fn.invocations.length, 1, "hidden until the visibility timeout ends");
    await h.advance(1);
    assert.equal(h.fn.invocations.length, 2);
    assert.equal(h.fn.invocations[1]!.event.Records[0]!.attributes.ApproximateReceiveCount, "2");
    await h.advance(30_000);

    assert.equal(h.fn.invocations.length, 2, "the third receive moved it to the DLQ instead");
    const moved = await drain(h.client, dlq);
    assert.deepEqual(
      moved.map((m) => m.Body),
      ["poison"],
    );
    assert.deepEqual(
      h.results.get(h.fn.invocations[0]!.meta.mappingUuid)?.at(-1),
      "PROBLEM: Function call failed",
    );
  });

  it("waits for the batching window on the clock before invoking a batch that is not full", async () => {
    const queue = await createQueue(h.client);
    h.pollers.apply(sqsMapping(queue.arn, { BatchSize: 10, MaximumBatchingWindowInSeconds: 2 }));
    await h.settle();

    await send(h.client, queue, "first");
    await h.settle();
    await h.advance(1_000);
    await send(h.client, queue, "second");
    await h.advance(999);
    assert.equal(h.fn.invocations.length, 0, "the window is still open");
    await h.advance(1);

    assert.deepEqual(h.fn.bodies(), [["first", "second"]]);
  });

  it("invokes a full batch at once without waiting for the window", async () => {
    const queue = await createQueue(h.client);
    h.pollers.apply(sqsMapping(queue.arn, { BatchSize: 3, MaximumBatchingWindowInSeconds: 60 }));
    await h.settle();

    for (const body of ["a", "b", "c", "d"]) await send(h.client, queue, body);
    await h.settle();

    assert.deepEqual(h.fn.bodies(), [["a", "b", "c"]]);
  });

  it("gathers a batch larger than 10 from several receives", async () => {
    const queue = await createQueue(h.client);
    for (let i = 0; i < 25; i++) await send(h.client, queue, `m${i}`);

    h.pollers.apply(sqsMapping(queue.arn, { BatchSize: 25, MaximumBatchingWindowInSeconds: 5 }));
    await h.settle();

    assert.equal(h.fn.invocations.length, 1);
    assert.equal(h.fn.invocations[0]!.event.Records.length, 25);
    assert.deepEqual(await queueCounts(h.client, queue), { visible: 0, inFlight: 0 });
  });

  it("delivers a FIFO queue's messages in order within each message group", async () => {
    const queue = await createQueue(h.client, { ContentBasedDeduplication: "true" }, { fifo: true });
    for (let i = 1; i <= 6; i++) {
      for (const group of ["g1", "g2"])
        await send(h.client, queue, `${group}-${i}`, { MessageGroupId: group });
    }

    h.pollers.apply(sqsMapping(queue.arn, { BatchSize: 4 }));
    await h.settle();

    const delivered = h.fn.invocations.flatMap((i) => i.event.Records);
    for (const group of ["g1", "g2"]) {
      assert.deepEqual(
        delivered.filter((r) => r.attributes.MessageGroupId === group).map((r) => r.body),
        [1, 2, 3, 4, 5, 6].map((i) => `${group}-${i}`),
      );
    }
    assert.deepEqual(Object.keys(delivered[0]!.attributes), [
      "ApproximateReceiveCount",
      "SentTimestamp",
      "SequenceNumber",
      "MessageGroupId",
      "SenderId",
      "MessageDeduplicationId",
      "ApproximateFirstReceiveTimestamp",
    ]);
  });

  it("brings a failed FIFO batch back in order after the visibility timeout", async () => {
    const queue = await createQueue(
      h.client,
      { ContentBasedDeduplication: "true", VisibilityTimeout: "30" },
      { fifo: true },
    );
    for (let i = 1; i <= 3; i++) await send(h.client, queue, `m${i}`, { MessageGroupId: "g" });
    let calls = 0;
    h.fn.behaviour = () => (++calls === 1 ? raise() : succeed());

    h.pollers.apply(sqsMapping(queue.arn, { BatchSize: 2 }));
    await h.settle();
    assert.deepEqual(h.fn.bodies(), [["m1", "m2"]], "the group is blocked while its batch is in flight");
    await h.advance(30_000);

    assert.deepEqual(h.fn.bodies(), [["m1", "m2"], ["m1", "m2"], ["m3"]]);
  });

  it("deletes messages that match no filter without invoking the function", async () => {
    const queue = await createQueue(h.client);
    const filters = { Filters: [{ Pattern: JSON.stringify({ body: { status: ["NEW"] } }) }] };
    await send(h.client, queue, JSON.stringify({ status: "NEW", id: 1 }));
    await send(h.client, queue, JSON.stringify({ status: "OLD", id: 2 }));
    await send(h.client, queue, "NEW");

    h.pollers.apply(sqsMapping(queue.arn, { FilterCriteria: filters }));
    await h.settle();

    assert.deepEqual(h.fn.bodies(), [[JSON.stringify({ status: "NEW", id: 1 })]]);
    assert.deepEqual(await queueCounts(h.client, queue), { visible: 0, inFlight: 0 });
  });

  it("matches a plain-string body pattern against plain-string bodies only", async () => {
    const queue = await createQueue(h.client);
    const filters = { Filters: [{ Pattern: JSON.stringify({ body: [{ prefix: "order:" }] }) }] };
    await send(h.client, queue, "order:17");
    await send(h.client, queue, JSON.stringify({ order: 18 }));

    h.pollers.apply(sqsMapping(queue.arn, { FilterCriteria: filters }));
    await h.settle();

    assert.deepEqual(h.fn.bodies(), [["order:17"]]);
  });

  it("starts at 5 concurrent batches and adds one every 200 ms while batches come back full", async () => {
    const queue = await createQueue(h.client, { VisibilityTimeout: "120" });
    for (let i = 0; i < 200; i++) await send(h.client, queue, `m${i}`);
    h.fn.behaviour = h.fn.taking(60_000, () => succeed());

    h.pollers.apply(sqsMapping(queue.arn));
    await h.settle();
    assert.equal(h.fn.maxConcurrent, 5);
    await h.runFor(1_000, 100);

    assert.equal(h.fn.maxConcurrent, 10);
  });

  it("applies a new batch size to the next batch without restarting", async () => {
    const queue = await createQueue(h.client);
    const mapping = sqsMapping(queue.arn, { BatchSize: 1 });
    h.pollers.apply(mapping);
    await h.settle();
    await send(h.client, queue, "alone");
    await h.settle();

    h.pollers.apply({ ...mapping, BatchSize: 3 });
    for (const body of ["x", "y", "z"]) await send(h.client, queue, body);
    await h.settle();

    assert.deepEqual(h.fn.bodies(), [["alone"], ["x"], ["y", "z"]]);
  });

  it("backs off a throttled batch on the clock and delivers it once the function accepts it", async () => {
    const queue = await createQueue(h.client, { VisibilityTimeout: "30" });
    await send(h.client, queue, "busy");
    let attempts = 0;
    h.fn.behaviour = () => (++attempts <= 2 ? "throttle" : succeed());

    h.pollers.apply(sqsMapping(queue.arn));
    await h.settle();
    assert.equal(h.fn.throttled, 1);
    await h.advance(999);
    assert.equal(h.fn.throttled, 1, "no retry before the first back-off ends");
    await h.advance(1);
    assert.equal(h.fn.throttled, 2);
    await h.advance(2_000);

    assert.deepEqual(h.fn.bodies(), [["busy"]]);
    assert.deepEqual(await queueCounts(h.client, queue), { visible: 0, inFlight: 0 });
  });

  it("lets a batch throttled past its visibility timeout reappear on the queue", async () => {
    const queue = await createQueue(h.client, { VisibilityTimeout: "5" });
    await send(h.client, queue, "refused");
    const start = h.clock.now();
    h.fn.behaviour = () => (h.clock.now() - start < 5_000 ? "throttle" : succeed());

    h.pollers.apply(sqsMapping(queue.arn));
    await h.settle();
    await h.runFor(6_000, 500);

    assert.equal(h.fn.throttled, 3, "tried at 0 s, 1 s and 3 s; the next try would come after 5 s");
    assert.equal(h.fn.invocations.length, 1);
    assert.equal(h.fn.invocations[0]!.event.Records[0]!.attributes.ApproximateReceiveCount, "2");
    assert.equal(h.fn.invocations[0]!.at - start, 5_000);
  });

  it("stops receiving when the mapping is disabled, and gives back what its last long poll receives", async () => {
    const queue = await createQueue(h.client);
    const mapping = sqsMapping(queue.arn);
    h.pollers.apply(mapping);
    await h.settle();

    h.pollers.apply({ ...mapping, State: "Disabled" });
    await send(h.client, queue, "after disable");
    await h.advance(20_000);

    assert.equal(h.fn.invocations.length, 0);
    assert.deepEqual(await queueCounts(h.client, queue), { visible: 1, inFlight: 0 });
  });

  it("resumes delivery when a disabled mapping is enabled again", async () => {
    const queue = await createQueue(h.client);
    const mapping = sqsMapping(queue.arn, { State: "Disabled" });
    h.pollers.apply(mapping);
    await send(h.client, queue, "waiting");
    await h.settle();
    assert.equal(h.fn.invocations.length, 0);

    h.pollers.apply({ ...mapping, State: "Enabled" });
    await h.settle();

    assert.deepEqual(h.fn.bodies(), [["waiting"]]);
  });

  it("stops delivery when the mapping is deleted", async () => {
    const queue = await createQueue(h.client);
    const mapping = sqsMapping(queue.arn);
    h.pollers.apply(mapping);
    await send(h.client, queue, "before");
    await h.settle();

    h.pollers.remove(mapping.UUID);
    await send(h.client, queue, "after");
    await h.advance(20_000);

    assert.deepEqual(h.fn.bodies(), [["before"]]);
    assert.deepEqual(await queueCounts(h.client, queue), { visible: 1, inFlight: 0 });
  });
});
