/**
 * Reading a function's partial batch response (`FunctionResponseTypes: ["ReportBatchItemFailures"]`),
 * by AWS's rules (Lambda developer guide: services-sqs-errorhandling "Success and failure
 * conditions", services-ddb-batchfailurereporting):
 *
 * - complete success: an empty or null response, a null or missing `batchItemFailures`, or an
 *   empty list (LocalStack's AWS-validated test: `{}` succeeds);
 * - complete failure: a response that is not JSON or not an object, a `batchItemFailures` that is
 *   not a list, an entry that is not an object, an `itemIdentifier` that is missing, null, empty or
 *   not a string (a bad key name such as `{"foo": "notvalid"}` fails the whole batch, validated
 *   against AWS by LocalStack), or one that names no record of the batch;
 * - otherwise the listed records failed and the others succeeded.
 *
 * The identifier is the SQS messageId, or the stream record's SequenceNumber.
 */

export type BatchItemOutcome =
  | { kind: "all-succeeded" }
  | { kind: "all-failed"; reason: string }
  | { kind: "some-failed"; failed: Set<string> };

export function readBatchItemFailures(payload: Buffer, batchIds: ReadonlySet<string>): BatchItemOutcome {
  const text = payload.toString("utf8").trim();
  if (text === "") return { kind: "all-succeeded" };
  let response: unknown;
  try {
    response = JSON.parse(text);
  } catch {
    return { kind: "all-failed", reason: "the response is not JSON" };
  }
  if (response === null) return { kind: "all-succeeded" };
  if (typeof response !== "object" || Array.isArray(response))
    return { kind: "all-failed", reason: "the response is not a JSON object" };
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: "all-succeeded" };
  if (!Array.isArray(failures)) return { kind: "all-failed", reason: "batchItemFailures is not a list" };
  if (failures.length === 0) return { kind: "all-succeeded" };
  const failed = new Set<string>();
  for (const entry of failures) {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry))
      return { kind: "all-failed", reason: "a batchItemFailures entry is not an object" };
    const id = (entry as { itemIdentifier?: unknown }).itemIdentifier;
    if (typeof id !== "string" || id === "")
      return { kind: "all-failed", reason: "an itemIdentifier is missing, null or empty" };
    if (!batchIds.has(id)) return { kind: "all-failed", reason: `itemIdentifier ${id} is not in the batch` };
    failed.add(id);
  }
  return { kind: "some-failed", failed };
}

export const reportsBatchItemFailures = (functionResponseTypes: readonly string[] | undefined): boolean =>
  functionResponseTypes?.includes("ReportBatchItemFailures") ?? false;
