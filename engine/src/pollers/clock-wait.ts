/**
 * Waiting on the engine's clock, cut short when a poller stops: every window, back-off and retry
 * delay of the pollers goes through here, so a virtual clock drives them in tests.
 */
import type { Clock, TimerHandle } from "../shared/clock.ts";
import { RETRY_BASE_DELAY_MS, RETRY_MAX_DELAY_MS } from "./constants.ts";

/** Tells a poller's loops to end; waits in progress end at once. */
export class StopSignal {
  private stoppedFlag = false;
  private readonly listeners = new Set<() => void>();

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  stop(): void {
    if (this.stoppedFlag) return;
    this.stoppedFlag = true;
    for (const listener of [...this.listeners]) listener();
    this.listeners.clear();
  }

  /** Runs `listener` on stop (at once if already stopped); returns the unsubscribe. */
  onStop(listener: () => void): () => void {
    if (this.stoppedFlag) {
      listener();
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** A wake-up others can ring: `wait()` resolves at the next `ring()` after it was called. */
export class Bell {
  private waiters: Array<() => void> = [];

  ring(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

export type WaitOutcome<T> = { kind: "value"; value: T } | { kind: "timeout" } | { kind: "stopped" };

/**
 * Waits for `promise`, for `timeoutMs` of clock time (none when undefined), or for the stop signal,
 * whichever comes first. The promise keeps running when the wait ends another way.
 */
export function waitFor<T>(
  clock: Clock,
  stop: StopSignal,
  promise: Promise<T>,
  timeoutMs?: number,
): Promise<WaitOutcome<T>> {
  return new Promise((resolve, reject) => {
    let timer: TimerHandle | undefined;
    let settled = false;
    const finish = (outcome: WaitOutcome<T>) => {
      if (settled) return;
      settled = true;
      timer?.cancel();
      unsubscribe();
      resolve(outcome);
    };
    const unsubscribe = stop.onStop(() => finish({ kind: "stopped" }));
    if (timeoutMs !== undefined) timer = clock.setTimer(timeoutMs, () => finish({ kind: "timeout" }));
    promise.then(
      (value) => finish({ kind: "value", value }),
      (error: unknown) => {
        if (settled) return;
        settled = true;
        timer?.cancel();
        unsubscribe();
        reject(error);
      },
    );
  });
}

/** Sleeps `ms` of clock time; resolves early (false) when stopped, else true. */
export async function sleep(clock: Clock, stop: StopSignal, ms: number): Promise<boolean> {
  const outcome = await waitFor(clock, stop, new Promise<never>(() => {}), ms);
  return outcome.kind === "timeout";
}

/** The retry delay before attempt `n + 1` (n = 0 for the first retry). */
export const retryDelayMs = (n: number): number =>
  Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** Math.min(n, 16));
