/**
 * FilterCriteria: up to 5 (10 with a quota increase) EventBridge patterns, ORed, matched against
 * the record as Lambda would deliver it (Lambda developer guide, invocation-eventfiltering.md).
 * The Lambda service rejects bad patterns when the mapping is created or updated; a pattern that
 * still fails to parse here matches nothing.
 *
 * SQS bodies (same guide, "Filtering with Amazon SQS"): a body that is a JSON object is matched as
 * JSON, any other body as a plain string. A JSON pattern for `body` never matches a plain-string
 * body, a plain-string pattern never matches a JSON body, and a pattern without `body` filters on
 * the record's other fields only.
 */
import type { FilterCriteria } from "@aws-sdk/client-lambda";
import { type EventPattern, matchesEventPattern, parseEventPattern } from "../shared/event-pattern/index.ts";
import type { Logger } from "../shared/logger.ts";

/** Whether a record passes the mapping's filters (always, without filters). */
export type RecordFilter = (record: Record<string, unknown>) => boolean;

interface CompiledPattern {
  pattern: EventPattern;
  /** How the pattern constrains `body`: as a JSON object, as a plain string, or not at all. */
  body: "json" | "string" | "none";
}

function compile(text: string, logger: Logger): CompiledPattern | undefined {
  try {
    const pattern = parseEventPattern(text);
    // The pattern's paths say how it reads `body` however it is spelled: nested, dotted
    // ("body.type") or inside an $or.
    const kind = pattern.paths.some((path) => path.startsWith("body."))
      ? "json"
      : pattern.paths.includes("body")
        ? "string"
        : "none";
    return { pattern, body: kind };
  } catch (error) {
    logger.warn("event source mapping filter pattern does not parse; it matches nothing", {
      pattern: text,
      error: String(error),
    });
    return undefined;
  }
}

function compileAll(criteria: FilterCriteria | undefined, logger: Logger): CompiledPattern[] | undefined {
  const filters = criteria?.Filters ?? [];
  if (filters.length === 0) return undefined;
  return filters.flatMap((f) => {
    const compiled = f.Pattern === undefined ? undefined : compile(f.Pattern, logger);
    return compiled ? [compiled] : [];
  });
}

/** A filter over Lambda stream records (DynamoDB JSON under `dynamodb`). */
export function streamRecordFilter(criteria: FilterCriteria | undefined, logger: Logger): RecordFilter {
  const patterns = compileAll(criteria, logger);
  if (!patterns) return () => true;
  return (record) => patterns.some((p) => matchesEventPattern(p.pattern, record));
}

/** A filter over Lambda SQS records, applying the body rules above. */
export function sqsRecordFilter(criteria: FilterCriteria | undefined, logger: Logger): RecordFilter {
  const patterns = compileAll(criteria, logger);
  if (!patterns) return () => true;
  return (record) => {
    const json = parseJsonObject(record.body);
    const asMatched = json === undefined ? record : { ...record, body: json };
    return patterns.some((p) => {
      if (p.body === "json" && json === undefined) return false;
      if (p.body === "string" && json !== undefined) return false;
      return matchesEventPattern(p.pattern, asMatched);
    });
  };
}

function parseJsonObject(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== "string" || !body.trimStart().startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
