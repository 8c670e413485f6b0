/**
 * Property validation as CloudFormation does it before a resource handler runs: the resource
 * type's registry schema, with the registry validator's messages (AWS's
 * cloudformation-resource-schema library: "#: required key [KeySchema] not found", "#/Tags/0:
 * extraneous key [Name] is not permitted", "#/Timeout: expected type: Integer, found: String",
 * "#/RoleName: expected maxLength: 64, actual: 70", "#/Runtime: failed validation constraint for
 * keyword [enum]"). CloudFormation reports them as "Properties validation failed for resource
 * <LogicalId> with message: [<violations>]".
 *
 * Template values are coerced first, as CloudFormation does (parameters are strings): "30" where an
 * integer is expected is 30, "true" a boolean, and a number where a string is expected its text.
 */
import schemasJson from "./schemas.json" with { type: "json" };

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  definitions?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  $ref?: string;
  createOnlyProperties?: string[];
  readOnlyProperties?: string[];
  writeOnlyProperties?: string[];
}

const schemas = schemasJson as unknown as Record<string, Schema>;

export class PropertiesValidationFailed extends Error {
  constructor(
    readonly logicalId: string,
    readonly violations: string[],
  ) {
    super(`Properties validation failed for resource ${logicalId} with message: [${violations.join(", ")}]`);
    this.name = "PropertiesValidationFailed";
  }
}

/** The registry validator's names for JSON types (everit's). */
function typeName(value: unknown): string {
  if (value === null) return "Null";
  if (Array.isArray(value)) return "JSONArray";
  if (typeof value === "object") return "JSONObject";
  if (typeof value === "string") return "String";
  if (typeof value === "boolean") return "Boolean";
  if (typeof value === "number") return Number.isInteger(value) ? "Integer" : "Number";
  return "Unknown";
}

const SCHEMA_TYPE_NAMES: Record<string, string> = {
  string: "String",
  integer: "Integer",
  number: "Number",
  boolean: "Boolean",
  object: "JSONObject",
  array: "JSONArray",
};

const patternCache = new Map<string, RegExp | undefined>();
/** JSON Schema patterns are unanchored ECMA regexes; some registry patterns are Java's (`\Z`). */
function compilePattern(pattern: string): RegExp | undefined {
  if (!patternCache.has(pattern)) {
    const source = pattern.replace(/\\Z/g, "$");
    let regex: RegExp | undefined;
    for (const flags of ["u", ""]) {
      try {
        regex = new RegExp(source, flags);
        break;
      } catch {
        regex = undefined;
      }
    }
    patternCache.set(pattern, regex);
  }
  return patternCache.get(pattern);
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "object":
      return value !== null && typeof value === "object" && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    default:
      return true;
  }
}

/** CloudFormation's coercion of a template value to the type the schema expects. */
function coerce(value: unknown, types: string[]): unknown {
  if (types.some((t) => matchesType(value, t))) return value;
  if (typeof value === "string") {
    const trimmed = value.trim();
    if (
      (types.includes("integer") && /^[+-]?\d+$/.test(trimmed)) ||
      (types.includes("number") && trimmed !== "" && !Number.isNaN(Number(trimmed)))
    )
      return Number(trimmed);
    if (types.includes("boolean") && /^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === "true";
  }
  if ((typeof value === "number" || typeof value === "boolean") && types.includes("string"))
    return String(value);
  return value;
}

class Validator {
  readonly violations: string[] = [];

  constructor(private readonly root: Schema) {}

  private resolve(schema: Schema): Schema {
    let current = schema;
    for (let depth = 0; current.$ref && depth < 32; depth++) {
      const name = current.$ref.replace(/^#\/definitions\//, "");
      const target = this.root.definitions?.[name];
      if (!target) return {};
      current = { ...target, ...Object.fromEntries(Object.entries(current).filter(([k]) => k !== "$ref")) };
    }
    return current;
  }

  /** Validates `value` at `path` and returns it coerced. */
  check(schemaIn: Schema, value: unknown, path: string): unknown {
    const schema = this.resolve(schemaIn);
    const fail = (message: string) => this.violations.push(`${path}: ${message}`);
    const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
    const coerced = types.length > 0 ? coerce(value, types) : value;
    if (types.length > 0 && !types.some((t) => matchesType(coerced, t))) {
      const expected = types.map((t) => SCHEMA_TYPE_NAMES[t] ?? t).join(", ");
      fail(
        types.length === 1
          ? `expected type: ${expected}, found: ${typeName(coerced)}`
          : `expected type is one of ${expected}, found: ${typeName(coerced)}`,
      );
      return coerced;
    }
    const keywordFailure = (keyword: string) => fail(`failed validation constraint for keyword [${keyword}]`);
    if (schema.enum && !schema.enum.some((e) => e === coerced)) keywordFailure("enum");
    if (typeof coerced === "string") {
      const length = [...coerced].length;
      if (schema.maxLength !== undefined && length > schema.maxLength)
        fail(`expected maxLength: ${schema.maxLength}, actual: ${length}`);
      if (schema.minLength !== undefined && length < schema.minLength)
        fail(`expected minLength: ${schema.minLength}, actual: ${length}`);
      if (schema.pattern && compilePattern(schema.pattern)?.test(coerced) === false)
        keywordFailure("pattern");
    }
    if (typeof coerced === "number") {
      if (schema.minimum !== undefined && coerced < schema.minimum) keywordFailure("minimum");
      if (schema.maximum !== undefined && coerced > schema.maximum) keywordFailure("maximum");
    }
    if (Array.isArray(coerced)) {
      if (schema.maxItems !== undefined && coerced.length > schema.maxItems)
        fail(`expected maximum item count: ${schema.maxItems}, found: ${coerced.length}`);
      if (schema.minItems !== undefined && coerced.length < schema.minItems)
        fail(`expected minimum item count: ${schema.minItems}, found: ${coerced.length}`);
      return schema.items
        ? coerced.map((item, i) => this.check(schema.items!, item, `${path}/${i}`))
        : coerced;
    }
    if (coerced !== null && typeof coerced === "object" && (schema.properties || schema.patternProperties)) {
      return this.checkObject(schema, coerced as Record<string, unknown>, path);
    }
    if (coerced !== null && typeof coerced === "object" && schema.required) {
      for (const key of schema.required)
        if (!(key in (coerced as object))) fail(`required key [${key}] not found`);
    }
    return coerced;
  }

  private checkObject(schema: Schema, value: Record<string, unknown>, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of schema.required ?? []) {
      if (value[key] === undefined) this.violations.push(`${path}: required key [${key}] not found`);
    }
    for (const [key, item] of Object.entries(value)) {
      const propertySchema =
        schema.properties?.[key] ??
        Object.entries(schema.patternProperties ?? {}).find(([pattern]) =>
          compilePattern(pattern)?.test(key),
        )?.[1];
      if (propertySchema) out[key] = this.check(propertySchema, item, `${path}/${key}`);
      else if (schema.additionalProperties === false) {
        this.violations.push(`${path}: extraneous key [${key}] is not permitted`);
        out[key] = item;
      } else out[key] = item;
    }
    return out;
  }
}

export interface ResourceSchema {
  /** Validates and coerces a resource's properties; throws PropertiesValidationFailed. */
  validate(logicalId: string, properties: Record<string, unknown>): Record<string, unknown>;
  /** Top-level properties whose change replaces the resource. */
  createOnly: readonly string[];
  /** Top-level properties never returned by a read (not readable with Fn::GetAtt). */
  writeOnly: readonly string[];
}

const topLevel = (pointers: readonly string[] | undefined): string[] => [
  ...new Set((pointers ?? []).map((p) => p.split("/")[2]!).filter(Boolean)),
];

export function resourceSchema(type: string): ResourceSchema {
  const root = schemas[type];
  if (!root) throw new Error(`no schema for ${type}`);
  return {
    validate(logicalId, properties) {
      const validator = new Validator(root);
      const coerced = validator.check({ ...root, type: "object" }, properties, "#") as Record<
        string,
        unknown
      >;
      if (validator.violations.length > 0)
        throw new PropertiesValidationFailed(logicalId, validator.violations);
      return coerced;
    },
    createOnly: topLevel(root.createOnlyProperties),
    // Only whole properties: a write-only member (Code/ZipFile) leaves the rest readable.
    writeOnly: (root.writeOnlyProperties ?? [])
      .filter((p) => p.split("/").length === 3)
      .map((p) => p.split("/")[2]!),
  };
}
