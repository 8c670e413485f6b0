/**
 * One DynamoDB item's history as its only writer made it: each attempt (a write with a unique
 * token, or a delete) and what came of it. Matched against the item's stream records and final
 * state, it tells whether the engine kept its promises:
 *
 * - the records are a subsequence of the attempts, in order, each attempt at most once (exactly one
 *   record per change; none for a rejected write);
 * - every acknowledged write has its record; an acknowledged delete may have none only if the item
 *   was already absent (DynamoDB writes no record for a change that changes nothing);
 * - each record's old image is the state the previous record left, INSERT/MODIFY/REMOVE agree;
 * - the item as read at the end is the state the last record left (so an acknowledged write is
 *   there with its last value, or a later unacknowledged one that landed).
 */
import type { Outcome } from "./operation-log.ts";

export type AttemptKind = "write" | "delete";
export type AttemptStatus = Outcome<unknown>["status"];

interface Attempt {
  kind: AttemptKind;
  /** The token a write sets; none for a delete. */
  token?: string;
  status: AttemptStatus;
}

/** A stream record reduced to what the match needs. */
export interface ItemChange {
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  oldToken: string | undefined;
  newToken: string | undefined;
}

export class ItemHistory {
  private readonly attempts: Attempt[] = [];

  constructor(readonly key: string) {}

  record(kind: AttemptKind, token: string | undefined, status: AttemptStatus): void {
    this.attempts.push({ kind, token, status });
  }

  get acknowledged(): number {
    return this.attempts.filter((a) => a.status === "acked").length;
  }

  /** Breaches of the item's promises, given its records in stream order and its final token. */
  check(changes: readonly ItemChange[], finalToken: string | undefined): string[] {
    const breaches: string[] = [];
    const fail = (what: string) => breaches.push(`${this.key}: ${what}`);
    let next = 0;
    let state: string | undefined;
    const skipTo = (index: number) => {
      for (let i = next; i < index; i++) {
        const attempt = this.attempts[i]!;
        const noOp = attempt.kind === "delete" && state === undefined;
        if (attempt.status === "acked" && !noOp) {
          fail(`acknowledged ${attempt.kind} ${attempt.token ?? ""} has no stream record`);
        }
      }
      next = index + 1;
    };
    for (const change of changes) {
      if (change.oldToken !== state) fail(`record's old image ${change.oldToken} is not ${state}`);
      const expectedName =
        change.newToken === undefined ? "REMOVE" : state === undefined ? "INSERT" : "MODIFY";
      if (change.eventName !== expectedName) fail(`${change.eventName} record where ${expectedName} was due`);
      let index: number;
      if (change.newToken === undefined) {
        index = this.attempts.findIndex(
          (a, i) => i >= next && a.kind === "delete" && a.status !== "rejected",
        );
        if (index < 0) {
          fail("a REMOVE record matches no delete");
          continue;
        }
      } else {
        index = this.attempts.findIndex((a) => a.token === change.newToken);
        if (index < 0) {
          fail(`record for ${change.newToken}, which was never written`);
          continue;
        }
        if (index < next) {
          fail(`record for ${change.newToken} is a duplicate or out of order`);
          continue;
        }
        if (this.attempts[index]!.status === "rejected") fail(`record for rejected write ${change.newToken}`);
      }
      skipTo(index);
      state = change.newToken;
    }
    skipTo(this.attempts.length);
    if (finalToken !== state) {
      fail(`holds ${finalToken ?? "nothing"} but its stream ends at ${state ?? "nothing"}`);
    }
    return breaches;
  }
}
