/** Lambda's quotas and defaults (Lambda developer guide, "Lambda quotas"; the API model). */

export const DEFAULT_TIMEOUT_SECONDS = 3;
export const MAX_TIMEOUT_SECONDS = 900;
export const DEFAULT_MEMORY_MB = 128;
export const MIN_MEMORY_MB = 128;
export const MAX_MEMORY_MB = 10_240;
export const DEFAULT_EPHEMERAL_STORAGE_MB = 512;

/** Synchronous invocation request and response payloads: 6 MB each. */
export const MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Asynchronous (Event) payloads: 1 MB since 2026 ("serverless services now support payloads up to 1 MB"). */
export const MAX_ASYNC_PAYLOAD_BYTES = 1024 * 1024;
/** Direct-upload deployment package: 50 MB zipped; the request carrying it in base64 is larger. */
export const MAX_ZIP_BYTES = 50 * 1024 * 1024;
/** Unzipped deployment package (code and layers): 250 MB. */
export const MAX_UNZIPPED_BYTES = 250 * 1024 * 1024;
/** CreateFunction's body limit as Lambda states it: "Request must be smaller than 69905067 bytes". */
export const MAX_REQUEST_BYTES = 69_905_067;
/** Environment variables: 4 KB in total (keys and values). */
export const MAX_ENVIRONMENT_BYTES = 4 * 1024;

/** Concurrent executions per account and region (default quota). */
export const ACCOUNT_CONCURRENCY = 1000;
/** Reserved concurrency must leave at least this much unreserved for other functions. */
export const MIN_UNRESERVED_CONCURRENCY = 100;

/** Asynchronous invocation: 2 retries by default, events kept up to 6 hours. */
export const DEFAULT_ASYNC_RETRIES = 2;
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 21_600;
/** AWS waits about a minute before the first retry and two before the second. */
export const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000] as const;

export const LIST_PAGE_DEFAULT = 50;
export const LIST_PAGE_MAX = 10_000;

/** Runtimes the engine runs, by family (Lambda's "Lambda runtimes" page lists the live ones). */
export const NODE_RUNTIMES = ["nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x"] as const;
export const PYTHON_RUNTIMES = [
  "python3.9",
  "python3.10",
  "python3.11",
  "python3.12",
  "python3.13",
  "python3.14",
] as const;
export const SUPPORTED_RUNTIMES: readonly string[] = [...NODE_RUNTIMES, ...PYTHON_RUNTIMES];

/**
 * Runtimes Lambda no longer lets anyone create or update functions with (block-create dates on the
 * runtimes page), and the runtime it recommends instead.
 */
export const DEPRECATED_RUNTIMES: Readonly<Record<string, string>> = {
  nodejs: "nodejs22.x",
  "nodejs4.3": "nodejs22.x",
  "nodejs4.3-edge": "nodejs22.x",
  "nodejs6.10": "nodejs22.x",
  "nodejs8.10": "nodejs22.x",
  "nodejs10.x": "nodejs22.x",
  "nodejs12.x": "nodejs22.x",
  "nodejs14.x": "nodejs22.x",
  "nodejs16.x": "nodejs22.x",
  "python2.7": "python3.13",
  "python3.6": "python3.13",
  "python3.7": "python3.13",
  "python3.8": "python3.13",
  "dotnetcore1.0": "dotnet8",
  "dotnetcore2.0": "dotnet8",
  "dotnetcore2.1": "dotnet8",
  "dotnetcore3.1": "dotnet8",
  dotnet6: "dotnet8",
  "ruby2.5": "ruby3.3",
  "ruby2.7": "ruby3.3",
  "go1.x": "provided.al2023",
  java8: "java21",
};
