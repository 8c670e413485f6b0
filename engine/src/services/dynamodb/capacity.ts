/**
 * Capacity as DynamoDB charges and limits it (Developer Guide: "Read/write capacity mode",
 * "Burst capacity", "Capacity unit consumption").
 *
 * - Reads cost ceil(size / 4 KB) units (eventually consistent: half; transactional: double);
 *   writes cost ceil(size / 1 KB) (transactional: double); a missing item still costs one unit.
 * - Provisioned tables and GSIs each hold a token bucket refilled at their provisioned rate and
 *   holding up to 300 seconds of unused capacity (the burst). A request that needs more than the
 *   bucket holds is throttled with ProvisionedThroughputExceededException; a GSI without capacity
 *   throttles the table write that would update it.
 * - On-demand tables are throttled (ThrottlingException) only above their OnDemandThroughput
 *   maximum, measured over one second.
 * Consumption and throttles are counted per table and index for CloudWatch.
 */
import type { Clock } from "../../shared/clock.ts";
import { BURST_WINDOW_SECONDS, READ_UNIT_BYTES, WRITE_UNIT_BYTES } from "./constants.ts";
import { ProvisionedThroughputExceededException, ThrottlingException } from "./errors.ts";
import type { IndexDefinition, Table } from "./table-definition.ts";

export type ReadMode = "eventual" | "strong" | "transactional";

export const readUnits = (bytes: number, mode: ReadMode): number => {
  const units = Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
  return mode === "eventual" ? units / 2 : mode === "transactional" ? units * 2 : units;
};

export const writeUnits = (bytes: number, transactional = false): number =>
  Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES)) * (transactional ? 2 : 1);

export interface ResourceMetrics {
  consumedRead: number;
  consumedWrite: number;
  readThrottleEvents: number;
  writeThrottleEvents: number;
}

interface Bucket {
  rate: number;
  capacity: number;
  tokens: number;
  refilledAt: number;
}

/** The units one request charges: on the table, and per index it touches. */
export interface Charge {
  kind: "read" | "write";
  table: number;
  globalIndexes: Record<string, number>;
  localIndexes: Record<string, number>;
}

export const emptyCharge = (kind: "read" | "write"): Charge => ({
  kind,
  table: 0,
  globalIndexes: {},
  localIndexes: {},
});

export class CapacityTracker {
  private readonly buckets = new Map<string, Bucket>();
  private readonly metrics = new Map<string, ResourceMetrics>();
  /** Per table: requests throttled, by operation (the ThrottledRequests metric). */
  private readonly throttledRequests = new Map<string, Map<string, number>>();

  constructor(private readonly clock: Clock) {}

  /**
   * Takes a charge's units from every bucket it touches, or throws the throttling error without
   * taking anything. LSIs share the table's capacity.
   */
  consume(table: Table, charge: Charge, operation: string): void {
    const def = table.definition;
    const write = charge.kind === "write";
    const needs: Array<{ key: string; units: number; index?: IndexDefinition }> = [];
    const localUnits = Object.values(charge.localIndexes).reduce((a, b) => a + b, 0);
    needs.push({ key: def.arn, units: charge.table + localUnits });
    for (const [name, units] of Object.entries(charge.globalIndexes)) {
      const index = def.globalIndexes.find((i) => i.name === name);
      if (index && units > 0) needs.push({ key: index.arn, units, index });
    }
    const now = this.clock.now();
    for (const need of needs) {
      const bucket = this.bucketFor(table, need.index, charge.kind, now);
      if (bucket && need.units > 0 && bucket.tokens < Math.min(need.units, bucket.capacity)) {
        this.recordThrottle(table, need.index, charge.kind, operation);
        throw this.throttleError(table, need.index, write);
      }
    }
    for (const need of needs) {
      const bucket = this.bucketFor(table, need.index, charge.kind, now);
      if (bucket) bucket.tokens -= need.units;
      const m = this.metricsFor(need.key);
      if (write) m.consumedWrite += need.units;
      else m.consumedRead += need.units;
    }
  }

  private bucketFor(
    table: Table,
    index: IndexDefinition | undefined,
    kind: "read" | "write",
    now: number,
  ): Bucket | undefined {
    const def = table.definition;
    const resource = index?.arn ?? def.arn;
    let rate: number | undefined;
    let burstSeconds = BURST_WINDOW_SECONDS;
    if (def.billingMode === "PROVISIONED") {
      const throughput = index ? index.throughput : def.throughput;
      if (!throughput) return undefined;
      rate = kind === "read" ? throughput.readCapacityUnits : throughput.writeCapacityUnits;
    } else {
      const limits = index ? index.onDemand : def.onDemand;
      const max = kind === "read" ? limits?.maxReadRequestUnits : limits?.maxWriteRequestUnits;
      if (max === undefined || max < 0) return undefined;
      rate = max;
      burstSeconds = 1;
    }
    const key = `${resource}|${kind}`;
    const capacity = rate * burstSeconds;
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.rate !== rate) {
      // A new bucket starts full (unused capacity since creation); a changed rate keeps the
      // tokens already earned, capped by the new burst size.
      bucket = { rate, capacity, tokens: Math.min(bucket?.tokens ?? capacity, capacity), refilledAt: now };
      this.buckets.set(key, bucket);
    }
    const elapsedSeconds = Math.max(0, now - bucket.refilledAt) / 1000;
    bucket.tokens = Math.min(bucket.capacity, bucket.tokens + elapsedSeconds * bucket.rate);
    bucket.refilledAt = now;
    return bucket;
  }

  private throttleError(table: Table, index: IndexDefinition | undefined, write: boolean) {
    const def = table.definition;
    const scope = index ? "Index" : "Table";
    const resource = index?.arn ?? def.arn;
    if (def.billingMode === "PROVISIONED") {
      return new ProvisionedThroughputExceededException([
        { reason: `${scope}${write ? "Write" : "Read"}ProvisionedThroughputExceeded`, resource },
      ]);
    }
    return new ThrottlingException(
      `Throughput exceeds the maximum OnDemandThroughput configured on ${index ? "index" : "table"}`,
      [{ reason: `${scope}${write ? "Write" : "Read"}MaxOnDemandThroughputExceeded`, resource }],
    );
  }

  private recordThrottle(
    table: Table,
    index: IndexDefinition | undefined,
    kind: "read" | "write",
    operation: string,
  ): void {
    const m = this.metricsFor(index?.arn ?? table.definition.arn);
    if (kind === "read") m.readThrottleEvents++;
    else m.writeThrottleEvents++;
    if (index) {
      // A throttled GSI also counts against the table whose write it blocked.
      const t = this.metricsFor(table.definition.arn);
      if (kind === "read") t.readThrottleEvents++;
      else t.writeThrottleEvents++;
    }
    const byOperation = this.throttledRequests.get(table.definition.arn) ?? new Map<string, number>();
    byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1);
    this.throttledRequests.set(table.definition.arn, byOperation);
  }

  private metricsFor(key: string): ResourceMetrics {
    let m = this.metrics.get(key);
    if (!m) {
      m = { consumedRead: 0, consumedWrite: 0, readThrottleEvents: 0, writeThrottleEvents: 0 };
      this.metrics.set(key, m);
    }
    return m;
  }

  /** Cumulative counters for a table or index ARN (CloudWatch reads deltas of these). */
  snapshot(resourceArn: string): ResourceMetrics & { throttledRequests: Record<string, number> } {
    return {
      ...this.metricsFor(resourceArn),
      throttledRequests: Object.fromEntries(this.throttledRequests.get(resourceArn) ?? []),
    };
  }

  forget(table: Table): void {
    for (const arn of [table.definition.arn, ...table.definition.globalIndexes.map((i) => i.arn)]) {
      this.buckets.delete(`${arn}|read`);
      this.buckets.delete(`${arn}|write`);
      this.metrics.delete(arn);
    }
    this.throttledRequests.delete(table.definition.arn);
  }
}

/** The ConsumedCapacity member of a response, for ReturnConsumedCapacity TOTAL or INDEXES. */
export function consumedCapacity(
  table: Table,
  charge: Charge,
  mode: string | undefined,
): Record<string, unknown> | undefined {
  if (mode !== "TOTAL" && mode !== "INDEXES") return undefined;
  const gsi = Object.values(charge.globalIndexes).reduce((a, b) => a + b, 0);
  const lsi = Object.values(charge.localIndexes).reduce((a, b) => a + b, 0);
  const total = charge.table + gsi + lsi;
  const kindKey = charge.kind === "read" ? "ReadCapacityUnits" : "WriteCapacityUnits";
  const out: Record<string, unknown> = {
    TableName: table.definition.name,
    CapacityUnits: total,
    [kindKey]: total,
  };
  if (mode === "INDEXES") {
    out.Table = { CapacityUnits: charge.table, [kindKey]: charge.table };
    const section = (entries: Record<string, number>) =>
      Object.fromEntries(
        Object.entries(entries).map(([name, units]) => [name, { CapacityUnits: units, [kindKey]: units }]),
      );
    if (Object.keys(charge.globalIndexes).length > 0)
      out.GlobalSecondaryIndexes = section(charge.globalIndexes);
    if (Object.keys(charge.localIndexes).length > 0) out.LocalSecondaryIndexes = section(charge.localIndexes);
  }
  return out;
}
