/**
 * Where a function's code comes from: `InlineCode` (Code.ZipFile), a CodeUri naming an S3 object
 * (`s3://bucket/key?versionId=v`, or `{Bucket, Key, Version}`), or — what `sam package` would
 * otherwise upload — a CodeUri naming a local directory, which the engine runs in place.
 * AWS: samtranslator/model/sam_resources.py `_construct_code_dict`, s3_utils/uri_parser.py.
 */
import { InvalidResource } from "./errors.ts";
import { isObject, isSet, type JsonObject, present } from "./values.ts";

export type FunctionCode = { kind: "code"; code: JsonObject } | { kind: "local"; path: string };

export function functionCode(logicalId: string, properties: JsonObject): FunctionCode {
  const packageType = properties.PackageType ?? "Zip";
  if (packageType !== "Zip" && packageType !== "Image") {
    throw new InvalidResource(logicalId, `invalid 'PackageType' : ${String(packageType)}`);
  }
  if (packageType === "Image") {
    throw new InvalidResource(
      logicalId,
      "PackageType Image is not supported by the Orderflow engine: its Lambda runs .zip-style code only.",
    );
  }
  // AWS: with both set, InlineCode wins; with neither, the translator's (odd) message.
  if (isSet(properties.InlineCode)) return { kind: "code", code: { ZipFile: properties.InlineCode } };
  const uri = properties.CodeUri;
  if (!isSet(uri)) throw new InvalidResource(logicalId, "Only one of 'InlineCode' or 'CodeUri' can be set.");
  if (typeof uri === "string" && !uri.startsWith("s3://")) return { kind: "local", path: uri };
  return { kind: "code", code: withSourceKey(s3Location(logicalId, uri), properties.SourceKMSKeyArn) };
}

function withSourceKey(code: JsonObject, key: unknown): JsonObject {
  return present({ ...code, SourceKMSKeyArn: key });
}

function s3Location(logicalId: string, uri: unknown): JsonObject {
  if (isObject(uri)) {
    if (!uri.Bucket || !uri.Key) {
      throw new InvalidResource(logicalId, "'CodeUri' requires Bucket and Key properties to be specified.");
    }
    return present({ S3Bucket: uri.Bucket, S3Key: uri.Key, S3ObjectVersion: uri.Version });
  }
  const match = typeof uri === "string" ? /^s3:\/\/([^/?#]+)(\/[^?#]*)(?:\?([^#]*))?/.exec(uri) : null;
  if (!match) {
    throw new InvalidResource(
      logicalId,
      "'CodeUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.",
    );
  }
  const versions = new URLSearchParams(match[3] ?? "").getAll("versionId");
  return present({
    S3Bucket: match[1],
    S3Key: match[2]!.replace(/^\/+/, ""),
    S3ObjectVersion: versions.length === 1 ? versions[0] : undefined,
  });
}
