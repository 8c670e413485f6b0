/**
 * Request validation as CloudWatch Logs reports it: a log group or stream name longer than 512
 * characters gets the service's own text (AWS: "Invalid LogGroup or LogStream, both must have
 * length less than or equal to 512."); every other model constraint gets Coral's "N validation
 * errors detected: …" text, as an InvalidParameterException (AWS, e.g. for limit 10001).
 */
import { coralValidationMessage } from "../../protocol/coral-validation.ts";
import type { ServiceModel } from "../../protocol/model.ts";
import { MAX_NAME_LENGTH } from "./constants.ts";
import { InvalidParameterException, nameTooLong } from "./errors.ts";

const NAME_MEMBERS = ["logGroupName", "logStreamName"] as const;

/** The model with the name members' length limit lifted: the service checks it first, its own way. */
function validationModel(source: ServiceModel): ServiceModel {
  const model = structuredClone(source);
  for (const shapeName of ["LogGroupName", "LogStreamName"]) {
    const { max: _max, ...unbounded } = model.shapes[shapeName]!;
    model.shapes[`${shapeName}Unbounded`] = unbounded;
  }
  for (const operation of Object.values(model.operations)) {
    const members = operation.input ? model.shapes[operation.input]?.members : undefined;
    if (!members) continue;
    for (const name of NAME_MEMBERS) {
      const member = members[name];
      if (member) members[name] = { ...member, shape: `${member.shape}Unbounded` };
    }
  }
  return model;
}

export function createValidator(
  source: ServiceModel,
): (operation: string, input: Record<string, unknown>) => void {
  const model = validationModel(source);
  return (operation, input) => {
    for (const name of NAME_MEMBERS) {
      const value = input[name];
      if (typeof value === "string" && [...value].length > MAX_NAME_LENGTH) throw nameTooLong();
    }
    const shape = model.operations[operation]?.input;
    const message = shape
      ? (coralValidationMessage(model, shape, input) ?? tagKeysMessage(model, input))
      : undefined;
    if (message) throw new InvalidParameterException(patternFirst(message));
  };
}

/**
 * CloudWatch Logs lists a member's pattern violation before its length violation (AWS: "2
 * validation errors detected: Value '' at 'logGroupNamePrefix' failed to satisfy constraint:
 * Member must satisfy regular expression pattern: …; Value '' at 'logGroupNamePrefix' failed to
 * satisfy constraint: Member must have length greater than or equal to 1").
 */
function patternFirst(message: string): string {
  const match = /^(\d+ validation errors? detected: )([\s\S]*)$/.exec(message);
  if (!match) return message;
  const errors = match[2]!.split(/; (?=Value )/);
  const pathOf = (error: string) => /at '([^']*)' failed to satisfy/.exec(error)?.[1];
  const isPattern = (error: string) => error.includes("Member must satisfy regular expression pattern");
  for (let j = 0; j < errors.length; j++) {
    if (!isPattern(errors[j]!)) continue;
    const first = errors.findIndex((error) => pathOf(error) === pathOf(errors[j]!));
    if (first < j) errors.splice(first, 0, ...errors.splice(j, 1));
  }
  return match[1] + errors.join("; ");
}

/**
 * The shared Coral check looks at map values only; a tag map's keys have constraints of their own
 * (TagKey: 1–128 characters of `[\p{L}\p{Z}\p{N}_.:/=+\-@]`), reported as Coral words map keys.
 */
function tagKeysMessage(model: ServiceModel, input: Record<string, unknown>): string | undefined {
  const tags = input.tags;
  const keyShape = model.shapes.TagKey;
  if (!tags || typeof tags !== "object" || Array.isArray(tags) || !keyShape) return undefined;
  const pattern = keyShape.pattern ? new RegExp(keyShape.pattern, "u") : undefined;
  const constraints = new Set<string>();
  for (const key of Object.keys(tags)) {
    const length = [...key].length;
    if (keyShape.max !== undefined && length > keyShape.max)
      constraints.add(`Member must have length less than or equal to ${keyShape.max}`);
    if (keyShape.min !== undefined && length < keyShape.min)
      constraints.add(`Member must have length greater than or equal to ${keyShape.min}`);
    if (pattern && !pattern.test(key))
      constraints.add(`Member must satisfy regular expression pattern: ${keyShape.pattern}`);
  }
  if (constraints.size === 0) return undefined;
  const shown = Object.entries(tags as Record<string, unknown>)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(", ");
  return `1 validation error detected: Value '{${shown}}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [${[...constraints].join(", ")}]`;
}
