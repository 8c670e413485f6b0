/**
 * Event source mapping limits and the engine's own pacing choices. AWS figures cite their source;
 * the rest say why they were picked. Units are in the names.
 */

/**
 * AWS (Lambda quotas): 6 MB for a synchronous invocation's request. Lambda cuts a batch when the
 * next record would take the event past it (BatchSize doc in the Lambda API model).
 */
export const MAX_INVOKE_PAYLOAD_BYTES = 6 * 1024 * 1024;

// ---- SQS (with-sqs.md, services-sqs-scaling.html) ---------------------------------------------

/** AWS: Lambda long-polls the queue; 20 s is SQS's longest wait. */
export const SQS_LONG_POLL_SECONDS = 20;
/** SQS's ReceiveMessage and DeleteMessageBatch take at most 10 messages each. */
export const SQS_MESSAGES_PER_CALL = 10;
/** AWS: "Lambda starts … with five concurrent batches" for a standard queue. */
export const SQS_INITIAL_CONCURRENCY = 5;
/** AWS: at low traffic Lambda can scale down to 2 concurrent batches. */
export const SQS_MIN_CONCURRENCY = 2;
/** AWS (services-sqs-scaling.html, 2023 change): "up to 300 more concurrent invokes per minute". */
export const SQS_SCALE_UP_PER_MINUTE = 300;
/** AWS: at most 1,250 concurrent invokes per SQS mapping (the user cap, MaximumConcurrency, is 2–1,000). */
export const SQS_MAX_CONCURRENCY = 1_250;
/** One more concurrent batch every 200 ms is 300 a minute. */
export const SQS_SCALE_UP_INTERVAL_MS = 60_000 / SQS_SCALE_UP_PER_MINUTE;
/** Not AWS's: how long a mapping waits before trying a queue again after it could not be read. */
export const SQS_SOURCE_RETRY_MS = 10_000;

// ---- Retries (streams, and throttled SQS batches) ------------------------------------------------

/**
 * AWS documents that failed stream batches and throttled invocations are retried "with backoff"
 * but not the delays. The engine waits 1 s before the first retry and doubles up to 60 s: a bad
 * record with the default infinite retries is then tried about 1,440 times a day, not millions.
 */
export const RETRY_BASE_DELAY_MS = 1_000;
export const RETRY_MAX_DELAY_MS = 60_000;

// ---- DynamoDB Streams (with-ddb.md) -------------------------------------------------------------

/** DynamoDB Streams: GetRecords returns at most 1,000 records per call. */
export const STREAM_RECORDS_PER_READ = 1_000;
/**
 * Not AWS's: records read ahead of the lanes per shard (per lane of ParallelizationFactor), at
 * least one batch. A blocked lane stops the shard's reading once its share is full.
 */
export const STREAM_READ_AHEAD_RECORDS = 1_000;
/**
 * DynamoDB Streams iterators expire after 15 minutes; an idle reader renews its iterator well
 * before, so a mapping that starts at LATEST never loses its place.
 */
export const STREAM_ITERATOR_REFRESH_MS = 10 * 60_000;
/**
 * DynamoDB Streams keeps records 24 hours. AWS: with MaximumRecordAgeInSeconds −1 "failed records
 * are retried until the record expires", so no record is retried past this age.
 */
export const STREAM_RECORD_RETENTION_MS = 24 * 60 * 60_000;
/** Not AWS's: how long a mapping waits before describing its stream again after a failure. */
export const STREAM_SOURCE_RETRY_MS = 10_000;

// ---- LastProcessingResult (GetEventSourceMapping) -------------------------------------------------

/** AWS's texts, as recorded from GetEventSourceMapping. */
export const PROCESSING_OK = "OK";
export const PROCESSING_FUNCTION_FAILED = "PROBLEM: Function call failed";
