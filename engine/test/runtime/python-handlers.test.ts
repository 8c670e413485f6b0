/**
 * Python execution environments: a process per environment speaking the Lambda Runtime API, with
 * Lambda's Python runtime behaviour for handlers, the context, errors, logging, timeouts and crashes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { FunctionEnvironmentSpec } from "../../src/runtime/types.ts";
import { eventually } from "../support/eventually.ts";
import {
  fixtureDir,
  functionSpec,
  PYTHON_MISSING,
  payloadOf,
  type RuntimeHarness,
  startRuntime,
  whenTimerArmed,
} from "./support.ts";

const python = (handler: string, overrides: Partial<FunctionEnvironmentSpec> = {}) =>
  functionSpec({ runtime: "python3.12", handler, codeDir: fixtureDir("python"), ...overrides });

const ISO = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

interface PythonError {
  errorMessage: string;
  errorType: string;
  requestId: string;
  stackTrace: string[];
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("Python handlers", { skip: PYTHON_MISSING }, () => {
  let h: RuntimeHarness;
  before(() => {
    h = startRuntime();
  });
  after(() => h.close());

  describe("environments", () => {
    it("reuses a warm process, keeping the module's state", async () => {
      const spec = python("handler.counter");

      const first = payloadOf(await h.invoke(spec)) as { invocations: number; pid: number };
      const second = payloadOf(await h.invoke(spec)) as { invocations: number; pid: number };

      assert.deepEqual(second, { invocations: 2, pid: first.pid });
    });

    it("starts another process for a concurrent invocation", async () => {
      const spec = python("handler.counter");

      const outcomes = await Promise.all([h.invoke(spec), h.invoke(spec)]);

      const pids = outcomes.map((o) => (payloadOf(o) as { pid: number }).pid);
      assert.notEqual(pids[0], pids[1]);
      assert.equal(h.manager.environmentCount(spec.functionName), 2);
    });

    it("imports a handler module from a package directory", async () => {
      assert.deepEqual(payloadOf(await h.invoke(python("pkg/nested.handler"))), { module: "pkg.nested" });
    });
  });

  describe("context and environment", () => {
    it("gives the handler Lambda's context", async () => {
      const spec = python("handler.inspect", { timeoutSeconds: 5 });
      const clientContext = Buffer.from(JSON.stringify({ custom: { foo: "bar" } })).toString("base64");

      const outcome = await h.invoke(spec, {}, { requestId: "py-context", clientContext });

      const seen = payloadOf(outcome) as Record<string, unknown>;
      assert.deepEqual(
        {
          ...seen,
          env: undefined,
          log_stream_name: undefined,
          remaining_ms: undefined,
          cwd: undefined,
          path0: undefined,
        },
        {
          aws_request_id: "py-context",
          function_name: spec.functionName,
          function_version: "$LATEST",
          invoked_function_arn: spec.functionArn,
          memory_limit_in_mb: "128",
          log_group_name: spec.logGroupName,
          log_stream_name: undefined,
          remaining_ms: undefined,
          client_context_custom: { foo: "bar" },
          env: undefined,
          cwd: undefined,
          path0: undefined,
        },
      );
      assert.match(String(seen.log_stream_name), /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
      assert.ok(Number(seen.remaining_ms) <= 5_000 && Number(seen.remaining_ms) > 4_000);
    });

    it("runs in the function's directory with Lambda's environment variables", async () => {
      const spec = python("handler.inspect", { environment: { TABLE_NAME: "orders" } });

      const seen = payloadOf(await h.invoke(spec)) as {
        env: Record<string, string>;
        cwd: string;
        path0: string;
      };

      assert.equal(seen.cwd, spec.codeDir);
      assert.equal(seen.path0, spec.codeDir);
      assert.equal(seen.env.TABLE_NAME, "orders");
      assert.equal(seen.env.AWS_EXECUTION_ENV, "AWS_Lambda_python3.12");
      assert.equal(seen.env._HANDLER, "handler.inspect");
      assert.equal(seen.env.AWS_ENDPOINT_URL, spec.engineEndpoint);
      assert.equal(seen.env.AWS_SESSION_TOKEN, "fixture-token");
      assert.equal(seen.env.PYTHONUNBUFFERED, "1");
      assert.match(seen.env.AWS_LAMBDA_RUNTIME_API ?? "", /^127\.0\.0\.1:\d+$/);
      assert.equal(seen.env._LAMBDA_TELEMETRY_LOG_FD, undefined);
    });
  });

  describe("responses and errors", () => {
    it("writes DynamoDB's Decimal numbers as JSON numbers", async () => {
      assert.deepEqual(payloadOf(await h.invoke(python("handler.decimals"))), { whole: 3, fraction: 1.5 });
    });

    it("fails a response that is not JSON with Runtime.MarshalError", async () => {
      const outcome = await h.invoke(python("handler.unserializable"), {}, { requestId: "py-marshal" });

      assert.deepEqual(payloadOf(outcome), {
        errorMessage: "Unable to marshal response: Object of type object is not JSON serializable",
        errorType: "Runtime.MarshalError",
        requestId: "py-marshal",
        stackTrace: [],
      });
    });

    it("answers a raised exception as Lambda's Python runtime does, and keeps the process", async () => {
      const spec = python("handler.throws");

      const outcome = await h.invoke(spec, {}, { requestId: "py-throws" });

      const error = payloadOf(outcome) as PythonError;
      assert.equal(outcome.functionError, "Unhandled");
      assert.deepEqual(Object.keys(error), ["errorMessage", "errorType", "requestId", "stackTrace"]);
      assert.equal(error.errorMessage, "the order could not be priced");
      assert.equal(error.errorType, "ValueError");
      assert.equal(error.requestId, "py-throws");
      assert.match(
        error.stackTrace[0] ?? "",
        /^ {2}File ".*\/handler\.py", line \d+, in throws\n {4}raise ValueError/,
      );
      assert.equal(h.manager.environmentCount(spec.functionName), 1);
    });

    it("logs a raised exception as one [ERROR] event with its traceback", async () => {
      const outcome = await h.invoke(python("handler.throws"), {}, { requestId: "py-throws-log" });

      assert.match(
        outcome.logTail,
        /\n\[ERROR\] ValueError: the order could not be priced\nTraceback \(most recent call last\):\n\u00a0\u00a0File ".*handler\.py", line \d+, in throws\n/,
      );
      assert.ok(
        h.sink
          .messages()
          .some((m) => m.startsWith("[ERROR] ValueError: the order could not be priced\nTraceback")),
      );
    });

    it("fails with Runtime.ImportModuleError when the module cannot be imported", async () => {
      const spec = python("broken.handler");

      const outcome = await h.invoke(spec);

      assert.deepEqual(payloadOf(outcome), {
        errorMessage: "Unable to import module 'broken': No module named 'module_that_does_not_exist'",
        errorType: "Runtime.ImportModuleError",
        requestId: "",
        stackTrace: [],
      });
      assert.match(outcome.logTail, /\[ERROR\] Runtime.ImportModuleError: Unable to import module 'broken'/);
      assert.match(
        outcome.logTail,
        /INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError\n/,
      );
      assert.equal(h.manager.environmentCount(spec.functionName), 0);
    });

    it("fails with Runtime.HandlerNotFound when the module has no such function", async () => {
      const outcome = await h.invoke(python("handler.absent"));

      const error = payloadOf(outcome) as PythonError;
      assert.equal(error.errorType, "Runtime.HandlerNotFound");
      assert.equal(error.errorMessage, "Handler 'absent' missing on module 'handler'");
    });

    it("fails with Runtime.MalformedHandlerName for a handler without a function", async () => {
      const outcome = await h.invoke(python("handler"));

      const error = payloadOf(outcome) as PythonError;
      assert.equal(error.errorType, "Runtime.MalformedHandlerName");
      assert.equal(
        error.errorMessage,
        "Bad handler 'handler': not enough values to unpack (expected 2, got 1)",
      );
    });
  });

  describe("logs", () => {
    it("writes printed lines and logging records in Lambda's Python format", async () => {
      const outcome = await h.invoke(python("handler.logs"), {}, { requestId: "py-logs" });

      const lines = outcome.logTail
        .split(/(?<=\n)(?=START |END |REPORT |\[|printed|two|lines|partial)/)
        .filter((l) => !/^(START|END|REPORT) /.test(l))
        .map((l) => l.replace(new RegExp(`\\t${ISO}\\t`), "\t<time>\t"));
      assert.deepEqual(lines, [
        "printed line\n",
        "two\n",
        "lines\n",
        "[INFO]\t<time>\tpy-logs\tinfo record 42\n",
        "[WARNING]\t<time>\tpy-logs\twarning record\n",
        "partial line\n",
      ]);
    });
  });

  describe("timeouts and crashes", () => {
    it("kills the process at the timeout and answers Lambda's timeout error", async () => {
      const spec = python("handler.spins", { timeoutSeconds: 2 });
      const pidSpec = python("handler.counter");
      const armed = whenTimerArmed(h.clock, 2_000);
      const invoking = h.invoke(spec, {}, { requestId: "py-timeout" });
      await armed;

      h.clock.advance(2_000);
      const outcome = await invoking;

      assert.deepEqual(payloadOf(outcome), {
        errorType: "Sandbox.Timedout",
        errorMessage: "RequestId: py-timeout Error: Task timed out after 2.00 seconds",
      });
      assert.equal(h.manager.environmentCount(spec.functionName), 0);
      assert.ok((payloadOf(await h.invoke(pidSpec)) as { pid: number }).pid > 0, "the runtime carries on");
    });

    it("fails only the invocation whose handler calls sys.exit, and starts a fresh process next", async () => {
      const spec = python("handler.exits");

      const outcome = await h.invoke(spec, { status: 3 }, { requestId: "py-exit" });

      assert.deepEqual(payloadOf(outcome), {
        errorType: "Runtime.ExitError",
        errorMessage: "RequestId: py-exit Error: Runtime exited with error: exit status 3",
      });
      assert.match(
        outcome.logTail,
        /RequestId: py-exit Error: Runtime exited with error: exit status 3\nRuntime.ExitError\nEND/,
      );
      assert.equal(h.manager.environmentCount(spec.functionName), 0);
    });

    it("kills a process that grows past its memory size", async () => {
      const spec = python("handler.hog", { memorySize: 128, timeoutSeconds: 30 });

      const outcome = await h.invoke(spec, {}, { requestId: "py-hog" });

      assert.deepEqual(payloadOf(outcome), {
        errorType: "Runtime.ExitError",
        errorMessage: "RequestId: py-hog Error: Runtime exited with error: signal: killed",
      });
      assert.equal(outcome.maxMemoryUsedMb, 128);
      assert.match(outcome.logTail, /\tStatus: error\tError Type: Runtime.OutOfMemory\t\n$/);
    });

    it("leaves no process behind when an environment ends", async () => {
      const spec = python("handler.counter");
      const { pid } = payloadOf(await h.invoke(spec)) as { pid: number };

      h.manager.retire(spec.functionName);

      await eventually(() => !isRunning(pid), "the bootstrap process exited");
    });
  });
});
