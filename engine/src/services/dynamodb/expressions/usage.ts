/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all of its
 * expressions: validated up front, resolved as the expressions use them, and checked at the end for
 * placeholders no expression used (AWS: "Value provided in ExpressionAttributeNames unused in
 * expressions: keys: {#a}"). Messages as recorded by dynalite against DynamoDB (validations/index.js).
 */
import { ValidationException } from "../errors.ts";
import { type AttributeValue, type AttributeValueInput, validateAttributeValue } from "../values/index.ts";
import { NESTING_MESSAGE } from "../values/validate.ts";
import { type ExpressionKind, invalidExpression } from "./kinds.ts";

const NAME_KEY = /^#[0-9a-zA-Z_]+$/;
const VALUE_KEY = /^:[0-9a-zA-Z_]+$/;

export class ExpressionUsage {
  private readonly names: ReadonlyMap<string, string>;
  private readonly values: ReadonlyMap<string, AttributeValue>;
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();

  constructor(
    names: Readonly<Record<string, string>> | undefined,
    values: Readonly<Record<string, AttributeValueInput>> | undefined,
  ) {
    this.names = new Map(Object.entries(checkedKeys("ExpressionAttributeNames", names, NAME_KEY)));
    const checkedValues = new Map<string, AttributeValue>();
    for (const [key, value] of Object.entries(checkedKeys("ExpressionAttributeValues", values, VALUE_KEY))) {
      checkedValues.set(key, validateValue(key, value));
    }
    this.values = checkedValues;
  }

  resolveName(kind: ExpressionKind, placeholder: string): string {
    const name = this.names.get(placeholder);
    if (name === undefined) {
      throw invalidExpression(
        kind,
        `An expression attribute name used in the document path is not defined; attribute name: ${placeholder}`,
      );
    }
    this.usedNames.add(placeholder);
    return name;
  }

  resolveValue(kind: ExpressionKind, placeholder: string): AttributeValue {
    const value = this.values.get(placeholder);
    if (value === undefined) {
      throw invalidExpression(
        kind,
        `An expression attribute value used in expression is not defined; attribute value: ${placeholder}`,
      );
    }
    this.usedValues.add(placeholder);
    return value;
  }

  /** Call after every expression of the request has been parsed. */
  assertAllUsed(): void {
    const unusedNames = [...this.names.keys()].filter((key) => !this.usedNames.has(key));
    if (unusedNames.length > 0) {
      throw new ValidationException(
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(", ")}}`,
      );
    }
    const unusedValues = [...this.values.keys()].filter((key) => !this.usedValues.has(key));
    if (unusedValues.length > 0) {
      throw new ValidationException(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(", ")}}`,
      );
    }
  }
}

function checkedKeys<T>(
  parameter: string,
  map: Readonly<Record<string, T>> | undefined,
  pattern: RegExp,
): Record<string, T> {
  if (map === undefined || map === null) return {};
  const keys = Object.keys(map);
  if (keys.length === 0) throw new ValidationException(`${parameter} must not be empty`);
  const invalid = keys.find((key) => !pattern.test(key));
  if (invalid !== undefined)
    throw new ValidationException(`${parameter} contains invalid key: Syntax error; key: "${invalid}"`);
  return map;
}

function validateValue(key: string, value: AttributeValueInput): AttributeValue {
  try {
    return validateAttributeValue(value);
  } catch (error) {
    // AWS reports a too-deep value as is; every other problem is wrapped with the key it came from.
    if (!(error instanceof ValidationException) || error.message === NESTING_MESSAGE) throw error;
    throw new ValidationException(
      `ExpressionAttributeValues contains invalid value: ${error.message} for key ${key}`,
    );
  }
}
