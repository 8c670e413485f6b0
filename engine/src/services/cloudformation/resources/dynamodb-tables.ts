/**
 * What AWS::DynamoDB::Table and AWS::DynamoDB::GlobalTable share: a table described in DynamoDB's
 * own terms (TableSpec), created with CreateTable and brought from one spec to another with the
 * fewest calls DynamoDB accepts (UpdateTable takes one change at a time: throughput or billing,
 * each index created or deleted, stream, encryption, table class, deletion protection, warm
 * throughput), UpdateTimeToLive and the tag operations, waiting for ACTIVE after each.
 */
import { isDeepStrictEqual } from "node:util";
import { ResourceHandlerError } from "./errors.ts";
import { generatePhysicalName } from "./physical-names.ts";
import { changed, type Properties, str, tagChanges } from "./properties.ts";
import { call } from "./provider.ts";
import type { ResourceContext } from "./types.ts";

/** AWS: table names are 3–255 characters. */
const MAX_TABLE_NAME_LENGTH = 255;

/** The table's name: TableName, or one CloudFormation generates from the stack and logical id. */
export const tableNameOf = (properties: Properties, ctx: ResourceContext): string =>
  str(properties.TableName) ?? generatePhysicalName(ctx, { maxLength: MAX_TABLE_NAME_LENGTH });

export interface Throughput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
}

export interface OnDemand {
  MaxReadRequestUnits?: number;
  MaxWriteRequestUnits?: number;
}

export interface IndexSpec {
  IndexName: string;
  KeySchema: unknown[];
  Projection: unknown;
  ProvisionedThroughput?: Throughput;
  OnDemandThroughput?: OnDemand;
  WarmThroughput?: unknown;
}

export interface TableSpec {
  TableName: string;
  KeySchema: unknown[];
  AttributeDefinitions: unknown[];
  BillingMode: "PROVISIONED" | "PAY_PER_REQUEST";
  ProvisionedThroughput?: Throughput;
  OnDemandThroughput?: OnDemand;
  WarmThroughput?: unknown;
  GlobalSecondaryIndexes: IndexSpec[];
  LocalSecondaryIndexes: unknown[];
  StreamViewType?: string;
  SSESpecification?: { Enabled: boolean; SSEType?: string; KMSMasterKeyId?: string };
  TableClass?: string;
  DeletionProtectionEnabled: boolean;
  TimeToLive?: { AttributeName: string; Enabled: boolean };
  Tags: Record<string, string>;
  ResourcePolicy?: string;
}

interface TableDescription {
  TableName: string;
  TableArn: string;
  TableId: string;
  TableStatus: string;
  LatestStreamArn?: string;
  StreamSpecification?: { StreamEnabled: boolean };
  GlobalSecondaryIndexes?: { IndexName: string; IndexStatus: string }[];
}

/** Polls before giving up on a table that never settles (the engine's tables settle at once). */
const MAX_STABILIZE_POLLS = 100;

export async function describeTable(ctx: ResourceContext, name: string): Promise<TableDescription> {
  const { Table } = await call<{ Table: TableDescription }>(ctx, "dynamodb", "DescribeTable", {
    TableName: name,
  });
  return Table;
}

/** Waits until the table and its indexes are ACTIVE, yielding between polls. */
export async function waitForActive(ctx: ResourceContext, name: string): Promise<TableDescription> {
  for (let poll = 0; poll < MAX_STABILIZE_POLLS; poll++) {
    const table = await describeTable(ctx, name);
    const settled =
      table.TableStatus === "ACTIVE" &&
      (table.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === "ACTIVE");
    if (settled) return table;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new ResourceHandlerError(`Table ${name} did not become ACTIVE.`, "NotStabilized");
}

const indexInput = (index: IndexSpec, billing: TableSpec["BillingMode"]) => ({
  IndexName: index.IndexName,
  KeySchema: index.KeySchema,
  Projection: index.Projection,
  ...(billing === "PROVISIONED" &&
    index.ProvisionedThroughput && { ProvisionedThroughput: index.ProvisionedThroughput }),
  ...(billing === "PAY_PER_REQUEST" &&
    index.OnDemandThroughput && { OnDemandThroughput: index.OnDemandThroughput }),
  ...(index.WarmThroughput !== undefined && { WarmThroughput: index.WarmThroughput }),
});

const tagList = (tags: Record<string, string>) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

async function updateTable(
  ctx: ResourceContext,
  name: string,
  change: Record<string, unknown>,
): Promise<void> {
  await call(ctx, "dynamodb", "UpdateTable", { TableName: name, ...change });
  await waitForActive(ctx, name);
}

async function setTimeToLive(
  ctx: ResourceContext,
  name: string,
  ttl: { AttributeName: string; Enabled: boolean },
) {
  await call(ctx, "dynamodb", "UpdateTimeToLive", { TableName: name, TimeToLiveSpecification: ttl });
}

export async function createTable(ctx: ResourceContext, spec: TableSpec): Promise<TableDescription> {
  await call(ctx, "dynamodb", "CreateTable", {
    TableName: spec.TableName,
    KeySchema: spec.KeySchema,
    AttributeDefinitions: spec.AttributeDefinitions,
    BillingMode: spec.BillingMode,
    ...(spec.ProvisionedThroughput && { ProvisionedThroughput: spec.ProvisionedThroughput }),
    ...(spec.OnDemandThroughput && { OnDemandThroughput: spec.OnDemandThroughput }),
    ...(spec.WarmThroughput !== undefined && { WarmThroughput: spec.WarmThroughput }),
    ...(spec.GlobalSecondaryIndexes.length > 0 && {
      GlobalSecondaryIndexes: spec.GlobalSecondaryIndexes.map((i) => indexInput(i, spec.BillingMode)),
    }),
    ...(spec.LocalSecondaryIndexes.length > 0 && { LocalSecondaryIndexes: spec.LocalSecondaryIndexes }),
    ...(spec.StreamViewType && {
      StreamSpecification: { StreamEnabled: true, StreamViewType: spec.StreamViewType },
    }),
    ...(spec.SSESpecification && { SSESpecification: spec.SSESpecification }),
    ...(spec.TableClass && { TableClass: spec.TableClass }),
    ...(spec.DeletionProtectionEnabled && { DeletionProtectionEnabled: true }),
    ...(Object.keys(spec.Tags).length > 0 && { Tags: tagList(spec.Tags) }),
    ...(spec.ResourcePolicy && { ResourcePolicy: spec.ResourcePolicy }),
  });
  await waitForActive(ctx, spec.TableName);
  if (spec.TimeToLive?.Enabled) await setTimeToLive(ctx, spec.TableName, spec.TimeToLive);
  return describeTable(ctx, spec.TableName);
}

/** Brings the table from `before` to `next` (same name, keys and local indexes). */
export async function updateTableTo(
  ctx: ResourceContext,
  before: TableSpec,
  next: TableSpec,
): Promise<TableDescription> {
  const name = next.TableName;
  const table = await describeTable(ctx, name);

  if (before.DeletionProtectionEnabled !== next.DeletionProtectionEnabled) {
    await updateTable(ctx, name, { DeletionProtectionEnabled: next.DeletionProtectionEnabled });
  }

  // Indexes that go away (or change keys or projection, which needs a new index) go first, so a
  // billing change never has to carry their throughput.
  const nextIndexes = new Map(next.GlobalSecondaryIndexes.map((i) => [i.IndexName, i]));
  const beforeIndexes = new Map(before.GlobalSecondaryIndexes.map((i) => [i.IndexName, i]));
  const rebuilt = (i: IndexSpec) => {
    const other = nextIndexes.get(i.IndexName);
    return !other || changed(other.KeySchema, i.KeySchema) || changed(other.Projection, i.Projection);
  };
  for (const index of before.GlobalSecondaryIndexes.filter(rebuilt)) {
    await updateTable(ctx, name, {
      GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: index.IndexName } }],
    });
    beforeIndexes.delete(index.IndexName);
  }

  const billingChanged = before.BillingMode !== next.BillingMode;
  if (
    billingChanged ||
    changed(before.ProvisionedThroughput, next.ProvisionedThroughput) ||
    changed(before.OnDemandThroughput, next.OnDemandThroughput)
  ) {
    const kept = [...beforeIndexes.keys()].map((n) => nextIndexes.get(n)!);
    await updateTable(ctx, name, {
      BillingMode: next.BillingMode,
      ...(next.BillingMode === "PROVISIONED" && { ProvisionedThroughput: next.ProvisionedThroughput }),
      ...(next.BillingMode === "PAY_PER_REQUEST" &&
        next.OnDemandThroughput && { OnDemandThroughput: next.OnDemandThroughput }),
      ...(billingChanged &&
        next.BillingMode === "PROVISIONED" &&
        kept.length > 0 && {
          GlobalSecondaryIndexUpdates: kept.map((i) => ({
            Update: { IndexName: i.IndexName, ProvisionedThroughput: i.ProvisionedThroughput },
          })),
        }),
    });
  }

  for (const index of next.GlobalSecondaryIndexes) {
    const previous = beforeIndexes.get(index.IndexName);
    if (!previous) {
      await updateTable(ctx, name, {
        AttributeDefinitions: next.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: indexInput(index, next.BillingMode) }],
      });
      continue;
    }
    const throughputChanged =
      next.BillingMode === "PROVISIONED"
        ? !billingChanged && changed(previous.ProvisionedThroughput, index.ProvisionedThroughput)
        : changed(previous.OnDemandThroughput, index.OnDemandThroughput);
    if (throughputChanged) {
      await updateTable(ctx, name, {
        GlobalSecondaryIndexUpdates: [
          {
            Update: {
              IndexName: index.IndexName,
              ...(next.BillingMode === "PROVISIONED"
                ? { ProvisionedThroughput: index.ProvisionedThroughput }
                : { OnDemandThroughput: index.OnDemandThroughput }),
            },
          },
        ],
      });
    }
    if (changed(previous.WarmThroughput, index.WarmThroughput) && index.WarmThroughput !== undefined) {
      await updateTable(ctx, name, {
        GlobalSecondaryIndexUpdates: [
          { Update: { IndexName: index.IndexName, WarmThroughput: index.WarmThroughput } },
        ],
      });
    }
  }

  if (before.StreamViewType !== next.StreamViewType) {
    if (table.StreamSpecification?.StreamEnabled) {
      await updateTable(ctx, name, { StreamSpecification: { StreamEnabled: false } });
    }
    if (next.StreamViewType) {
      await updateTable(ctx, name, {
        StreamSpecification: { StreamEnabled: true, StreamViewType: next.StreamViewType },
      });
    }
  }

  if (changed(before.SSESpecification ?? { Enabled: false }, next.SSESpecification ?? { Enabled: false })) {
    await updateTable(ctx, name, { SSESpecification: next.SSESpecification ?? { Enabled: false } });
  }
  if ((before.TableClass ?? "STANDARD") !== (next.TableClass ?? "STANDARD")) {
    await updateTable(ctx, name, { TableClass: next.TableClass ?? "STANDARD" });
  }
  if (changed(before.WarmThroughput, next.WarmThroughput) && next.WarmThroughput !== undefined) {
    await updateTable(ctx, name, { WarmThroughput: next.WarmThroughput });
  }

  if (!isDeepStrictEqual(before.TimeToLive, next.TimeToLive)) {
    const wasOn = before.TimeToLive?.Enabled === true;
    const nowOn = next.TimeToLive?.Enabled === true;
    if (wasOn && (!nowOn || before.TimeToLive!.AttributeName !== next.TimeToLive!.AttributeName)) {
      await setTimeToLive(ctx, name, { AttributeName: before.TimeToLive!.AttributeName, Enabled: false });
    }
    if (nowOn && (!wasOn || before.TimeToLive!.AttributeName !== next.TimeToLive!.AttributeName)) {
      await setTimeToLive(ctx, name, next.TimeToLive!);
    }
  }

  const tags = tagChanges(before.Tags, next.Tags);
  if (tags.removed.length > 0) {
    await call(ctx, "dynamodb", "UntagResource", { ResourceArn: table.TableArn, TagKeys: tags.removed });
  }
  if (Object.keys(tags.set).length > 0) {
    await call(ctx, "dynamodb", "TagResource", { ResourceArn: table.TableArn, Tags: tagList(tags.set) });
  }
  return describeTable(ctx, name);
}

/** Deletes the table; deletion protection stops it, with DynamoDB's message, as on AWS. */
export async function deleteTable(ctx: ResourceContext, name: string): Promise<void> {
  await call(ctx, "dynamodb", "DeleteTable", { TableName: name });
}

/** Ref is the table name; GetAtt Arn, StreamArn (when a stream is on) and TableId. */
export function tableState(table: TableDescription, withTableId: boolean) {
  return {
    physicalId: table.TableName,
    attributes: {
      Arn: table.TableArn,
      ...(table.LatestStreamArn &&
        table.StreamSpecification?.StreamEnabled && { StreamArn: table.LatestStreamArn }),
      ...(withTableId && { TableId: table.TableId }),
    },
  };
}
