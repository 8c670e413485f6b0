/**
 * Record factories: SQS events as the Lambda event source mapping delivers them
 * (AWS Lambda Developer Guide, "Using Lambda with Amazon SQS", example event).
 */
import { randomUUID } from "node:crypto";
import type { SQSEvent, SQSRecord } from "aws-lambda";

export const QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:ingress";
/** 2024-01-01T00:00:00Z, when the factories' messages were sent unless told otherwise. */
export const SENT_AT_MS = 1_704_067_200_000;

/** A seed-000 order body: `{id, timestamp, amount, email, album}`. */
export function orderBody(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    timestamp: SENT_AT_MS - 1000,
    amount: 12.5,
    email: "reader@example.com",
    album: { artist_name: "The Buffers", format: '7" Vinyl', title: "Queue Depth", year: "1979" },
    ...fields,
  };
}

/** A record carrying `body`: an object is sent as its JSON, a string as it is. */
export function sqsRecord(
  body: Record<string, unknown> | string,
  overrides: Partial<SQSRecord> = {},
): SQSRecord {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return {
    messageId: randomUUID(),
    receiptHandle: `receipt-${randomUUID()}`,
    body: text,
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: String(SENT_AT_MS),
      SenderId: "AIDAEXAMPLE",
      ApproximateFirstReceiveTimestamp: String(SENT_AT_MS + 5),
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: QUEUE_ARN,
    awsRegion: "us-east-1",
    ...overrides,
  };
}

export const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

/** The same message delivered again: a new receipt, one more receive, the same id and body. */
export const redelivered = (record: SQSRecord): SQSRecord => ({
  ...record,
  receiptHandle: `receipt-${randomUUID()}`,
  attributes: {
    ...record.attributes,
    ApproximateReceiveCount: String(Number(record.attributes.ApproximateReceiveCount) + 1),
  },
});

export const idsOf = (records: readonly SQSRecord[]) => records.map((r) => ({ itemIdentifier: r.messageId }));
