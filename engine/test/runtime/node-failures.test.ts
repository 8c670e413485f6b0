/**
 * How Node.js invocations fail, as Lambda reports it: a thrown error keeps its environment; a
 * timeout (on the engine's clock), process.exit, a crash outside the handler or exhausted memory
 * end that environment only, and the next invocation gets a fresh one.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eventually } from "../support/eventually.ts";
import {
  fixtureDir,
  functionSpec,
  payloadOf,
  type RuntimeHarness,
  startRuntime,
  whenTimerArmed,
} from "./support.ts";

interface ErrorDocument {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

const errorOf = (payload: Buffer) => JSON.parse(payload.toString()) as ErrorDocument;

describe("Node.js failures", () => {
  let h: RuntimeHarness;
  before(() => {
    h = startRuntime();
  });
  after(() => h.close());

  describe("errors thrown by the handler", () => {
    it("answers the error's type, message and stack trace, and keeps the environment", async () => {
      const spec = functionSpec({ handler: "index.throws" });

      const outcome = await h.invoke(spec);

      const error = errorOf(outcome.payload);
      assert.equal(outcome.functionError, "Unhandled");
      assert.deepEqual(Object.keys(error), ["errorType", "errorMessage", "trace"]);
      assert.equal(error.errorType, "Error");
      assert.equal(error.errorMessage, "the order could not be priced");
      assert.equal(error.trace?.[0], "Error: the order could not be priced");
      assert.match(error.trace?.[1] ?? "", /^ {4}at /);
      assert.equal(h.manager.environmentCount(spec.functionName), 1);
    });

    it("logs the error as an Invoke Error with its enumerable properties", async () => {
      const outcome = await h.invoke(functionSpec({ handler: "index.throws" }));

      assert.match(
        outcome.logTail,
        /\tERROR\tInvoke Error \t\{"errorType":"Error","errorMessage":"the order could not be priced","code":"PRICE_MISSING","stack":\["Error: the order could not be priced",/,
      );
    });

    it("answers a thrown string as an error of type string", async () => {
      const outcome = await h.invoke(functionSpec({ handler: "index.throwsString" }));

      assert.deepEqual(errorOf(outcome.payload), {
        errorType: "string",
        errorMessage: "plain string",
        trace: [],
      });
    });

    it("names the error's class for an ES module handler", async () => {
      const outcome = await h.invoke(
        functionSpec({ handler: "index.throws", codeDir: fixtureDir("node-mjs") }),
      );

      assert.equal(errorOf(outcome.payload).errorType, "TypeError");
    });
  });

  describe("timeouts", () => {
    const timesOut = async (handler: string) => {
      const spec = functionSpec({ handler, timeoutSeconds: 2 });
      const armed = whenTimerArmed(h.clock, 2_000);
      const invoking = h.invoke(spec, {}, { requestId: `timeout-${handler}` });
      await armed;
      h.clock.advance(2_000);
      return { spec, outcome: await invoking };
    };

    it("ends a busy loop with Lambda's timeout error once the clock passes the timeout", async () => {
      const { spec, outcome } = await timesOut("index.spins");

      assert.equal(outcome.functionError, "Unhandled");
      assert.deepEqual(payloadOf(outcome), {
        errorType: "Sandbox.Timedout",
        errorMessage: "RequestId: timeout-index.spins Error: Task timed out after 2.00 seconds",
      });
      assert.ok(outcome.durationMs >= 2_000);
      assert.equal(h.manager.environmentCount(spec.functionName), 0);
    });

    it("ends a handler waiting forever the same way", async () => {
      const { outcome } = await timesOut("index.hangs");

      assert.equal(errorOf(outcome.payload).errorType, "Sandbox.Timedout");
    });

    it("logs the timeout before END and reports it on the REPORT line", async () => {
      const { outcome } = await timesOut("index.spins");

      assert.match(
        outcome.logTail,
        /\n\d{4}-\d{2}-\d{2}T[\d:.]+Z timeout-index.spins Task timed out after 2.00 seconds\nEND RequestId: timeout-index.spins\nREPORT RequestId: timeout-index.spins\tDuration: 2\d{3}\.\d{2} ms\t.*\tStatus: timeout\t\n$/,
      );
    });

    it("runs the next invocation in a fresh environment", async () => {
      const { spec } = await timesOut("index.exits");

      const next = await h.invoke(spec);

      assert.equal(payloadOf(next), "still running");
      assert.ok(next.initDurationMs !== undefined, "a cold start");
    });
  });

  describe("the Init phase", () => {
    it("times the Init phase out after 10 seconds on the clock", async () => {
      const spec = functionSpec({
        handler: "index.handler",
        codeDir: fixtureDir("node-slow-init"),
        timeoutSeconds: 5,
      });
      const armed = whenTimerArmed(h.clock, 10_000);
      const invoking = h.invoke(spec, {}, { requestId: "slow-init" });
      await armed;

      h.clock.advance(10_000);
      const outcome = await invoking;

      assert.deepEqual(payloadOf(outcome), {
        errorType: "Sandbox.Timedout",
        errorMessage: "RequestId: slow-init Error: Task timed out after 5.00 seconds",
      });
      assert.match(
        outcome.logTail,
        /^INIT_REPORT Init Duration: 10\d{3}\.\d{2} ms\tPhase: init\tStatus: timeout\n/,
      );
      assert.equal(h.manager.environmentCount(spec.functionName), 0);
    });
  });

  describe("runtime exits and crashes", () => {
    it("fails only the invocation that calls process.exit", async () => {
      const spec = functionSpec({ handler: "index.exits" });

      const [exited, other] = await Promise.all([
        h.invoke(spec, { status: 3 }, { requestId: "exits-3" }),
        h.invoke(spec, {}),
      ]);

      assert.equal(exited.functionError, "Unhandled");
      assert.deepEqual(payloadOf(exited), {
        errorType: "Runtime.ExitError",
        errorMessage: "RequestId: exits-3 Error: Runtime exited with error: exit status 3",
      });
      assert.equal(payloadOf(other), "still running");
      assert.equal(h.manager.environmentCount(spec.functionName), 1);
    });

    it("logs the exit and reports Runtime.ExitError", async () => {
      const outcome = await h.invoke(
        functionSpec({ handler: "index.exits" }),
        { status: 3 },
        { requestId: "exits-log" },
      );

      assert.match(
        outcome.logTail,
        /RequestId: exits-log Error: Runtime exited with error: exit status 3\nRuntime.ExitError\nEND RequestId: exits-log\n.*\tStatus: error\tError Type: Runtime.ExitError\t\n$/,
      );
    });

    it("says the runtime gave no reason when it exits with status 0", async () => {
      const outcome = await h.invoke(
        functionSpec({ handler: "index.exits" }),
        { status: 0 },
        { requestId: "exits-0" },
      );

      assert.equal(
        errorOf(outcome.payload).errorMessage,
        "RequestId: exits-0 Error: Runtime exited without providing a reason",
      );
    });

    it("runs the next invocation after an exit in a fresh environment", async () => {
      const spec = functionSpec({ handler: "index.exits" });
      await h.invoke(spec, { status: 1 });

      const next = await h.invoke(spec);

      assert.equal(payloadOf(next), "still running");
      assert.ok(next.initDurationMs !== undefined, "a cold start");
    });

    it("fails the invocation with an exception thrown outside the handler's promise, and ends the environment", async () => {
      const spec = functionSpec({ handler: "index.uncaught" });

      const outcome = await h.invoke(spec);

      const error = errorOf(outcome.payload);
      assert.equal(error.errorType, "Error");
      assert.equal(error.errorMessage, "thrown from a timer");
      assert.match(
        outcome.logTail,
        /\tERROR\tUncaught Exception \t\{"errorType":"Error","errorMessage":"thrown from a timer"/,
      );
      await eventually(() => h.manager.environmentCount(spec.functionName) === 0, "the environment ended");
    });

    it("fails the invocation with Runtime.UnhandledPromiseRejection for a rejection nobody handles", async () => {
      const outcome = await h.invoke(functionSpec({ handler: "index.rejects" }));

      const error = errorOf(outcome.payload);
      assert.equal(error.errorType, "Runtime.UnhandledPromiseRejection");
      assert.equal(error.errorMessage, "Error: nobody awaited this");
    });

    it("fails an async handler whose promise can never settle with Runtime.NodeJsExit", async () => {
      const outcome = await h.invoke(functionSpec({ handler: "index.neverSettles" }));

      const error = errorOf(outcome.payload);
      assert.equal(error.errorType, "Runtime.NodeJsExit");
      assert.match(error.errorMessage, /^The Lambda runtime client detected an unexpected Node.js exit code/);
    });

    it("ends an environment whose leftover work crashes after it answered, and starts afresh", async () => {
      const spec = functionSpec({ handler: "index.crashesLater" });
      assert.equal(payloadOf(await h.invoke(spec)), "answered");
      await eventually(() => h.manager.environmentCount(spec.functionName) === 0, "the environment ended");

      const next = await h.invoke(spec);

      assert.equal(payloadOf(next), "answered");
      assert.ok(next.initDurationMs !== undefined, "a cold start");
    });

    it("ends an environment that exhausts its memory with signal: killed, and the engine carries on", async () => {
      const spec = functionSpec({ handler: "index.hog", memorySize: 128 });

      const outcome = await h.invoke(spec, {}, { requestId: "hog" });

      assert.deepEqual(payloadOf(outcome), {
        errorType: "Runtime.ExitError",
        errorMessage: "RequestId: hog Error: Runtime exited with error: signal: killed",
      });
      assert.equal(outcome.maxMemoryUsedMb, 128);
      assert.match(outcome.logTail, /\tStatus: error\tError Type: Runtime.OutOfMemory\t\n$/);
      assert.deepEqual(payloadOf(await h.invoke(functionSpec(), { still: "alive" })), { still: "alive" });
    });
  });
});
