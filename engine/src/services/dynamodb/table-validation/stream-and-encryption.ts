/**
 * StreamSpecification and SSESpecification rules, with DynamoDB's texts (2026 probes of live
 * DynamoDB; note AWS says "UpdateViewType" where the member is StreamViewType).
 */
import { createHash } from "node:crypto";
import type * as Ddb from "@aws-sdk/client-dynamodb";
import { buildArn } from "../../../shared/arn.ts";
import { ValidationException } from "../errors.ts";
import type { StreamState, StreamViewType, TableDefinition } from "../table-definition.ts";
import { streamArn } from "../tables.ts";
import { invalidParameter } from "./key-schema.ts";

/** CreateTable: the view type of the stream to open, or undefined for none. */
export function streamViewTypeForCreate(
  spec: Ddb.StreamSpecification | undefined,
): StreamViewType | undefined {
  if (!spec) return undefined;
  if (spec.StreamEnabled && spec.StreamViewType === undefined) {
    throw invalidParameter("Table is being created with a stream enabled, UpdateViewType is required");
  }
  if (!spec.StreamEnabled && spec.StreamViewType !== undefined) {
    throw invalidParameter(
      "Table is being created with a stream disabled, UpdateViewType should not be specified",
    );
  }
  return spec.StreamEnabled ? spec.StreamViewType : undefined;
}

/** UpdateTable: the request's own shape, checked before the table is looked up. */
export function checkStreamUpdate(spec: Ddb.StreamSpecification): void {
  if (spec.StreamEnabled && spec.StreamViewType === undefined) {
    throw invalidParameter("If stream is being enabled then UpdateViewType is required");
  }
  if (!spec.StreamEnabled && spec.StreamViewType !== undefined) {
    throw invalidParameter("If stream is being disabled, then UpdateViewType must not be specified");
  }
}

/** UpdateTable: a view type cannot change in place; it takes a disable and a new enable. */
export function checkStreamTransition(def: TableDefinition, spec: Ddb.StreamSpecification): void {
  if (spec.StreamEnabled && def.stream?.enabled) {
    throw new ValidationException(`Table already has an enabled stream: TableName: ${def.name}`);
  }
  if (!spec.StreamEnabled && !def.stream?.enabled) {
    throw new ValidationException(`Table has no stream to disable: TableName: ${def.name}`);
  }
}

/**
 * A new stream: its label is the enabling time as ISO 8601 without zone (e.g.
 * 2026-10-08T23:07:31.275), kept strictly after the previous stream's so each ARN is new.
 */
export function openStream(
  tableArn: string,
  viewType: StreamViewType,
  now: number,
  previous?: StreamState,
): StreamState {
  let at = now;
  const labelAt = (ms: number) => new Date(ms).toISOString().slice(0, -1);
  while (previous && labelAt(at) <= previous.label) at += 1;
  const label = labelAt(at);
  return { enabled: true, viewType, arn: streamArn(tableArn, label), label };
}

/** The AWS managed key (alias aws/dynamodb) of an account and region, stable per pair. */
function awsManagedKeyArn(accountId: string, region: string): string {
  const hex = createHash("sha256").update(`aws/dynamodb:${accountId}:${region}`).digest("hex");
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return buildArn("kms", region, accountId, `key/${id}`);
}

/** A KMSMasterKeyId (key id, key ARN or alias) as the key ARN DynamoDB reports. */
function keyArnOf(keyId: string, accountId: string, region: string): string {
  if (keyId.startsWith("arn:")) return keyId;
  // Aliases cannot be resolved without KMS; the alias stands in for its key.
  return buildArn("kms", region, accountId, keyId.startsWith("alias/") ? keyId : `key/${keyId}`);
}

/**
 * The KMS key an SSESpecification asks for: a key ARN, or undefined for the AWS-owned default.
 * `{}` and `{Enabled: false}` mean the default; `{SSEType: "KMS"}` alone enables KMS.
 */
export function sseKeyOf(spec: Ddb.SSESpecification, accountId: string, region: string): string | undefined {
  if (spec.Enabled === false && spec.SSEType !== undefined) {
    throw invalidParameter("SSEType can not be specified if Enabled is false");
  }
  if (spec.Enabled === false && spec.KMSMasterKeyId !== undefined) {
    throw invalidParameter("KMSMasterKeyId can not be specified if Enabled is false");
  }
  if (spec.SSEType === "AES256") throw invalidParameter("SSEType AES256 is not supported");
  if (spec.KMSMasterKeyId !== undefined && spec.SSEType !== "KMS") {
    throw invalidParameter("SSEType KMS is required if KMSMasterKeyId is specified");
  }
  if (spec.Enabled !== true && spec.SSEType !== "KMS") return undefined;
  return spec.KMSMasterKeyId === undefined
    ? awsManagedKeyArn(accountId, region)
    : keyArnOf(spec.KMSMasterKeyId, accountId, region);
}

/**
 * UpdateTable: asking for the default key on a default-encrypted table, or re-sending the current
 * key's exact ARN, is rejected; other re-sends (alias, key id, `{Enabled: true}`) re-encrypt.
 */
export function checkSseTransition(
  def: TableDefinition,
  spec: Ddb.SSESpecification,
  keyArn: string | undefined,
): void {
  if (keyArn === undefined && def.sse === undefined) {
    throw invalidParameter("Table is already encrypted by default");
  }
  if (spec.KMSMasterKeyId !== undefined && spec.KMSMasterKeyId === def.sse?.kmsMasterKeyArn) {
    throw invalidParameter(
      "Table is already encrypted with given KMSMasterKeyId. Use KMSMasterKeyId parameter if you want to change Master Key",
    );
  }
}
