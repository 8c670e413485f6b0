/**
 * Amazon EventBridge event patterns, as Lambda event source mapping FilterCriteria, EventBridge
 * Pipes filters and (later) SNS payload filter policies use them. Free of any service: callers
 * build the event (an SQS record with its JSON body parsed, a DynamoDB stream record, …) and wrap
 * InvalidEventPattern in their own error.
 *
 *   const pattern = parseEventPattern('{"body": {"status": ["NEW"]}}');   // compile once
 *   matchesEventPattern(pattern, record);                                 // per record, µs
 *
 * Semantics are event-ruler's (github.com/aws/event-ruler, the library behind these services),
 * checked against AWS's own answers where LocalStack recorded them (tests/aws/services/events/
 * event_pattern_templates): values in a list are ORed, fields ANDed, `$or` ORs whole objects; see
 * operators.ts for what each operator accepts and match.ts for arrays, leaves and absence.
 *
 * LIMITATIONS
 * - Wildcard complexity ("Rule is too complex …") is not evaluated: AWS's threshold is unpublished.
 * - Messages omit Jackson's " at [Source: …; line: …, column: …]" location suffix.
 * - Numbers in events arrive parsed, so an exact number matches by value even outside the range
 *   event-ruler compares by value (where AWS compares the JSON text: 1e10 vs 10000000000).
 */
import { compileAlternatives } from "./compile.ts";
import { MAX_EVENT_PATTERN_LENGTH_CHARS } from "./constants.ts";
import { InvalidEventPattern } from "./errors.ts";
import { readPatternObject } from "./json.ts";
import { CompiledMatcher } from "./match.ts";

export { MAX_EVENT_PATTERN_LENGTH_CHARS } from "./constants.ts";
export { InvalidEventPattern } from "./errors.ts";

/** A compiled pattern. Opaque beyond what callers may want to show or inspect. */
export interface EventPattern {
  /** The pattern as it was given. */
  readonly text: string;
  /** Every field path the pattern names, dot-joined (`body.status`), across all `$or` branches. */
  readonly paths: readonly string[];
}

class CompiledEventPattern implements EventPattern {
  constructor(
    readonly text: string,
    readonly matcher: CompiledMatcher,
  ) {}

  get paths(): readonly string[] {
    return this.matcher.paths;
  }
}

function lengthInChars(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Compiles `text`; throws InvalidEventPattern with AWS's reason when AWS would refuse it. */
export function parseEventPattern(text: string, limits: { maxLength?: number } = {}): EventPattern {
  const maxLength = limits.maxLength ?? MAX_EVENT_PATTERN_LENGTH_CHARS;
  if (text.length > maxLength && lengthInChars(text) > maxLength) {
    // AWS: the model's length constraint, in the words of its validation errors; the caller
    // prefixes "1 validation error detected: Value … at '…' failed to satisfy constraint: ".
    throw new InvalidEventPattern(`Member must have length less than or equal to ${maxLength}`);
  }
  const alternatives = compileAlternatives(readPatternObject(text));
  return new CompiledEventPattern(text, new CompiledMatcher(alternatives));
}

/** Whether `event` (a parsed JSON value) matches `pattern`. */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  if (!(pattern instanceof CompiledEventPattern)) {
    throw new TypeError("matchesEventPattern needs a pattern from parseEventPattern");
  }
  return pattern.matcher.matches(event);
}
