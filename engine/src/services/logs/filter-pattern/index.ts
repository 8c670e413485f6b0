/**
 * CloudWatch Logs filter patterns (FilterLogEvents; the same syntax metric and subscription
 * filters use): an empty pattern matches every event; `{ … }` is a JSON pattern, `[ … ]` a
 * space-delimited one, `%…%` a regular expression; anything else is a list of terms.
 */
import { compileDelimited } from "./delimited.ts";
import { InvalidFilterPattern, unclosedJsonPattern } from "./errors.ts";
import { compileJson } from "./json.ts";
import { compileTerms } from "./terms.ts";

export { InvalidFilterPattern } from "./errors.ts";

export type EventMatcher = (message: string) => boolean;

const matchAll: EventMatcher = () => true;

/** Compiles a pattern; throws InvalidFilterPattern (with AWS's message) when it does not parse. */
export function compileFilterPattern(pattern: string | undefined): EventMatcher {
  const text = (pattern ?? "").trim();
  if (text === "") return matchAll;
  if (text.startsWith("{")) {
    if (!text.endsWith("}")) throw unclosedJsonPattern();
    return compileJson(text.slice(1, -1));
  }
  if (text.startsWith("[")) {
    if (!text.endsWith("]")) throw new InvalidFilterPattern();
    return compileDelimited(text.slice(1, -1));
  }
  return compileTerms(text);
}
