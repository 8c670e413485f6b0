/**
 * Writes `schemas.json`: the registry schemas (AWS's own resource type documents, as cfn-lint ships
 * them) of the types the engine's providers create, cut down to what property validation reads:
 * types, properties, definitions, required, additionalProperties, enums, patterns, lengths,
 * ranges, item counts, and createOnlyProperties (a change to one of them replaces the resource).
 *
 *   node --import tsx src/services/cloudformation/resources/schemas/generate.ts
 *   npx biome format --write src/services/cloudformation/resources/schemas/schemas.json
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PROVIDED_TYPES = [
  "AWS::SQS::Queue",
  "AWS::SQS::QueuePolicy",
  "AWS::DynamoDB::Table",
  "AWS::DynamoDB::GlobalTable",
  "AWS::Lambda::Function",
  "AWS::Lambda::EventSourceMapping",
  "AWS::Lambda::Permission",
  "AWS::Lambda::EventInvokeConfig",
  "AWS::Logs::LogGroup",
  "AWS::IAM::Role",
  "AWS::IAM::Policy",
  "AWS::IAM::ManagedPolicy",
];

/** Keywords kept; the combinators (anyOf, oneOf, allOf, if/then) are cfn-lint's own rules as often as AWS's. */
const KEPT = new Set([
  "type",
  "properties",
  "definitions",
  "required",
  "additionalProperties",
  "patternProperties",
  "items",
  "enum",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "minItems",
  "maxItems",
  "$ref",
  "createOnlyProperties",
  "readOnlyProperties",
  "writeOnlyProperties",
]);
/** Keywords whose value is a map of names to schemas (every key kept). */
const NAMED = new Set(["properties", "definitions", "patternProperties"]);

function compact(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(compact);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!KEPT.has(key)) continue;
    if (NAMED.has(key)) {
      out[key] = Object.fromEntries(Object.entries(value as object).map(([name, v]) => [name, compact(v)]));
    } else if (key === "additionalProperties" || key === "items") {
      out[key] = typeof value === "boolean" ? value : compact(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

const SCRIPT = `
import json, sys
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER as schemas
out = {t: schemas.get_resource_schema("us-east-1", t).schema for t in json.loads(sys.argv[1])}
print(json.dumps(out))
`;

const raw = JSON.parse(
  execFileSync("python3", ["-c", SCRIPT, JSON.stringify(PROVIDED_TYPES)], {
    maxBuffer: 64 * 1024 * 1024,
  }).toString(),
) as Record<string, unknown>;
const compacted = Object.fromEntries(Object.entries(raw).map(([type, schema]) => [type, compact(schema)]));
const target = join(dirname(fileURLToPath(import.meta.url)), "schemas.json");
writeFileSync(target, `${JSON.stringify(compacted)}\n`);
console.log(`wrote ${target} (${PROVIDED_TYPES.length} types)`);
