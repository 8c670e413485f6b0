/**
 * The transform itself: a template naming AWS::Serverless-2016-10-31 in `Transform` comes back as
 * plain CloudFormation. Globals are merged first; then each SAM resource is translated (functions
 * first, as the translator orders them), every invalid one adding a cause to the one error the
 * transform reports; then local code is resolved and built. Other resources, Parameters, Outputs
 * and intrinsics are left for CloudFormation. AWS: samtranslator/translator/translator.py,
 * parser/parser.py, translator/verify_logical_id.py.
 */
import { SAM_FUNCTION, SAM_SIMPLE_TABLE, SAM_TRANSFORM, UNSUPPORTED_SAM_TYPES } from "./constants.ts";
import {
  DuplicateLogicalId,
  InvalidResource,
  InvalidTemplate,
  SamCause,
  SamTransformError,
} from "./errors.ts";
import { translateFunction } from "./function.ts";
import { mergeGlobals, parseGlobals } from "./globals.ts";
import { attachLocalCode } from "./local-code.ts";
import { partitionOf } from "./managed-policies.ts";
import { propertiesOf } from "./properties.ts";
import { translateSimpleTable } from "./simple-table.ts";
import { isObject, type JsonObject } from "./values.ts";

export interface SamContext {
  region: string;
  accountId: string;
  stackName: string;
  /** A CodeUri as written in the template → an absolute directory (or throws if not allowed). */
  resolveLocalCode(path: string): string;
  /** Where esbuild builds go (kept between deployments; unchanged builds are reused). */
  buildDir: string;
}

/** AWS: a generated resource may take an id of the template's only where the translator replaces it. */
const REPLACES: Readonly<Record<string, string>> = {
  "AWS::Lambda::Function": SAM_FUNCTION,
  "AWS::DynamoDB::Table": SAM_SIMPLE_TABLE,
  "AWS::SNS::Topic": "AWS::SNS::Topic",
};

/** `Transform: AWS::Serverless-2016-10-31`, alone or in a list of transforms. */
export function hasSamTransform(template: JsonObject): boolean {
  const transform = template.Transform;
  return transform === SAM_TRANSFORM || (Array.isArray(transform) && transform.includes(SAM_TRANSFORM));
}

export async function expandSamTemplate(template: JsonObject, ctx: SamContext): Promise<JsonObject> {
  const document = structuredClone(template);
  if (!hasSamTransform(document)) return document;
  const resources = checkStructure(document);
  const merged = withGlobals(document, resources);
  const partition = partitionOf(ctx.region);

  const causes: string[] = [];
  const translated = new Map<string, Record<string, JsonObject>>();
  const localCode: { logicalId: string; properties: JsonObject; path: string }[] = [];
  for (const logicalId of translationOrder(resources)) {
    const resource: JsonObject = { ...resources[logicalId]! };
    if (merged.get(logicalId) !== undefined) resource.Properties = merged.get(logicalId);
    try {
      const { generated, properties, code } = translateResource(logicalId, resource, partition);
      translated.set(logicalId, keepUnique(logicalId, generated, resources, causes));
      if (code?.kind === "local") localCode.push({ logicalId, properties, path: code.path });
    } catch (error) {
      if (!(error instanceof SamCause)) throw error;
      causes.push(error.message);
    }
  }
  if (causes.length > 0) throw new SamTransformError(causes);

  const output: JsonObject = {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    const replacement = translated.get(logicalId);
    if (replacement) Object.assign(output, replacement);
    else output[logicalId] = resource;
  }
  for (const { logicalId, properties, path } of localCode) {
    await attachLocalCode(output[logicalId] as JsonObject, logicalId, properties, path, ctx);
  }
  document.Resources = output;
  delete document.Globals;
  removeSamTransform(document);
  return document;
}

function translateResource(logicalId: string, resource: JsonObject, partition: string) {
  if (!/^[A-Za-z0-9]+$/.test(logicalId))
    throw new InvalidResource(logicalId, "Logical ids must be alphanumeric.");
  const properties = propertiesOf(logicalId, resource);
  if (resource.Type === SAM_FUNCTION) {
    const fn = translateFunction({ logicalId, resource, properties, partition });
    return { generated: fn.resources, properties, code: fn.code };
  }
  if (resource.Type === SAM_SIMPLE_TABLE) {
    return { generated: translateSimpleTable(logicalId, resource, properties), properties, code: undefined };
  }
  throw new InvalidResource(
    logicalId,
    `${String(resource.Type)} is not supported by the Orderflow engine's SAM transform ` +
      `(supported: ${SAM_FUNCTION}, ${SAM_SIMPLE_TABLE}).`,
  );
}

/** AWS: parser.py: Resources is a non-empty map of maps; a SAM resource's Properties a map. */
function checkStructure(document: JsonObject): Record<string, JsonObject> {
  const resources = document.Resources;
  if (!isObject(resources) || Object.keys(resources).length === 0) {
    throw new SamTransformError([new InvalidTemplate("'Resources' section is required").message]);
  }
  if (!Object.values(resources).every(isObject)) {
    throw new SamTransformError([
      new InvalidTemplate(
        "All 'Resources' must be Objects. If you're using YAML, this may be an indentation issue.",
      ).message,
    ]);
  }
  for (const [logicalId, resource] of Object.entries(resources as Record<string, JsonObject>)) {
    if (isSamType(resource.Type) && Object.hasOwn(resource, "Properties") && !isObject(resource.Properties)) {
      throw new SamTransformError([
        new InvalidResource(
          logicalId,
          "All 'Resources' must be Objects and have a 'Properties' Object. " +
            "If you're using YAML, this may be an indentation issue.",
        ).message,
      ]);
    }
  }
  return resources as Record<string, JsonObject>;
}

/** Each SAM resource's Properties with the Globals of its type merged in. */
function withGlobals(document: JsonObject, resources: Record<string, JsonObject>): Map<string, unknown> {
  const merged = new Map<string, unknown>();
  try {
    const globals = parseGlobals(document.Globals);
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (isSamType(resource.Type)) merged.set(logicalId, mergeGlobals(globals, logicalId, resource));
    }
  } catch (error) {
    if (error instanceof SamCause) throw new SamTransformError([error.message]);
    throw error;
  }
  return merged;
}

const isSamType = (type: unknown): type is string =>
  type === SAM_FUNCTION || type === SAM_SIMPLE_TABLE || UNSUPPORTED_SAM_TYPES.includes(type as string);

/** Functions first (their events may change other SAM resources), then the rest in template order. */
function translationOrder(resources: Record<string, JsonObject>): string[] {
  const ids = Object.keys(resources).filter((id) => isSamType(resources[id]!.Type));
  return [
    ...ids.filter((id) => resources[id]!.Type === SAM_FUNCTION),
    ...ids.filter((id) => resources[id]!.Type !== SAM_FUNCTION),
  ];
}

/** Drops (and reports) generated resources whose id the template already uses for something else. */
function keepUnique(
  logicalId: string,
  generated: Record<string, JsonObject>,
  template: Record<string, JsonObject>,
  causes: string[],
): Record<string, JsonObject> {
  const kept: Record<string, JsonObject> = {};
  for (const [id, resource] of Object.entries(generated)) {
    const existing = template[id];
    const type = String(resource.Type);
    const replaces = REPLACES[type];
    if (existing && !replaces?.includes(String(existing.Type))) {
      causes.push(new DuplicateLogicalId(logicalId, id, type).message);
      continue;
    }
    kept[id] = resource;
  }
  return kept;
}

/** The transform is done: only other transforms (for CloudFormation to run or refuse) remain. */
function removeSamTransform(document: JsonObject): void {
  const transform = document.Transform;
  const others = Array.isArray(transform) ? transform.filter((t) => t !== SAM_TRANSFORM) : [];
  if (others.length > 0) document.Transform = others;
  else delete document.Transform;
}
