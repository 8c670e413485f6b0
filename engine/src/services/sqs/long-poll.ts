/**
 * Long polling: a ReceiveMessage with WaitTimeSeconds > 0 that finds nothing waits until a send
 * (or a release, or an unblocked FIFO group) signals its queue, until a delayed or in-flight
 * message becomes visible on the clock, or until its wait time ends — whichever comes first.
 */
import type { Clock, TimerHandle } from "../../shared/clock.ts";

/**
 * Receives waiting at once on one queue, and in the whole engine. AWS documents no such bound;
 * a receive beyond it is answered at once with what the queue has (often nothing), as a short
 * poll is — an empty answer is always a possible outcome of a long poll, and every consumer
 * simply polls again. The per-queue bound sits above what legitimate use reaches (an event source
 * mapping's 1,250 concurrent pollers plus the HTTP server's 1,000 connections), so only a flood
 * meets it.
 */
export const MAX_WAITERS_PER_QUEUE = 2_500;
export const MAX_WAITERS = 10_000;

interface Waiter {
  wake(): void;
}

export class QueueSignals {
  private readonly waiters = new Map<number, Set<Waiter>>();
  private waiting = 0;
  private closed = false;

  constructor(private readonly clock: Clock) {}

  /** After close, a waiting receive ends empty instead of trying again. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Wakes every receive waiting on the queue; each one tries again. */
  notify(queueId: number): void {
    const set = this.waiters.get(queueId);
    if (!set) return;
    this.waiters.delete(queueId);
    for (const waiter of set) waiter.wake();
  }

  /** Receives waiting now, on every queue (tests and diagnostics). */
  get waiterCount(): number {
    return this.waiting;
  }

  /**
   * Resolves true on the next signal for the queue, at `wakeAt` (clock time), on close, or on
   * abort; resolves false at once when the queue or the engine already has as many waiters as it
   * allows, and the receive should end with what it found.
   */
  wait(queueId: number, wakeAt: number, abort?: AbortSignal): Promise<boolean> {
    if (this.closed || abort?.aborted) return Promise.resolve(true);
    const queueWaiters = this.waiters.get(queueId)?.size ?? 0;
    if (queueWaiters >= MAX_WAITERS_PER_QUEUE || this.waiting >= MAX_WAITERS) return Promise.resolve(false);
    this.waiting++;
    return new Promise((resolve) => {
      let timer: TimerHandle | undefined;
      let woken = false;
      const waiter: Waiter = {
        wake: () => {
          if (woken) return;
          woken = true;
          this.waiting--;
          timer?.cancel();
          abort?.removeEventListener("abort", waiter.wake);
          const set = this.waiters.get(queueId);
          set?.delete(waiter);
          if (set?.size === 0) this.waiters.delete(queueId);
          resolve(true);
        },
      };
      let set = this.waiters.get(queueId);
      if (!set) {
        set = new Set();
        this.waiters.set(queueId, set);
      }
      set.add(waiter);
      abort?.addEventListener("abort", waiter.wake, { once: true });
      timer = this.clock.setTimer(Math.max(0, wakeAt - this.clock.now()), () => waiter.wake());
    });
  }

  close(): void {
    this.closed = true;
    for (const queueId of [...this.waiters.keys()]) this.notify(queueId);
  }
}
