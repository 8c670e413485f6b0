/**
 * A function's asynchronous event queue is bounded: with MAX_QUEUED_EVENTS_PER_FUNCTION events
 * waiting, one more Event invocation is refused with 429 TooManyRequestsException (which SDKs
 * retry), and accepted again once the queue drains.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { InvokeCommand, PutFunctionConcurrencyCommand } from "@aws-sdk/client-lambda";
import { MAX_QUEUED_EVENTS_PER_FUNCTION } from "../../src/services/lambda/async-invocations.ts";
import { createNodeFunction, ECHO } from "../lambda/support.ts";
import { awsError, startTestEngine, type TestEngine } from "../support/engine.ts";

describe("asynchronous invocation queue limit", () => {
  let t: TestEngine;
  let functionName: string;

  before(async () => {
    t = await startTestEngine();
    functionName = (await createNodeFunction(t.lambda, ECHO)).FunctionName;
    // No concurrency: queued events stay queued (each attempt is throttled and waits on the clock).
    await t.lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: functionName, ReservedConcurrentExecutions: 0 }),
    );
  });
  after(() => t.stop());

  const invokeEvent = () =>
    t.engine.client.call("lambda", "Invoke", {
      FunctionName: functionName,
      InvocationType: "Event",
      Payload: Buffer.from("{}"),
    });

  it("refuses an Event invocation beyond the queue limit with 429 TooManyRequestsException", async () => {
    for (let i = 0; i < MAX_QUEUED_EVENTS_PER_FUNCTION; i++) await invokeEvent();
    const error = await awsError(() =>
      t.lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: "Event",
          Payload: Buffer.from("{}"),
        }),
      ),
    );
    assert.equal(error.name, "TooManyRequestsException");
    assert.equal(error.$metadata?.httpStatusCode, 429);
    assert.equal((error as { Reason?: string }).Reason, "FunctionInvocationRateLimitExceeded");
  });

  it("accepts Event invocations again once the queue has room", async () => {
    await t.lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: functionName, ReservedConcurrentExecutions: 5 }),
    );
    // Throttled events retry a second later; each advance lets a round of attempts run.
    let accepted = false;
    for (let round = 0; round < 200 && !accepted; round++) {
      t.clock.advance(1_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
      accepted = await invokeEvent().then(
        () => true,
        () => false,
      );
    }
    assert.ok(accepted, "the queue never drained");
  });
});
