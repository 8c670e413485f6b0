/**
 * A DynamoDB stream record as Lambda delivers it (with-ddb.md; events recorded from AWS):
 * eventID, eventName, eventVersion "1.1", eventSource "aws:dynamodb", awsRegion, the `dynamodb`
 * member as GetRecords returns it (ApproximateCreationDateTime in epoch seconds, DynamoDB JSON
 * images), then eventSourceARN. TTL deletions carry `userIdentity` in Lambda's lower-case form
 * ({"type": "Service", "principalId": "dynamodb.amazonaws.com"}), where GetRecords has
 * {"Type", "PrincipalId"}.
 */

/** A record as the DynamoDB Streams GetRecords operation answers it. */
export interface WireStreamRecord {
  eventID: string;
  eventName: string;
  eventVersion: string;
  eventSource: string;
  awsRegion: string;
  dynamodb: {
    ApproximateCreationDateTime: number;
    Keys: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: string;
  };
  userIdentity?: { PrincipalId?: string; Type?: string };
}

export interface LambdaStreamRecord {
  eventID: string;
  eventName: string;
  eventVersion: string;
  eventSource: string;
  awsRegion: string;
  dynamodb: WireStreamRecord["dynamodb"];
  userIdentity?: { type: string; principalId: string };
  eventSourceARN: string;
}

export function lambdaStreamRecord(record: WireStreamRecord, streamArn: string): LambdaStreamRecord {
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource,
    awsRegion: record.awsRegion,
    dynamodb: record.dynamodb,
    ...(record.userIdentity && {
      userIdentity: {
        type: record.userIdentity.Type ?? "",
        principalId: record.userIdentity.PrincipalId ?? "",
      },
    }),
    eventSourceARN: streamArn,
  };
}

/**
 * Orders DynamoDB Streams sequence numbers: decimal strings without leading zeros, so a longer one
 * is larger and equal lengths compare as text.
 */
export function compareSequenceNumbers(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The lane (0 … factor − 1) of an item: with ParallelizationFactor > 1 Lambda processes up to that
 * many batches of a shard at once while keeping each item's records in order (with-ddb.md), so
 * every record of one key goes to one lane. FNV-1a over the key in attribute-name order.
 */
export function laneOf(keys: Record<string, unknown>, factor: number): number {
  if (factor <= 1) return 0;
  const canonical = JSON.stringify(
    Object.keys(keys)
      .sort()
      .map((name) => [name, keys[name]]),
  );
  let hash = 0x811c9dc5;
  for (let i = 0; i < canonical.length; i++) {
    hash ^= canonical.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % factor;
}
