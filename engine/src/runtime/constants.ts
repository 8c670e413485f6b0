/** Limits and fixed behaviour of execution environments, with the AWS source of each. */

/** AWS: "The Init phase is limited to 10 seconds" (Lambda execution environment lifecycle). */
export const INIT_TIMEOUT_MS = 10_000;

/** AWS: `LogType: Tail` returns "the last 4 KB of the execution log" (Invoke, LogResult). */
export const LOG_TAIL_BYTES = 4 * 1024;

/**
 * AWS: a larger response fails the invocation with Function.ResponseSizeTooLarge, "Response payload
 * size exceeded maximum allowed payload size (6291556 bytes)." (6 MB plus the 100-byte envelope).
 */
export const MAX_RESPONSE_BYTES = 6_291_556;

/**
 * An environment left idle this long is shut down, as Lambda reclaims idle environments. AWS
 * publishes no figure; environments are commonly observed to live for 5 to 15 minutes.
 */
export const IDLE_ENVIRONMENT_LIFETIME_MS = 10 * 60_000;

/** How often a Python environment's resident memory is compared with its memory size. */
export const MEMORY_POLL_INTERVAL_MS = 100;

export const MIB = 1024 * 1024;

/**
 * An environment whose credentials expire within this is not given another invocation: the
 * longest one Lambda allows (a 900-second timeout) must end before its session does.
 */
export const CREDENTIALS_REUSE_MARGIN_MS = 15 * 60_000;
