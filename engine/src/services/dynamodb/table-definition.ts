/**
 * The engine's description of a table, as stored (JSON) in ddb_tables.definition. The control
 * plane (tables.ts) owns its lifecycle; the data plane reads it to key, index, charge and stream.
 */
export type ScalarType = "S" | "N" | "B";

export interface KeySchema {
  hashKey: string;
  rangeKey?: string;
}

export interface Projection {
  type: "ALL" | "KEYS_ONLY" | "INCLUDE";
  nonKeyAttributes?: string[];
}

export interface Throughput {
  readCapacityUnits: number;
  writeCapacityUnits: number;
}

/** WarmThroughput: the rate the table or index is ready for; a high-water mark, never lowered. */
export interface WarmThroughput {
  readUnitsPerSecond: number;
  writeUnitsPerSecond: number;
}

/** On-demand maximums (OnDemandThroughput); -1 or absent means no maximum. */
export interface OnDemandThroughput {
  maxReadRequestUnits?: number;
  maxWriteRequestUnits?: number;
}

export interface IndexDefinition {
  name: string;
  kind: "GSI" | "LSI";
  key: KeySchema;
  projection: Projection;
  /** GSIs of provisioned tables have their own capacity. */
  throughput?: Throughput;
  onDemand?: OnDemandThroughput;
  status: "CREATING" | "UPDATING" | "DELETING" | "ACTIVE";
  arn: string;
  /** GSIs keep their own throughput history (epoch ms) and decrease budget. */
  lastIncreaseAt?: number;
  lastDecreaseAt?: number;
  decreasesToday?: number;
  warm?: WarmThroughput;
}

export type StreamViewType = "KEYS_ONLY" | "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES";

export interface StreamState {
  enabled: boolean;
  viewType: StreamViewType;
  /** The latest stream (kept after disabling: its records stay readable for 24 hours). */
  arn: string;
  label: string;
}

export interface TableDefinition {
  tableId: string;
  name: string;
  arn: string;
  accountId: string;
  region: string;
  key: KeySchema;
  attributeDefinitions: Record<string, ScalarType>;
  billingMode: "PROVISIONED" | "PAY_PER_REQUEST";
  throughput: Throughput;
  onDemand?: OnDemandThroughput;
  globalIndexes: IndexDefinition[];
  localIndexes: IndexDefinition[];
  stream?: StreamState;
  tableClass: "STANDARD" | "STANDARD_INFREQUENT_ACCESS";
  deletionProtection: boolean;
  ttl?: { attributeName: string; enabled: boolean };
  status: "CREATING" | "UPDATING" | "DELETING" | "ACTIVE" | "ARCHIVED";
  /** Epoch milliseconds. */
  createdAt: number;
  lastIncreaseAt?: number;
  lastDecreaseAt?: number;
  decreasesToday: number;
  /** When the table last became PAY_PER_REQUEST (LastUpdateToPayPerRequestDateTime), epoch ms. */
  billingModeChangedAt?: number;
  warm?: WarmThroughput;
  /** Server-side encryption with a KMS key; absent means the AWS-owned default key. */
  sse?: { kmsMasterKeyArn: string };
  /** Epoch ms of each TableClass change made by UpdateTable (AWS allows 2 per 30 days). */
  tableClassUpdates?: number[];
  /** ResourcePolicy given at creation: stored, not enforced. */
  resourcePolicy?: string;
}

/** A table plus the engine's internal row id (items reference it). */
export interface Table {
  id: number;
  definition: TableDefinition;
  tags: Record<string, string>;
}

export function findIndex(table: TableDefinition, name: string): IndexDefinition | undefined {
  return table.globalIndexes.find((i) => i.name === name) ?? table.localIndexes.find((i) => i.name === name);
}

export const allIndexes = (table: TableDefinition): IndexDefinition[] => [
  ...table.localIndexes,
  ...table.globalIndexes,
];
