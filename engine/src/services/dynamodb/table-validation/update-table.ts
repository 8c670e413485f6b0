/**
 * UpdateTable, as DynamoDB admits it: one logical change per call (SSE, TableClass,
 * DeletionProtection and WarmThroughput must each be alone; OnDemandThroughput may only join a
 * BillingMode change; streams and index creation exclude throughput changes), request-shape checks
 * before the table is looked up, state checks after. Texts and precedence from 2026 probes of live
 * DynamoDB.
 */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import { LimitExceededException, ValidationException } from "../errors.ts";
import type { TableDefinition } from "../table-definition.ts";
import { type DescribeView, effectiveWarm } from "../table-description.ts";
import type { TableEffects } from "../tables.ts";
import {
  applyIndexUpdates,
  checkIndexUpdateEntries,
  checkOneStructuralChange,
  type IndexUpdateContext,
  isStructural,
} from "./index-updates.ts";
import { checkTableClass, invalidParameter } from "./key-schema.ts";
import {
  checkSseTransition,
  checkStreamTransition,
  checkStreamUpdate,
  openStream,
  sseKeyOf,
} from "./stream-and-encryption.ts";
import {
  checkCapacityBounds,
  checkCapacityQuota,
  mergeOnDemand,
  onDemandOnProvisioned,
  raiseWarm,
  throughputOf,
  unchangedThroughput,
} from "./throughput.ts";
import { recordThroughputChange } from "./throughput-history.ts";

/** AWS: TableClass may change twice per 30 days per table. */
export const TABLE_CLASS_UPDATES_PER_WINDOW = 2;
export const TABLE_CLASS_WINDOW_MS = 30 * 86_400_000;

/** The members AWS names in "At least one of … is required" (including ones the model hides). */
const CHANGE_MEMBERS = [
  "ProvisionedThroughput",
  "BillingMode",
  "UpdateStreamEnabled",
  "GlobalSecondaryIndexUpdates",
  "SSESpecification",
  "ReplicaUpdates",
  "MultiAccountReplicaReady",
  "ReplicaTransitRoleArn",
  "MultiRegionConsistency",
  "DeletionProtectionEnabled",
  "OnDemandThroughput",
  "WarmThroughput",
  "TableClass",
];

const hasMember = (value: object | undefined) =>
  value !== undefined && Object.values(value).some((v) => v !== undefined);

interface Requested {
  throughput: boolean;
  billing: boolean;
  stream: boolean;
  indexes: boolean;
  indexStructure: boolean;
  sse: boolean;
  replicas: boolean;
  deletionProtection: boolean;
  onDemand: boolean;
  warm: boolean;
  tableClass: boolean;
}

function requested(input: Ddb.UpdateTableInput): Requested {
  return {
    throughput: input.ProvisionedThroughput !== undefined,
    billing: input.BillingMode !== undefined,
    stream: input.StreamSpecification !== undefined,
    indexes: (input.GlobalSecondaryIndexUpdates?.length ?? 0) > 0,
    indexStructure: input.GlobalSecondaryIndexUpdates?.some(isStructural) ?? false,
    sse: input.SSESpecification !== undefined,
    replicas: input.ReplicaUpdates !== undefined || input.GlobalTableWitnessUpdates !== undefined,
    deletionProtection: input.DeletionProtectionEnabled !== undefined,
    // AWS treats an empty {} as absent when composing a request.
    onDemand: hasMember(input.OnDemandThroughput),
    warm: hasMember(input.WarmThroughput),
    tableClass: input.TableClass !== undefined,
  };
}

function checkComposition(input: Ddb.UpdateTableInput, r: Requested): void {
  const count = Object.entries(r).filter(([name, on]) => on && name !== "indexStructure").length;
  const alone = (detail: string) => invalidParameter(detail);
  if (r.sse && count > 1)
    throw alone("Server-Side Encryption modification must be the only operation in the request");
  if (r.tableClass && count > 1)
    throw alone("TableClass modification must be the only operation in the request");
  if (r.deletionProtection && count > 1) {
    throw alone("DeletionProtection modification must be the only operation in the request");
  }
  if (r.onDemand && count > (r.billing ? 2 : 1)) {
    throw alone("OnDemandThroughput can only be combined with BillingMode in an UpdateTable request");
  }
  if (r.warm && input.GlobalSecondaryIndexUpdates?.some((u) => u.Create)) {
    throw alone("Create global secondary index cannot be specified when updating WarmThroughput");
  }
  if (r.warm && count > 1) throw alone("WarmThroughput must be the only operation in the request");
  if (r.stream && (r.throughput || input.BillingMode === "PROVISIONED")) {
    throw alone("You cannot modify stream status while updating table IOPS");
  }
  if (r.indexStructure && r.throughput)
    throw alone("You cannot create or delete index while updating table IOPS");
  if (r.indexStructure && r.stream)
    throw alone("You cannot create or delete index while changing stream status");
}

/** The checks that need no table: AWS answers them even for a table that does not exist. */
export function checkUpdateRequest(input: Ddb.UpdateTableInput, accountId: string, region: string): void {
  const r = requested(input);
  const changes =
    r.throughput ||
    r.billing ||
    r.stream ||
    r.indexes ||
    r.sse ||
    r.replicas ||
    r.deletionProtection ||
    input.OnDemandThroughput !== undefined ||
    input.WarmThroughput !== undefined ||
    r.tableClass;
  if (!changes) {
    const names = CHANGE_MEMBERS.filter(
      (name) => !(name === "MultiRegionConsistency" && input.MultiRegionConsistency),
    );
    throw new ValidationException(
      `At least one of ${names.slice(0, -1).join(", ")} or ${names.at(-1)} is required`,
    );
  }
  if (input.GlobalSecondaryIndexUpdates?.length === 0)
    throw invalidParameter("List of GlobalSecondaryIndexUpdates is empty");
  checkTableClass(input.TableClass);
  checkIndexUpdateEntries(input.GlobalSecondaryIndexUpdates ?? []);
  checkComposition(input, r);
  if (r.replicas)
    throw invalidParameter(
      "Replica updates are not supported by this engine (global tables are not emulated)",
    );
  if (input.StreamSpecification) checkStreamUpdate(input.StreamSpecification);
  if (input.SSESpecification) sseKeyOf(input.SSESpecification, accountId, region);
  if (input.BillingMode === "PAY_PER_REQUEST" && input.ProvisionedThroughput) {
    throw invalidParameter("ProvisionedThroughput cannot be specified when BillingMode is PAY_PER_REQUEST");
  }
  if (input.BillingMode === "PROVISIONED" && !input.ProvisionedThroughput) {
    throw invalidParameter("ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
  }
  if (input.ProvisionedThroughput) checkCapacityBounds(input.ProvisionedThroughput);
}

export interface UpdatePlan {
  definition: TableDefinition;
  effects: TableEffects;
  view: DescribeView;
}

export interface UpdateContext {
  accountId: string;
  region: string;
  now: number;
}

/** Freezes the warm high-water mark before capacity moves (warm throughput never drops). */
function freezeWarm(def: TableDefinition): void {
  def.warm = effectiveWarm(def.warm, def.billingMode, def.throughput);
  for (const index of def.globalIndexes)
    index.warm = effectiveWarm(index.warm, def.billingMode, index.throughput);
}

function applyBilling(def: TableDefinition, input: Ddb.UpdateTableInput, context: UpdateContext): boolean {
  const target = input.BillingMode ?? def.billingMode;
  if (target === def.billingMode) return false;
  freezeWarm(def);
  def.billingMode = target;
  if (target === "PAY_PER_REQUEST") {
    def.throughput = { readCapacityUnits: 0, writeCapacityUnits: 0 };
    def.billingModeChangedAt = context.now;
    def.warm = effectiveWarm(def.warm, target, undefined);
    for (const index of def.globalIndexes) {
      delete index.throughput;
      index.warm = effectiveWarm(index.warm, target, undefined);
    }
  } else {
    // AWS drops on-demand maximums when a table becomes PROVISIONED.
    delete def.onDemand;
    for (const index of def.globalIndexes) delete index.onDemand;
  }
  return true;
}

function applyTableThroughput(
  def: TableDefinition,
  input: Ddb.UpdateTableInput,
  switched: boolean,
  context: UpdateContext,
): void {
  const pt = input.ProvisionedThroughput!;
  if (def.billingMode === "PAY_PER_REQUEST") {
    throw invalidParameter(
      "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
    );
  }
  const next = throughputOf(pt);
  const current = def.throughput;
  if (
    !switched &&
    next.readCapacityUnits === current.readCapacityUnits &&
    next.writeCapacityUnits === current.writeCapacityUnits
  ) {
    throw unchangedThroughput(current, next);
  }
  if (!switched) {
    freezeWarm(def);
    recordThroughputChange(def, current, next, context.now);
  }
  checkCapacityQuota(next, context.region);
  def.throughput = next;
}

/** A switch to PROVISIONED must give every GSI its throughput in the same request. */
function checkIndexesProvisioned(def: TableDefinition): void {
  for (const index of def.globalIndexes) {
    if (!index.throughput)
      throw invalidParameter(`ProvisionedThroughput must be specified for index: ${index.name}`);
  }
}

/**
 * AWS allows two TableClass changes per 30 days; once they are spent even a re-send of the
 * current class is refused. A re-send within budget changes nothing.
 */
function applyTableClass(def: TableDefinition, tableClass: TableDefinition["tableClass"], now: number): void {
  const updates = (def.tableClassUpdates ?? []).filter((at) => now - at < TABLE_CLASS_WINDOW_MS);
  if (updates.length >= TABLE_CLASS_UPDATES_PER_WINDOW) {
    throw new LimitExceededException(
      `Subscriber limit exceeded: Updates to TableClass are limited to ${TABLE_CLASS_UPDATES_PER_WINDOW} times in 30 day(s).`,
    );
  }
  if (def.tableClass === tableClass) return;
  def.tableClass = tableClass;
  def.tableClassUpdates = [...updates, now];
}

/** Plans an UpdateTable on `current` (request shape already checked): the new definition and its effects. */
export function planUpdate(
  current: TableDefinition,
  input: Ddb.UpdateTableInput,
  context: UpdateContext,
): UpdatePlan {
  const def = structuredClone(current);
  const view: DescribeView = {};
  const effects: TableEffects = {};
  let updating = false;

  const indexUpdates = input.GlobalSecondaryIndexUpdates ?? [];
  checkOneStructuralChange(indexUpdates);

  const switchedBilling = applyBilling(def, input, context);
  if (input.BillingMode) updating = true;
  if (switchedBilling) effects.throughputChanged = true;
  if (input.ProvisionedThroughput) {
    applyTableThroughput(def, input, switchedBilling, context);
    effects.throughputChanged = true;
    updating = true;
  }

  if (input.OnDemandThroughput) {
    if (def.billingMode === "PROVISIONED") {
      if (hasMember(input.OnDemandThroughput))
        throw onDemandOnProvisioned(input.OnDemandThroughput, "UpdateTable");
    } else {
      const onDemand = mergeOnDemand(def.onDemand, input.OnDemandThroughput, {
        allowClear: true,
        region: context.region,
      });
      if (onDemand) def.onDemand = onDemand;
      else delete def.onDemand;
      effects.throughputChanged = true;
    }
  }

  if (indexUpdates.length > 0) {
    const indexContext: IndexUpdateContext = {
      now: context.now,
      region: context.region,
      view,
      changes: { throughput: false },
    };
    applyIndexUpdates(def, indexUpdates, input.AttributeDefinitions, indexContext);
    if (indexContext.changes.throughput) effects.throughputChanged = true;
    if (indexContext.changes.created) effects.indexCreated = indexContext.changes.created;
    if (indexContext.changes.deleted) effects.indexDeleted = indexContext.changes.deleted;
    if (indexContext.changes.created || indexContext.changes.deleted) updating = true;
  }
  if (switchedBilling && def.billingMode === "PROVISIONED") checkIndexesProvisioned(def);

  if (input.StreamSpecification) {
    const spec = input.StreamSpecification;
    checkStreamTransition(def, spec);
    if (spec.StreamEnabled) {
      def.stream = openStream(def.arn, spec.StreamViewType!, context.now, def.stream);
      effects.streamEnabled = true;
    } else {
      def.stream = { ...def.stream!, enabled: false };
      effects.streamDisabled = true;
    }
    view.requestedStream = spec;
    updating = true;
  }

  if (input.SSESpecification) {
    const keyArn = sseKeyOf(input.SSESpecification, context.accountId, context.region);
    checkSseTransition(def, input.SSESpecification, keyArn);
    view.sseUpdating = { previousKeyArn: def.sse?.kmsMasterKeyArn };
    if (keyArn) def.sse = { kmsMasterKeyArn: keyArn };
    else delete def.sse;
  }

  if (input.TableClass) {
    applyTableClass(def, input.TableClass, context.now);
    updating = true;
  }

  if (input.DeletionProtectionEnabled !== undefined) def.deletionProtection = input.DeletionProtectionEnabled;

  if (hasMember(input.WarmThroughput)) {
    def.warm = raiseWarm(effectiveWarm(def.warm, def.billingMode, def.throughput), input.WarmThroughput!);
  }

  // The engine applies every change at once; the response shows AWS's transitional status.
  view.status = updating ? "UPDATING" : "ACTIVE";
  return { definition: def, effects, view };
}
