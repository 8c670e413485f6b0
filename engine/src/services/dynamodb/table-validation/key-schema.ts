/**
 * Key schemas and projections of tables and indexes, checked with DynamoDB's messages (recorded
 * from live DynamoDB by dynalite's tests and confirmed by 2026 probes).
 */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import { MAX_PROJECTED_NON_KEY_ATTRIBUTES } from "../constants.ts";
import { ValidationException } from "../errors.ts";
import type { KeySchema, Projection } from "../table-definition.ts";

export const invalidParameter = (detail: string): ValidationException =>
  new ValidationException(`One or more parameter values were invalid: ${detail}`);

const TABLE_CLASSES = ["STANDARD", "STANDARD_INFREQUENT_ACCESS"];

/** DynamoDB checks TableClass itself rather than as a model enum. */
export function checkTableClass(tableClass: string | undefined): void {
  if (tableClass !== undefined && !TABLE_CLASSES.includes(tableClass)) {
    throw new ValidationException(
      `Invalid table-class parameter provided. Please try again with a valid table-class value: [${TABLE_CLASSES.join(", ")}].`,
    );
  }
}

const names = (elements: readonly { AttributeName?: string }[]) => elements.map((e) => e.AttributeName!);

/**
 * "Keys: [...], AttributeDefinitions: [...]" list the names in request order. (AWS prints them
 * from a set; its order is not reproducible and dynalite's tests accept either order.)
 */
export function undefinedKeys(keys: readonly string[], definitions: readonly string[]): ValidationException {
  return invalidParameter(
    `Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(", ")}], AttributeDefinitions: [${definitions.join(", ")}]`,
  );
}

/** AWS: a GSI key may have up to 4 HASH and 4 RANGE attributes (multi-attribute keys, 2025). */
const MAX_GSI_KEY_ATTRIBUTES_PER_TYPE = 4;

/**
 * Checks one key schema against the defined attribute names. Tables and LSIs have one HASH and at
 * most one RANGE attribute (the 2-element maximum is applied with the Coral constraints).
 */
export function keySchemaOf(
  elements: readonly Ddb.KeySchemaElement[],
  definitions: readonly string[],
  kind: "table" | "LSI" | "GSI",
): KeySchema {
  const keys = names(elements);
  if (keys.some((k) => !definitions.includes(k))) throw undefinedKeys(keys, definitions);
  if (keys.length === 2 && keys[0] === keys[1]) {
    throw new ValidationException(
      "Both the Hash Key and the Range Key element in the KeySchema have the same name",
    );
  }
  if (new Set(keys).size < keys.length) {
    throw new ValidationException("The KeySchema contains multiple key attributes with the same name");
  }
  if (elements[0]!.KeyType !== "HASH") {
    throw new ValidationException("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (kind !== "GSI") {
    if (elements.length > 1 && elements[1]!.KeyType !== "RANGE") {
      throw new ValidationException("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    return { hashKey: keys[0]!, ...(keys[1] !== undefined && { rangeKey: keys[1] }) };
  }
  const firstRange = elements.findIndex((e) => e.KeyType === "RANGE");
  if (firstRange >= 0 && elements.slice(firstRange).some((e) => e.KeyType === "HASH")) {
    throw invalidParameter("All HASH key attributes must precede RANGE key attributes in the KeySchema");
  }
  const hashCount = firstRange >= 0 ? firstRange : elements.length;
  const rangeCount = elements.length - hashCount;
  if (hashCount > MAX_GSI_KEY_ATTRIBUTES_PER_TYPE) {
    throw invalidParameter("The KeySchema exceeds the maximum allowed number of HASH key attributes");
  }
  if (rangeCount > MAX_GSI_KEY_ATTRIBUTES_PER_TYPE) {
    throw invalidParameter("The KeySchema exceeds the maximum allowed number of RANGE key attributes");
  }
  if (hashCount > 1 || rangeCount > 1) {
    // Engine limitation (see LIMITATIONS in index.ts): indexes are keyed on one attribute each.
    throw invalidParameter(
      "Multi-attribute keys for global secondary indexes are not supported by this engine",
    );
  }
  return { hashKey: keys[0]!, ...(keys[1] !== undefined && { rangeKey: keys[1] }) };
}

export function projectionOf(projection: Ddb.Projection): Projection {
  const type = projection.ProjectionType;
  const nonKey = projection.NonKeyAttributes;
  if (type === undefined) throw invalidParameter("Unknown ProjectionType: null");
  if (type !== "INCLUDE" && nonKey !== undefined) {
    throw invalidParameter(`ProjectionType is ${type}, but NonKeyAttributes is specified`);
  }
  if (type === "INCLUDE" && nonKey === undefined) {
    throw invalidParameter("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
  }
  if (nonKey) {
    const seen = new Set<string>();
    for (const name of nonKey) {
      if (seen.has(name)) throw invalidParameter(`Duplicate element in NonKeyAttributes: ${name}`);
      seen.add(name);
    }
  }
  return { type, ...(nonKey && { nonKeyAttributes: [...nonKey] }) };
}

/**
 * AWS: "The total count of attributes provided in NonKeyAttributes, summed across all of the
 * secondary indexes, must not exceed 100" (an attribute projected into two indexes counts twice).
 * Message wording unverified beyond a third-party quote.
 */
export function checkProjectedAttributeTotal(projections: readonly Projection[]): void {
  const total = projections.reduce((sum, p) => sum + (p.nonKeyAttributes?.length ?? 0), 0);
  if (total > MAX_PROJECTED_NON_KEY_ATTRIBUTES) {
    throw invalidParameter(
      `Number of projected attributes in all indexes exceeds limit of ${MAX_PROJECTED_NON_KEY_ATTRIBUTES}`,
    );
  }
}
