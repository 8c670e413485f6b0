/**
 * How a policy's strings match a request's: IAM's wildcards (`*` any run of characters, `?` one),
 * action names compared without regard to case, resources and ARNs segment by segment, and policy
 * variables (`${aws:PrincipalAccount}`, `${*}`, …) replaced from the request context.
 * AWS: IAM User Guide, "IAM JSON policy elements: Action / Resource", "IAM policy elements:
 * Variables and tags", "Condition operators" (ARN condition operators).
 */

/** Request context keys (lower-cased) → values; what policy variables and conditions read. */
export type ContextValues = ReadonlyMap<string, readonly string[]>;

/** Policy variables are only replaced in documents of this language version. */
const VARIABLES_VERSION = "2012-10-17";

/** The literal a `${…}` stands for, or undefined when the request has no such key (no match). */
function variableValue(name: string, context: ContextValues): string | undefined {
  if (name === "*" || name === "?" || name === "$") return name;
  // `${key, 'default'}` supplies a value for a key the request lacks.
  const withDefault = /^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$/.exec(name);
  const key = (withDefault?.[1] ?? name).trim().toLowerCase();
  const values = context.get(key);
  if (values !== undefined && values.length === 1) return values[0];
  return withDefault?.[2];
}

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

/**
 * The pattern as a regular expression: wildcards unless `literal`, variables replaced when the
 * document's version allows them. Undefined when a variable cannot be resolved.
 */
export function compilePattern(
  pattern: string,
  options: {
    ignoreCase?: boolean;
    wildcards?: boolean;
    variables?: { version: unknown; context: ContextValues };
  },
): RegExp | undefined {
  const useVariables = options.variables?.version === VARIABLES_VERSION;
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (useVariables && char === "$" && pattern[i + 1] === "{") {
      const end = pattern.indexOf("}", i + 2);
      if (end !== -1) {
        const value = variableValue(pattern.slice(i + 2, end), options.variables!.context);
        if (value === undefined) return undefined;
        source += escapeRegExp(value);
        i = end;
        continue;
      }
    }
    if (options.wildcards !== false && char === "*") source += "[\\s\\S]*";
    else if (options.wildcards !== false && char === "?") source += "[\\s\\S]";
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, options.ignoreCase ? "i" : "");
}

const cache = new Map<string, RegExp | null>();
/** Patterns are few and repeat on every request; a bounded cache keeps compiling off the hot path. */
const MAX_CACHED_PATTERNS = 4096;

function cachedGlob(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? "i" : "s"}${pattern}`;
  let regex = cache.get(key);
  if (!regex) {
    regex = compilePattern(pattern, { ignoreCase })!;
    if (cache.size >= MAX_CACHED_PATTERNS) cache.clear();
    cache.set(key, regex);
  }
  return regex;
}

/** `StringLike`-style matching, case-sensitive unless asked. */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  return cachedGlob(pattern, ignoreCase).test(value);
}

/** Action names (`sqs:SendMessage`) match without regard to case. */
export const actionMatches = (pattern: string, action: string): boolean => globMatches(pattern, action, true);

/** ARNs have six segments; the last (the resource) may itself hold colons, as may `${…}` variables. */
function arnSegments(arn: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  let inVariable = false;
  for (let i = 0; i < arn.length && parts.length < 5; i++) {
    if (arn[i] === "$" && arn[i + 1] === "{") inVariable = true;
    else if (arn[i] === "}") inVariable = false;
    else if (arn[i] === ":" && !inVariable) {
      parts.push(arn.slice(start, i));
      start = i + 1;
    }
  }
  if (parts.length < 5 || parts[0] !== "arn") return undefined;
  return [...parts, arn.slice(start)];
}

/**
 * `ArnLike` and the Resource element: each segment matched on its own, so a wildcard never spans
 * the colons between partition, service, region and account. A pattern that is not an ARN is
 * matched as a whole string.
 */
export function arnMatches(
  pattern: string,
  value: string,
  variables?: { version: unknown; context: ContextValues },
): boolean {
  if (pattern === "*") return true;
  const patternParts = arnSegments(pattern);
  const valueParts = arnSegments(value);
  const test = (p: string, v: string) => {
    const regex = variables && p.includes("${") ? compilePattern(p, { variables }) : cachedGlob(p, false);
    return regex?.test(v) ?? false;
  };
  // A pattern shaped like an ARN matches an ARN segment by segment (a malformed one, never).
  if (valueParts && (patternParts || pattern.startsWith("arn:"))) {
    return patternParts?.every((part, index) => test(part, valueParts[index]!)) ?? false;
  }
  return test(pattern, value);
}

/** A policy element that may be one string or a list of them. */
export const stringsOf = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
