/**
 * Every client call of the soak goes through `OperationLog.attempt`, which says what the caller may
 * assume afterwards:
 *
 * - `acked`: the engine answered with success; the change is promised to survive any later kill.
 * - `rejected`: the engine answered with a 4xx error; nothing changed.
 * - `lost`: no answer (connection refused or cut by a kill, a timeout) or a 5xx; the change may or
 *   may not have been made, and the checks allow both. The call returns once the engine serves again.
 *
 * SDK retries are off (`maxAttempts: 1`), so one attempt is one request and the tally is exact.
 */
import type { CrashableEngine } from "./crashable-engine.ts";

export interface Timing {
  /** performance.now() when the request was made, and when its outcome was known. */
  sentAt: number;
  at: number;
  /** The engine's kill count at those two moments: equal when no kill fell between them. */
  generationSent: number;
  generationAt: number;
}

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export type Outcome<T> =
  | ({ status: "acked"; value: T } & Timing)
  | ({ status: "rejected"; error: SdkError } & Timing)
  | ({ status: "lost"; error: unknown } & Timing);

export interface OperationCounts {
  acked: number;
  rejected: number;
  lost: number;
}

export class OperationLog {
  readonly byKind = new Map<string, OperationCounts>();
  readonly rejectedByError = new Map<string, number>();
  /** 5xx answers: the engine never means to send one, so each is reported as a breach. */
  readonly serverErrors: string[] = [];
  /** Calls lost although no kill happened meanwhile (e.g. a keep-alive socket closed under them). */
  lostWithoutKill = 0;

  constructor(private readonly engine: CrashableEngine) {}

  async attempt<T>(kind: string, call: () => Promise<T>): Promise<Outcome<T>> {
    const counts = this.counts(kind);
    const sentAt = performance.now();
    const generationSent = this.engine.generation;
    const timing = () => ({
      sentAt,
      at: performance.now(),
      generationSent,
      generationAt: this.engine.generation,
    });
    try {
      const value = await call();
      counts.acked++;
      return { status: "acked", value, ...timing() };
    } catch (caught) {
      const error = caught as SdkError;
      const status = error.$metadata?.httpStatusCode ?? 0;
      if (status >= 400 && status < 500) {
        counts.rejected++;
        const name = `${kind}: ${error.name}`;
        this.rejectedByError.set(name, (this.rejectedByError.get(name) ?? 0) + 1);
        return { status: "rejected", error, ...timing() };
      }
      counts.lost++;
      if (status >= 500) this.serverErrors.push(`${kind}: ${status} ${error.name}: ${error.message}`);
      const outcome = { status: "lost" as const, error, ...timing() };
      if (outcome.generationAt === generationSent && this.engine.isServing) this.lostWithoutKill++;
      await this.engine.serving();
      return outcome;
    }
  }

  acknowledged(): number {
    let total = 0;
    for (const counts of this.byKind.values()) total += counts.acked;
    return total;
  }

  private counts(kind: string): OperationCounts {
    let counts = this.byKind.get(kind);
    if (!counts) {
      counts = { acked: 0, rejected: 0, lost: 0 };
      this.byKind.set(kind, counts);
    }
    return counts;
  }
}
