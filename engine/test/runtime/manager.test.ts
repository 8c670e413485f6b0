/**
 * The environments' lifecycle: retiring a function's environments, reclaiming idle ones on the
 * clock, and closing the manager without leaving a worker thread or a process behind.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { CREDENTIALS_REUSE_MARGIN_MS, IDLE_ENVIRONMENT_LIFETIME_MS } from "../../src/runtime/constants.ts";
import type { EnvironmentCredentials } from "../../src/runtime/types.ts";
import { eventually } from "../support/eventually.ts";
import {
  fixtureDir,
  functionSpec,
  PYTHON_MISSING,
  payloadOf,
  type RuntimeHarness,
  startRuntime,
} from "./support.ts";

const pythonSpec = () =>
  functionSpec({ runtime: "python3.12", handler: "handler.counter", codeDir: fixtureDir("python") });

/** The engine process's thread count (each worker is one), or undefined where /proc is missing. */
function threadCount(): number | undefined {
  try {
    return Number(/^Threads:\s+(\d+)$/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1]);
  } catch {
    return undefined;
  }
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("environment lifecycle", () => {
  let h: RuntimeHarness;
  before(() => {
    h = startRuntime();
  });
  after(() => h.close());

  it("counts a function's environments by name or by ARN", async () => {
    const spec = functionSpec();
    await Promise.all([h.invoke(spec), h.invoke(spec)]);

    assert.equal(h.manager.environmentCount(spec.functionName), 2);
    assert.equal(h.manager.environmentCount(spec.functionArn), 2);
    assert.equal(h.manager.environmentCount("another-function"), 0);
  });

  it("ends a function's idle environments when it is retired", async () => {
    const spec = functionSpec({ handler: "index.counter" });
    await h.invoke(spec);

    h.manager.retire(spec.functionName);

    assert.equal(h.manager.environmentCount(spec.functionName), 0);
    assert.equal((payloadOf(await h.invoke(spec)) as { invocations: number }).invocations, 1);
  });

  it("lets a busy environment finish its invocation before retiring it", async () => {
    const spec = functionSpec({ handler: "index.exits" });
    const running = h.invoke(spec);
    await eventually(() => h.manager.environmentCount(spec.functionName) === 1, "the environment started");

    h.manager.retire(spec.functionName);

    assert.equal(h.manager.environmentCount(spec.functionName), 1);
    assert.equal(payloadOf(await running), "still running");
    assert.equal(h.manager.environmentCount(spec.functionName), 0);
  });

  it("reclaims an environment left idle for its lifetime on the clock", async () => {
    const spec = functionSpec();
    await h.invoke(spec);

    h.clock.advance(IDLE_ENVIRONMENT_LIFETIME_MS - 1);
    assert.equal(h.manager.environmentCount(spec.functionName), 1);
    h.clock.advance(1);

    assert.equal(h.manager.environmentCount(spec.functionName), 0);
  });

  /** A spec whose environments each get a numbered key (expiring `lifetimeMs` after issue). */
  function issuingSpec(lifetimeMs = Number.POSITIVE_INFINITY) {
    const ended: string[] = [];
    let issued = 0;
    const spec = functionSpec({
      handler: "index.inspect",
      credentials: (): EnvironmentCredentials => ({
        accessKeyId: `ASIAENV${++issued}`,
        secretAccessKey: "secret",
        sessionToken: `token-${issued}`,
        expiresAt: h.clock.now() + lifetimeMs,
      }),
      credentialsEnded: (credentials) => ended.push(credentials.accessKeyId),
    });
    const keyOf = async () =>
      (payloadOf(await h.invoke(spec)) as { env: Record<string, string> }).env.AWS_ACCESS_KEY_ID;
    return { spec, ended, keyOf };
  }

  it("gives each environment credentials of its own, and hands them back when it ends", async () => {
    const { spec, ended, keyOf } = issuingSpec();

    const keys = await Promise.all([keyOf(), keyOf()]);
    const again = await keyOf();
    h.manager.retire(spec.functionName);

    assert.deepEqual([...keys].sort(), ["ASIAENV1", "ASIAENV2"]);
    assert.ok(keys.includes(again), "a warm environment keeps its credentials");
    assert.deepEqual([...ended].sort(), ["ASIAENV1", "ASIAENV2"]);
  });

  it("starts a new environment rather than reuse one whose credentials expire too soon", async () => {
    const lifetimeMs = CREDENTIALS_REUSE_MARGIN_MS + 5 * 60_000;
    const { ended, keyOf } = issuingSpec(lifetimeMs);

    const first = await keyOf();
    h.clock.advance(lifetimeMs - CREDENTIALS_REUSE_MARGIN_MS - 1);
    const stillWarm = await keyOf();
    h.clock.advance(1);
    const fresh = await keyOf();

    assert.equal(first, "ASIAENV1");
    assert.equal(stillWarm, "ASIAENV1");
    assert.equal(fresh, "ASIAENV2");
    assert.deepEqual(ended, ["ASIAENV1"]);
  });

  it("refuses a runtime it cannot run", async () => {
    await assert.rejects(h.invoke(functionSpec({ runtime: "java21" })), /cannot run the java21 runtime/);
  });
});

describe("closing the manager", () => {
  it("ends every worker thread and every Python process", { skip: PYTHON_MISSING }, async () => {
    const warmUp = startRuntime();
    await warmUp.invoke(functionSpec());
    await warmUp.close();
    const threadsBefore = threadCount();
    const h = startRuntime();
    const node = functionSpec();
    const [, , python] = await Promise.all([h.invoke(node), h.invoke(node), h.invoke(pythonSpec())]);
    const pid = (payloadOf(python) as { pid: number }).pid;
    assert.ok(isRunning(pid));

    await h.close();

    assert.equal(h.manager.environmentCount(node.functionName), 0);
    assert.equal(isRunning(pid), false, "the Python process is gone");
    if (threadsBefore !== undefined) {
      await eventually(() => (threadCount() ?? 0) <= threadsBefore, "the worker threads are gone");
    }
  });

  it("refuses invocations once closed", async () => {
    const h = startRuntime();
    await h.close();

    await assert.rejects(h.invoke(functionSpec()), /closed/);
  });
});
