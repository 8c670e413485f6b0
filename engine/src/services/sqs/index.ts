/**
 * Amazon SQS — the whole public API of the 2012-11-05 model, over awsJson 1.0 (query-compatible:
 * legacy codes in `x-amzn-query-error`) and the older awsQuery protocol.
 *
 * Operations: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, PurgeQueue, GetQueueAttributes,
 * SetQueueAttributes, SendMessage, SendMessageBatch, ReceiveMessage, DeleteMessage,
 * DeleteMessageBatch, ChangeMessageVisibility, ChangeMessageVisibilityBatch,
 * ListDeadLetterSourceQueues, TagQueue, UntagQueue, ListQueueTags, AddPermission,
 * RemovePermission, StartMessageMoveTask, CancelMessageMoveTask, ListMessageMoveTasks.
 *
 * LIMITATIONS
 * - Queue policies (Policy, AddPermission) are stored and returned but not enforced; IAM
 *   enforcement comes with issue 6.
 * - Server-side encryption attributes (KmsMasterKeyId, SqsManagedSseEnabled) are stored and
 *   reported; messages are not encrypted at rest and no KMS errors are produced.
 * - Short polls consider every message (AWS samples a subset of servers, so it may return fewer
 *   than are available); ordering of standard queues is oldest-visible-first rather than random.
 * - Attribute changes apply at once (AWS: up to 60 s, retention up to 15 min to propagate).
 * - FIFO high-throughput settings are accepted and reported; per-group throughput quotas
 *   (300 requests/s) are not imposed.
 * - Queue URLs use the engine's own host; any host in a QueueUrl is accepted, the path decides.
 */
import sqsModel from "../../models/sqs.json" with { type: "json" };
import type { ServiceModel } from "../../protocol/model.ts";
import type { InputErrors } from "../../protocol/shape-input.ts";
import type { Clock } from "../../shared/clock.ts";
import { type Db, migrate } from "../../storage/database.ts";
import type { ServiceDefinition } from "../service.ts";
import { MAX_BATCH_PAYLOAD_BYTES } from "./constants.ts";
import {
  InvalidAction,
  InvalidParameterValue,
  MissingParameter,
  QueueDoesNotExist,
  SqsSerializationException,
} from "./errors.ts";
import { QueueSignals } from "./long-poll.ts";
import { MessageStore } from "./messages.ts";
import { MoveTasks } from "./move-tasks.ts";
import { type SqsCore, sqsOperations } from "./operations.ts";
import { parseQueueUrl, QueueRegistry } from "./queues.ts";
import { SQS_MIGRATIONS } from "./store.ts";

const model = sqsModel as unknown as ServiceModel;

/**
 * Coral's texts for a JSON member of the wrong type; in query a value that does not parse is an
 * InvalidParameterValue naming the parameter.
 */
const inputErrors: InputErrors = {
  scalarsAsStrings: true,
  invalidType(path, expected, value, protocol) {
    if (protocol === "query") {
      if (expected === "integer" || expected === "long") {
        return new InvalidParameterValue(
          `Value ${value} for parameter ${path} is invalid. Reason: Must be an integer.`,
        );
      }
      if (expected === "boolean") {
        return new InvalidParameterValue(
          `Value ${value} for parameter ${path} is invalid. Reason: Must be a boolean.`,
        );
      }
    }
    if (Array.isArray(value)) return new SqsSerializationException("Start of list found where not expected");
    if (value !== null && typeof value === "object") {
      return new SqsSerializationException("Start of structure or map found where not expected.");
    }
    if (typeof value === "string" && (expected === "integer" || expected === "long")) {
      return new SqsSerializationException("STRING_VALUE can not be converted to an Integer");
    }
    return new SqsSerializationException(`Unexpected value type for ${path}: expected ${expected}.`);
  },
};

export interface SqsService {
  definition: ServiceDefinition;
  core: SqsCore;
}

export function createSqsService(deps: { db: Db; clock: Clock }): SqsService {
  migrate(deps.db, "sqs", SQS_MIGRATIONS);
  const signals = new QueueSignals(deps.clock);
  const queues = new QueueRegistry(deps.db, deps.clock);
  const messages = new MessageStore(deps.db, deps.clock, queues, (queueId) => signals.notify(queueId));
  const moveTasks = new MoveTasks(deps.db, deps.clock, queues, messages);
  moveTasks.resume();
  const core: SqsCore = { clock: deps.clock, queues, messages, signals, moveTasks };

  const definition: ServiceDefinition = {
    name: "sqs",
    signingNames: ["sqs"],
    model,
    jsonErrorNamespace: "com.amazonaws.sqs",
    query: true,
    // A 1 MiB message can grow about six-fold when JSON-escaped; anything larger cannot be valid.
    maxRequestBytes: 8 * MAX_BATCH_PAYLOAD_BYTES,
    inputErrors,
    missingParameter(path) {
      // AWS answers a missing QueueUrl as a queue that does not exist.
      if (path === "QueueUrl") return new QueueDoesNotExist();
      if (path === "QueueName") {
        return new InvalidParameterValue(
          "Value for parameter QueueName is invalid. Reason: Must specify a queue name.",
        );
      }
      return new MissingParameter(path);
    },
    unknownOperation: (name) => new InvalidAction(name),
    ownsQueryPath: (path) => parseQueueUrl(path) !== undefined,
    completeQueryParams(params, path) {
      // Query clients may address the queue by posting to its URL instead of sending QueueUrl.
      if (!params.has("QueueUrl") && parseQueueUrl(path)) params.set("QueueUrl", path);
    },
    operations: sqsOperations(core),
    close() {
      signals.close();
      moveTasks.close();
    },
  };
  return { definition, core };
}
