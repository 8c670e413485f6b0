/**
 * Coral's model-driven request validation, as DynamoDB (and other newer JSON services) report it:
 *
 *   2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member
 *   must not be null; Value 'x' at 'keySchema.1.member.keyType' failed to satisfy constraint: Member
 *   must satisfy enum value set: [HASH, RANGE]
 *
 * Paths use lower-camel member names, list elements as `.<n>.member`, map values as `.<key>.member`.
 * Only constraints the model states are checked (required, length, range, enum, pattern).
 */
import type { ServiceModel, Shape } from "./model.ts";
import { shapeOf } from "./model.ts";

const lowerCamel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function describe(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (isMap(value)) return `'${javaMap(value)}'`;
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "number" || typeof value === "boolean") return `'${value}'`;
  if (Buffer.isBuffer(value))
    return `'java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]'`;
  if (Array.isArray(value))
    return `'[${value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ")}]'`;
  return `'${JSON.stringify(value)}'`;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) && !Buffer.isBuffer(value);

/** A map as Java prints one: {key=value, …} (lists inside as [a, b]). */
function javaMap(map: Record<string, unknown>): string {
  const element = (value: unknown): string =>
    Array.isArray(value)
      ? `[${value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ")}]`
      : typeof value === "string"
        ? value
        : JSON.stringify(value);
  return `{${Object.entries(map)
    .map(([key, value]) => `${key}=${element(value)}`)
    .join(", ")}}`;
}

/**
 * Coral checks a map value's own constraints (a length, for a map of lists) on the map as a whole:
 * "Value '{t=[…]}' at 'requestItems' failed to satisfy constraint: Map value must satisfy
 * constraint: [Member must have length less than or equal to 25, Member must have length greater
 * than or equal to 1]" (AWS, as recorded by dynalite for BatchWriteItem).
 */
function mapValueConstraints(shape: Shape): string[] {
  const constraints: string[] = [];
  if (shape.max !== undefined) constraints.push(`Member must have length less than or equal to ${shape.max}`);
  if (shape.min !== undefined)
    constraints.push(`Member must have length greater than or equal to ${shape.min}`);
  return constraints;
}

const patternCache = new Map<string, RegExp>();
function matches(pattern: string, text: string): boolean {
  let regex = patternCache.get(pattern);
  if (!regex) {
    try {
      regex = new RegExp(`^(?:${pattern})$`, "u");
    } catch {
      regex = /^[\s\S]*$/;
    }
    patternCache.set(pattern, regex);
  }
  return regex.test(text);
}

function sizeOf(shape: Shape, value: unknown): number | undefined {
  if (shape.type === "string" && typeof value === "string") return [...value].length;
  if (shape.type === "list" && Array.isArray(value)) return value.length;
  if (shape.type === "map" && value && typeof value === "object") return Object.keys(value).length;
  if (shape.type === "blob" && Buffer.isBuffer(value)) return value.length;
  return undefined;
}

function check(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  path: string,
  errors: string[],
  depth: number,
  checkedAsMapValue = false,
): void {
  if (depth > 64) return;
  const shape = shapeOf(model, shapeName);
  const fail = (constraint: string) =>
    errors.push(`Value ${describe(value)} at '${path}' failed to satisfy constraint: Member ${constraint}`);
  const size = checkedAsMapValue ? undefined : sizeOf(shape, value);
  if (size !== undefined) {
    if (shape.min !== undefined && size < shape.min)
      fail(`must have length greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && size > shape.max)
      fail(`must have length less than or equal to ${shape.max}`);
  }
  if (
    (shape.type === "integer" || shape.type === "long" || shape.type === "double") &&
    typeof value === "number"
  ) {
    if (shape.min !== undefined && value < shape.min)
      fail(`must have value greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && value > shape.max)
      fail(`must have value less than or equal to ${shape.max}`);
  }
  if (shape.type === "string" && typeof value === "string") {
    if (shape.enum && !shape.enum.includes(value))
      fail(`must satisfy enum value set: [${shape.enum.join(", ")}]`);
    else if (shape.pattern && !matches(shape.pattern, value))
      fail(`must satisfy regular expression pattern: ${shape.pattern}`);
  }
  if (shape.type === "structure" && value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const memberPath = path ? `${path}.${lowerCamel(name)}` : lowerCamel(name);
      const member = record[name];
      if (member === undefined) {
        if (shape.required?.includes(name))
          errors.push(`Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`);
        continue;
      }
      check(model, ref.shape, member, memberPath, errors, depth + 1);
    }
  }
  if (shape.type === "list" && Array.isArray(value)) {
    value.forEach((item, i) => {
      check(model, shape.member!.shape, item, `${path}.${i + 1}.member`, errors, depth + 1);
    });
  }
  if (shape.type === "map" && value && typeof value === "object" && !Array.isArray(value)) {
    const valueShape = shapeOf(model, shape.value!.shape);
    const entries = Object.entries(value as Record<string, unknown>);
    const outOfBounds = entries.some(([, item]) => {
      const length = sizeOf(valueShape, item);
      return (
        length !== undefined &&
        ((valueShape.min !== undefined && length < valueShape.min) ||
          (valueShape.max !== undefined && length > valueShape.max))
      );
    });
    if (outOfBounds) {
      errors.push(
        `Value ${describe(value)} at '${path}' failed to satisfy constraint: Map value must satisfy constraint: [${mapValueConstraints(valueShape).join(", ")}]`,
      );
    }
    for (const [key, item] of entries) {
      check(model, shape.value!.shape, item, `${path}.${key}.member`, errors, depth + 1, true);
    }
  }
}

/** Returns Coral's message for the request, or undefined when it satisfies the model. */
export function coralValidationMessage(
  model: ServiceModel,
  shapeName: string,
  input: unknown,
): string | undefined {
  const errors: string[] = [];
  check(model, shapeName, input ?? {}, "", errors, 0);
  if (errors.length === 0) return undefined;
  return `${errors.length} validation error${errors.length > 1 ? "s" : ""} detected: ${errors.join("; ")}`;
}
