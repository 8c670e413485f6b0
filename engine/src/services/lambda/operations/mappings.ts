/**
 * The event source mapping API: Create, Get, Update, Delete and List, for SQS queues and DynamoDB
 * streams. The source must exist when the mapping is created, as Lambda checks it then.
 */
import type {
  CreateEventSourceMappingRequest,
  UpdateEventSourceMappingRequest,
} from "@aws-sdk/client-lambda";
import type { RequestContext } from "../../../server/context.ts";
import { parseArn } from "../../../shared/arn.ts";
import { type LambdaCore, resolveFunction } from "../core.ts";
import { InvalidParameterValueException } from "../errors.ts";
import { type SourceKind, sourceKindOf, validateMappingInput } from "../mappings.ts";
import { checkDestinationWritable, checkSourceReadable } from "../role-checks.ts";

const LIST_DEFAULT = 100;
/** FIFO queues deliver at most ten messages per batch (Lambda guide, "Using Lambda with Amazon SQS"). */
const FIFO_MAX_BATCH = 10;

async function checkSource(core: LambdaCore, kind: SourceKind, arn: string, batchSize: number | undefined) {
  const parsed = parseArn(arn)!;
  if (kind === "sqs") {
    try {
      await core.client.call(
        "sqs",
        "GetQueueUrl",
        { QueueName: parsed.resource, QueueOwnerAWSAccountId: parsed.accountId },
        { region: parsed.region },
      );
    } catch {
      // AWS reports the failed call it made on the user's behalf.
      throw new InvalidParameterValueException(
        "Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist or you do not have access to it.",
      );
    }
    if (parsed.resource.endsWith(".fifo") && batchSize !== undefined && batchSize > FIFO_MAX_BATCH) {
      throw new InvalidParameterValueException(
        `Batch size must be between 1 and ${FIFO_MAX_BATCH} for FIFO queues.`,
      );
    }
    return;
  }
  try {
    await core.client.call(
      "dynamodbstreams",
      "DescribeStream",
      { StreamArn: arn },
      { region: parsed.region },
    );
  } catch {
    throw new InvalidParameterValueException(`Stream not found: ${arn}`);
  }
}

function kindOf(arn: string | undefined): SourceKind {
  if (!arn)
    throw new InvalidParameterValueException(
      "Unrecognized event source, must be kafka or specify an EventSourceArn.",
    );
  const kind = sourceKindOf(arn);
  if (kind === "kinesis") {
    throw new InvalidParameterValueException(
      "Kinesis event sources are not supported by the Orderflow engine (see docs/CONFORMANCE.md).",
    );
  }
  if (!kind) throw new InvalidParameterValueException(`Unrecognized event source: ${arn}`);
  return kind;
}

export function mappingOperations(core: LambdaCore) {
  const { mappings } = core;
  return {
    async CreateEventSourceMapping(
      input: CreateEventSourceMappingRequest & { FunctionName: string },
      ctx: RequestContext,
    ) {
      const kind = kindOf(input.EventSourceArn);
      validateMappingInput(kind, input, true);
      const fn = resolveFunction(core, ctx, input.FunctionName);
      await checkSource(core, kind, input.EventSourceArn!, input.BatchSize);
      await checkSourceReadable(core, fn.config.Role ?? "", kind, input.EventSourceArn!);
      await checkDestinationWritable(
        core,
        "CreateEventSourceMapping",
        fn.config.Role ?? "",
        input.DestinationConfig?.OnFailure?.Destination,
      );
      return mappings.create(
        {
          accountId: fn.accountId,
          region: fn.region,
          functionName: fn.name,
          functionArn: fn.config.FunctionArn,
        },
        kind,
        { ...input, EventSourceArn: input.EventSourceArn! },
      );
    },

    GetEventSourceMapping(input: { UUID: string }) {
      return { ...mappings.get(input.UUID).config };
    },

    async UpdateEventSourceMapping(
      input: UpdateEventSourceMappingRequest & { UUID: string },
      ctx: RequestContext,
    ) {
      const mapping = mappings.get(input.UUID);
      validateMappingInput(mapping.kind, input, false);
      const target = input.FunctionName ? resolveFunction(core, ctx, input.FunctionName) : undefined;
      const role = (target ?? core.functions.find(mapping.accountId, mapping.region, mapping.functionName))
        ?.config.Role;
      await checkDestinationWritable(
        core,
        "UpdateEventSourceMapping",
        role ?? "",
        input.DestinationConfig?.OnFailure?.Destination,
      );
      return mappings.update(
        input.UUID,
        input,
        target ? { name: target.name, arn: target.config.FunctionArn } : undefined,
      );
    },

    DeleteEventSourceMapping(input: { UUID: string }) {
      return mappings.delete(input.UUID);
    },

    ListEventSourceMappings(
      input: { EventSourceArn?: string; FunctionName?: string; Marker?: string; MaxItems?: number },
      ctx: RequestContext,
    ) {
      let all = mappings.list(ctx.accountId, ctx.region);
      if (input.FunctionName) {
        const fn = resolveFunction(core, ctx, input.FunctionName);
        all = all.filter((m) => m.functionName === fn.name);
      }
      if (input.EventSourceArn) all = all.filter((m) => m.config.EventSourceArn === input.EventSourceArn);
      all.sort((a, b) => (a.config.UUID < b.config.UUID ? -1 : 1));
      const start = input.Marker ? all.findIndex((m) => m.config.UUID > input.Marker!) : 0;
      const from = start < 0 ? all.length : start;
      const size = input.MaxItems ?? LIST_DEFAULT;
      const page = all.slice(from, from + size);
      const more = from + size < all.length;
      return {
        EventSourceMappings: page.map((m) => ({ ...m.config })),
        ...(more && { NextMarker: page[page.length - 1]!.config.UUID }),
      };
    },
  };
}
