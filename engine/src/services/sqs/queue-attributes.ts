/**
 * Queue attributes: which exist, their ranges and defaults (SQS API reference, CreateQueue and
 * SetQueueAttributes), how values are normalised before they are stored and compared, and the
 * typed config the message core reads.
 */
import {
  DEFAULT_KMS_DATA_KEY_REUSE_SECONDS,
  DEFAULT_RETENTION_SECONDS,
  DEFAULT_VISIBILITY_TIMEOUT_SECONDS,
  MAX_DELAY_SECONDS,
  MAX_KMS_DATA_KEY_REUSE_SECONDS,
  MAX_MAX_RECEIVE_COUNT,
  MAX_MESSAGE_SIZE_BYTES,
  MAX_REDRIVE_ALLOW_SOURCE_ARNS,
  MAX_RETENTION_SECONDS,
  MAX_VISIBILITY_TIMEOUT_SECONDS,
  MAX_WAIT_TIME_SECONDS,
  MIN_KMS_DATA_KEY_REUSE_SECONDS,
  MIN_MAX_RECEIVE_COUNT,
  MIN_MAXIMUM_MESSAGE_SIZE_BYTES,
  MIN_RETENTION_SECONDS,
} from "./constants.ts";
import { InvalidAttributeName, InvalidAttributeValue, invalidParameter, unknownAttribute } from "./errors.ts";

/** Attributes computed by SQS; they can be read but not set. */
export const READ_ONLY_ATTRIBUTES = [
  "QueueArn",
  "ApproximateNumberOfMessages",
  "ApproximateNumberOfMessagesNotVisible",
  "ApproximateNumberOfMessagesDelayed",
  "CreatedTimestamp",
  "LastModifiedTimestamp",
] as const;

const FIFO_ONLY = new Set(["ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"]);

type Normalizer = (value: string) => string;

const integerIn =
  (name: string, min: number, max: number): Normalizer =>
  (value) => {
    if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InvalidAttributeValue(`Invalid value for the parameter ${name}.`);
    }
    return String(Number(value));
  };

const booleanValue =
  (name: string): Normalizer =>
  (value) => {
    const lower = value.toLowerCase();
    if (lower !== "true" && lower !== "false")
      throw new InvalidAttributeValue(`Invalid value for the parameter ${name}.`);
    return lower;
  };

const oneOf =
  (name: string, allowed: readonly string[]): Normalizer =>
  (value) => {
    if (!allowed.includes(value)) throw new InvalidAttributeValue(`Invalid value for the parameter ${name}.`);
    return value;
  };

const jsonDocument =
  (name: string): Normalizer =>
  (value) => {
    if (value === "") return "";
    try {
      const parsed = JSON.parse(value) as unknown;
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
        throw new Error("not an object");
    } catch {
      throw new InvalidAttributeValue(`Invalid value for the parameter ${name}.`);
    }
    return value;
  };

const ARN = /^arn:[a-z-]+:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+$/;

/** RedrivePolicy is JSON: {"deadLetterTargetArn": "...", "maxReceiveCount": n} (n as number or string). */
function redrivePolicy(value: string): string {
  if (value === "") return "";
  const fail = (reason: string) => invalidParameter("RedrivePolicy", value, reason);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(value) as Record<string, unknown>;
  } catch {
    throw fail("Redrive policy is not a valid JSON map.");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw fail("Redrive policy is not a valid JSON map.");
  const { deadLetterTargetArn: target, maxReceiveCount: rawCount } = parsed;
  if (target === undefined)
    throw fail("Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
  if (rawCount === undefined)
    throw fail("Redrive policy does not contain mandatory attribute: maxReceiveCount.");
  if (typeof target !== "string" || !ARN.test(target)) throw fail("Invalid value for deadLetterTargetArn.");
  const count =
    typeof rawCount === "number"
      ? rawCount
      : typeof rawCount === "string" && /^-?[0-9]+$/.test(rawCount)
        ? Number(rawCount)
        : NaN;
  if (!Number.isInteger(count) || count < MIN_MAX_RECEIVE_COUNT || count > MAX_MAX_RECEIVE_COUNT) {
    throw fail(
      `Invalid value for maxReceiveCount: ${String(rawCount)}, valid values are from 1 to 1000 both inclusive.`,
    );
  }
  return JSON.stringify({ deadLetterTargetArn: target, maxReceiveCount: count });
}

/** RedriveAllowPolicy: {"redrivePermission": "allowAll"|"denyAll"|"byQueue", "sourceQueueArns": [...]}. */
function redriveAllowPolicy(value: string): string {
  if (value === "") return "";
  const fail = (reason: string) => invalidParameter("RedriveAllowPolicy", value, reason);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(value) as Record<string, unknown>;
  } catch {
    throw fail("Redrive allow policy is not a valid JSON map.");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw fail("Redrive allow policy is not a valid JSON map.");
  const permission = parsed.redrivePermission;
  const sources = parsed.sourceQueueArns;
  if (permission !== "allowAll" && permission !== "denyAll" && permission !== "byQueue") {
    throw fail("Invalid value for redrivePermission.");
  }
  if (permission === "byQueue") {
    if (!Array.isArray(sources) || sources.length === 0)
      throw fail("sourceQueueArns must be specified when redrivePermission is byQueue.");
    if (sources.length > MAX_REDRIVE_ALLOW_SOURCE_ARNS)
      throw fail("Number of sourceQueueArns exceeds the allowed maximum of 10.");
    if (!sources.every((s) => typeof s === "string" && ARN.test(s)))
      throw fail("Invalid value for sourceQueueArns.");
    return JSON.stringify({ redrivePermission: permission, sourceQueueArns: sources });
  }
  if (sources !== undefined) throw fail(`sourceQueueArns is only allowed when redrivePermission is byQueue.`);
  return JSON.stringify({ redrivePermission: permission });
}

const SETTABLE: Record<string, Normalizer> = {
  DelaySeconds: integerIn("DelaySeconds", 0, MAX_DELAY_SECONDS),
  MaximumMessageSize: integerIn("MaximumMessageSize", MIN_MAXIMUM_MESSAGE_SIZE_BYTES, MAX_MESSAGE_SIZE_BYTES),
  MessageRetentionPeriod: integerIn("MessageRetentionPeriod", MIN_RETENTION_SECONDS, MAX_RETENTION_SECONDS),
  ReceiveMessageWaitTimeSeconds: integerIn("ReceiveMessageWaitTimeSeconds", 0, MAX_WAIT_TIME_SECONDS),
  VisibilityTimeout: integerIn("VisibilityTimeout", 0, MAX_VISIBILITY_TIMEOUT_SECONDS),
  Policy: jsonDocument("Policy"),
  RedrivePolicy: redrivePolicy,
  RedriveAllowPolicy: redriveAllowPolicy,
  KmsMasterKeyId: (value) => value,
  KmsDataKeyReusePeriodSeconds: integerIn(
    "KmsDataKeyReusePeriodSeconds",
    MIN_KMS_DATA_KEY_REUSE_SECONDS,
    MAX_KMS_DATA_KEY_REUSE_SECONDS,
  ),
  SqsManagedSseEnabled: booleanValue("SqsManagedSseEnabled"),
  FifoQueue: booleanValue("FifoQueue"),
  ContentBasedDeduplication: booleanValue("ContentBasedDeduplication"),
  DeduplicationScope: oneOf("DeduplicationScope", ["messageGroup", "queue"]),
  FifoThroughputLimit: oneOf("FifoThroughputLimit", ["perQueue", "perMessageGroupId"]),
};

export const ALL_ATTRIBUTE_NAMES: readonly string[] = [...READ_ONLY_ATTRIBUTES, ...Object.keys(SETTABLE)];

/**
 * Validates and normalises attributes given to CreateQueue or SetQueueAttributes.
 * `FifoQueue` is settable only at creation, and only on FIFO queues.
 */
export function normalizeAttributes(
  input: Record<string, string>,
  options: { fifo: boolean; creating: boolean },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(input)) {
    const normalize = SETTABLE[name];
    if (!normalize) throw unknownAttribute(name);
    if (!options.fifo && (FIFO_ONLY.has(name) || name === "FifoQueue")) throw unknownAttribute(name);
    if (name === "FifoQueue" && !options.creating) {
      throw new InvalidAttributeValue(
        "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.",
      );
    }
    out[name] = normalize(String(raw));
  }
  const sseManaged = out.SqsManagedSseEnabled === "true";
  if (sseManaged && out.KmsMasterKeyId) {
    throw new InvalidAttributeName(
      "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.",
    );
  }
  return out;
}

/** Applies a normalised change to the stored attributes ("" clears optional documents). */
export function mergeAttributes(
  current: Record<string, string>,
  change: Record<string, string>,
): Record<string, string> {
  const next = { ...current, ...change };
  for (const name of ["Policy", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId"]) {
    if (next[name] === "") delete next[name];
  }
  // SSE-KMS and SSE-SQS exclude each other: setting one switches the other off.
  if (change.KmsMasterKeyId) next.SqsManagedSseEnabled = "false";
  if (change.SqsManagedSseEnabled === "true") {
    delete next.KmsMasterKeyId;
    delete next.KmsDataKeyReusePeriodSeconds;
  }
  return next;
}

export interface RedriveConfig {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export interface QueueConfig {
  delaySeconds: number;
  maximumMessageSize: number;
  retentionSeconds: number;
  receiveWaitSeconds: number;
  visibilityTimeoutSeconds: number;
  redrive: RedriveConfig | undefined;
  redriveAllow: { redrivePermission: string; sourceQueueArns?: string[] } | undefined;
  contentBasedDeduplication: boolean;
  deduplicationScope: "queue" | "messageGroup";
  fifoThroughputLimit: "perQueue" | "perMessageGroupId";
}

export function queueConfig(attributes: Record<string, string>): QueueConfig {
  const int = (name: string, fallback: number) =>
    attributes[name] === undefined ? fallback : Number(attributes[name]);
  return {
    delaySeconds: int("DelaySeconds", 0),
    maximumMessageSize: int("MaximumMessageSize", MAX_MESSAGE_SIZE_BYTES),
    retentionSeconds: int("MessageRetentionPeriod", DEFAULT_RETENTION_SECONDS),
    receiveWaitSeconds: int("ReceiveMessageWaitTimeSeconds", 0),
    visibilityTimeoutSeconds: int("VisibilityTimeout", DEFAULT_VISIBILITY_TIMEOUT_SECONDS),
    redrive: attributes.RedrivePolicy ? (JSON.parse(attributes.RedrivePolicy) as RedriveConfig) : undefined,
    redriveAllow: attributes.RedriveAllowPolicy ? JSON.parse(attributes.RedriveAllowPolicy) : undefined,
    contentBasedDeduplication: attributes.ContentBasedDeduplication === "true",
    deduplicationScope: attributes.DeduplicationScope === "messageGroup" ? "messageGroup" : "queue",
    fifoThroughputLimit:
      attributes.FifoThroughputLimit === "perMessageGroupId" ? "perMessageGroupId" : "perQueue",
  };
}

/** The settable attributes as GetQueueAttributes reports them, defaults filled in. */
export function effectiveAttributes(
  attributes: Record<string, string>,
  fifo: boolean,
): Record<string, string> {
  const out: Record<string, string> = {
    VisibilityTimeout: String(DEFAULT_VISIBILITY_TIMEOUT_SECONDS),
    MaximumMessageSize: String(MAX_MESSAGE_SIZE_BYTES),
    MessageRetentionPeriod: String(DEFAULT_RETENTION_SECONDS),
    DelaySeconds: "0",
    ReceiveMessageWaitTimeSeconds: "0",
    SqsManagedSseEnabled: attributes.KmsMasterKeyId ? "false" : "true",
  };
  if (attributes.KmsMasterKeyId)
    out.KmsDataKeyReusePeriodSeconds = String(DEFAULT_KMS_DATA_KEY_REUSE_SECONDS);
  if (fifo) {
    Object.assign(out, {
      FifoQueue: "true",
      ContentBasedDeduplication: "false",
      DeduplicationScope: "queue",
      FifoThroughputLimit: "perQueue",
    });
  }
  return { ...out, ...attributes };
}
