/**
 * AWS: `EventPattern` (EventBridge PutRule, Pipes FilterCriteria) and Lambda's FilterCriteria
 * `Pattern` are strings of at most 4,096 characters (botocore models events/2015-10-07,
 * pipes/2015-10-07, lambda/2015-03-31). SNS filter policies allow more and pass their own limit.
 */
export const MAX_EVENT_PATTERN_LENGTH_CHARS = 4_096;

/**
 * event-ruler's ComparableNumber: numbers compare by value only between -5.0e9 and +5.0e9
 * inclusive and with at most six digits after the decimal point ("15 digits of precision").
 */
export const MAX_COMPARABLE_NUMBER = 5_000_000_000;
export const MAX_COMPARABLE_DECIMALS = 6;

/**
 * Not an AWS limit: `$or` is expanded into every combination of its branches (as event-ruler's
 * JsonRuleCompiler does), so a 4 KB pattern of nested `$or`s could otherwise ask for 2^100 of them.
 * AWS documents no figure for EventBridge; SNS's filter-policy limit is 150 combinations.
 */
export const MAX_OR_COMBINATIONS = 10_000;

/** event-ruler's `Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP`: not field names inside `$or`. */
export const RESERVED_FIELD_NAMES_IN_OR = new Set([
  "exactly",
  "equals-ignore-case",
  "prefix",
  "suffix",
  "anything-but",
  "exists",
  "wildcard",
  "numeric",
  "cidr",
  "html",
  "=",
  "<",
  "<=",
  ">",
  ">=",
  "regex",
  "not-wildcard",
  "not-equals-ignore-case",
  "date-after",
  "date-on-or-after",
  "date-before",
  "date-on-or-before",
  "in-date-range",
  "ip-address-in-range",
  "ip-address-not-in-range",
]);
