/**
 * Event source mappings: their configuration as the API describes it, validated as Lambda does for
 * SQS queues and DynamoDB streams, stored in SQLite, and handed to the pollers whenever it changes.
 * States move as on AWS: Creating → Enabled (or Disabled), Updating → Enabled/Disabled, Enabling,
 * Disabling, Deleting; the pollers run only while a mapping is Enabled.
 */
import { randomUUID } from "node:crypto";
import type {
  CreateEventSourceMappingRequest,
  UpdateEventSourceMappingRequest,
} from "@aws-sdk/client-lambda";
import type { MappingConfig, PollerManager } from "../../pollers/types.ts";
import { parseArn } from "../../shared/arn.ts";
import type { Clock } from "../../shared/clock.ts";
import { InvalidEventPattern, parseEventPattern } from "../../shared/event-pattern/index.ts";
import type { Db } from "../../storage/database.ts";
import {
  InvalidParameterValueException,
  ResourceConflictException,
  ResourceNotFoundException,
  ValidationException,
} from "./errors.ts";

export type SourceKind = "sqs" | "dynamodb";

/** Lambda's defaults and limits per source (CreateEventSourceMapping API reference). */
const LIMITS = {
  sqs: { defaultBatch: 10, maxBatch: 10_000 },
  dynamodb: { defaultBatch: 100, maxBatch: 10_000 },
} as const;
/** SQS: more than 10 records per batch needs a batching window. */
const SQS_MAX_BATCH_WITHOUT_WINDOW = 10;
const MAX_FILTERS = 5;
const MAX_RECORD_AGE_MIN_SECONDS = 60;

/** Parameters only stream sources take. */
const STREAM_ONLY = [
  "ParallelizationFactor",
  "MaximumRetryAttempts",
  "MaximumRecordAgeInSeconds",
  "BisectBatchOnFunctionError",
  "DestinationConfig",
  "TumblingWindowInSeconds",
] as const;

type MappingInput = Partial<CreateEventSourceMappingRequest & UpdateEventSourceMappingRequest>;

export interface StoredMapping {
  accountId: string;
  region: string;
  functionName: string;
  kind: SourceKind;
  config: MappingConfig;
}

export function sourceKindOf(arn: string): SourceKind | "kinesis" | undefined {
  const parsed = parseArn(arn);
  if (parsed?.service === "sqs") return "sqs";
  if (parsed?.service === "dynamodb" && /^table\/[^/]+\/stream\//.test(parsed.resource)) return "dynamodb";
  if (parsed?.service === "kinesis") return "kinesis";
  return undefined;
}

export const mappingArn = (region: string, accountId: string, uuid: string) =>
  `arn:aws:lambda:${region}:${accountId}:event-source-mapping:${uuid}`;

/** Checks what CreateEventSourceMapping and UpdateEventSourceMapping accept for a source kind. */
export function validateMappingInput(kind: SourceKind, input: MappingInput, creating: boolean): void {
  if (kind === "sqs") {
    if (input.StartingPosition !== undefined || input.StartingPositionTimestamp !== undefined)
      throw new InvalidParameterValueException("StartingPosition is not valid for SQS event sources.");
    for (const name of STREAM_ONLY) {
      if (input[name] !== undefined)
        throw new InvalidParameterValueException(
          `Unsupported ${name} parameter for given event source mapping type.`,
        );
    }
  } else {
    if (input.ScalingConfig !== undefined)
      throw new InvalidParameterValueException(
        "Unsupported ScalingConfig parameter for given event source mapping type.",
      );
    if (creating && input.StartingPosition === undefined)
      throw new InvalidParameterValueException(
        "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.",
      );
    if (input.StartingPositionTimestamp !== undefined && input.StartingPosition !== "AT_TIMESTAMP")
      throw new InvalidParameterValueException("Timestamp only valid with StartingPosition AT_TIMESTAMP");
    const age = input.MaximumRecordAgeInSeconds;
    if (age !== undefined && age !== -1 && age < MAX_RECORD_AGE_MIN_SECONDS) {
      throw new ValidationException(
        `1 validation error detected: Value '${age}' at 'maximumRecordAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MAX_RECORD_AGE_MIN_SECONDS}`,
      );
    }
    const failure = input.DestinationConfig?.OnFailure?.Destination;
    if (failure && parseArn(failure)?.service !== "sqs") {
      throw new InvalidParameterValueException(
        `The destination ${failure} is not supported by the Orderflow engine yet: use an SQS queue.`,
      );
    }
  }
  const batch = input.BatchSize;
  if (batch !== undefined && batch > LIMITS[kind].maxBatch) {
    throw new InvalidParameterValueException(
      `BatchSize must be between 1 and ${LIMITS[kind].maxBatch} for ${kind === "sqs" ? "SQS" : "DynamoDB"} event sources.`,
    );
  }
  const filters = input.FilterCriteria?.Filters ?? [];
  if (filters.length > MAX_FILTERS)
    throw new InvalidParameterValueException(`The maximum number of filters is ${MAX_FILTERS}.`);
  for (const filter of filters) {
    try {
      parseEventPattern(filter.Pattern ?? "");
    } catch (error) {
      if (error instanceof InvalidEventPattern)
        throw new InvalidParameterValueException("Invalid filter pattern definition.");
      throw error;
    }
  }
}

/** AWS: more than 10 SQS records per batch only with a window of at least a second. */
function validateSqsWindow(config: MappingConfig): void {
  if (config.BatchSize > SQS_MAX_BATCH_WITHOUT_WINDOW && !(config.MaximumBatchingWindowInSeconds ?? 0)) {
    throw new InvalidParameterValueException(
      "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
    );
  }
}

interface MappingRow {
  uuid: string;
  account_id: string;
  region: string;
  function_name: string;
  config: string;
}

export class MappingRegistry {
  private readonly mappings = new Map<string, StoredMapping>();
  private readonly statements;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly pollers: PollerManager,
  ) {
    this.statements = {
      upsert: db.prepare(
        `INSERT INTO lambda_mappings (uuid, account_id, region, function_name, config) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (uuid) DO UPDATE SET function_name = excluded.function_name, config = excluded.config`,
      ),
      remove: db.prepare("DELETE FROM lambda_mappings WHERE uuid = ?"),
      all: db.prepare("SELECT * FROM lambda_mappings"),
    };
    for (const row of this.statements.all.all() as MappingRow[]) {
      const config = JSON.parse(row.config) as MappingConfig;
      const kind = sourceKindOf(config.EventSourceArn);
      if (kind !== "sqs" && kind !== "dynamodb") continue;
      // A transition cut short by a restart completes now.
      config.State = settledState(config.State);
      const mapping = {
        accountId: row.account_id,
        region: row.region,
        functionName: row.function_name,
        kind,
        config,
      };
      this.mappings.set(row.uuid, mapping);
      this.pollers.apply(config);
    }
  }

  get(uuid: string): StoredMapping {
    const mapping = this.mappings.get(uuid);
    if (!mapping) {
      // AWS's wording for an unknown UUID.
      throw new ResourceNotFoundException(
        `The resource you requested does not exist. (Service: Lambda, Status Code: 404, Request ID: ${randomUUID()})`,
      );
    }
    return mapping;
  }

  list(accountId: string, region: string): StoredMapping[] {
    return [...this.mappings.values()].filter((m) => m.accountId === accountId && m.region === region);
  }

  forFunction(accountId: string, region: string, functionName: string): StoredMapping[] {
    return this.list(accountId, region).filter((m) => m.functionName === functionName);
  }

  create(
    owner: { accountId: string; region: string; functionName: string; functionArn: string },
    kind: SourceKind,
    input: MappingInput & { EventSourceArn: string },
  ): MappingConfig {
    const duplicate = this.forFunction(owner.accountId, owner.region, owner.functionName).find(
      (m) => m.config.EventSourceArn === input.EventSourceArn,
    );
    if (duplicate) {
      throw new ResourceConflictException(
        `The event source arn (" ${input.EventSourceArn} ") and function (" ${owner.functionName} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${duplicate.config.UUID}`,
      );
    }
    const uuid = randomUUID();
    const config: MappingConfig = {
      UUID: uuid,
      ...(kind === "dynamodb" && { StartingPosition: input.StartingPosition }),
      ...(input.StartingPositionTimestamp && { StartingPositionTimestamp: input.StartingPositionTimestamp }),
      BatchSize: input.BatchSize ?? LIMITS[kind].defaultBatch,
      MaximumBatchingWindowInSeconds: input.MaximumBatchingWindowInSeconds ?? 0,
      ...(kind === "dynamodb" && { ParallelizationFactor: input.ParallelizationFactor ?? 1 }),
      EventSourceArn: input.EventSourceArn,
      ...(input.FilterCriteria && { FilterCriteria: input.FilterCriteria }),
      FunctionArn: owner.functionArn,
      LastModified: wireTimestamp(this.clock.now()),
      ...(kind === "dynamodb" && { LastProcessingResult: "No records processed" }),
      State: "Creating",
      StateTransitionReason: "USER_INITIATED",
      ...(kind === "dynamodb" && {
        DestinationConfig: { OnFailure: input.DestinationConfig?.OnFailure ?? {} },
        MaximumRecordAgeInSeconds: input.MaximumRecordAgeInSeconds ?? -1,
        BisectBatchOnFunctionError: input.BisectBatchOnFunctionError ?? false,
        MaximumRetryAttempts: input.MaximumRetryAttempts ?? -1,
        TumblingWindowInSeconds: input.TumblingWindowInSeconds ?? 0,
      }),
      FunctionResponseTypes: input.FunctionResponseTypes ?? [],
      ...(input.ScalingConfig && { ScalingConfig: input.ScalingConfig }),
      EventSourceMappingArn: mappingArn(owner.region, owner.accountId, uuid),
    };
    if (kind === "sqs") validateSqsWindow(config);
    const mapping: StoredMapping = { ...owner, kind, config };
    this.store(mapping);
    this.settle(mapping, input.Enabled === false ? "Disabled" : "Enabled");
    return { ...config };
  }

  update(uuid: string, input: MappingInput, functionArn?: { name: string; arn: string }): MappingConfig {
    const mapping = this.get(uuid);
    const { config } = mapping;
    if (!["Enabled", "Disabled", "Creating"].includes(config.State) && config.State !== "Updating") {
      throw new ResourceConflictException(
        `The operation cannot be performed at this time. The event source mapping is currently in the ${config.State} state.`,
      );
    }
    const next: MappingConfig = { ...config };
    const fields = [
      "BatchSize",
      "MaximumBatchingWindowInSeconds",
      "ParallelizationFactor",
      "FilterCriteria",
      "MaximumRecordAgeInSeconds",
      "BisectBatchOnFunctionError",
      "MaximumRetryAttempts",
      "TumblingWindowInSeconds",
      "FunctionResponseTypes",
      "ScalingConfig",
    ] as const;
    for (const field of fields)
      if (input[field] !== undefined) (next as unknown as Record<string, unknown>)[field] = input[field];
    if (input.DestinationConfig)
      next.DestinationConfig = { OnFailure: input.DestinationConfig.OnFailure ?? {} };
    if (functionArn) {
      next.FunctionArn = functionArn.arn;
      mapping.functionName = functionArn.name;
    }
    if (mapping.kind === "sqs") validateSqsWindow(next);
    const enabled = input.Enabled ?? !(config.State === "Disabled" || config.State === "Disabling");
    next.State = input.Enabled === undefined ? "Updating" : enabled ? "Enabling" : "Disabling";
    next.LastModified = wireTimestamp(this.clock.now());
    mapping.config = next;
    this.store(mapping);
    this.settle(mapping, enabled ? "Enabled" : "Disabled");
    return { ...next };
  }

  delete(uuid: string): MappingConfig {
    const mapping = this.get(uuid);
    mapping.config = { ...mapping.config, State: "Deleting" };
    this.statements.remove.run(uuid);
    this.mappings.delete(uuid);
    this.pollers.remove(uuid);
    return { ...mapping.config };
  }

  /** What the pollers last reported, shown as LastProcessingResult. */
  processingResult(uuid: string, result: string): void {
    const mapping = this.mappings.get(uuid);
    if (!mapping || mapping.config.LastProcessingResult === result) return;
    mapping.config = { ...mapping.config, LastProcessingResult: result };
  }

  close(): void {
    this.mappings.clear();
  }

  private store(mapping: StoredMapping): void {
    this.statements.upsert.run(
      mapping.config.UUID,
      mapping.accountId,
      mapping.region,
      mapping.functionName,
      JSON.stringify(mapping.config),
    );
    this.mappings.set(mapping.config.UUID, mapping);
  }

  /** The transition ends just after the response, as the pollers pick the new configuration up. */
  private settle(mapping: StoredMapping, state: "Enabled" | "Disabled"): void {
    const uuid = mapping.config.UUID;
    this.clock.setTimer(0, () => {
      const current = this.mappings.get(uuid);
      if (current !== mapping) return;
      current.config = { ...current.config, State: state };
      this.store(current);
      this.pollers.apply(current.config);
    });
  }
}

/**
 * restJson sends timestamps as epoch seconds; the configuration is stored as it goes on the wire,
 * although the SDK's type (which describes the parsed value) says Date.
 */
const wireTimestamp = (ms: number): Date => (ms / 1000) as unknown as Date;

function settledState(state: string): string {
  if (state === "Creating" || state === "Enabling" || state === "Updating") return "Enabled";
  if (state === "Disabling") return "Disabled";
  return state;
}
