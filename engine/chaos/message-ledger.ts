/**
 * What the soak's SQS clients saw of one queue (and its DLQ): bodies sent (attempted, acknowledged),
 * every receive, every acknowledged delete. Bodies are unique per send, so they name messages.
 *
 * A DeleteMessage acknowledgement promises the message is gone only when the receipt handle it used
 * was the latest: AWS: "If you receive a message more than once, each time you receive it, you get a
 * different receipt handle. You must provide the most recently received receipt handle when you
 * request to delete the message (otherwise, the request succeeds, but the message might not be
 * deleted)." (SQS Developer Guide, DeleteMessage). A delete therefore counts as certain only if no
 * other receive of that message, seen or lost, and no kill (whose last receives went unseen) fell
 * between the receive it answers and its acknowledgement.
 */
import type { Timing } from "./operation-log.ts";

export interface ReceiveEvent extends Timing {
  body: string;
  queue: "main" | "dlq";
  /** The order in which receive answers arrived, over the whole run. */
  answer: number;
}

interface DeleteAck {
  receive: ReceiveEvent;
  at: number;
  generationAt: number;
}

export class MessageLedger {
  readonly attempted = new Set<string>();
  readonly acknowledged = new Set<string>();
  readonly receives: ReceiveEvent[] = [];
  private readonly deletes: DeleteAck[] = [];
  /** [sentAt, at] of receives whose answer was lost: any message may have been taken by them. */
  private readonly lostReceives: Array<[number, number]> = [];
  private answers = 0;

  received(bodies: readonly string[], queue: "main" | "dlq", timing: Timing): ReceiveEvent[] {
    const answer = ++this.answers;
    const events = bodies.map((body) => ({ body, queue, answer, ...timing }));
    this.receives.push(...events);
    return events;
  }

  receiveLost(timing: Timing): void {
    this.lostReceives.push([timing.sentAt, timing.at]);
  }

  deleted(receive: ReceiveEvent, ack: Timing): void {
    this.deletes.push({ receive, at: ack.at, generationAt: ack.generationAt });
  }

  /** Body → when its certain delete was acknowledged (the earliest, if several). */
  certainDeletes(): Map<string, number> {
    const byBody = new Map<string, ReceiveEvent[]>();
    for (const event of this.receives) byBody.set(event.body, [...(byBody.get(event.body) ?? []), event]);
    const certain = new Map<string, number>();
    for (const ack of this.deletes) {
      const { receive } = ack;
      if (receive.generationSent !== ack.generationAt) continue;
      const overlaps = (from: number, to: number) => from <= ack.at && to >= receive.sentAt;
      const otherReceive = (byBody.get(receive.body) ?? []).some(
        (other) => other !== receive && overlaps(other.sentAt, other.at),
      );
      if (otherReceive || this.lostReceives.some(([from, to]) => overlaps(from, to))) continue;
      certain.set(receive.body, Math.min(ack.at, certain.get(receive.body) ?? Number.POSITIVE_INFINITY));
    }
    return certain;
  }

  /** The breaches every queue shares: phantom messages, lost messages, deleted messages returning. */
  commonBreaches(): string[] {
    const breaches: string[] = [];
    const received = new Set(this.receives.map((event) => event.body));
    for (const body of received) {
      if (!this.attempted.has(body)) breaches.push(`received ${body}, which was never sent`);
    }
    for (const body of this.acknowledged) {
      if (!received.has(body)) breaches.push(`acknowledged ${body} was never delivered`);
    }
    const certain = this.certainDeletes();
    for (const event of this.receives) {
      const deletedAt = certain.get(event.body);
      if (deletedAt !== undefined && event.sentAt > deletedAt) {
        breaches.push(
          `${event.body} was received (${event.queue}) ${(event.sentAt - deletedAt).toFixed(0)} ms after its delete was acknowledged`,
        );
      }
    }
    return breaches;
  }
}
