/**
 * The execution environments of every function: an invocation runs in an idle environment of the
 * function built from the same configuration (warm), else in a new one (cold). The manager never
 * queues; the Lambda service has already admitted the invocation. Environments of an older
 * configuration are not reused, and any environment idle for IDLE_ENVIRONMENT_LIFETIME_MS on the
 * clock is shut down, as Lambda reclaims idle environments. Each environment gets its own
 * credentials when it is created (spec.credentials()); one whose credentials are about to expire is
 * not reused, so a handler never signs with an expired session.
 */
import { join } from "node:path";
import type { Clock, TimerHandle } from "../shared/clock.ts";
import type { Logger } from "../shared/logger.ts";
import { RUNTIME_ASSETS_DIR } from "./assets.ts";
import { CREDENTIALS_REUSE_MARGIN_MS, IDLE_ENVIRONMENT_LIFETIME_MS } from "./constants.ts";
import type { ExecutionEnvironment } from "./environment.ts";
import { EnvironmentLog, logStreamName } from "./environment-log.ts";
import { environmentVariables } from "./environment-variables.ts";
import { type InvocationTarget, runInvocation } from "./invocation.ts";
import { NodeEnvironment } from "./node/worker-environment.ts";
import { initStartLine } from "./platform-lines.ts";
import { PythonEnvironment } from "./python/process-environment.ts";
import { type RuntimeInfo, runtimeInfo, runtimeVersionArn, runtimeVersionName } from "./runtimes.ts";
import type {
  EnvironmentCredentials,
  FunctionEnvironmentSpec,
  InvocationOutcome,
  InvocationRequest,
  LogSink,
  RuntimeManager,
  ScopedLogSinks,
} from "./types.ts";

export interface RuntimeManagerDeps {
  clock: Clock;
  /** One sink for everything, or one per account and region. */
  logs: LogSink | ScopedLogSinks;
  logger: Logger;
}

interface PooledEnvironment extends InvocationTarget {
  readonly id: number;
  busy: boolean;
  /** End it when its invocation is over. */
  retiring: boolean;
  ended: boolean;
  /** When it last finished an invocation (for picking the warmest). */
  lastUsed: number;
  idleTimer: TimerHandle | undefined;
  credentials: EnvironmentCredentials;
}

export class EnvironmentManager implements RuntimeManager {
  /** By function ARN. */
  private readonly pools = new Map<string, Set<PooledEnvironment>>();
  private readonly ending = new Set<Promise<void>>();
  private nextId = 1;
  private uses = 0;
  private closed = false;

  constructor(private readonly deps: RuntimeManagerDeps) {}

  async invoke(spec: FunctionEnvironmentSpec, request: InvocationRequest): Promise<InvocationOutcome> {
    if (this.closed) throw new Error("The runtime manager is closed");
    const info = runtimeInfo(spec.runtime);
    if (!info) throw new Error(`The engine cannot run the ${spec.runtime} runtime`);
    const env = this.warmEnvironment(spec) ?? this.create(spec, info);
    env.busy = true;
    env.idleTimer?.cancel();
    env.idleTimer = undefined;
    let reusable = false;
    try {
      const ran = await runInvocation(env, request, this.deps.clock);
      reusable = ran.reusable;
      return ran.outcome;
    } finally {
      env.busy = false;
      env.lastUsed = ++this.uses;
      if (!reusable || env.retiring || env.ended || this.closed) this.end(env);
      else env.idleTimer = this.deps.clock.setTimer(IDLE_ENVIRONMENT_LIFETIME_MS, () => this.end(env));
    }
  }

  /** The most recently used idle environment of this configuration; idle ones of others end. */
  private warmEnvironment(spec: FunctionEnvironmentSpec): PooledEnvironment | undefined {
    let warmest: PooledEnvironment | undefined;
    const now = this.deps.clock.now();
    for (const env of this.pools.get(spec.functionArn) ?? []) {
      const expiring = (env.credentials.expiresAt ?? Infinity) - now <= CREDENTIALS_REUSE_MARGIN_MS;
      if (env.spec.configKey !== spec.configKey || expiring) {
        if (env.busy) env.retiring = true;
        else this.end(env);
      } else if (!env.busy && !env.retiring && (!warmest || env.lastUsed > warmest.lastUsed)) {
        warmest = env;
      }
    }
    return warmest;
  }

  private create(spec: FunctionEnvironmentSpec, info: RuntimeInfo): PooledEnvironment {
    const { clock, logs, logger } = this.deps;
    const streamName = logStreamName(clock.now(), spec.version);
    const scoped = "sink" in logs ? logs.sink({ accountId: spec.accountId, region: spec.region }) : logs;
    const delivered = spec.logsDelivered;
    const sink: LogSink = delivered
      ? {
          append: (group, stream, events) => {
            if (delivered(stream)) scoped.append(group, stream, events);
          },
        }
      : scoped;
    const log = new EnvironmentLog(spec.logGroupName, streamName, { clock, sink, logger });
    log.write(initStartLine(runtimeVersionName(info), runtimeVersionArn(info, spec.region)));
    const credentials = spec.credentials();
    const identity = { logStreamName: streamName, info, runtimeDir: RUNTIME_ASSETS_DIR, credentials };
    const write = (text: string) => log.write(text);
    let runtime: ExecutionEnvironment;
    if (info.family === "nodejs") {
      runtime = new NodeEnvironment({
        assetsDir: RUNTIME_ASSETS_DIR,
        codeDir: spec.codeDir,
        handler: spec.handler,
        runtime: spec.runtime,
        memorySizeMb: spec.memorySize,
        variables: environmentVariables(spec, identity),
        sdkAnchorFile: join(RUNTIME_ASSETS_DIR, "node", "bootstrap.cjs"),
        log: write,
        name: `lambda ${spec.functionName}`,
      });
    } else {
      runtime = new PythonEnvironment({
        assetsDir: RUNTIME_ASSETS_DIR,
        codeDir: spec.codeDir,
        memorySizeMb: spec.memorySize,
        // Output arrives as it is written, in order.
        variables: environmentVariables(spec, identity, {
          PYTHONUNBUFFERED: "1",
          PYTHONDONTWRITEBYTECODE: "1",
        }),
        log: write,
      });
    }
    const env: PooledEnvironment = {
      id: this.nextId++,
      spec,
      runtime,
      log,
      initialized: false,
      busy: false,
      retiring: false,
      ended: false,
      lastUsed: 0,
      idleTimer: undefined,
      credentials,
    };
    // An environment that dies between invocations (a crash in leftover work) is not reused.
    runtime.onExit(() => {
      if (!env.busy) this.end(env);
      else env.retiring = true;
    });
    let pool = this.pools.get(spec.functionArn);
    if (!pool) {
      pool = new Set();
      this.pools.set(spec.functionArn, pool);
    }
    pool.add(env);
    logger.debug("lambda: execution environment created", {
      function: spec.functionName,
      stream: streamName,
    });
    return env;
  }

  private end(env: PooledEnvironment): void {
    if (env.ended) return;
    env.ended = true;
    env.idleTimer?.cancel();
    const pool = this.pools.get(env.spec.functionArn);
    pool?.delete(env);
    if (pool?.size === 0) this.pools.delete(env.spec.functionArn);
    env.spec.credentialsEnded?.(env.credentials);
    const ending = env.runtime.destroy().finally(() => {
      env.log.flush();
      this.ending.delete(ending);
    });
    this.ending.add(ending);
    this.deps.logger.debug("lambda: execution environment ended", { function: env.spec.functionName });
  }

  private environmentsOf(functionName: string): PooledEnvironment[] {
    const found: PooledEnvironment[] = [];
    for (const [arn, pool] of this.pools) {
      for (const env of pool)
        if (arn === functionName || env.spec.functionName === functionName) found.push(env);
    }
    return found;
  }

  environmentCount(functionName: string): number {
    return this.environmentsOf(functionName).length;
  }

  retire(functionName: string): void {
    for (const env of this.environmentsOf(functionName)) {
      if (env.busy) env.retiring = true;
      else this.end(env);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pool of [...this.pools.values()]) for (const env of [...pool]) this.end(env);
    await Promise.all([...this.ending]);
  }
}
