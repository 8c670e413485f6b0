/**
 * The template's shape, checked before anything is evaluated: its sections, every resource's
 * keys, outputs, mappings and parameter declarations, and the template quotas. The messages are
 * CloudFormation's (ValidationError); AWS: template-anatomy, cloudformation-limits.
 */
import { MAX_MAPPINGS, MAX_OUTPUTS, MAX_PARAMETERS, MAX_RESOURCES, SAM_TRANSFORM } from "../constants.ts";
import { ValidationError } from "../errors.ts";
import { isRecord, type Template } from "./types.ts";

const SECTIONS = new Set([
  "AWSTemplateFormatVersion",
  "Description",
  "Metadata",
  "Parameters",
  "Rules",
  "Mappings",
  "Conditions",
  "Transform",
  "Resources",
  "Outputs",
  "Hooks",
]);

const RESOURCE_KEYS = new Set([
  "Type",
  "Properties",
  "DependsOn",
  "Metadata",
  "Condition",
  "DeletionPolicy",
  "UpdateReplacePolicy",
  "CreationPolicy",
  "UpdatePolicy",
]);

/** AWS: "Template format error: 'Description' length is greater than 1024." */
const MAX_DESCRIPTION_BYTES = 1024;
const LOGICAL_ID = /^[A-Za-z0-9]+$/;
const DELETION_POLICIES = new Set(["Delete", "Retain", "RetainExceptOnCreate", "Snapshot"]);

const formatError = (message: string) => new ValidationError(`Template format error: ${message}`);

const tooMany = (what: string, count: number, maximum: number) =>
  formatError(`Number of ${what}, ${count}, is greater than maximum allowed, ${maximum}`);

export function checkStructure(template: Template): void {
  const unknown = Object.keys(template).filter((key) => !SECTIONS.has(key));
  if (unknown.length > 0)
    throw formatError(`Invalid template property or properties [${unknown.join(", ")}]`);
  checkNulls(template, "");
  const description = template.Description;
  if (description !== undefined) {
    if (typeof description !== "string") throw formatError("Every Description member must be a string.");
    if (Buffer.byteLength(description) > MAX_DESCRIPTION_BYTES)
      throw formatError(`'Description' length is greater than ${MAX_DESCRIPTION_BYTES}.`);
  }
  checkResources(template);
  checkOutputs(template);
  checkMappings(template);
  checkConditionsSection(template);
  if (template.Parameters !== undefined && !isRecord(template.Parameters))
    throw formatError("Every Parameters member must be an object.");
  const parameterCount = Object.keys(template.Parameters ?? {}).length;
  if (parameterCount > MAX_PARAMETERS) throw tooMany("parameters", parameterCount, MAX_PARAMETERS);
}

/** AWS rejects a null anywhere in the template, naming its JSON pointer. */
function checkNulls(node: unknown, path: string): void {
  if (node === null) throw new ValidationError(`[${path}] 'null' values are not allowed in templates`);
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) checkNulls(item, `${path}/${i}`);
  } else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) checkNulls(value, `${path}/${key}`);
  }
}

function checkResources(template: Template): void {
  const resources = template.Resources;
  if (!isRecord(resources) || Object.keys(resources).length === 0)
    throw formatError("At least one Resources member must be defined.");
  const count = Object.keys(resources).length;
  if (count > MAX_RESOURCES) throw tooMany("resources", count, MAX_RESOURCES);
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!LOGICAL_ID.test(logicalId)) throw formatError(`Resource name ${logicalId} is non alphanumeric.`);
    if (!isRecord(resource)) throw formatError("Any Resources member must be an object.");
    if (typeof resource.Type !== "string" || resource.Type === "")
      throw formatError(`[/Resources/${logicalId}] Every Resources object must contain a Type member.`);
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_KEYS.has(key)) throw new ValidationError(`Invalid template resource property '${key}'`);
    }
    if (resource.Properties !== undefined && !isRecord(resource.Properties))
      throw formatError(`[/Resources/${logicalId}/Properties] Every Properties member must be an object`);
    const dependsOn = resource.DependsOn;
    if (
      dependsOn !== undefined &&
      typeof dependsOn !== "string" &&
      !(Array.isArray(dependsOn) && dependsOn.every((d) => typeof d === "string"))
    ) {
      throw formatError(
        `[/Resources/${logicalId}/DependsOn] DependsOn must be a string or a list of strings`,
      );
    }
    for (const policy of ["DeletionPolicy", "UpdateReplacePolicy"] as const) {
      const value = resource[policy];
      if (value !== undefined && (typeof value !== "string" || !DELETION_POLICIES.has(value)))
        throw formatError(`Unrecognized ${policy} ${JSON.stringify(value)} for resource ${logicalId}`);
    }
    if (resource.Condition !== undefined && typeof resource.Condition !== "string")
      throw formatError(`[/Resources/${logicalId}/Condition] Every Condition member must be a string`);
  }
}

function checkOutputs(template: Template): void {
  const outputs = template.Outputs;
  if (outputs === undefined) return;
  if (!isRecord(outputs)) throw formatError("Every Outputs member must be an object.");
  const count = Object.keys(outputs).length;
  if (count > MAX_OUTPUTS) throw tooMany("outputs", count, MAX_OUTPUTS);
  for (const [key, output] of Object.entries(outputs)) {
    if (!LOGICAL_ID.test(key)) throw formatError(`Output name ${key} is non alphanumeric.`);
    if (!isRecord(output) || !("Value" in output))
      throw formatError("Every Outputs member must contain a Value object");
    if (output.Export !== undefined && (!isRecord(output.Export) || output.Export.Name === undefined))
      throw formatError(`[/Outputs/${key}/Export] Export must contain a Name`);
  }
}

function checkMappings(template: Template): void {
  const mappings = template.Mappings;
  if (mappings === undefined) return;
  if (!isRecord(mappings)) throw formatError("Every Mappings member must be an object.");
  const count = Object.keys(mappings).length;
  if (count > MAX_MAPPINGS) throw tooMany("mappings", count, MAX_MAPPINGS);
  for (const [name, mapping] of Object.entries(mappings)) {
    if (!isRecord(mapping)) throw formatError(`Every Mappings member ${name} must be a map`);
    for (const [key, attributes] of Object.entries(mapping)) {
      if (!isRecord(attributes)) throw formatError(`Every Mappings member ${key} must be a map`);
      for (const value of Object.values(attributes)) {
        const scalar = (v: unknown) => ["string", "number", "boolean"].includes(typeof v);
        if (!scalar(value) && !(Array.isArray(value) && value.every(scalar)))
          throw formatError("Every Mappings attribute must be a String or a List.");
      }
    }
  }
}

function checkConditionsSection(template: Template): void {
  const conditions = template.Conditions;
  if (conditions === undefined) return;
  if (!isRecord(conditions)) throw formatError("Every Conditions member must be an object.");
  for (const value of Object.values(conditions)) {
    if (!isRecord(value)) throw formatError("Every Condition member must be an object.");
  }
}

/** The transforms a template declares (`Transform` is a name or a list of names). */
export function declaredTransforms(template: Template): string[] {
  const transform = template.Transform;
  if (transform === undefined) return [];
  const names = Array.isArray(transform) ? transform : [transform];
  return names.map((name) => {
    if (typeof name !== "string")
      throw new ValidationError("Key Name of transform definition must be a string.");
    return name;
  });
}

export const isSamTransform = (name: string) => name === SAM_TRANSFORM;
