/**
 * UpdateTable's GlobalSecondaryIndexUpdates: one Create or Delete per call (any number of
 * Updates), each checked with DynamoDB's texts and applied to a copy of the table's definition.
 */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import { MAX_GSIS_PER_TABLE } from "../constants.ts";
import { LimitExceededException, ResourceNotFoundException, ValidationException } from "../errors.ts";
import type { IndexDefinition, ScalarType, TableDefinition } from "../table-definition.ts";
import { type DescribeView, effectiveWarm } from "../table-description.ts";
import { indexArn } from "../tables.ts";
import { checkProjectedAttributeTotal, invalidParameter, keySchemaOf, projectionOf } from "./key-schema.ts";
import {
  checkCapacityBounds,
  checkCapacityQuota,
  initialWarm,
  mergeOnDemand,
  onDemandOnProvisioned,
  raiseWarm,
  throughputOf,
  unchangedThroughput,
} from "./throughput.ts";
import { recordThroughputChange } from "./throughput-history.ts";

const actionsOf = (update: Ddb.GlobalSecondaryIndexUpdate) =>
  [update.Create, update.Update, update.Delete].filter((a) => a !== undefined);

const indexNameOf = (update: Ddb.GlobalSecondaryIndexUpdate) =>
  (update.Create ?? update.Update ?? update.Delete)!.IndexName!;

const hasMember = (value: object | undefined) =>
  value !== undefined && Object.values(value).some((v) => v !== undefined);

/** Checks the shape of each entry; these come before the table is looked up. */
export function checkIndexUpdateEntries(updates: readonly Ddb.GlobalSecondaryIndexUpdate[]): void {
  const seen = new Set<string>();
  for (const update of updates) {
    const actions = actionsOf(update).length;
    if (actions === 0) {
      throw invalidParameter(
        "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null",
      );
    }
    if (actions > 1) {
      throw invalidParameter(
        "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object",
      );
    }
    const name = indexNameOf(update);
    if (seen.has(name)) {
      throw invalidParameter(
        `Only one global secondary index update per index is allowed simultaneously. Index: ${name}`,
      );
    }
    seen.add(name);
    if (update.Update?.WarmThroughput && !hasMember(update.Update.WarmThroughput)) {
      throw invalidParameter(
        `WarmThroughput must have at least one of ReadUnitsPerSecond or WriteUnitsPerSecond specified for index: ${name}`,
      );
    }
    if (update.Create?.ProvisionedThroughput) checkCapacityBounds(update.Create.ProvisionedThroughput);
    if (update.Update?.ProvisionedThroughput) checkCapacityBounds(update.Update.ProvisionedThroughput);
  }
}

export function isStructural(update: Ddb.GlobalSecondaryIndexUpdate): boolean {
  return update.Create !== undefined || update.Delete !== undefined;
}

/** AWS: one online index creation or deletion at a time per table. */
export function checkOneStructuralChange(updates: readonly Ddb.GlobalSecondaryIndexUpdate[]): void {
  if (updates.filter(isStructural).length > 1) {
    throw new LimitExceededException(
      "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table",
    );
  }
}

function existingIndex(def: TableDefinition, name: string, verb: "update" | "delete"): IndexDefinition {
  const index = def.globalIndexes.find((i) => i.name === name);
  if (index) return index;
  if (def.localIndexes.some((i) => i.name === name)) {
    throw new ValidationException(`Cannot ${verb} an index that is not a GlobalSecondaryIndex: ${name}`);
  }
  throw new ResourceNotFoundException(`Requested resource not found: Index ${name} for table ${def.name}`);
}

export interface IndexUpdateContext {
  now: number;
  region: string;
  view: DescribeView;
  /** Set when the change alters throughput, creates or deletes an index. */
  changes: { throughput: boolean; created?: IndexDefinition; deleted?: IndexDefinition };
}

function updateIndex(
  def: TableDefinition,
  action: Ddb.UpdateGlobalSecondaryIndexAction,
  context: IndexUpdateContext,
): void {
  const name = action.IndexName!;
  const index = existingIndex(def, name, "update");
  if (def.billingMode === "PAY_PER_REQUEST") {
    if (action.ProvisionedThroughput || (!action.OnDemandThroughput && !action.WarmThroughput)) {
      throw invalidParameter(
        `The only Updates for index: ${name} when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput`,
      );
    }
    if (action.OnDemandThroughput) {
      const onDemand = mergeOnDemand(index.onDemand, action.OnDemandThroughput, {
        allowClear: true,
        region: context.region,
        indexName: name,
      });
      if (onDemand) index.onDemand = onDemand;
      else delete index.onDemand;
      context.changes.throughput = true;
    }
  } else {
    if (hasMember(action.OnDemandThroughput))
      throw onDemandOnProvisioned(action.OnDemandThroughput!, "UpdateTable", name);
    if (!action.ProvisionedThroughput && !action.WarmThroughput) {
      // Unverified wording: the CreateGlobalSecondaryIndexAction text for a missing throughput.
      throw invalidParameter(
        `Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: ${name}`,
      );
    }
    if (action.ProvisionedThroughput) {
      const current = index.throughput ?? { readCapacityUnits: 0, writeCapacityUnits: 0 };
      const next = throughputOf(action.ProvisionedThroughput);
      if (
        next.readCapacityUnits === current.readCapacityUnits &&
        next.writeCapacityUnits === current.writeCapacityUnits
      ) {
        throw unchangedThroughput(current, next, name);
      }
      index.warm = effectiveWarm(index.warm, def.billingMode, index.throughput);
      recordThroughputChange(index, current, next, context.now);
      checkCapacityQuota(next, context.region, name);
      index.throughput = next;
      context.changes.throughput = true;
      context.view.indexStatus = { ...context.view.indexStatus, [name]: "UPDATING" };
    }
  }
  if (action.WarmThroughput) {
    index.warm = raiseWarm(
      effectiveWarm(index.warm, def.billingMode, index.throughput),
      action.WarmThroughput,
      name,
    );
  }
}

/** Attribute definitions no key uses any more are dropped (AWS prunes them after a GSI delete). */
function pruneAttributeDefinitions(def: TableDefinition): void {
  const used = new Set<string>();
  for (const key of [
    def.key,
    ...def.localIndexes.map((i) => i.key),
    ...def.globalIndexes.map((i) => i.key),
  ]) {
    used.add(key.hashKey);
    if (key.rangeKey !== undefined) used.add(key.rangeKey);
  }
  for (const name of Object.keys(def.attributeDefinitions)) {
    if (!used.has(name)) delete def.attributeDefinitions[name];
  }
}

function deleteIndex(
  def: TableDefinition,
  action: Ddb.DeleteGlobalSecondaryIndexAction,
  context: IndexUpdateContext,
): void {
  const index = existingIndex(def, action.IndexName!, "delete");
  def.globalIndexes = def.globalIndexes.filter((i) => i !== index);
  pruneAttributeDefinitions(def);
  context.changes.deleted = index;
  context.view.deletingIndex = { ...index, status: "DELETING" };
}

function createIndex(
  def: TableDefinition,
  action: Ddb.CreateGlobalSecondaryIndexAction,
  requestedDefinitions: readonly Ddb.AttributeDefinition[] | undefined,
  context: IndexUpdateContext,
): void {
  const name = action.IndexName!;
  if (def.globalIndexes.some((i) => i.name === name) || def.localIndexes.some((i) => i.name === name)) {
    throw new ValidationException("Attempting to create an index which already exists");
  }
  if (def.globalIndexes.length >= MAX_GSIS_PER_TABLE) {
    throw new LimitExceededException(
      `Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of ${MAX_GSIS_PER_TABLE}`,
    );
  }
  if (!requestedDefinitions)
    throw invalidParameter(`AttributeDefinitions is not specified for index: ${name}`);
  // AWS: only the new key attributes need defining; an existing attribute keeps its type.
  const types: Record<string, ScalarType> = {};
  for (const definition of requestedDefinitions)
    types[definition.AttributeName!] = definition.AttributeType as ScalarType;
  Object.assign(types, def.attributeDefinitions);
  const key = keySchemaOf(action.KeySchema!, Object.keys(types), "GSI");
  const projection = projectionOf(action.Projection!);
  const index: IndexDefinition = {
    name,
    kind: "GSI",
    key,
    projection,
    status: "ACTIVE",
    arn: indexArn(def.arn, name),
  };
  if (def.billingMode === "PROVISIONED") {
    if (!action.ProvisionedThroughput) {
      throw invalidParameter(
        `Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: ${name}`,
      );
    }
    if (hasMember(action.OnDemandThroughput))
      throw onDemandOnProvisioned(action.OnDemandThroughput!, "UpdateTable", name);
    index.throughput = throughputOf(action.ProvisionedThroughput);
    checkCapacityQuota(index.throughput, context.region, name);
  } else {
    if (action.ProvisionedThroughput) {
      throw invalidParameter(
        `Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: ${name} when BillingMode is PAY_PER_REQUEST`,
      );
    }
    const onDemand =
      action.OnDemandThroughput &&
      mergeOnDemand(undefined, action.OnDemandThroughput, {
        allowClear: false,
        region: context.region,
        indexName: name,
      });
    if (onDemand) index.onDemand = onDemand;
  }
  const warm = initialWarm(
    action.WarmThroughput,
    effectiveWarm(undefined, def.billingMode, index.throughput),
    def.billingMode,
    name,
  );
  if (warm) index.warm = warm;
  checkProjectedAttributeTotal([...def.localIndexes, ...def.globalIndexes, index].map((i) => i.projection));
  for (const attribute of [key.hashKey, key.rangeKey]) {
    if (attribute !== undefined) def.attributeDefinitions[attribute] = types[attribute]!;
  }
  def.globalIndexes = [...def.globalIndexes, index];
  context.changes.created = index;
  context.view.indexStatus = { ...context.view.indexStatus, [name]: "CREATING" };
}

/** Applies the updates, in request order, to `def` (a copy the caller owns). */
export function applyIndexUpdates(
  def: TableDefinition,
  updates: readonly Ddb.GlobalSecondaryIndexUpdate[],
  attributeDefinitions: readonly Ddb.AttributeDefinition[] | undefined,
  context: IndexUpdateContext,
): void {
  for (const update of updates) {
    if (update.Update) updateIndex(def, update.Update, context);
    else if (update.Delete) deleteIndex(def, update.Delete, context);
    else if (update.Create) createIndex(def, update.Create, attributeDefinitions, context);
  }
}
