/** CloudWatch Logs limits and defaults, with their units. Sources: the 2014-03-28 model's documentation. */

export const MS_PER_DAY = 24 * 60 * 60 * 1000;
export const MS_PER_HOUR = 60 * 60 * 1000;

/** AWS: log group and stream names are 1–512 characters. */
export const MAX_NAME_LENGTH = 512;

// AWS (PutLogEvents): at most 10,000 events per batch; the model says so (InputLogEvents max) and Coral checks it.

/** AWS (PutLogEvents): a batch is at most 1,048,576 bytes: message UTF-8 bytes plus 26 per event. */
export const MAX_BATCH_BYTES = 1_048_576;
/** AWS: the bytes each event counts for on top of its message. */
export const EVENT_OVERHEAD_BYTES = 26;
/**
 * AWS (PutLogEvents, 2025 model): "Each log event can be no larger than 1 MB", counted as the
 * message's UTF-8 bytes plus the 26-byte overhead (it was 262,144 until 2025).
 */
export const MAX_EVENT_BYTES = 1_048_576;
/** AWS: events more than 2 hours in the future are rejected (tooNewLogEventStartIndex). */
export const MAX_EVENT_AGE_AHEAD_MS = 2 * MS_PER_HOUR;
/** AWS: events older than 14 days are rejected (tooOldLogEventEndIndex). */
export const MAX_EVENT_AGE_MS = 14 * MS_PER_DAY;
/** AWS: the accepted events of one batch may not span more than 24 hours. */
export const MAX_BATCH_SPAN_MS = 24 * MS_PER_HOUR;

/**
 * What Lambda sends to CloudWatch Logs per event: a line a function prints that is longer is
 * split into several events of at most this size (the limit Lambda documents for its log
 * events; CloudWatch itself now takes up to 1 MB).
 */
export const LAMBDA_MAX_EVENT_BYTES = 256 * 1024;

/** AWS: GetLogEvents and FilterLogEvents return at most 10,000 events (also the default) … */
export const MAX_EVENTS_PER_PAGE = 10_000;
/** … and at most 1 MB of them (message bytes plus the per-event overhead). */
export const MAX_PAGE_BYTES = 1_048_576;
/**
 * Events FilterLogEvents examines in one call before it answers with what it found and a
 * nextToken (AWS documents that pages may be partly full, or empty, while more remain).
 */
export const MAX_FILTER_SCANNED_EVENTS = 100_000;

/** AWS: DescribeLogGroups and DescribeLogStreams return at most 50 items (also the default). */
export const MAX_DESCRIBE_LIMIT = 50;

/** AWS (model, Days): the retention periods PutRetentionPolicy accepts, in days. */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** AWS: a log group has at most 50 tags. */
export const MAX_TAGS = 50;

/** How often events past their group's retention are deleted (reads never return them meanwhile). */
export const RETENTION_SWEEP_INTERVAL_MS = MS_PER_HOUR;
