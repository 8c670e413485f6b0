/**
 * Long polling: a ReceiveMessage with WaitTimeSeconds > 0 that finds nothing waits until a send
 * (or a release, or an unblocked FIFO group) signals its queue, until a delayed or in-flight
 * message becomes visible on the clock, or until its wait time ends — whichever comes first.
 */
import type { Clock, TimerHandle } from "../../shared/clock.ts";

interface Waiter {
  wake(): void;
}

export class QueueSignals {
  private readonly waiters = new Map<number, Set<Waiter>>();
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

  /** Resolves on the next signal for the queue, at `wakeAt` (clock time), on close, or on abort. */
  wait(queueId: number, wakeAt: number, abort?: AbortSignal): Promise<void> {
    if (this.closed || abort?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: TimerHandle | undefined;
      const waiter: Waiter = {
        wake: () => {
          timer?.cancel();
          abort?.removeEventListener("abort", waiter.wake);
          this.waiters.get(queueId)?.delete(waiter);
          resolve();
        },
      };
      abort?.addEventListener("abort", waiter.wake, { once: true });
      timer = this.clock.setTimer(Math.max(0, wakeAt - this.clock.now()), () => waiter.wake());
      let set = this.waiters.get(queueId);
      if (!set) {
        set = new Set();
        this.waiters.set(queueId, set);
      }
      set.add(waiter);
    });
  }

  close(): void {
    this.closed = true;
    for (const queueId of [...this.waiters.keys()]) this.notify(queueId);
  }
}
