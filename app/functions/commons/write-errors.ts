/**
 * What a failed conditional PutItem means for its record and for the rest of the batch
 * (DynamoDB API reference, PutItem "Errors"; Developer Guide, "Error handling with DynamoDB").
 */

export type WriteFailure =
  /** The condition failed: an item with this key is already there, so the order is written. */
  | "already-written"
  /** The table (or the account) is short of capacity: stop, so the table is not hammered. */
  | "throttled"
  /** DynamoDB refuses the item itself (too large, a number out of range, …): retrying cannot help. */
  | "unwritable"
  /** Anything else (the table is missing, access denied, a network or service fault) is not the record's doing: every later record would meet it too. */
  | "unavailable";

/**
 * AWS: ProvisionedThroughputExceededException (provisioned capacity), ThrottlingException
 * (on-demand maximum, control-plane rate), RequestLimitExceeded (the account's throughput quota).
 */
const THROTTLE_ERRORS: ReadonlySet<string> = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
]);

export function classifyWriteError(error: unknown): WriteFailure {
  const name = error instanceof Error ? error.name : undefined;
  if (name === "ConditionalCheckFailedException") return "already-written";
  if (name !== undefined && THROTTLE_ERRORS.has(name)) return "throttled";
  if (name === "ValidationException") return "unwritable";
  return "unavailable";
}
