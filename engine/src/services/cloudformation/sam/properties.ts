/**
 * Property checks as the translator makes them when it reads a SAM resource (or an event): an
 * unknown property is refused by name; a known one is checked against its type unless it is an
 * intrinsic (left for CloudFormation). AWS: samtranslator/model/__init__.py (`PropertyType`,
 * `PassThroughProperty`, `Resource.from_dict`, `validate_properties`).
 */
import { InvalidResource } from "./errors.ts";
import { isObject, isSet, looksIntrinsic } from "./values.ts";

export interface PropertySpec {
  required?: boolean;
  /** Absent: anything goes (a pass-through property). */
  check?: (value: unknown) => boolean;
  /** Named in the message when the check fails ("should be a map"); otherwise the type is "invalid". */
  expected?: "map" | "string";
  /** `Property(...)`: intrinsics are not accepted in place of the value. */
  noIntrinsics?: boolean;
}

export const isString = (v: unknown) => typeof v === "string";
export const isInt = (v: unknown) => typeof v === "number" && Number.isInteger(v);
export const isBool = (v: unknown) => typeof v === "boolean";
export const isList = (v: unknown) => Array.isArray(v);
export const isMap = (v: unknown) => isObject(v);
export const oneOf =
  (...checks: ((v: unknown) => boolean)[]) =>
  (v: unknown) =>
    checks.some((check) => check(v));
export const listOf = (check: (v: unknown) => boolean) => (v: unknown) => Array.isArray(v) && v.every(check);
export const mapOf = (check: (v: unknown) => boolean) => (v: unknown) =>
  isObject(v) && Object.values(v).every(check);

export const passThrough: PropertySpec = {};
export const aMap: PropertySpec = { check: isMap, expected: "map" };
export const aString: PropertySpec = { check: isString, expected: "string" };
export const anInt: PropertySpec = { check: isInt };
export const aBool: PropertySpec = { check: isBool };
export const aList: PropertySpec = { check: isList };

/**
 * Refuses properties the resource type does not define, then checks the defined ones in the order
 * the translator declares them; the first problem is the one reported.
 */
export function checkProperties(
  logicalId: string,
  type: string,
  properties: Record<string, unknown>,
  specs: Readonly<Record<string, PropertySpec>>,
): void {
  for (const name of Object.keys(properties)) {
    if (!Object.hasOwn(specs, name)) {
      throw new InvalidResource(logicalId, `property ${name} not defined for resource of type ${type}`);
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    const value = properties[name];
    if (!spec.noIntrinsics && looksIntrinsic(value)) continue;
    if (!isSet(value)) {
      if (spec.required) throw new InvalidResource(logicalId, `Missing required property '${name}'.`);
      continue;
    }
    if (spec.check && !spec.check(value)) {
      throw new InvalidResource(
        logicalId,
        spec.expected
          ? `Property '${name}' should be a ${spec.expected}.`
          : `Type of property '${name}' is invalid.`,
      );
    }
  }
}

/** A SAM resource's Properties: absent means empty; anything but an object (null too) is refused. */
export function propertiesOf(logicalId: string, resource: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(resource, "Properties")) return {};
  const properties = resource.Properties;
  if (!isObject(properties))
    throw new InvalidResource(logicalId, "Properties of a resource must be an object.");
  return properties;
}
