/**
 * Amazon DynamoDB Streams (API 2012-08-10, awsJson 1.0, target prefix DynamoDBStreams_20120810):
 * ListStreams, DescribeStream, GetShardIterator, GetRecords over the records the DynamoDB item
 * store appends (services/dynamodb/stream-store.ts).
 *
 * LIMITATIONS
 * - One shard per stream; AWS splits and rolls shards over time (about every four hours). Readers
 *   that follow ParentShardId lineage still work; there is simply none.
 * - No limit of two concurrent readers per shard, and no per-second call rate limits.
 * - StreamStatus is ENABLED or DISABLED at once (AWS passes through ENABLING and DISABLING).
 */
import streamsModel from "../../models/dynamodbstreams.json" with { type: "json" };
import { coralValidationMessage } from "../../protocol/coral-validation.ts";
import { UnknownOperationException } from "../../protocol/errors.ts";
import type { ServiceModel } from "../../protocol/model.ts";
import type { Clock } from "../../shared/clock.ts";
import { DYNAMODB_ERROR_NAMESPACE, ValidationException } from "../dynamodb/errors.ts";
import type { StreamStore } from "../dynamodb/stream-store.ts";
import type { OperationHandler, ServiceDefinition } from "../service.ts";
import { streamsOperations } from "./operations.ts";

const model = streamsModel as unknown as ServiceModel;

/** Streams requests are small: an iterator or an ARN. */
const MAX_REQUEST_BYTES = 1024 * 1024;

export function createDynamoDbStreamsService(deps: {
  clock: Clock;
  streams: StreamStore;
}): ServiceDefinition {
  return {
    name: "dynamodbstreams",
    signingNames: [],
    model,
    jsonErrorNamespace: DYNAMODB_ERROR_NAMESPACE,
    query: false,
    maxRequestBytes: MAX_REQUEST_BYTES,
    inputErrors: {
      invalidType: () => new ValidationException("Start of structure or map found where not expected."),
    },
    validateInput(operation, input) {
      const shape = model.operations[operation]?.input;
      const message = shape ? coralValidationMessage(model, shape, input) : undefined;
      if (message) throw new ValidationException(message);
    },
    missingParameter: (path) =>
      new ValidationException(
        `Value null at '${path}' failed to satisfy constraint: Member must not be null`,
      ),
    unknownOperation: () => new UnknownOperationException(),
    operations: streamsOperations(deps) as Record<string, OperationHandler>,
  };
}
