/**
 * Tags and the resource ARNs TagResource, UntagResource and ListTagsOfResource accept. DynamoDB
 * checks tags with its own texts rather than the model's constraints (2026 probes of live DynamoDB).
 */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../../../server/context.ts";
import { parseArn } from "../../../shared/arn.ts";
import { MAX_TAGS_PER_RESOURCE } from "../constants.ts";
import { ResourceNotFoundException, ValidationException } from "../errors.ts";
import type { Table } from "../table-definition.ts";
import type { TableRegistry } from "../tables.ts";
import { invalidParameter } from "./key-schema.ts";

export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;
/** AWS's tag charset: letters and digits of any script, spaces, and + - = . _ : / @. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

const tooManyTags = () =>
  new ValidationException("Number of Tags exceed the current limit for the provided ResourceArn");

function checkKey(key: string | undefined): string {
  const length = key === undefined ? 0 : [...key].length;
  if (key === undefined || length < 1 || length > MAX_TAG_KEY_LENGTH || !TAG_CHARACTERS.test(key)) {
    throw new ValidationException(`The Tag Key provided is invalid, Key: ${key ?? "null"}`);
  }
  return key;
}

/** Tags as given to CreateTable or TagResource: all valid, or the whole request fails. */
export function tagsOf(tags: readonly Ddb.Tag[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags) {
    const key = checkKey(tag.Key);
    if (key.toLowerCase().startsWith("aws:")) {
      throw new ValidationException(`Tag Key cannot be prefixed with aws:, Key: ${key}`);
    }
    const value = tag.Value;
    if (value === undefined || [...value].length > MAX_TAG_VALUE_LENGTH || !TAG_CHARACTERS.test(value)) {
      throw new ValidationException(`The Tag Value provided is invalid, Value: ${value ?? "null"}`);
    }
    if (Object.hasOwn(out, key)) {
      throw new ValidationException(`Duplicate Tag Keys provided as input: Duplicate Tag Key found ${key}`);
    }
    out[key] = value;
  }
  if (Object.keys(out).length > MAX_TAGS_PER_RESOURCE) throw tooManyTags();
  return out;
}

export function checkTagCount(tags: Record<string, string>): void {
  if (Object.keys(tags).length > MAX_TAGS_PER_RESOURCE) throw tooManyTags();
}

export function tagsToAdd(tags: readonly Ddb.Tag[]): Record<string, string> {
  if (tags.length === 0) throw new ValidationException("Atleast one Tag needs to be provided as Input.");
  return tagsOf(tags);
}

export function tagKeysToRemove(keys: readonly string[]): string[] {
  if (keys.length === 0) throw new ValidationException("Atleast one Tag Key needs to be provided as Input.");
  if (keys.length > MAX_TAGS_PER_RESOURCE) throw tooManyTags();
  return keys.map(checkKey);
}

/**
 * The table a ResourceArn names. The ARN's shape is checked first; a well-formed ARN of a table
 * that does not exist is ResourceNotFoundException (checked by `tableOfResource`).
 */
export function checkResourceArn(
  arn: string,
  context: Pick<RequestContext, "accountId" | "region">,
): { tableName: string; stream: boolean } {
  if (!arn.startsWith("arn:")) throw invalidParameter(`ARNs must start with 'arn:': ${arn}`);
  const parsed = parseArn(arn);
  if (!parsed)
    throw new ValidationException(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  if (parsed.service !== "dynamodb")
    throw invalidParameter(`Provided Arn is not a DynamoDB resource arn: ${arn}`);
  const match = /^table\/([^/]+)(?:\/(index|stream)\/.+)?$/.exec(parsed.resource);
  if (match?.[2] === "index") {
    throw invalidParameter(
      `Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${arn}`,
    );
  }
  if (
    !match ||
    !TABLE_NAME.test(match[1]!) ||
    parsed.region !== context.region ||
    parsed.accountId !== context.accountId
  ) {
    throw new ValidationException(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  }
  return { tableName: match[1]!, stream: match[2] === "stream" };
}

/** Streams carry no tags of their own in this engine: a stream ARN is reported as not found. */
export function tableOfResource(
  tables: TableRegistry,
  arn: string,
  resource: { tableName: string; stream: boolean },
  context: RequestContext,
): Table {
  const table = resource.stream
    ? undefined
    : tables.find(context.accountId, context.region, resource.tableName);
  if (!table)
    throw new ResourceNotFoundException(`Requested resource not found: ResourceArn: ${arn} not found`);
  return table;
}
