/**
 * Test harness for the runtime manager: fixture functions copied out of the repository (so that no
 * package.json or node_modules above them decides how they load), a LogSink that keeps every event,
 * function specs, and a manager on a virtual clock that stands still unless a test advances it.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRuntimeManager } from "../../src/runtime/index.ts";
import type {
  FunctionEnvironmentSpec,
  InvocationOutcome,
  InvocationRequest,
  LogSink,
  RuntimeManager,
} from "../../src/runtime/types.ts";
import { VirtualClock } from "../../src/shared/clock.ts";
import { createLogger } from "../../src/shared/logger.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");

/** Python tests need the machine's python3 with boto3 (these machines have it; CI must run them). */
export const PYTHON_MISSING =
  spawnSync("python3", ["-c", "import boto3"], { stdio: "ignore" }).status === 0
    ? false
    : "python3 with boto3 is not installed";
let fixtureRoot: string | undefined;

/** A fixture's directory, copied once per test process to a directory of its own under tmp. */
export function fixtureDir(name: string): string {
  if (!fixtureRoot) {
    fixtureRoot = mkdtempSync(join(tmpdir(), "orderflow-runtime-fixtures-"));
    cpSync(FIXTURES, fixtureRoot, { recursive: true });
    process.once("exit", () => rmSync(fixtureRoot!, { recursive: true, force: true }));
  }
  return join(fixtureRoot, name);
}

export interface StoredEvent {
  group: string;
  stream: string;
  timestamp: number;
  message: string;
}

export class CollectingSink implements LogSink {
  readonly events: StoredEvent[] = [];

  append(
    groupName: string,
    streamName: string,
    events: readonly { timestamp: number; message: string }[],
  ): void {
    for (const event of events) this.events.push({ group: groupName, stream: streamName, ...event });
  }

  messages(stream?: string): string[] {
    return this.events.filter((e) => stream === undefined || e.stream === stream).map((e) => e.message);
  }

  streams(): string[] {
    return [...new Set(this.events.map((e) => e.stream))];
  }
}

let functionCount = 0;

export function functionSpec(overrides: Partial<FunctionEnvironmentSpec> = {}): FunctionEnvironmentSpec {
  const functionName = overrides.functionName ?? `fixture-${++functionCount}`;
  const spec: FunctionEnvironmentSpec = {
    functionName,
    functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    version: "$LATEST",
    runtime: "nodejs22.x",
    handler: "index.echo",
    codeDir: fixtureDir("node-cjs"),
    timeoutSeconds: 3,
    memorySize: 128,
    environment: {},
    region: "us-east-1",
    accountId: "000000000000",
    logGroupName: `/aws/lambda/${functionName}`,
    engineEndpoint: "http://127.0.0.1:9",
    credentials: () => ({
      accessKeyId: "ASIAFIXTURE",
      secretAccessKey: "fixture-secret",
      sessionToken: "fixture-token",
    }),
    configKey: "v1",
    ...overrides,
  };
  return {
    ...spec,
    configKey: overrides.configKey ?? JSON.stringify([spec.handler, spec.codeDir, spec.runtime]),
  };
}

export interface RuntimeHarness {
  manager: RuntimeManager;
  clock: VirtualClock;
  sink: CollectingSink;
  invoke(
    spec: FunctionEnvironmentSpec,
    event?: unknown,
    request?: Partial<InvocationRequest>,
  ): Promise<InvocationOutcome>;
  close(): Promise<void>;
}

export function startRuntime(): RuntimeHarness {
  const clock = new VirtualClock({ flowing: false });
  const sink = new CollectingSink();
  const manager = createRuntimeManager({ clock, logs: sink, logger: createLogger("silent") });
  return {
    manager,
    clock,
    sink,
    invoke: (spec, event = {}, request = {}) =>
      manager.invoke(spec, {
        requestId: randomUUID(),
        payload: Buffer.from(JSON.stringify(event)),
        ...request,
      }),
    close: () => manager.close(),
  };
}

/** The outcome's payload, parsed. */
export const payloadOf = (outcome: InvocationOutcome): unknown =>
  JSON.parse(outcome.payload.toString("utf8"));

/**
 * Resolves once the runtime arms a clock timer of `delayMs`: the invocation's timeout timer is armed
 * when the handler starts, so a test can then advance the clock past it.
 */
export function whenTimerArmed(clock: VirtualClock, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const original = clock.setTimer;
    clock.setTimer = function (this: VirtualClock, delay, callback) {
      const handle = original.call(this, delay, callback);
      if (delay === delayMs) {
        Reflect.deleteProperty(clock, "setTimer");
        resolve();
      }
      return handle;
    };
  });
}
