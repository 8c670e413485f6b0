/** An SQS batch being gathered: up to BatchSize records, within the invocation payload limit. */
import { eventPayload, fitsPayload, type SerializedRecord } from "../event-payload.ts";
import type { LambdaSqsRecord } from "./sqs-records.ts";

export interface ReceivedRecord {
  record: LambdaSqsRecord;
  serialized: SerializedRecord;
  /** Clock time it was received: its visibility timeout runs from here. */
  receivedAt: number;
}

export class SqsBatch {
  readonly records: ReceivedRecord[] = [];
  private bytes = 0;
  /** Nothing more goes in: BatchSize reached, or the next record did not fit the payload. */
  full = false;

  constructor(private readonly batchSize: number) {}

  get size(): number {
    return this.records.length;
  }

  get remaining(): number {
    return this.batchSize - this.records.length;
  }

  /** When the oldest record was received (the batching window runs from here). */
  get startedAt(): number {
    return this.records.reduce((min, r) => Math.min(min, r.receivedAt), Number.POSITIVE_INFINITY);
  }

  tryAdd(item: ReceivedRecord): boolean {
    if (this.full || this.records.length >= this.batchSize) {
      this.full = true;
      return false;
    }
    if (!fitsPayload(this.records.length, this.bytes, item.serialized)) {
      this.full = true;
      return false;
    }
    this.records.push(item);
    this.bytes += item.serialized.bytes;
    if (this.records.length >= this.batchSize) this.full = true;
    return true;
  }

  payload(): Buffer {
    return eventPayload(this.records.map((r) => r.serialized));
  }

  receiptHandles(): string[] {
    return this.records.map((r) => r.record.receiptHandle);
  }
}
