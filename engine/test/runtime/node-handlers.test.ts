/**
 * Node.js execution environments run handlers as Lambda's Node.js runtimes do: CommonJS and ES
 * modules found by Lambda's rules, async and callback handlers, the context object and the
 * environment variables Lambda defines, warm reuse and cold starts.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fixtureDir, functionSpec, payloadOf, type RuntimeHarness, startRuntime } from "./support.ts";

describe("Node.js handlers", () => {
  let h: RuntimeHarness;
  before(() => {
    h = startRuntime();
  });
  after(() => h.close());

  describe("warm and cold environments", () => {
    it("reuses a warm environment, keeping the module's state", async () => {
      const spec = functionSpec({ handler: "index.counter" });

      const first = await h.invoke(spec);
      const second = await h.invoke(spec);

      assert.deepEqual(payloadOf(second), {
        invocations: 2,
        loadedAt: (payloadOf(first) as { loadedAt: number }).loadedAt,
      });
      assert.equal(h.manager.environmentCount(spec.functionName), 1);
    });

    it("reports an init duration on the cold start only", async () => {
      const spec = functionSpec({ handler: "index.counter" });

      const cold = await h.invoke(spec);
      const warm = await h.invoke(spec);

      assert.ok(cold.initDurationMs !== undefined && cold.initDurationMs > 0);
      assert.equal(warm.initDurationMs, undefined);
    });

    it("starts a second environment for a concurrent invocation", async () => {
      const spec = functionSpec({ handler: "index.counter" });

      const outcomes = await Promise.all([h.invoke(spec), h.invoke(spec)]);

      assert.deepEqual(
        outcomes.map((o) => (payloadOf(o) as { invocations: number }).invocations),
        [1, 1],
      );
      assert.equal(h.manager.environmentCount(spec.functionName), 2);
    });

    it("does not reuse an environment built from another configuration", async () => {
      const spec = functionSpec({ handler: "index.counter" });
      await h.invoke(spec);

      const changed = await h.invoke({ ...spec, configKey: "updated", environment: { CHANGED: "yes" } });

      assert.deepEqual((payloadOf(changed) as { invocations: number }).invocations, 1);
      assert.equal(h.manager.environmentCount(spec.functionName), 1);
    });
  });

  describe("loading the handler", () => {
    it("loads an ES module from a .mjs file", async () => {
      const spec = functionSpec({ handler: "index.handler", codeDir: fixtureDir("node-mjs") });

      const outcome = await h.invoke(spec, { id: 7 });

      assert.deepEqual(payloadOf(outcome), {
        kind: "esm",
        file: "index.mjs",
        invocations: 1,
        requestId: (payloadOf(outcome) as { requestId: string }).requestId,
        event: { id: 7 },
      });
      assert.equal(outcome.functionError, undefined);
    });

    it('loads a .js file as an ES module when its package.json says "type": "module"', async () => {
      const spec = functionSpec({ handler: "app.handler", codeDir: fixtureDir("node-type-module") });

      assert.deepEqual(payloadOf(await h.invoke(spec)), { kind: "esm" });
    });

    it("finds a module in a subdirectory and a nested export", async () => {
      const spec = functionSpec({
        handler: "src/handlers/orders.api.create",
        codeDir: fixtureDir("node-nested"),
      });

      assert.deepEqual(payloadOf(await h.invoke(spec, { id: "o-1" })), { created: "o-1" });
    });

    it("fails with Runtime.ImportModuleError when the module does not exist", async () => {
      const spec = functionSpec({ handler: "missing.handler" });

      const outcome = await h.invoke(spec);

      const error = payloadOf(outcome) as { errorType: string; errorMessage: string; trace: string[] };
      assert.equal(outcome.functionError, "Unhandled");
      assert.equal(error.errorType, "Runtime.ImportModuleError");
      assert.match(error.errorMessage, /^Error: Cannot find module 'missing'\nRequire stack:/);
      assert.match(error.trace[0] ?? "", /^Runtime.ImportModuleError: Error: Cannot find module 'missing'/);
      assert.equal(h.manager.environmentCount(spec.functionName), 0);
    });

    it("fails with Runtime.HandlerNotFound when the module does not export the handler", async () => {
      const outcome = await h.invoke(functionSpec({ handler: "index.absent" }));

      assert.equal(outcome.functionError, "Unhandled");
      assert.deepEqual(
        { ...(payloadOf(outcome) as object), trace: undefined },
        {
          errorType: "Runtime.HandlerNotFound",
          errorMessage: "index.absent is undefined or not exported",
          trace: undefined,
        },
      );
    });

    it("fails with Runtime.HandlerNotFound when the export is not a function", async () => {
      const outcome = await h.invoke(functionSpec({ handler: "index.notAFunction" }));

      const error = payloadOf(outcome) as { errorType: string; errorMessage: string };
      assert.equal(error.errorType, "Runtime.HandlerNotFound");
      assert.equal(error.errorMessage, "index.notAFunction is not a function");
    });

    it("fails with Runtime.MalformedHandlerName for a handler without an export", async () => {
      const outcome = await h.invoke(functionSpec({ handler: "index" }));

      const error = payloadOf(outcome) as { errorType: string; errorMessage: string };
      assert.equal(error.errorType, "Runtime.MalformedHandlerName");
      assert.equal(error.errorMessage, "Bad handler");
    });

    it("logs the init failure and reports it on the REPORT line", async () => {
      const spec = functionSpec({ handler: "missing.handler" });

      const outcome = await h.invoke(spec);

      assert.match(
        outcome.logTail,
        /\tundefined\tERROR\tUncaught Exception \t\{"errorType":"Runtime.ImportModuleError"/,
      );
      assert.match(
        outcome.logTail,
        /INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError\n/,
      );
      assert.match(outcome.logTail, /\tStatus: error\tError Type: Runtime.ImportModuleError\t\n$/);
    });
  });

  describe("callback handlers", () => {
    it("answers once the event loop is empty when the callback waits for it", async () => {
      const spec = functionSpec({ handler: "index.waits", codeDir: fixtureDir("node-callback") });

      const outcome = await h.invoke(spec);

      assert.deepEqual(Object.keys(payloadOf(outcome) as object), ["answeredAfterMs"]);
      assert.match(outcome.logTail, /\tINFO\ttimer finished\n[\s\S]*END RequestId/);
    });

    it("answers at once when callbackWaitsForEmptyEventLoop is false", async () => {
      const spec = functionSpec({ handler: "index.doesNotWait", codeDir: fixtureDir("node-callback") });

      const started = Date.now();
      const outcome = await h.invoke(spec);

      assert.equal(payloadOf(outcome), "answered at once");
      assert.ok(Date.now() - started < 4_000, "the pending 5 s timer did not hold the answer");
    });

    it("fails the invocation with the error given to the callback", async () => {
      const spec = functionSpec({ handler: "index.fails", codeDir: fixtureDir("node-callback") });

      const outcome = await h.invoke(spec);

      assert.equal(outcome.functionError, "Unhandled");
      assert.equal((payloadOf(outcome) as { errorMessage: string }).errorMessage, "callback error");
    });

    it("answers through the legacy context.succeed", async () => {
      const spec = functionSpec({ handler: "index.succeeds", codeDir: fixtureDir("node-callback") });

      assert.deepEqual(payloadOf(await h.invoke(spec)), { legacy: true });
    });

    it("answers null when the handler never calls back and the event loop empties", async () => {
      const spec = functionSpec({ handler: "index.neverCalls", codeDir: fixtureDir("node-callback") });

      const outcome = await h.invoke(spec);

      assert.equal(outcome.payload.toString(), "null");
      assert.equal(outcome.functionError, undefined);
    });

    it("refuses callback handlers on nodejs24.x, as that runtime does", async () => {
      const spec = functionSpec({
        runtime: "nodejs24.x",
        handler: "index.waits",
        codeDir: fixtureDir("node-callback"),
      });

      const outcome = await h.invoke(spec);

      const error = payloadOf(outcome) as { errorType: string; errorMessage: string };
      assert.equal(error.errorType, "Runtime.CallbackHandlerDeprecated");
      assert.match(
        error.errorMessage,
        /removed support for callback-based function handlers starting with Node.js 24/,
      );
    });
  });

  describe("responses", () => {
    it("answers null for a synchronous handler's return value, as Lambda's Node.js 22 runtime does", async () => {
      const outcome = await h.invoke(functionSpec({ handler: "index.syncReturn" }));

      assert.equal(outcome.payload.toString(), "null");
    });

    it("answers a synchronous handler's return value on nodejs24.x, which awaits it", async () => {
      const outcome = await h.invoke(functionSpec({ runtime: "nodejs24.x", handler: "index.syncReturn" }));

      assert.equal(payloadOf(outcome), "ignored");
    });

    it("fails an invocation whose result cannot be turned into JSON", async () => {
      const outcome = await h.invoke(functionSpec({ handler: "index.unserializable" }));

      assert.equal(outcome.functionError, "Unhandled");
      assert.equal(
        (payloadOf(outcome) as { errorMessage: string }).errorMessage,
        "Unable to stringify response body",
      );
    });

    it("fails a response over 6 MB with Function.ResponseSizeTooLarge and keeps the environment", async () => {
      const spec = functionSpec({ handler: "index.big" });

      const outcome = await h.invoke(spec, { bytes: 6_291_556 });

      assert.equal(outcome.functionError, "Unhandled");
      assert.deepEqual(payloadOf(outcome), {
        errorMessage: "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
        errorType: "Function.ResponseSizeTooLarge",
      });
      assert.equal(h.manager.environmentCount(spec.functionName), 1);
    });

    it("does not limit the response of an Event invocation", async () => {
      const outcome = await h.invoke(
        functionSpec({ handler: "index.big" }),
        { bytes: 6_291_556 },
        { invocationType: "Event" },
      );

      assert.equal(outcome.functionError, undefined);
    });
  });
});
