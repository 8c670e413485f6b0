/**
 * Capacity as DynamoDB charges and limits it (Developer Guide: "Read/write capacity mode",
 * "Burst capacity", "Capacity unit consumption", "Understanding DynamoDB throttling").
 *
 * - Reads cost ceil(size / 4 KB) units (eventually consistent: half; transactional: double);
 *   writes cost ceil(size / 1 KB) (transactional: double); a missing item still costs one unit.
 * - A provisioned table and each of its GSIs hold a token bucket per direction, refilled at the
 *   provisioned rate and holding at most 300 seconds of it (the burst). LSIs share the table's.
 *   A request that needs more than a bucket holds is throttled with
 *   ProvisionedThroughputExceededException and takes nothing; a request larger than the whole
 *   burst goes through when the bucket is full and leaves it in debt. A GSI short of write
 *   capacity throttles the table write that would update it (GSI back-pressure: reason
 *   IndexWriteProvisionedThroughputExceeded, resource the index ARN); a GSI short of read
 *   capacity only throttles reads of that index.
 * - Burst at creation. AWS: "DynamoDB currently retains up to five minutes (300 seconds) of unused
 *   read and write capacity" and "Whenever you're not fully using your available throughput,
 *   DynamoDB reserves a portion of that unused capacity" (bp-partition-key-design, "Using burst
 *   capacity effectively"; re:Post "dynamodb-spiky-workloads-short-intervals": a table "has no
 *   usage in the last 5 minutes" therefore has 300 s of burst). Burst is unused capacity, so a
 *   bucket starts with what the resource could have used since it was created, and at least one
 *   second's worth (provisioned capacity is a per-second rate, usable from the start): a new
 *   1-WCU table takes one write at once and earns the rest over five minutes; a table older than
 *   five minutes (e.g. after an engine restart) starts full. This is the docs' reading; AWS may
 *   grant more ("burst capacity is provided on a best effort basis").
 * - On-demand tables and indexes throttle (ThrottlingException, reason
 *   …MaxOnDemandThroughputExceeded) only above a configured OnDemandThroughput maximum,
 *   measured over one second.
 *
 * Counters per table and GSI ARN (the CloudWatch metrics): consumed units, throttle events (one
 * per throttled table or index event; the table's count excludes its GSIs'), and, per table,
 * ThrottledRequests by operation: once per throttled request, and for BatchGetItem and
 * BatchWriteItem only when every item in the batch was throttled.
 *
 * LIMITATIONS: no per-partition limits (1,000 WCU / 3,000 RCU), no on-demand "twice the previous
 * peak" scaling and no per-table account quota (AccountLimitExceeded) for on-demand tables.
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

export const isThrottle = (
  error: unknown,
): error is ProvisionedThroughputExceededException | ThrottlingException =>
  error instanceof ProvisionedThroughputExceededException || error instanceof ThrottlingException;

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

/** Cumulative counters of a table or GSI (CloudWatch reads deltas of these). */
export interface CapacityMetrics {
  consumedRead: number;
  consumedWrite: number;
  readThrottleEvents: number;
  writeThrottleEvents: number;
  /** ThrottledRequests by Operation (tables only; a GSI's are counted on its table). */
  throttledRequests: Record<string, number>;
}

/** A new resource can use one second of its provisioned rate at once. */
const MIN_INITIAL_SECONDS = 1;

/** AWS: a batch counts in ThrottledRequests only when every item in it was throttled. */
const BATCH_OPERATIONS: ReadonlySet<string> = new Set(["BatchGetItem", "BatchWriteItem"]);

interface Bucket {
  rate: number;
  capacity: number;
  tokens: number;
  refilledAt: number;
}

/** What a resource may consume: its rate, for how many seconds unused capacity is kept. */
interface Limit {
  rate: number;
  windowSeconds: number;
  provisioned: boolean;
}

function limitOf(table: Table, index: IndexDefinition | undefined, kind: Charge["kind"]): Limit | undefined {
  const def = table.definition;
  if (def.billingMode === "PROVISIONED") {
    const throughput = index ? index.throughput : def.throughput;
    if (!throughput) return undefined;
    const rate = kind === "read" ? throughput.readCapacityUnits : throughput.writeCapacityUnits;
    return { rate, windowSeconds: BURST_WINDOW_SECONDS, provisioned: true };
  }
  const limits = index ? index.onDemand : def.onDemand;
  const max = kind === "read" ? limits?.maxReadRequestUnits : limits?.maxWriteRequestUnits;
  if (max === undefined || max < 0) return undefined;
  return { rate: max, windowSeconds: 1, provisioned: false };
}

interface Need {
  arn: string;
  units: number;
  index: IndexDefinition | undefined;
}

export class CapacityTracker {
  private readonly buckets = new Map<string, Bucket>();
  private readonly metrics = new Map<string, CapacityMetrics>();
  /** When an index added after its table was created came to be (epoch ms). */
  private readonly indexCreatedAt = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /**
   * Takes a charge's units from every bucket it touches, or throws the throttling error (naming
   * every throttled table or index) without taking anything.
   */
  consume(table: Table, charge: Charge, operation: string): void {
    const def = table.definition;
    const localUnits = Object.values(charge.localIndexes).reduce((a, b) => a + b, 0);
    const needs: Need[] = [{ arn: def.arn, units: charge.table + localUnits, index: undefined }];
    for (const [name, units] of Object.entries(charge.globalIndexes)) {
      const index = def.globalIndexes.find((i) => i.name === name);
      if (index) needs.push({ arn: index.arn, units, index });
    }
    const now = this.clock.now();
    const buckets = needs.map((need) =>
      need.units > 0 ? this.bucketFor(table, need.index, charge.kind, now) : undefined,
    );
    const throttled = needs.filter((need, i) => {
      const bucket = buckets[i];
      return bucket !== undefined && bucket.tokens < Math.min(need.units, bucket.capacity);
    });
    if (throttled.length > 0) {
      for (const need of throttled) {
        const m = this.metricsFor(need.arn);
        if (charge.kind === "read") m.readThrottleEvents++;
        else m.writeThrottleEvents++;
      }
      if (!BATCH_OPERATIONS.has(operation)) this.countThrottledRequest(table, operation);
      throw throttleError(table, throttled, charge.kind);
    }
    needs.forEach((need, i) => {
      const bucket = buckets[i];
      if (bucket) bucket.tokens -= need.units;
      const m = this.metricsFor(need.arn);
      if (charge.kind === "read") m.consumedRead += need.units;
      else m.consumedWrite += need.units;
    });
  }

  /** A batch whose every item was throttled: one ThrottledRequests for each table it addressed. */
  batchThrottled(tables: Iterable<Table>, operation: string): void {
    for (const table of new Set(tables)) this.countThrottledRequest(table, operation);
  }

  /** A GSI added to an existing table earns its burst from now, not from the table's creation. */
  indexCreated(index: IndexDefinition): void {
    this.indexCreatedAt.set(index.arn, this.clock.now());
  }

  /**
   * Throughput or billing mode changed: capacity earned so far is credited at the old rate, and
   * the new rate applies from now on.
   */
  throughputChanged(table: Table): void {
    const now = this.clock.now();
    for (const index of [undefined, ...table.definition.globalIndexes])
      for (const kind of ["read", "write"] as const) this.bucketFor(table, index, kind, now);
  }

  forget(table: Table): void {
    for (const arn of [table.definition.arn, ...table.definition.globalIndexes.map((i) => i.arn)]) {
      this.buckets.delete(`${arn}|read`);
      this.buckets.delete(`${arn}|write`);
      this.metrics.delete(arn);
      this.indexCreatedAt.delete(arn);
    }
  }

  /** Cumulative counters for a table or GSI ARN. */
  snapshot(resourceArn: string): CapacityMetrics {
    const m = this.metrics.get(resourceArn) ?? zeroMetrics();
    return { ...m, throttledRequests: { ...m.throttledRequests } };
  }

  private bucketFor(
    table: Table,
    index: IndexDefinition | undefined,
    kind: Charge["kind"],
    now: number,
  ): Bucket | undefined {
    const arn = index?.arn ?? table.definition.arn;
    const key = `${arn}|${kind}`;
    const limit = limitOf(table, index, kind);
    let bucket = this.buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(
        bucket.capacity,
        bucket.tokens + (Math.max(0, now - bucket.refilledAt) / 1000) * bucket.rate,
      );
      bucket.refilledAt = now;
    }
    if (!limit) {
      this.buckets.delete(key);
      return undefined;
    }
    const capacity = limit.rate * limit.windowSeconds;
    if (!bucket) {
      const since = this.indexCreatedAt.get(arn) ?? table.definition.createdAt;
      const unusedSeconds = Math.max(MIN_INITIAL_SECONDS, (now - since) / 1000);
      const earned = limit.provisioned ? unusedSeconds * limit.rate : capacity;
      bucket = { rate: limit.rate, capacity, tokens: Math.min(capacity, earned), refilledAt: now };
      this.buckets.set(key, bucket);
    } else if (bucket.rate !== limit.rate || bucket.capacity !== capacity) {
      bucket.rate = limit.rate;
      bucket.capacity = capacity;
      bucket.tokens = Math.min(bucket.tokens, capacity);
    }
    return bucket;
  }

  private countThrottledRequest(table: Table, operation: string): void {
    const byOperation = this.metricsFor(table.definition.arn).throttledRequests;
    byOperation[operation] = (byOperation[operation] ?? 0) + 1;
  }

  private metricsFor(arn: string): CapacityMetrics {
    let m = this.metrics.get(arn);
    if (!m) {
      m = zeroMetrics();
      this.metrics.set(arn, m);
    }
    return m;
  }
}

const zeroMetrics = (): CapacityMetrics => ({
  consumedRead: 0,
  consumedWrite: 0,
  readThrottleEvents: 0,
  writeThrottleEvents: 0,
  throttledRequests: {},
});

/** AWS: `<Table|Index><Read|Write><limit>` reasons with the throttled resource's ARN. */
function throttleError(table: Table, throttled: readonly Need[], kind: Charge["kind"]) {
  const direction = kind === "read" ? "Read" : "Write";
  const reasons = (limitType: string) =>
    throttled.map((need) => ({
      reason: `${need.index ? "Index" : "Table"}${direction}${limitType}`,
      resource: need.arn,
    }));
  if (table.definition.billingMode === "PROVISIONED")
    return new ProvisionedThroughputExceededException(reasons("ProvisionedThroughputExceeded"));
  // Unverified wording for the on-demand maximum.
  const scope = throttled.some((need) => need.index) ? "index" : "table";
  return new ThrottlingException(
    `Throughput exceeds the maximum OnDemandThroughput configured on ${scope}`,
    reasons("MaxOnDemandThroughputExceeded"),
  );
}

/**
 * The ConsumedCapacity member of a response, for ReturnConsumedCapacity TOTAL or INDEXES. AWS
 * splits the units into ReadCapacityUnits / WriteCapacityUnits only for transactions.
 */
export function consumedCapacity(
  table: Table,
  charge: Charge,
  mode: string | undefined,
  options: { split?: boolean } = {},
): Record<string, unknown> | undefined {
  if (mode !== "TOTAL" && mode !== "INDEXES") return undefined;
  const gsi = Object.values(charge.globalIndexes).reduce((a, b) => a + b, 0);
  const lsi = Object.values(charge.localIndexes).reduce((a, b) => a + b, 0);
  const kindKey = charge.kind === "read" ? "ReadCapacityUnits" : "WriteCapacityUnits";
  const units = (n: number) => (options.split ? { CapacityUnits: n, [kindKey]: n } : { CapacityUnits: n });
  const out: Record<string, unknown> = {
    TableName: table.definition.name,
    ...units(charge.table + gsi + lsi),
  };
  if (mode === "INDEXES") {
    out.Table = units(charge.table);
    const section = (entries: Record<string, number>) =>
      Object.fromEntries(Object.entries(entries).map(([name, n]) => [name, units(n)]));
    if (Object.keys(charge.globalIndexes).length > 0)
      out.GlobalSecondaryIndexes = section(charge.globalIndexes);
    if (Object.keys(charge.localIndexes).length > 0) out.LocalSecondaryIndexes = section(charge.localIndexes);
  }
  return out;
}

/** Capacity summed per table across the items of one batch, transaction or PartiQL batch. */
export class CapacityTotals {
  private readonly totals = new Map<Table, Charge>();

  add(table: Table, charge: Charge): void {
    const total = this.totals.get(table) ?? emptyCharge(charge.kind);
    total.table += charge.table;
    for (const [name, units] of Object.entries(charge.globalIndexes)) {
      total.globalIndexes[name] = (total.globalIndexes[name] ?? 0) + units;
    }
    for (const [name, units] of Object.entries(charge.localIndexes)) {
      total.localIndexes[name] = (total.localIndexes[name] ?? 0) + units;
    }
    this.totals.set(table, total);
  }

  entries(): Array<[Table, Charge]> {
    return [...this.totals.entries()];
  }

  /** The ConsumedCapacity list of the response, for ReturnConsumedCapacity TOTAL or INDEXES. */
  report(mode: string | undefined, options: { split?: boolean } = {}): unknown[] | undefined {
    if (mode !== "TOTAL" && mode !== "INDEXES") return undefined;
    return [...this.totals.entries()].map(([table, charge]) =>
      consumedCapacity(table, charge, mode, options),
    );
  }
}
