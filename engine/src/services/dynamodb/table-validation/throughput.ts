/**
 * Provisioned, on-demand and warm throughput values: bounds, account quotas and DynamoDB's texts.
 */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import { TABLE_MAX_READ_CAPACITY_UNITS, TABLE_MAX_WRITE_CAPACITY_UNITS } from "../constants.ts";
import { LimitExceededException, ValidationException } from "../errors.ts";
import type { OnDemandThroughput, Throughput, WarmThroughput } from "../table-definition.ts";
import { invalidParameter } from "./key-schema.ts";

/** Beyond this DynamoDB rejects a capacity as out of bounds rather than over quota (dynalite). */
const CAPACITY_OUT_OF_BOUNDS = 1_000_000_000_000;

const REFER_TO_GUIDE =
  "Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.";

export const throughputOf = (pt: Ddb.ProvisionedThroughput): Throughput => ({
  readCapacityUnits: pt.ReadCapacityUnits!,
  writeCapacityUnits: pt.WriteCapacityUnits!,
});

export function checkCapacityBounds(pt: Ddb.ProvisionedThroughput): void {
  for (const name of ["ReadCapacityUnits", "WriteCapacityUnits"] as const) {
    const value = pt[name];
    if (value !== undefined && value > CAPACITY_OUT_OF_BOUNDS) {
      throw new ValidationException(`Given value ${value} for ${name} is out of bounds`);
    }
  }
}

/** AWS default quota: 40,000 RCU and 40,000 WCU per table and per GSI (LimitExceededException). */
export function checkCapacityQuota(throughput: Throughput, region: string, indexName?: string): void {
  const checks = [
    ["ReadCapacityUnits", throughput.readCapacityUnits, TABLE_MAX_READ_CAPACITY_UNITS],
    ["WriteCapacityUnits", throughput.writeCapacityUnits, TABLE_MAX_WRITE_CAPACITY_UNITS],
  ] as const;
  for (const [name, value, max] of checks) {
    if (value <= max) continue;
    // The per-index wording past "is above the per index maximum" is unverified.
    throw new LimitExceededException(
      indexName === undefined
        ? `The requested ${name}, ${value}, is above the per table maximum for the account in ${region}. Per table maximum: ${max}. ${REFER_TO_GUIDE}`
        : `The requested ${name} for index ${indexName}, ${value}, is above the per index maximum for the account in ${region}. Per index maximum: ${max}. ${REFER_TO_GUIDE}`,
    );
  }
}

/** "The provisioned throughput for the table will not change…" (and the index variant). */
export function unchangedThroughput(
  current: Throughput,
  requested: Throughput,
  indexName?: string,
): ValidationException {
  const subject = indexName === undefined ? "the table" : `the index ${indexName}`;
  const owner = indexName === undefined ? "the table" : `index ${indexName}`;
  return new ValidationException(
    `The provisioned throughput for ${subject} will not change. The requested value equals the current value. ` +
      `Current ReadCapacityUnits provisioned for ${owner}: ${current.readCapacityUnits}. Requested ReadCapacityUnits: ${requested.readCapacityUnits}. ` +
      `Current WriteCapacityUnits provisioned for ${owner}: ${current.writeCapacityUnits}. Requested WriteCapacityUnits: ${requested.writeCapacityUnits}. ` +
      REFER_TO_GUIDE,
  );
}

const onDemandSubject = (indexName: string | undefined) =>
  indexName === undefined ? "table" : `index : ${indexName}`;

/** "MaxReadRequestUnits for OnDemandThroughput cannot be specified when …BillingMode is PROVISIONED". */
export function onDemandOnProvisioned(
  odt: Ddb.OnDemandThroughput,
  operation: "CreateTable" | "UpdateTable",
  indexName?: string,
): ValidationException {
  const member = odt.MaxReadRequestUnits !== undefined ? "MaxReadRequestUnits" : "MaxWriteRequestUnits";
  const scope = indexName === undefined ? "" : ` for index : ${indexName}`;
  // AWS words CreateTable's "when table BillingMode is PROVISIONED." and UpdateTable's "when the table …".
  return invalidParameter(
    operation === "CreateTable"
      ? `${member} for OnDemandThroughput${scope} cannot be specified when table BillingMode is PROVISIONED.`
      : `${member} for OnDemandThroughput${scope} cannot be specified when the table BillingMode is PROVISIONED`,
  );
}

/**
 * Merges requested on-demand maximums into the current ones. Values must be positive; -1 clears a
 * maximum (UpdateTable only); above the per-table quota is LimitExceededException.
 */
export function mergeOnDemand(
  current: OnDemandThroughput | undefined,
  requested: Ddb.OnDemandThroughput,
  options: { allowClear: boolean; region: string; indexName?: string },
): OnDemandThroughput | undefined {
  const merged: OnDemandThroughput = { ...current };
  const members = [
    [
      "MaxReadRequestUnits",
      "maxReadRequestUnits",
      "TableMaxReadCapacityUnits",
      TABLE_MAX_READ_CAPACITY_UNITS,
    ],
    [
      "MaxWriteRequestUnits",
      "maxWriteRequestUnits",
      "TableMaxWriteCapacityUnits",
      TABLE_MAX_WRITE_CAPACITY_UNITS,
    ],
  ] as const;
  for (const [wire, field, quotaName, quota] of members) {
    const value = requested[wire];
    if (value === undefined) continue;
    if (value === -1 && options.allowClear) {
      delete merged[field];
      continue;
    }
    if (value < 1) {
      throw invalidParameter(
        `Requested ${wire} for OnDemandThroughput for ${onDemandSubject(options.indexName)} is outside of valid range`,
      );
    }
    if (value > quota) {
      throw new LimitExceededException(
        `Subscriber limit exceeded: Requested ${wire} for OnDemandThroughput for ${onDemandSubject(options.indexName)} exceeds ${quotaName} of the account in region ${options.region}`,
      );
    }
    merged[field] = value;
  }
  return merged.maxReadRequestUnits === undefined && merged.maxWriteRequestUnits === undefined
    ? undefined
    : merged;
}

const warmSubject = (indexName: string | undefined) =>
  indexName === undefined ? "table" : `index ${indexName}`;

/** Raises a warm throughput; AWS never lowers one ("decreasing WarmThroughput is not supported"). */
export function raiseWarm(
  current: WarmThroughput,
  requested: Ddb.WarmThroughput,
  indexName?: string,
): WarmThroughput {
  const members = [
    ["ReadUnitsPerSecond", "readUnitsPerSecond"],
    ["WriteUnitsPerSecond", "writeUnitsPerSecond"],
  ] as const;
  const next = { ...current };
  for (const [wire, field] of members) {
    const value = requested[wire];
    if (value === undefined) continue;
    if (value < current[field]) {
      throw invalidParameter(
        `Requested ${wire} for WarmThroughput for ${warmSubject(indexName)} is lower than current WarmThroughput, decreasing WarmThroughput is not supported`,
      );
    }
    next[field] = value;
  }
  return next;
}

/** CreateTable: a warm throughput below what the table starts with is rejected. */
export function initialWarm(
  requested: Ddb.WarmThroughput | undefined,
  floor: WarmThroughput,
  billingMode: "PROVISIONED" | "PAY_PER_REQUEST",
  indexName?: string,
): WarmThroughput | undefined {
  if (
    !requested ||
    (requested.ReadUnitsPerSecond === undefined && requested.WriteUnitsPerSecond === undefined)
  ) {
    return undefined;
  }
  const members = [
    ["ReadUnitsPerSecond", "readUnitsPerSecond", "ReadCapacityUnits"],
    ["WriteUnitsPerSecond", "writeUnitsPerSecond", "WriteCapacityUnits"],
  ] as const;
  for (const [wire, field, capacity] of members) {
    const value = requested[wire];
    if (value === undefined || value >= floor[field]) continue;
    throw invalidParameter(
      billingMode === "PAY_PER_REQUEST"
        ? `Requested ${wire} for WarmThroughput for ${warmSubject(indexName)} is lower than initial throughput for OnDemand. See: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html#on-demand-capacity-mode-initial`
        : `Requested ${wire} for WarmThroughput for ${warmSubject(indexName)} is lower than ${capacity} of ProvisionedThroughput`,
    );
  }
  return {
    readUnitsPerSecond: Math.max(floor.readUnitsPerSecond, requested.ReadUnitsPerSecond ?? 0),
    writeUnitsPerSecond: Math.max(floor.writeUnitsPerSecond, requested.WriteUnitsPerSecond ?? 0),
  };
}
