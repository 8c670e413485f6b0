/**
 * Moving an engine's virtual clock through a scenario. What the clock schedules (visibility
 * timeouts, batching windows, capacity refills) fires as it moves, and the engine then acts on it
 * in real time: pollers receive, functions start, handlers write. The clock also flows in real
 * time, and function timeouts run on it, including the init phase's: a jump while a function
 * starts or runs counts against its timeout. So time moves in steps, each followed by a short
 * real pause for the engine to act on it and, where the test can tell, taken only once the engine
 * has settled (no invocation running).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { EngineProcess } from "../../support/engine.ts";
import { engineMetrics, type FunctionMetrics } from "./observe.ts";

export interface Pace {
  /**
   * Virtual seconds per step: shorter than the function timeouts under test, so an invocation
   * that starts between the settled check and the step survives the jump.
   */
  stepSeconds: number;
  /** Real milliseconds after each step for the engine to act on it. */
  pauseMs: number;
  /** The most virtual seconds the clock is moved. */
  limitSeconds: number;
}

/** Whether the engine has finished acting on the last step. */
export type Settled = () => Promise<boolean>;

const SETTLE_POLL_MS = 5;
/** A function that runs this long in real time is let time out by the next step. */
const SETTLE_TIME_LIMIT_MS = 30_000;

async function waitUntil(settled: Settled): Promise<void> {
  const giveUpAt = Date.now() + SETTLE_TIME_LIMIT_MS;
  while (!(await settled()) && Date.now() < giveUpAt) await sleep(SETTLE_POLL_MS);
}

/** One step: once settled, the clock moves, then the engine gets its real pause. */
export async function step(engine: EngineProcess, pace: Pace, settled: Settled = async () => true) {
  await waitUntil(settled);
  await engine.advanceClock(pace.stepSeconds);
  await sleep(pace.pauseMs);
}

/**
 * Advances the clock step by step until `reached()` holds or the limit passes. Returns the virtual
 * seconds it took, or undefined when the limit passed first.
 */
export async function advanceUntil(
  engine: EngineProcess,
  pace: Pace,
  reached: () => Promise<boolean>,
  settled?: Settled,
): Promise<number | undefined> {
  for (let elapsed = 0; ; elapsed += pace.stepSeconds) {
    if (await reached()) return elapsed;
    if (elapsed >= pace.limitSeconds) return undefined;
    await step(engine, pace, settled);
  }
}

/** Advances the clock step by step for `pace.limitSeconds`. */
export async function advanceFor(engine: EngineProcess, pace: Pace, settled?: Settled): Promise<void> {
  for (let elapsed = 0; elapsed < pace.limitSeconds; elapsed += pace.stepSeconds)
    await step(engine, pace, settled);
}

/** The engine's clock now, in epoch milliseconds. */
export async function engineNow(engine: EngineProcess): Promise<number> {
  const response = await fetch(`${engine.endpoint}/_orderflow/clock`);
  if (!response.ok) throw new Error(`reading the clock: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { now: number }).now;
}

/**
 * Settled when none of the functions is running an invocation (its init included), as the
 * engine's metrics route counts them (ConcurrentExecutions, until the engine serves CloudWatch).
 */
export function functionsIdle(engine: EngineProcess, functionArns: readonly string[]): Settled {
  return async () => {
    for (const arn of functionArns) {
      const metrics = await engineMetrics<FunctionMetrics>(engine.endpoint, arn);
      if (metrics.concurrentExecutions > 0) return false;
    }
    return true;
  };
}
