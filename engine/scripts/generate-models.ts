/**
 * Generates the engine's compact service models from AWS's own API models (botocore's copies).
 *
 * Only the wire facts are kept (operations, shapes, constraints, serialization names); AWS's
 * documentation text is dropped. Where a service moved from the query protocol to JSON (SQS in
 * 2023/2024), the older query model still on the machine supplies the XML/form names
 * (`locationName`, `flattened`, `resultWrapper`) and the legacy error codes, so one model serves
 * both protocols.
 *
 *   node --import tsx scripts/generate-models.ts sqs
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

type Json = Record<string, unknown>;

const SERVICES: Record<string, { dir: string; queryFallbacks?: string[] }> = {
  sqs: {
    dir: "sqs/2012-11-05",
    queryFallbacks: [
      "/usr/lib/google-cloud-sdk/lib/third_party/botocore/data/sqs/2012-11-05/service-2.json",
      "/usr/lib/python3/dist-packages/awscli/botocore/data/sqs/2012-11-05/service-2.json",
    ],
  },
  dynamodb: { dir: "dynamodb/2012-08-10" },
  dynamodbstreams: { dir: "dynamodbstreams/2012-08-10" },
  logs: { dir: "logs/2014-03-28" },
  lambda: { dir: "lambda/2015-03-31" },
  iam: { dir: "iam/2010-05-08" },
  cloudformation: { dir: "cloudformation/2010-05-15" },
};

const KEPT_SHAPE_KEYS = [
  "type",
  "required",
  "min",
  "max",
  "pattern",
  "enum",
  "flattened",
  "locationName",
  "payload",
  "timestampFormat",
];
const KEPT_MEMBER_KEYS = ["shape", "locationName", "flattened", "location", "jsonvalue", "idempotencyToken"];

function botocoreDataDir(): string {
  const out = execFileSync("python3", ["-c", "import botocore,os;print(os.path.dirname(botocore.__file__))"]);
  return join(out.toString().trim(), "data");
}

function readModel(path: string): Json {
  const raw = readFileSync(path);
  return JSON.parse((path.endsWith(".gz") ? gunzipSync(raw) : raw).toString()) as Json;
}

function pick(source: Json, keys: string[]): Json {
  const out: Json = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

function compactShape(shape: Json, queryShape: Json | undefined): Json {
  const out = pick(shape, KEPT_SHAPE_KEYS);
  if (queryShape) Object.assign(out, pick(queryShape, ["flattened", "locationName"]));
  if (shape.exception) {
    out.exception = true;
    const error = (queryShape?.error ?? shape.error) as Json | undefined;
    if (error) out.error = pick(error, ["code", "httpStatusCode", "senderFault"]);
  }
  if (shape.members) {
    const members: Json = {};
    const queryMembers = (queryShape?.members ?? {}) as Record<string, Json>;
    for (const [name, member] of Object.entries(shape.members as Record<string, Json>)) {
      members[name] = {
        ...pick(member, KEPT_MEMBER_KEYS),
        ...pick(queryMembers[name] ?? {}, ["locationName", "flattened"]),
      };
    }
    out.members = members;
  }
  for (const part of ["member", "key", "value"]) {
    const ref = shape[part] as Json | undefined;
    if (!ref) continue;
    out[part] = {
      ...pick(ref, KEPT_MEMBER_KEYS),
      ...pick((queryShape?.[part] as Json) ?? {}, ["locationName"]),
    };
  }
  return out;
}

function generate(service: string): void {
  const spec = SERVICES[service];
  if (!spec) throw new Error(`unknown service ${service}`);
  const base = join(botocoreDataDir(), spec.dir, "service-2.json");
  const model = readModel(existsSync(base) ? base : `${base}.gz`);
  const queryPath = spec.queryFallbacks?.find((p) => existsSync(p));
  // A service that speaks only awsQuery (CloudFormation) carries its own XML names.
  const query = queryPath
    ? readModel(queryPath)
    : (model.metadata as Json).protocol === "query"
      ? model
      : undefined;
  const queryShapes = (query?.shapes ?? {}) as Record<string, Json>;
  const queryOps = (query?.operations ?? {}) as Record<string, Json>;
  const metadata = model.metadata as Json;

  const operations: Json = {};
  for (const [name, op] of Object.entries(model.operations as Record<string, Json>)) {
    const output = op.output as Json | undefined;
    const queryOutput = queryOps[name]?.output as Json | undefined;
    operations[name] = {
      http: pick(op.http as Json, ["method", "requestUri", "responseCode"]),
      input: (op.input as Json | undefined)?.shape,
      output: output?.shape,
      resultWrapper: queryOutput?.resultWrapper ?? (queryOps[name] ? `${name}Result` : undefined),
      errors: ((op.errors as Json[] | undefined) ?? []).map((e) => e.shape),
    };
  }
  const shapes: Json = {};
  for (const [name, shape] of Object.entries(model.shapes as Record<string, Json>)) {
    shapes[name] = compactShape(shape, queryShapes[name]);
  }
  const out = {
    source: `botocore ${spec.dir}${queryPath ? " + query-protocol names" : ""}`,
    metadata: {
      ...pick(metadata, [
        "apiVersion",
        "protocol",
        "jsonVersion",
        "targetPrefix",
        "endpointPrefix",
        "signingName",
      ]),
      awsQueryCompatible: metadata.awsQueryCompatible !== undefined,
      xmlNamespace: (query?.metadata as Json | undefined)?.xmlNamespace,
    },
    operations,
    shapes,
  };
  const target = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "models", `${service}.json`);
  writeFileSync(target, `${JSON.stringify(out)}\n`);
  console.log(`wrote ${target}`);
}

for (const service of process.argv.slice(2)) generate(service);
