/** DynamoDB limits and defaults (DynamoDB Developer Guide, "Service, account, and table quotas"). */
export const MAX_ITEM_SIZE_BYTES = 400 * 1024;
export const MAX_PARTITION_KEY_BYTES = 2048;
export const MAX_SORT_KEY_BYTES = 1024;
export const MAX_PAGE_BYTES = 1024 * 1024; // Query/Scan read at most 1 MB before filtering
export const MAX_BATCH_GET_KEYS = 100;
export const MAX_BATCH_WRITE_REQUESTS = 25;
export const MAX_BATCH_REQUEST_BYTES = 16 * 1024 * 1024;
export const MAX_TRANSACT_ACTIONS = 100;
export const MAX_TRANSACT_REQUEST_BYTES = 4 * 1024 * 1024;
export const MAX_GSIS_PER_TABLE = 20;
export const MAX_LSIS_PER_TABLE = 5;
export const MAX_PROJECTED_NON_KEY_ATTRIBUTES = 100;
export const MAX_TAGS_PER_RESOURCE = 50;
export const LSI_ITEM_COLLECTION_LIMIT_BYTES = 10 * 1024 * 1024 * 1024;

export const READ_UNIT_BYTES = 4 * 1024;
export const WRITE_UNIT_BYTES = 1024;
/** AWS: "DynamoDB retains up to five minutes (300 seconds) of unused read and write capacity." */
export const BURST_WINDOW_SECONDS = 300;
/** Default account quotas per table (DescribeLimits). */
export const TABLE_MAX_READ_CAPACITY_UNITS = 40_000;
export const TABLE_MAX_WRITE_CAPACITY_UNITS = 40_000;
export const ACCOUNT_MAX_READ_CAPACITY_UNITS = 80_000;
export const ACCOUNT_MAX_WRITE_CAPACITY_UNITS = 80_000;

export const STREAM_RETENTION_MS = 24 * 60 * 60 * 1000;
export const SHARD_ITERATOR_TTL_MS = 15 * 60 * 1000;
export const MAX_GET_RECORDS = 1000;
export const MAX_GET_RECORDS_BYTES = 1024 * 1024;
/** ListStreams and DescribeStream: "The upper limit is 100." */
export const MAX_LIST_STREAMS = 100;
export const MAX_DESCRIBE_STREAM_SHARDS = 100;
export const TRANSACTION_TOKEN_TTL_MS = 10 * 60 * 1000;
/** TTL: AWS deletes expired items "within a few days"; the engine sweeps every this often. */
export const TTL_SWEEP_INTERVAL_MS = 60 * 1000;
