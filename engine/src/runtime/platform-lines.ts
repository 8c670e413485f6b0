/**
 * The lines Lambda itself writes to a function's log stream around each invocation, and the error
 * documents it answers with when the runtime cannot. Every event message ends with "\n", as
 * CloudWatch shows Lambda's (LocalStack's AWS-recorded snapshots of test_invocation_with_logs).
 *
 *   INIT_START Runtime Version: nodejs:22.v51\tRuntime Version ARN: arn:aws:lambda:…
 *   START RequestId: <id> Version: $LATEST
 *   END RequestId: <id>
 *   REPORT RequestId: <id>\tDuration: 2.37 ms\tBilled Duration: 427 ms\tMemory Size: 128 MB\t
 *     Max Memory Used: 95 MB\tInit Duration: 423.98 ms\t
 */

export const initStartLine = (versionName: string, versionArn: string): string =>
  `INIT_START Runtime Version: ${versionName}\tRuntime Version ARN: ${versionArn}\n`;

export const startLine = (requestId: string, version: string): string =>
  `START RequestId: ${requestId} Version: ${version}\n`;

export const endLine = (requestId: string): string => `END RequestId: ${requestId}\n`;

/** How an invocation ended, as REPORT's Status field tells it (absent on success). */
export type ReportStatus = { status: "timeout" } | { status: "error"; errorType: string } | undefined;

export interface ReportFigures {
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
}

export function reportLine(requestId: string, figures: ReportFigures, status: ReportStatus): string {
  let line =
    `REPORT RequestId: ${requestId}\tDuration: ${figures.durationMs.toFixed(2)} ms\t` +
    `Billed Duration: ${figures.billedDurationMs} ms\tMemory Size: ${figures.memorySizeMb} MB\t` +
    `Max Memory Used: ${figures.maxMemoryUsedMb} MB\t`;
  if (figures.initDurationMs !== undefined)
    line += `Init Duration: ${figures.initDurationMs.toFixed(2)} ms\t`;
  // AWS: failed invocations end their REPORT line with "Status: error Error Type: Runtime.ExitError",
  // timeouts with "Status: timeout" (execution environment lifecycle, "Failures during the invoke phase").
  if (status?.status === "timeout") line += "Status: timeout\t";
  if (status?.status === "error") line += `Status: error\tError Type: ${status.errorType}\t`;
  return `${line}\n`;
}

/** AWS: "INIT_REPORT Init Duration: 154.03 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError". */
export function initReportLine(initDurationMs: number, status: NonNullable<ReportStatus>): string {
  const outcome =
    status.status === "timeout" ? "Status: timeout" : `Status: error\tError Type: ${status.errorType}`;
  return `INIT_REPORT Init Duration: ${initDurationMs.toFixed(2)} ms\tPhase: init\t${outcome}\n`;
}

const seconds = (timeoutSeconds: number) => timeoutSeconds.toFixed(2);

/** AWS: "2024-01-29T16:41:15.998Z <request id> Task timed out after 3.00 seconds". */
export const timedOutLine = (atMs: number, requestId: string, timeoutSeconds: number): string =>
  `${new Date(atMs).toISOString()} ${requestId} Task timed out after ${seconds(timeoutSeconds)} seconds\n`;

/** AWS: `{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: … Error: Task timed out after 1.00 seconds"}`. */
export const timedOutDocument = (requestId: string, timeoutSeconds: number) => ({
  errorType: "Sandbox.Timedout",
  errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds(timeoutSeconds)} seconds`,
});

/**
 * Why a runtime process ended, in the words of Lambda's Go platform: "exit status 1", "signal:
 * killed"; a runtime that exits with 0 mid-invocation gave no reason.
 */
export const exitReason = (reason: string | undefined): string =>
  reason === undefined ? "Runtime exited without providing a reason" : `Runtime exited with error: ${reason}`;

/** AWS: `{"errorType":"Runtime.ExitError","errorMessage":"RequestId: … Error: Runtime exited with error: exit status 1"}`. */
export const exitDocument = (requestId: string, reason: string | undefined) => ({
  errorType: "Runtime.ExitError",
  errorMessage: `RequestId: ${requestId} Error: ${exitReason(reason)}`,
});

/** AWS writes the exit error to the log before END: "RequestId: … Error: Runtime exited …\nRuntime.ExitError". */
export const exitLine = (requestId: string, reason: string | undefined): string =>
  `RequestId: ${requestId} Error: ${exitReason(reason)}\nRuntime.ExitError\n`;

export const responseTooLargeDocument = (limitBytes: number) => ({
  errorMessage: `Response payload size exceeded maximum allowed payload size (${limitBytes} bytes).`,
  errorType: "Function.ResponseSizeTooLarge",
});
