/**
 * SQS limits and defaults, from the SQS API model (botocore sqs/2012-11-05) and the SQS
 * Developer Guide's quotas pages. Units are in the names.
 */
export const MAX_MESSAGE_SIZE_BYTES = 1_048_576; // AWS: raised from 256 KiB to 1 MiB in 2025
export const MIN_MAXIMUM_MESSAGE_SIZE_BYTES = 1_024;
export const MAX_BATCH_PAYLOAD_BYTES = 1_048_576;
export const MAX_BATCH_ENTRIES = 10;
export const MAX_BATCH_ENTRY_ID_LENGTH = 80;

export const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;
export const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200; // 12 hours
export const MAX_DELAY_SECONDS = 900;
export const MIN_RETENTION_SECONDS = 60;
export const MAX_RETENTION_SECONDS = 1_209_600; // 14 days
export const DEFAULT_RETENTION_SECONDS = 345_600; // 4 days
export const MAX_WAIT_TIME_SECONDS = 20;
export const MAX_RECEIVE_MESSAGES = 10;
export const MIN_KMS_DATA_KEY_REUSE_SECONDS = 60;
export const MAX_KMS_DATA_KEY_REUSE_SECONDS = 86_400;
export const DEFAULT_KMS_DATA_KEY_REUSE_SECONDS = 300;

export const MAX_QUEUE_NAME_LENGTH = 80; // including ".fifo"
export const FIFO_SUFFIX = ".fifo";
export const MAX_MESSAGE_ATTRIBUTES = 10;
export const MAX_ATTRIBUTE_NAME_LENGTH = 256;
export const MAX_DATA_TYPE_LENGTH = 256;
export const MAX_GROUP_OR_DEDUP_ID_LENGTH = 128;
export const MIN_MAX_RECEIVE_COUNT = 1;
export const MAX_MAX_RECEIVE_COUNT = 1_000;
export const MAX_REDRIVE_ALLOW_SOURCE_ARNS = 10;

export const FIFO_DEDUPLICATION_WINDOW_MS = 5 * 60_000;
export const RECEIVE_ATTEMPT_WINDOW_MS = 5 * 60_000;
export const PURGE_INTERVAL_MS = 60_000;
export const QUEUE_DELETED_RECENTLY_MS = 60_000;

/** AWS: about 120,000 in-flight messages per standard queue, then OverLimit; FIFO silently returns none. */
export const MAX_INFLIGHT_MESSAGES = 120_000;
export const MAX_TAGS_PER_QUEUE = 50;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;
export const MAX_LIST_RESULTS = 1_000;
export const MAX_PERMISSION_LABEL_LENGTH = 80;

export const MIN_MOVE_RATE_PER_SECOND = 1;
export const MAX_MOVE_RATE_PER_SECOND = 500;
/** Rate used when StartMessageMoveTask leaves MaxNumberOfMessagesPerSecond to the system. */
export const SYSTEM_MOVE_RATE_PER_SECOND = 500;
export const MAX_LIST_MOVE_TASKS = 10;
