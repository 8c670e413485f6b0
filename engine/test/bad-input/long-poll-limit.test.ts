/**
 * Long polls are bounded: a queue holds at most MAX_WAITERS_PER_QUEUE waiting receives; one more
 * is answered at once with what the queue has, as a short poll would be. A client that hangs up
 * mid-poll frees its place at once.
 */
import assert from "node:assert/strict";
import { type ClientRequest, request } from "node:http";
import { after, before, describe, it } from "node:test";
import { MAX_WAITERS_PER_QUEUE } from "../../src/services/sqs/long-poll.ts";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import { eventually } from "../support/eventually.ts";

describe("long-poll limit", () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const receive = (queueUrl: string, signal?: AbortSignal) =>
    t.engine.client.call<{ Messages?: unknown[] }>(
      "sqs",
      "ReceiveMessage",
      { QueueUrl: queueUrl, WaitTimeSeconds: 20 },
      { signal },
    );

  /**
   * Whether a receive on the queue would wait now (a place is free). The probe gives its place
   * back at once: a receive whose caller aborts ends.
   */
  async function wouldWait(queueUrl: string): Promise<boolean> {
    const abort = new AbortController();
    let ended = false;
    const probe = receive(queueUrl, abort.signal).then(() => {
      ended = true;
    });
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    const waits = !ended;
    abort.abort();
    await probe;
    return waits;
  }

  it("answers a receive beyond the queue's waiter limit at once, empty", async () => {
    const { QueueUrl } = await t.engine.client.call<{ QueueUrl: string }>("sqs", "CreateQueue", {
      QueueName: "crowded",
    });
    // The clock stands still: every one of these waits until a send or an advance.
    const waiting = Array.from({ length: MAX_WAITERS_PER_QUEUE }, () => receive(QueueUrl));
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    const extra = await receive(QueueUrl);
    assert.deepEqual(extra, {});
    t.clock.advance(20_000);
    const ended = await Promise.all(waiting);
    assert.equal(ended.length, MAX_WAITERS_PER_QUEUE);
  });

  it("frees the place of an HTTP long poll whose client hangs up", async () => {
    const { QueueUrl } = await t.engine.client.call<{ QueueUrl: string }>("sqs", "CreateQueue", {
      QueueName: "hung-up",
    });
    const waiting = Array.from({ length: MAX_WAITERS_PER_QUEUE - 1 }, () => receive(QueueUrl));
    // The last place goes to a wire client that gives up before the poll ends. A probe that runs
    // before the wire receive arrives takes the place for a moment and the wire receive is
    // answered at once, empty: then it is sent again.
    let wire: ClientRequest | undefined;
    let held = false;
    for (let attempt = 0; attempt < 20 && !held; attempt++) {
      let answered = false;
      wire = request(`${t.endpoint}/`, {
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.ReceiveMessage" },
      });
      wire.on("response", () => {
        answered = true;
      });
      wire.on("error", () => {});
      wire.end(JSON.stringify({ QueueUrl, WaitTimeSeconds: 20 }));
      for (let i = 0; i < 100 && !held && !answered; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        held = !answered && !(await wouldWait(QueueUrl));
      }
    }
    assert.ok(held && wire, "the wire receive never held the last place");
    wire.destroy();
    // Once the hang-up reaches the engine, its place is free again.
    await eventually(() => wouldWait(QueueUrl), "the hung-up poll's place freed");
    t.clock.advance(20_000);
    await Promise.all(waiting);
  });
});
