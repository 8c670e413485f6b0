/**
 * Template values as SAM's translator sees them: plain JSON, intrinsic functions as one-key
 * objects, and null meaning "not set" (YAML `Key:` with nothing after it).
 */
import { isDeepStrictEqual } from "node:util";

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** AWS: samtranslator `is_intrinsic`: one key, `Ref`, `Condition` or `Fn::…`. */
export function isIntrinsic(value: unknown): value is JsonObject {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  const key = keys[0]!;
  return key === "Ref" || key === "Condition" || key.startsWith("Fn::");
}

export const isIf = (value: unknown): value is { "Fn::If": unknown } =>
  isIntrinsic(value) && "Fn::If" in value;

export const isNoValue = (value: unknown): boolean =>
  isObject(value) && Object.keys(value).length === 1 && value.Ref === "AWS::NoValue";

/**
 * AWS: `Resource._is_intrinsic_function`: any one-key object counts as an intrinsic when a property
 * is validated, so its type is left for CloudFormation to check.
 */
export const looksIntrinsic = (value: unknown): boolean => isObject(value) && Object.keys(value).length === 1;

export const ref = (logicalId: string) => ({ Ref: logicalId });
export const getAtt = (logicalId: string, attribute: string) => ({ "Fn::GetAtt": [logicalId, attribute] });

/** Python's `in` on lists of dicts: deep equality. */
export const includesEqual = (list: readonly unknown[], value: unknown): boolean =>
  list.some((item) => isDeepStrictEqual(item, value));

/** A Python list as the translator prints it in messages: `['A', 'B']`. */
export const pythonList = (items: readonly string[]): string => `[${items.map((i) => `'${i}'`).join(", ")}]`;

/** Drops absent (undefined or null) properties, as the translator omits properties left as None. */
export function present(properties: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(properties))
    if (value !== undefined && value !== null) out[key] = value;
  return out;
}

export const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/** AWS: `get_tag_list`: a map becomes [{Key, Value}], a falsy value becoming "". */
export function tagList(tags: unknown): { Key: string; Value: unknown }[] {
  if (!isObject(tags)) return [];
  return Object.entries(tags).map(([Key, value]) => ({ Key, Value: value || "" }));
}

/** Python's truthiness, which the translator's `if self.X:` tests use: empty maps and lists are false. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** The named members of a resource that it has (resource attributes). */
export function pick(resource: JsonObject, names: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const name of names) if (Object.hasOwn(resource, name)) out[name] = resource[name];
  return out;
}
