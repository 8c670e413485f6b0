/**
 * The engine's one source of time. Every time-dependent rule (visibility timeouts, delays, long
 * polls, retention, purge windows, …) reads `now()` and schedules through `setTimer`, so a test can
 * run the virtual clock forward instead of sleeping.
 *
 * The virtual clock keeps flowing at the real rate (a long poll still ends by itself) and can be
 * moved forward with `advance`; timers that fall due are fired in time order as it moves. Tests
 * stop it flowing (`flowing: false`): then only `advance` moves time, so a rule that depends on
 * elapsed time (burst credit, visibility, batching windows) never depends on how fast the machine
 * runs the test.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  readonly kind: "real" | "virtual";
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `callback` once the clock reaches `now() + delayMs`. */
  setTimer(delayMs: number, callback: () => void): TimerHandle;
}

/** Node's longest timeout (2^31 - 1 ms, about 24.8 days); a longer one fires after 1 ms. */
const MAX_TIMEOUT_MS = 2_147_483_647;

export class RealClock implements Clock {
  readonly kind = "real";
  now(): number {
    return Date.now();
  }
  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const due = Date.now() + Math.max(0, delayMs);
    let timer: NodeJS.Timeout;
    // A delay beyond node's longest timeout is waited out in steps.
    const arm = () => {
      const remaining = due - Date.now();
      timer = setTimeout(
        remaining > MAX_TIMEOUT_MS ? arm : callback,
        Math.min(Math.max(0, remaining), MAX_TIMEOUT_MS),
      );
      timer.unref?.();
    };
    arm();
    return { cancel: () => clearTimeout(timer) };
  }
}

interface VirtualTimer {
  due: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

export class VirtualClock implements Clock {
  readonly kind = "virtual";
  private offsetMs: number;
  private readonly timers: VirtualTimer[] = [];
  private seq = 0;
  private wakeup: NodeJS.Timeout | undefined;
  /** While an advance runs timers, time stands at the running timer's due time. */
  private pinned: number | undefined;

  /** Without flow, time stands here until advanced. */
  private standing: number | undefined;

  constructor(options: { startMs?: number; flowing?: boolean } = {}) {
    this.offsetMs = options.startMs === undefined ? 0 : options.startMs - Date.now();
    if (options.flowing === false) this.standing = Date.now() + this.offsetMs;
  }

  /** Whether time also passes on its own, at the real rate. */
  get flowing(): boolean {
    return this.standing === undefined;
  }

  now(): number {
    return this.pinned ?? this.standing ?? Date.now() + this.offsetMs;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer: VirtualTimer = {
      due: this.now() + Math.max(0, delayMs),
      seq: this.seq++,
      callback,
      cancelled: false,
    };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
    this.schedule();
    return {
      cancel: () => {
        timer.cancelled = true;
        const index = this.timers.indexOf(timer);
        if (index >= 0) this.timers.splice(index, 1);
        this.schedule();
      },
    };
  }

  /** How long until each pending timer falls due, soonest first (what tests wait on). */
  pendingDelays(): number[] {
    const now = this.now();
    return this.timers.filter((timer) => !timer.cancelled).map((timer) => timer.due - now);
  }

  /**
   * Moves time forward by `ms`, stepping through every timer that falls due on the way: while a
   * timer runs, the clock reads its due time, so timers it sets are scheduled from there (a tick
   * that re-arms itself every second fires ten times over a ten-second advance).
   */
  advance(ms: number): number {
    if (!(ms >= 0)) throw new RangeError("the clock only moves forward");
    const target = this.now() + ms;
    try {
      for (;;) {
        const next = this.timers[0];
        if (!next || next.due > target) break;
        this.timers.shift();
        // Real time passing inside callbacks must not push re-armed timers past their cadence.
        this.pinned = Math.max(next.due, this.pinned ?? Number.NEGATIVE_INFINITY);
        if (!next.cancelled) next.callback();
      }
    } finally {
      this.pinned = undefined;
      if (this.standing !== undefined) this.standing = Math.max(this.standing, target);
      else {
        const flowing = Date.now() + this.offsetMs;
        if (target > flowing) this.offsetMs += target - flowing;
      }
      this.schedule();
    }
    return this.now();
  }

  /** Moves time forward to `epochMs` (never backwards). */
  set(epochMs: number): number {
    return this.advance(Math.max(0, epochMs - this.now()));
  }

  private fireDue(): void {
    for (;;) {
      const next = this.timers[0];
      if (!next || next.due > this.now()) break;
      this.timers.shift();
      if (!next.cancelled) next.callback();
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.wakeup) clearTimeout(this.wakeup);
    this.wakeup = undefined;
    const next = this.timers[0];
    // A standing clock reaches a future timer only through advance.
    if (!next || (this.standing !== undefined && next.due > this.standing)) return;
    this.wakeup = setTimeout(
      () => this.fireDue(),
      Math.min(Math.max(0, next.due - this.now()), MAX_TIMEOUT_MS),
    );
    this.wakeup.unref?.();
  }
}
