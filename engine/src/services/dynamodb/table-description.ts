/**
 * TableDescription as DynamoDB returns it from CreateTable, DescribeTable, UpdateTable and
 * DeleteTable. The stored definition is always the settled state; a mutating call's response
 * shows the transitional statuses AWS reports (CREATING, UPDATING, DELETING) through a view.
 */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import type { IndexDefinition, Table, TableDefinition, WarmThroughput } from "./table-definition.ts";
import type { TableStats } from "./tables.ts";

/**
 * An output shape as it goes on the JSON wire: timestamps are epoch seconds (numbers, possibly
 * fractional), which the SDKs parse into Dates.
 */
export type Wire<T> = T extends Date
  ? number
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export const epochSeconds = (ms: number): number => ms / 1000;

/** AWS: on-demand tables and GSIs start warm for 12,000 reads and 4,000 writes per second. */
export const ON_DEMAND_INITIAL_WARM: WarmThroughput = {
  readUnitsPerSecond: 12_000,
  writeUnitsPerSecond: 4_000,
};

type IndexStatus = IndexDefinition["status"];

export interface DescribeView {
  /** TableStatus to report instead of the stored one. */
  status?: TableDefinition["status"];
  /** IndexStatus to report per index name; Backfilling is reported false for CREATING ones. */
  indexStatus?: Record<string, IndexStatus>;
  /** A GSI being deleted by this request, still listed (DELETING). */
  deletingIndex?: IndexDefinition;
  /** The StreamSpecification a stream-changing UpdateTable asked for (AWS echoes the request). */
  requestedStream?: Ddb.StreamSpecification;
  /**
   * An SSE change in flight: AWS reports Status UPDATING with the key the table had before
   * (none when it was on the AWS-owned key).
   */
  sseUpdating?: { previousKeyArn?: string };
  /** CreateTable's response carries neither WarmThroughput nor LastUpdateToPayPerRequestDateTime. */
  creating?: boolean;
}

const sameUtcDay = (a: number, b: number) => Math.floor(a / 86_400_000) === Math.floor(b / 86_400_000);

/** NumberOfDecreasesToday resets at 00:00 UTC. */
export function decreasesToday(
  lastDecreaseAt: number | undefined,
  count: number | undefined,
  now: number,
): number {
  return lastDecreaseAt !== undefined && sameUtcDay(lastDecreaseAt, now) ? (count ?? 0) : 0;
}

function throughputDescription(
  capacity: { readCapacityUnits: number; writeCapacityUnits: number } | undefined,
  history: { lastIncreaseAt?: number; lastDecreaseAt?: number; decreasesToday?: number },
  now: number,
): Wire<Ddb.ProvisionedThroughputDescription> {
  return {
    ...(history.lastIncreaseAt !== undefined && {
      LastIncreaseDateTime: epochSeconds(history.lastIncreaseAt),
    }),
    ...(history.lastDecreaseAt !== undefined && {
      LastDecreaseDateTime: epochSeconds(history.lastDecreaseAt),
    }),
    NumberOfDecreasesToday: decreasesToday(history.lastDecreaseAt, history.decreasesToday, now),
    ReadCapacityUnits: capacity?.readCapacityUnits ?? 0,
    WriteCapacityUnits: capacity?.writeCapacityUnits ?? 0,
  };
}

const keySchema = (key: { hashKey: string; rangeKey?: string }): Ddb.KeySchemaElement[] => [
  { AttributeName: key.hashKey, KeyType: "HASH" },
  ...(key.rangeKey !== undefined ? [{ AttributeName: key.rangeKey, KeyType: "RANGE" as const }] : []),
];

/** AWS returns NonKeyAttributes (and AttributeDefinitions) sorted by name. */
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function projection(index: IndexDefinition): Ddb.Projection {
  return {
    ProjectionType: index.projection.type,
    ...(index.projection.nonKeyAttributes && {
      NonKeyAttributes: [...index.projection.nonKeyAttributes].sort(byName),
    }),
  };
}

function onDemand(value: TableDefinition["onDemand"]): Ddb.OnDemandThroughput | undefined {
  if (!value || (value.maxReadRequestUnits === undefined && value.maxWriteRequestUnits === undefined))
    return undefined;
  return {
    ...(value.maxReadRequestUnits !== undefined && { MaxReadRequestUnits: value.maxReadRequestUnits }),
    ...(value.maxWriteRequestUnits !== undefined && { MaxWriteRequestUnits: value.maxWriteRequestUnits }),
  };
}

const warmDescription = (warm: WarmThroughput) => ({
  ReadUnitsPerSecond: warm.readUnitsPerSecond,
  WriteUnitsPerSecond: warm.writeUnitsPerSecond,
  Status: "ACTIVE" as const,
});

/** The warm throughput a table or GSI reports: on-demand starts at 12,000/4,000. */
export function effectiveWarm(
  warm: WarmThroughput | undefined,
  billingMode: TableDefinition["billingMode"],
  provisioned: { readCapacityUnits: number; writeCapacityUnits: number } | undefined,
): WarmThroughput {
  const floor =
    billingMode === "PAY_PER_REQUEST"
      ? ON_DEMAND_INITIAL_WARM
      : {
          readUnitsPerSecond: provisioned?.readCapacityUnits ?? 1,
          writeUnitsPerSecond: provisioned?.writeCapacityUnits ?? 1,
        };
  return {
    readUnitsPerSecond: Math.max(floor.readUnitsPerSecond, warm?.readUnitsPerSecond ?? 0),
    writeUnitsPerSecond: Math.max(floor.writeUnitsPerSecond, warm?.writeUnitsPerSecond ?? 0),
  };
}

function globalIndex(
  def: TableDefinition,
  index: IndexDefinition,
  stats: TableStats,
  now: number,
  view: DescribeView,
): Wire<Ddb.GlobalSecondaryIndexDescription> {
  const status =
    view.deletingIndex?.name === index.name ? "DELETING" : (view.indexStatus?.[index.name] ?? index.status);
  const counts = stats.indexes[index.name];
  const onDemandThroughput = def.billingMode === "PAY_PER_REQUEST" ? onDemand(index.onDemand) : undefined;
  return {
    IndexName: index.name,
    KeySchema: keySchema(index.key),
    Projection: projection(index),
    IndexStatus: status,
    // AWS: Backfilling is present only while a GSI added by UpdateTable is CREATING.
    ...(status === "CREATING" &&
      view.indexStatus?.[index.name] === "CREATING" &&
      !view.creating && { Backfilling: false }),
    ProvisionedThroughput: throughputDescription(
      def.billingMode === "PROVISIONED" ? index.throughput : undefined,
      index,
      now,
    ),
    IndexSizeBytes: counts?.sizeBytes ?? 0,
    ItemCount: counts?.itemCount ?? 0,
    IndexArn: index.arn,
    ...(onDemandThroughput && { OnDemandThroughput: onDemandThroughput }),
    ...(!view.creating && {
      WarmThroughput: warmDescription(effectiveWarm(index.warm, def.billingMode, index.throughput)),
    }),
  };
}

function localIndex(index: IndexDefinition, stats: TableStats): Wire<Ddb.LocalSecondaryIndexDescription> {
  const counts = stats.indexes[index.name];
  return {
    IndexName: index.name,
    KeySchema: keySchema(index.key),
    Projection: projection(index),
    IndexSizeBytes: counts?.sizeBytes ?? 0,
    ItemCount: counts?.itemCount ?? 0,
    IndexArn: index.arn,
  };
}

function billingModeSummary(
  def: TableDefinition,
  view: DescribeView,
): Wire<Ddb.BillingModeSummary> | undefined {
  // AWS: absent on tables created PROVISIONED that were never PAY_PER_REQUEST.
  if (def.billingMode === "PROVISIONED" && def.billingModeChangedAt === undefined) return undefined;
  return {
    BillingMode: def.billingMode,
    ...(def.billingModeChangedAt !== undefined &&
      !view.creating && { LastUpdateToPayPerRequestDateTime: epochSeconds(def.billingModeChangedAt) }),
  };
}

function tableClassSummary(def: TableDefinition): Wire<Ddb.TableClassSummary> | undefined {
  const lastUpdate = def.tableClassUpdates?.at(-1);
  // AWS: no summary on a table that was always STANDARD (absent means STANDARD).
  if (def.tableClass === "STANDARD" && lastUpdate === undefined) return undefined;
  return {
    TableClass: def.tableClass,
    ...(lastUpdate !== undefined && { LastUpdateDateTime: epochSeconds(lastUpdate) }),
  };
}

function streamSpecification(def: TableDefinition, view: DescribeView): Ddb.StreamSpecification | undefined {
  if (view.requestedStream) return view.requestedStream;
  // AWS: after a stream is disabled StreamSpecification is absent, as if never enabled.
  if (!def.stream?.enabled) return undefined;
  return { StreamEnabled: true, StreamViewType: def.stream.viewType };
}

function sseDescription(def: TableDefinition, view: DescribeView): Wire<Ddb.SSEDescription> | undefined {
  if (view.sseUpdating) {
    const previous = view.sseUpdating.previousKeyArn;
    return { Status: "UPDATING", ...(previous && { SSEType: "KMS", KMSMasterKeyArn: previous }) };
  }
  // AWS: no SSEDescription for the AWS-owned default key.
  return def.sse && { Status: "ENABLED", SSEType: "KMS", KMSMasterKeyArn: def.sse.kmsMasterKeyArn };
}

const sortedAttributeDefinitions = (def: TableDefinition): Ddb.AttributeDefinition[] =>
  Object.keys(def.attributeDefinitions)
    .sort(byName)
    .map((name) => ({ AttributeName: name, AttributeType: def.attributeDefinitions[name]! }));

export function describeTable(
  table: Table,
  stats: TableStats,
  now: number,
  view: DescribeView = {},
): Wire<Ddb.TableDescription> {
  const def = table.definition;
  const globals = [...def.globalIndexes];
  if (view.deletingIndex && !globals.some((i) => i.name === view.deletingIndex!.name))
    globals.push(view.deletingIndex);
  const stream = streamSpecification(def, view);
  const billing = billingModeSummary(def, view);
  const tableClass = tableClassSummary(def);
  const onDemandThroughput = def.billingMode === "PAY_PER_REQUEST" ? onDemand(def.onDemand) : undefined;
  const sse = sseDescription(def, view);
  return {
    AttributeDefinitions: sortedAttributeDefinitions(def),
    TableName: def.name,
    KeySchema: keySchema(def.key),
    TableStatus: view.status ?? def.status,
    CreationDateTime: epochSeconds(def.createdAt),
    ProvisionedThroughput: throughputDescription(
      def.billingMode === "PROVISIONED" ? def.throughput : undefined,
      {
        lastIncreaseAt: def.lastIncreaseAt,
        lastDecreaseAt: def.lastDecreaseAt,
        decreasesToday: def.decreasesToday,
      },
      now,
    ),
    TableSizeBytes: stats.sizeBytes,
    ItemCount: stats.itemCount,
    TableArn: def.arn,
    TableId: def.tableId,
    ...(billing && { BillingModeSummary: billing }),
    ...(def.localIndexes.length > 0 && {
      LocalSecondaryIndexes: def.localIndexes.map((i) => localIndex(i, stats)),
    }),
    ...(globals.length > 0 && {
      GlobalSecondaryIndexes: globals.map((i) => globalIndex(def, i, stats, now, view)),
    }),
    ...(stream && { StreamSpecification: stream }),
    ...(def.stream && { LatestStreamLabel: def.stream.label, LatestStreamArn: def.stream.arn }),
    ...(sse && { SSEDescription: sse }),
    ...(tableClass && { TableClassSummary: tableClass }),
    DeletionProtectionEnabled: def.deletionProtection,
    ...(onDemandThroughput && { OnDemandThroughput: onDemandThroughput }),
    ...(!view.creating && {
      WarmThroughput: warmDescription(effectiveWarm(def.warm, def.billingMode, def.throughput)),
    }),
  };
}
