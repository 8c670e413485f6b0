/**
 * CreateTable's semantic checks, in DynamoDB's order (after Coral's model constraints): billing
 * mode and throughput, attribute definitions and the table key, index lists, each LSI, each GSI,
 * streams, encryption, tags. Produces the stored TableDefinition.
 */
import { randomUUID } from "node:crypto";
import type * as Ddb from "@aws-sdk/client-dynamodb";
import { MAX_GSIS_PER_TABLE, MAX_LSIS_PER_TABLE } from "../constants.ts";
import { ValidationException } from "../errors.ts";
import type { IndexDefinition, ScalarType, TableDefinition } from "../table-definition.ts";
import { effectiveWarm } from "../table-description.ts";
import { indexArn, tableArn } from "../tables.ts";
import {
  checkProjectedAttributeTotal,
  checkTableClass,
  invalidParameter,
  keySchemaOf,
  projectionOf,
} from "./key-schema.ts";
import { openStream, sseKeyOf, streamViewTypeForCreate } from "./stream-and-encryption.ts";
import { tagsOf } from "./tags.ts";
import {
  checkCapacityBounds,
  checkCapacityQuota,
  initialWarm,
  mergeOnDemand,
  onDemandOnProvisioned,
  throughputOf,
} from "./throughput.ts";

export interface CreateTableRequestContext {
  accountId: string;
  region: string;
  now: number;
}

const hasMember = (value: object | undefined) =>
  value !== undefined && Object.values(value).some((v) => v !== undefined);

function checkBilling(input: Ddb.CreateTableInput, billingMode: TableDefinition["billingMode"]): void {
  const pt = input.ProvisionedThroughput;
  if (billingMode === "PAY_PER_REQUEST") {
    if (pt) {
      throw invalidParameter(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
      );
    }
    return;
  }
  if (pt?.ReadCapacityUnits === undefined || pt.WriteCapacityUnits === undefined) {
    throw invalidParameter(
      "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
    );
  }
  checkCapacityBounds(pt);
  if (hasMember(input.OnDemandThroughput))
    throw onDemandOnProvisioned(input.OnDemandThroughput!, "CreateTable");
}

function attributeDefinitionsOf(input: Ddb.CreateTableInput): Record<string, ScalarType> {
  const out: Record<string, ScalarType> = {};
  for (const definition of input.AttributeDefinitions!) {
    const name = definition.AttributeName!;
    if (Object.hasOwn(out, name)) throw new ValidationException(`Attribute Name is duplicated: ${name}`);
    out[name] = definition.AttributeType as ScalarType;
  }
  return out;
}

function keyNamesOf(schemas: readonly (readonly Ddb.KeySchemaElement[])[]): string[] {
  return [...new Set(schemas.flatMap((schema) => schema.map((e) => e.AttributeName!)))];
}

/** Every defined attribute must be a key attribute of the table or of an index. */
function checkDefinitionsUsed(input: Ddb.CreateTableInput, definitions: string[]): void {
  const lsis = input.LocalSecondaryIndexes;
  const gsis = input.GlobalSecondaryIndexes;
  if (!lsis && !gsis) {
    if (definitions.length !== input.KeySchema!.length) {
      throw invalidParameter(
        "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
      );
    }
    return;
  }
  const used = keyNamesOf([
    input.KeySchema!,
    ...(lsis ?? []).map((i) => i.KeySchema!),
    ...(gsis ?? []).map((i) => i.KeySchema!),
  ]);
  if (definitions.some((name) => !used.includes(name))) {
    throw invalidParameter(
      `Some AttributeDefinitions are not used. AttributeDefinitions: [${definitions.join(", ")}], keys used: [${used.join(", ")}]`,
    );
  }
}

function localIndexes(
  input: Ddb.CreateTableInput,
  definitions: string[],
  tableHash: string,
  arn: string,
  names: Set<string>,
): IndexDefinition[] {
  const out: IndexDefinition[] = [];
  for (const lsi of input.LocalSecondaryIndexes ?? []) {
    const name = lsi.IndexName!;
    const key = keySchemaOf(lsi.KeySchema!, definitions, "LSI");
    if (key.rangeKey === undefined) {
      throw invalidParameter(`Index KeySchema does not have a range key for index: ${name}`);
    }
    if (key.hashKey !== tableHash) {
      throw invalidParameter(
        `Index KeySchema does not have the same leading hash key as table KeySchema for index: ${name}. index hash key: ${key.hashKey}, table hash key: ${tableHash}`,
      );
    }
    const projection = projectionOf(lsi.Projection!);
    if (names.has(name)) throw invalidParameter(`Duplicate index name: ${name}`);
    names.add(name);
    out.push({ name, kind: "LSI", key, projection, status: "ACTIVE", arn: indexArn(arn, name) });
  }
  if (out.length > MAX_LSIS_PER_TABLE) {
    throw invalidParameter(
      `Number of LocalSecondaryIndexes exceeds per-table limit of ${MAX_LSIS_PER_TABLE}`,
    );
  }
  return out;
}

function globalIndexes(
  input: Ddb.CreateTableInput,
  definitions: string[],
  billingMode: TableDefinition["billingMode"],
  context: CreateTableRequestContext,
  arn: string,
  names: Set<string>,
): IndexDefinition[] {
  const out: IndexDefinition[] = [];
  for (const gsi of input.GlobalSecondaryIndexes ?? []) {
    const name = gsi.IndexName!;
    const key = keySchemaOf(gsi.KeySchema!, definitions, "GSI");
    const projection = projectionOf(gsi.Projection!);
    const index: IndexDefinition = {
      name,
      kind: "GSI",
      key,
      projection,
      status: "ACTIVE",
      arn: indexArn(arn, name),
    };
    if (billingMode === "PAY_PER_REQUEST") {
      if (gsi.ProvisionedThroughput) {
        throw invalidParameter(
          `ProvisionedThroughput should not be specified for index: ${name} when BillingMode is PAY_PER_REQUEST`,
        );
      }
      const onDemand =
        gsi.OnDemandThroughput &&
        mergeOnDemand(undefined, gsi.OnDemandThroughput, {
          allowClear: false,
          region: context.region,
          indexName: name,
        });
      if (onDemand) index.onDemand = onDemand;
    } else {
      if (!gsi.ProvisionedThroughput)
        throw invalidParameter(`ProvisionedThroughput is not specified for index: ${name}`);
      checkCapacityBounds(gsi.ProvisionedThroughput);
      if (hasMember(gsi.OnDemandThroughput))
        throw onDemandOnProvisioned(gsi.OnDemandThroughput!, "CreateTable", name);
      index.throughput = throughputOf(gsi.ProvisionedThroughput);
    }
    const warm = initialWarm(
      gsi.WarmThroughput,
      effectiveWarm(undefined, billingMode, index.throughput),
      billingMode,
      name,
    );
    if (warm) index.warm = warm;
    if (names.has(name)) throw invalidParameter(`Duplicate index name: ${name}`);
    names.add(name);
    out.push(index);
  }
  if (out.length > MAX_GSIS_PER_TABLE) {
    throw invalidParameter(`GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GSIS_PER_TABLE}`);
  }
  return out;
}

/** Members the engine does not emulate (global tables); see LIMITATIONS in index.ts. */
function rejectUnsupported(input: Ddb.CreateTableInput): void {
  for (const member of ["GlobalTableSourceArn", "GlobalTableSettingsReplicationMode"] as const) {
    if (input[member] !== undefined) {
      throw invalidParameter(`${member} is not supported by this engine (global tables are not emulated)`);
    }
  }
}

/** Validates a CreateTable request and returns the table it describes (not yet stored). */
export function tableFromCreateRequest(
  input: Ddb.CreateTableInput,
  context: CreateTableRequestContext,
): { definition: TableDefinition; tags: Record<string, string> } {
  checkTableClass(input.TableClass);
  const billingMode = input.BillingMode ?? "PROVISIONED";
  checkBilling(input, billingMode);

  const attributeDefinitions = attributeDefinitionsOf(input);
  const definitions = Object.keys(attributeDefinitions);
  if (input.KeySchema!.length > definitions.length) {
    throw new ValidationException("Invalid KeySchema: Some index key attribute have no definition");
  }
  const key = keySchemaOf(input.KeySchema!, definitions, "table");
  if (input.LocalSecondaryIndexes?.length === 0)
    throw invalidParameter("List of LocalSecondaryIndexes is empty");
  if (input.GlobalSecondaryIndexes?.length === 0)
    throw invalidParameter("List of GlobalSecondaryIndexes is empty");
  checkDefinitionsUsed(input, definitions);
  if (input.LocalSecondaryIndexes && key.rangeKey === undefined) {
    throw invalidParameter(
      "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
    );
  }

  const arn = tableArn(context.region, context.accountId, input.TableName!);
  const names = new Set<string>();
  const localIndexList = localIndexes(input, definitions, key.hashKey, arn, names);
  const globalIndexList = globalIndexes(input, definitions, billingMode, context, arn, names);
  checkProjectedAttributeTotal([...localIndexList, ...globalIndexList].map((i) => i.projection));

  const viewType = streamViewTypeForCreate(input.StreamSpecification);
  const keyArn =
    input.SSESpecification && sseKeyOf(input.SSESpecification, context.accountId, context.region);
  const tags = tagsOf(input.Tags ?? []);
  rejectUnsupported(input);

  const throughput =
    billingMode === "PROVISIONED"
      ? throughputOf(input.ProvisionedThroughput!)
      : { readCapacityUnits: 0, writeCapacityUnits: 0 };
  const onDemand =
    billingMode === "PAY_PER_REQUEST" && input.OnDemandThroughput
      ? mergeOnDemand(undefined, input.OnDemandThroughput, { allowClear: false, region: context.region })
      : undefined;
  const warm = initialWarm(
    input.WarmThroughput,
    effectiveWarm(undefined, billingMode, throughput),
    billingMode,
  );

  const definition: TableDefinition = {
    tableId: randomUUID(),
    name: input.TableName!,
    arn,
    accountId: context.accountId,
    region: context.region,
    key,
    attributeDefinitions,
    billingMode,
    throughput,
    globalIndexes: globalIndexList,
    localIndexes: localIndexList,
    tableClass: input.TableClass ?? "STANDARD",
    deletionProtection: input.DeletionProtectionEnabled ?? false,
    // The engine creates tables at once; CreateTable's response still says CREATING, as AWS's does.
    status: "ACTIVE",
    createdAt: context.now,
    decreasesToday: 0,
    ...(billingMode === "PAY_PER_REQUEST" && { billingModeChangedAt: context.now }),
    ...(onDemand && { onDemand }),
    ...(warm && { warm }),
    ...(viewType && { stream: openStream(arn, viewType, context.now) }),
    ...(keyArn && { sse: { kmsMasterKeyArn: keyArn } }),
    ...(input.ResourcePolicy !== undefined && { resourcePolicy: input.ResourcePolicy }),
  };
  return { definition, tags };
}

/** Account quotas, checked once the request is valid and the name is free (LimitExceededException). */
export function checkCreateQuotas(definition: TableDefinition): void {
  if (definition.billingMode !== "PROVISIONED") return;
  checkCapacityQuota(definition.throughput, definition.region);
  for (const index of definition.globalIndexes) {
    if (index.throughput) checkCapacityQuota(index.throughput, definition.region, index.name);
  }
}
