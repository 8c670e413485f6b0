/**
 * ReportBatchItemFailures on SQS mappings, by AWS's success and failure conditions
 * (services-sqs-errorhandling.html), and seed 001's rule: a handler that stops at the first failure
 * and reports it with every later record, behind a 2-second window and MaximumConcurrency 2.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { MappingInvocationResult } from "../../src/pollers/types.ts";
import {
  createQueue,
  type Harness,
  type Invocation,
  queueCounts,
  raise,
  respondWith,
  send,
  sqsMapping,
  startHarness,
  succeed,
  type TestQueue,
} from "./support.ts";

const VISIBILITY_TIMEOUT_MS = 30_000;

describe("SQS partial batch responses", () => {
  let h: Harness;
  let queue: TestQueue;
  beforeEach(async () => {
    h = await startHarness();
    queue = await createQueue(h.client, { VisibilityTimeout: String(VISIBILITY_TIMEOUT_MS / 1000) });
  });
  afterEach(() => h.close());

  /** Sends a, b, c; the first invocation answers `first(invocation)`, later ones succeed. */
  async function deliverOnce(first: (invocation: Invocation) => MappingInvocationResult) {
    for (const body of ["a", "b", "c"]) await send(h.client, queue, body);
    let calls = 0;
    h.fn.behaviour = (invocation) => (++calls === 1 ? first(invocation) : succeed());
    h.pollers.apply(sqsMapping(queue.arn, { FunctionResponseTypes: ["ReportBatchItemFailures"] }));
    await h.settle();
    assert.deepEqual(h.fn.bodies(), [["a", "b", "c"]]);
  }

  /** What came back after the visibility timeout. */
  async function redelivered(): Promise<string[]> {
    await h.advance(VISIBILITY_TIMEOUT_MS);
    return h.fn.bodies().slice(1).flat();
  }

  it("deletes every record but the reported ones, which come back after the visibility timeout", async () => {
    await deliverOnce(({ event }) =>
      succeed({ batchItemFailures: [{ itemIdentifier: event.Records[1]!.messageId }] }),
    );

    assert.deepEqual(await queueCounts(h.client, queue), { visible: 0, inFlight: 1 });
    assert.deepEqual(await redelivered(), ["b"]);
  });

  const successes: Array<[string, () => MappingInvocationResult]> = [
    ["a null response", () => succeed(null)],
    ["an empty response", () => respondWith("")],
    ["an empty object", () => succeed({})],
    ["a null batchItemFailures", () => succeed({ batchItemFailures: null })],
    ["an empty batchItemFailures", () => succeed({ batchItemFailures: [] })],
  ];
  for (const [name, response] of successes) {
    it(`treats ${name} as complete success`, async () => {
      await deliverOnce(response);

      assert.deepEqual(await queueCounts(h.client, queue), { visible: 0, inFlight: 0 });
      assert.deepEqual(await redelivered(), []);
    });
  }

  const failures: Array<[string, (invocation: Invocation) => MappingInvocationResult]> = [
    ["a response that is not JSON", () => respondWith('{"batchItemFailures": [')],
    ["a batchItemFailures that is not a list", () => succeed({ batchItemFailures: "b" })],
    ["an empty itemIdentifier", () => succeed({ batchItemFailures: [{ itemIdentifier: "" }] })],
    ["a null itemIdentifier", () => succeed({ batchItemFailures: [{ itemIdentifier: null }] })],
    ["a bad key name instead of itemIdentifier", () => succeed({ batchItemFailures: [{ foo: "notvalid" }] })],
    [
      "an itemIdentifier that is not in the batch",
      ({ event }) =>
        succeed({
          batchItemFailures: [
            { itemIdentifier: event.Records[0]!.messageId },
            { itemIdentifier: "6b9c3b2e-0000-4000-8000-000000000000" },
          ],
        }),
    ],
    ["a function error", () => raise()],
  ];
  for (const [name, response] of failures) {
    it(`fails the whole batch on ${name}`, async () => {
      await deliverOnce(response);

      assert.deepEqual(await queueCounts(h.client, queue), { visible: 0, inFlight: 3 });
      assert.deepEqual(await redelivered(), ["a", "b", "c"]);
    });
  }

  it("seed 001: reporting the first failure and every later record, with a 2 s window and at most 2 concurrent batches", async () => {
    const bodies = Array.from({ length: 30 }, (_, i) => (i % 7 === 3 ? `fail-${i}` : `ok-${i}`));
    for (const body of bodies) await send(h.client, queue, body);
    const processed: string[] = [];
    // Each batch takes 1 s; a "fail-" message fails the first time it is received.
    h.fn.behaviour = h.fn.taking(1_000, ({ event }) => {
      const first = event.Records.findIndex(
        (r) => r.body.startsWith("fail-") && r.attributes.ApproximateReceiveCount === "1",
      );
      const failed = first < 0 ? [] : event.Records.slice(first);
      processed.push(...event.Records.slice(0, first < 0 ? undefined : first).map((r) => r.body as string));
      return succeed({ batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) });
    });

    h.pollers.apply(
      sqsMapping(queue.arn, {
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: 2,
        ScalingConfig: { MaximumConcurrency: 2 },
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      }),
    );
    await h.settle();
    await h.runFor(2 * VISIBILITY_TIMEOUT_MS, 250);

    assert.equal(h.fn.maxConcurrent, 2);
    assert.deepEqual([...processed].sort(), [...bodies].sort(), "every message processed exactly once");
    for (const batch of h.fn.bodies()) assert.ok(batch.length <= 10);
    const firstRound = h.fn.invocations.filter((i) => i.at - h.fn.invocations[0]!.at < VISIBILITY_TIMEOUT_MS);
    const reported = firstRound.flatMap(({ event }) => {
      const first = event.Records.findIndex((r) => r.body.startsWith("fail-"));
      return first < 0 ? [] : event.Records.slice(first).map((r) => r.body as string);
    });
    const secondRound = h.fn.invocations
      .filter((i) => !firstRound.includes(i))
      .flatMap((i) => i.event.Records);
    assert.deepEqual(
      secondRound.map((r) => r.body as string).sort(),
      [...reported].sort(),
      "exactly the reported records came back, after the visibility timeout",
    );
    assert.deepEqual(await queueCounts(h.client, queue), { visible: 0, inFlight: 0 });
  });
});
