import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matchesEventPattern, parseEventPattern } from "../../../src/shared/event-pattern/index.ts";

// Compiled once, a pattern must cost microseconds per record: an SQS batch of 10,000 records or a
// busy stream is filtered on the poller's path. The bounds are loose (tens of µs per match on a
// shared two-core machine) so that only a return to re-parsing or to quadratic walks fails them.
const RECORDS = 20_000;
const MAX_MICROS_PER_MATCH = 50;

const sqsRecord = (i: number) => ({
  messageId: `059f36b4-87a3-44ab-83d2-${String(i).padStart(12, "0")}`,
  receiptHandle: "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a".repeat(4),
  body: {
    orderId: `o-${i}`,
    status: i % 3 === 0 ? "NEW" : "PAID",
    total: i % 500,
    items: [{ sku: "a" }, { sku: "b" }],
  },
  attributes: {
    ApproximateReceiveCount: "1",
    SentTimestamp: "1545082649183",
    SenderId: "AIDAIENQZJOLO23YVJ4VO",
  },
  messageAttributes: {},
  md5OfBody: "e4e68fb7bd0e697a0ae8f1bb342846b3",
  eventSource: "aws:sqs",
  eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:orders",
  awsRegion: "us-east-1",
});

const streamRecord = (i: number) => ({
  eventID: `e-${i}`,
  eventName: i % 2 === 0 ? "INSERT" : "MODIFY",
  eventSource: "aws:dynamodb",
  dynamodb: {
    Keys: { pk: { S: `order#${i}` } },
    NewImage: {
      pk: { S: `order#${i}` },
      status: { S: i % 4 === 0 ? "SHIPPED" : "PAID" },
      total: { N: String(i) },
    },
    SequenceNumber: String(1_000_000 + i),
    SizeBytes: 120,
    StreamViewType: "NEW_AND_OLD_IMAGES",
  },
});

function microsPerMatch(
  patternText: string,
  records: readonly unknown[],
): { micros: number; matched: number } {
  const pattern = parseEventPattern(patternText);
  let matched = 0;
  const started = performance.now();
  for (const record of records) if (matchesEventPattern(pattern, record)) matched++;
  return { micros: ((performance.now() - started) * 1_000) / records.length, matched };
}

describe("matching cost", () => {
  it("filters SQS records with JSON bodies in microseconds", () => {
    const records = Array.from({ length: RECORDS }, (_, i) => sqsRecord(i));
    const { micros, matched } = microsPerMatch(
      '{"body": {"status": ["NEW"], "total": [{"numeric": [">=", 100]}], "items": {"sku": ["b"]}}}',
      records,
    );
    assert.ok(matched > 0 && matched < RECORDS);
    assert.ok(micros < MAX_MICROS_PER_MATCH, `${micros.toFixed(2)} µs per match`);
  });

  it("filters DynamoDB stream records in microseconds", () => {
    const records = Array.from({ length: RECORDS }, (_, i) => streamRecord(i));
    const { micros, matched } = microsPerMatch(
      '{"eventName": ["INSERT"], "dynamodb": {"NewImage": {"status": {"S": [{"anything-but": "PAID"}]}}}}',
      records,
    );
    assert.equal(matched, RECORDS / 4);
    assert.ok(micros < MAX_MICROS_PER_MATCH, `${micros.toFixed(2)} µs per match`);
  });
});
