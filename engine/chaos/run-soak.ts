/**
 * The crash soak: the engine as a child process on a temporary data directory (real clock), the
 * workloads' clients running against it, SIGKILL at seeded random moments followed by a restart on
 * the same directory and port, and after the last restart each workload's check.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Prng } from "../test/support/prng.ts";
import { CrashableEngine, type Recovery } from "./crashable-engine.ts";
import { dynamodbWorkload } from "./dynamodb-items.ts";
import { type OperationCounts, OperationLog } from "./operation-log.ts";
import { sqsFifoWorkload } from "./sqs-fifo.ts";
import { sqsStandardWorkload } from "./sqs-standard.ts";
import { createClients, type SoakContext, StopSignal, sleep, type Workload } from "./workload.ts";
import { writeBufferWorkload } from "./write-buffer.ts";

/** Share of kills that land right after a restart (pollers resuming, caches filling). */
const EARLY_KILL_SHARE = 0.15;
const EARLY_KILL_MS = { min: 20, max: 300 };
/** Share of restarts that are themselves killed during startup, this long after the spawn. */
const STARTUP_KILL_SHARE = 0.1;
const STARTUP_KILL_MS = { min: 0, max: 400 };
/** How much of the engine's output a failed soak prints. */
const OUTPUT_SHOWN_CHARS = 5000;

export interface SoakOptions {
  seed: number;
  /** How many times the engine is killed and restarted. */
  kills: number;
  /** How long the clients run; kills are spread over it. */
  durationMs: number;
  /** Progress lines (kills, phases); silent if absent. */
  progress?: (line: string) => void;
}

/** A broken promise, by the workload whose check found it ("engine" for restarts and 5xx answers). */
export interface Breach {
  workload: string;
  text: string;
}

export interface SoakReport {
  options: Omit<SoakOptions, "progress">;
  elapsedMs: number;
  /** How long the clients ran. */
  trafficMs: number;
  operations: Map<string, OperationCounts>;
  rejectedByError: Map<string, number>;
  acknowledged: number;
  lostWithoutKill: number;
  kills: number;
  /** Kills of a restart still starting up (each on top of a counted kill). */
  startupKills: number;
  recoveries: Recovery[];
  checked: Record<string, number>;
  breaches: Breach[];
  /** The data directory, kept for inspection when there was a breach. */
  keptDataDir?: string;
}

export interface ScheduledKill {
  /** How long the engine serves before the kill. */
  uptimeMs: number;
  /** When set, the restart is killed this long after its spawn, and restarted again. */
  startupKillAfterMs?: number;
}

/** The kills, from the seed: uptimes mostly around the mean, some right after a restart. */
export function killSchedule(seed: number, kills: number, durationMs: number): ScheduledKill[] {
  const rng = new Prng(seed).fork("kills");
  const mean = durationMs / (kills + 1);
  return Array.from({ length: kills }, () => {
    const uptimeMs = rng.chance(EARLY_KILL_SHARE)
      ? rng.int(EARLY_KILL_MS.min, EARLY_KILL_MS.max)
      : rng.int(Math.round(mean * 0.4), Math.round(mean * 1.6));
    const startupKill = rng.chance(STARTUP_KILL_SHARE);
    return startupKill
      ? { uptimeMs, startupKillAfterMs: rng.int(STARTUP_KILL_MS.min, STARTUP_KILL_MS.max) }
      : { uptimeMs };
  });
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const progress = options.progress ?? (() => {});
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), "orderflow-chaos-"));
  const breaches: Breach[] = [];
  const engineBreach = (text: string) => breaches.push({ workload: "engine", text });
  const engine = await CrashableEngine.start(dataDir).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const clients = createClients(engine.endpoint);
  const log = new OperationLog(engine);
  const seed = new Prng(options.seed);
  const ctx: SoakContext = { engine, clients, log, rng: (label) => seed.fork(label), stop: new StopSignal() };
  const workloads: Workload[] = [
    sqsStandardWorkload(ctx, { producers: 2, consumers: 2 }),
    sqsFifoWorkload(ctx, { producers: 2, consumers: 2 }),
    dynamodbWorkload(ctx, { putWriters: 2 }),
    writeBufferWorkload(ctx),
  ];
  const checked: Record<string, number> = {};
  let kills = 0;
  let trafficMs = 0;
  let startupKills = 0;
  try {
    for (const workload of workloads) await workload.setup();
    progress(`engine at ${engine.endpoint}, data in ${dataDir}; clients running`);
    const trafficStarted = performance.now();
    const running = workloads.map((w) =>
      w.run().catch((error: unknown) => {
        breaches.push({ workload: w.name, text: `a client failed: ${(error as Error).stack ?? error}` });
      }),
    );
    let restarted = true;
    for (const { uptimeMs, startupKillAfterMs } of killSchedule(
      options.seed,
      options.kills,
      options.durationMs,
    )) {
      await sleep(uptimeMs);
      kills++;
      if (startupKillAfterMs !== undefined) startupKills++;
      try {
        const { recoveryMs } = await engine.killAndRestart(startupKillAfterMs);
        const during =
          startupKillAfterMs === undefined ? "" : `, its restart killed ${startupKillAfterMs} ms after spawn`;
        progress(
          `kill ${kills}/${options.kills} after ${uptimeMs} ms up${during}: serving again in ${recoveryMs.toFixed(0)} ms`,
        );
      } catch (error) {
        engineBreach(`restart after kill ${kills} failed: ${(error as Error).message}`);
        restarted = false;
        engine.abort();
        break;
      }
    }
    // A last stretch without kills: at least one mean uptime, and the rest of the asked duration.
    const mean = options.durationMs / (options.kills + 1);
    if (restarted) await sleep(Math.max(mean, options.durationMs - (performance.now() - trafficStarted)));
    ctx.stop.requested = true;
    await Promise.all(running);
    trafficMs = performance.now() - trafficStarted;
    if (restarted) {
      progress(
        `clients stopped after ${((performance.now() - started) / 1000).toFixed(1)} s; draining and checking`,
      );
      const results = await Promise.all(workloads.map((w) => w.check()));
      results.forEach((result, i) => {
        for (const text of result.breaches) breaches.push({ workload: workloads[i]!.name, text });
        Object.assign(checked, result.checked);
      });
    }
    for (const error of log.serverErrors) engineBreach(`server error: ${error}`);
  } finally {
    clients.destroy();
    const exit = await engine.stop().catch((error: unknown) => ({ error }));
    if ("error" in exit || exit.code !== 0)
      engineBreach(`the engine did not stop cleanly: ${JSON.stringify(exit)}`);
    if (breaches.length === 0) rmSync(dataDir, { recursive: true, force: true });
    else
      progress(
        `engine output (its last ${OUTPUT_SHOWN_CHARS} characters):\n${engine.output().slice(-OUTPUT_SHOWN_CHARS)}`,
      );
  }
  const { progress: _, ...shown } = options;
  return {
    options: shown,
    elapsedMs: performance.now() - started,
    trafficMs,
    operations: log.byKind,
    rejectedByError: log.rejectedByError,
    acknowledged: log.acknowledged(),
    lostWithoutKill: log.lostWithoutKill,
    kills,
    startupKills,
    recoveries: engine.recoveries,
    checked,
    breaches,
    ...(breaches.length > 0 && { keptDataDir: dataDir }),
  };
}
