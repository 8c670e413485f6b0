/**
 * Request validation as IAM reports it: the model's constraints (required, length, range, enum,
 * pattern) checked by IAM's Coral front end, worded without the offending value (AWS: "1
 * validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must
 * satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+", recorded 2026).
 */
import type { ServiceModel } from "../../protocol/model.ts";
import { shapeOf } from "../../protocol/model.ts";
import { ValidationError } from "./errors.ts";

const lowerCamel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

const patterns = new Map<string, RegExp | undefined>();
function matches(pattern: string, text: string): boolean {
  if (!patterns.has(pattern)) {
    let regex: RegExp | undefined;
    try {
      regex = new RegExp(`^(?:${pattern})$`, "u");
    } catch {
      regex = undefined;
    }
    patterns.set(pattern, regex);
  }
  const regex = patterns.get(pattern);
  return regex === undefined || regex.test(text);
}

function check(model: ServiceModel, shapeName: string, value: unknown, path: string, errors: string[]): void {
  const shape = shapeOf(model, shapeName);
  const fail = (constraint: string) =>
    errors.push(`Value at '${path}' failed to satisfy constraint: Member ${constraint}`);
  const size =
    typeof value === "string" ? [...value].length : Array.isArray(value) ? value.length : undefined;
  if (size !== undefined) {
    if (shape.max !== undefined && size > shape.max)
      fail(`must have length less than or equal to ${shape.max}`);
    if (shape.min !== undefined && size < shape.min)
      fail(`must have length greater than or equal to ${shape.min}`);
  }
  if ((shape.type === "integer" || shape.type === "long") && typeof value === "number") {
    if (shape.max !== undefined && value > shape.max)
      fail(`must have value less than or equal to ${shape.max}`);
    if (shape.min !== undefined && value < shape.min)
      fail(`must have value greater than or equal to ${shape.min}`);
  }
  if (shape.type === "string" && typeof value === "string") {
    if (shape.enum && !shape.enum.includes(value))
      fail(`must satisfy enum value set: [${shape.enum.join(", ")}]`);
    else if (shape.pattern && !matches(shape.pattern, value))
      fail(`must satisfy regular expression pattern: ${shape.pattern}`);
  }
  if (shape.type === "structure" && value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const memberPath = path ? `${path}.${lowerCamel(name)}` : lowerCamel(name);
      if (record[name] === undefined) {
        if (shape.required?.includes(name))
          errors.push(`Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`);
        continue;
      }
      check(model, ref.shape, record[name], memberPath, errors);
    }
  }
  if (shape.type === "list" && Array.isArray(value)) {
    value.forEach((item, i) => {
      check(model, shape.member!.shape, item, `${path}.${i + 1}.member`, errors);
    });
  }
}

export function createValidator(
  model: ServiceModel,
): (operation: string, input: Record<string, unknown>) => void {
  return (operation, input) => {
    const shape = model.operations[operation]?.input;
    if (!shape) return;
    const errors: string[] = [];
    check(model, shape, input, "", errors);
    if (errors.length > 0) {
      throw new ValidationError(
        `${errors.length} validation error${errors.length > 1 ? "s" : ""} detected: ${errors.join("; ")}`,
      );
    }
  };
}
