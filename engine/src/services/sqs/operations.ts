/**
 * SQS operations: wire shapes (the AWS SDK's own input/output types) to the core and back,
 * with request-level validation. One handler serves both the JSON and the query protocol.
 */
import type * as Sqs from "@aws-sdk/client-sqs";
import { ServiceError } from "../../protocol/errors.ts";
import type { RequestContext } from "../../server/context.ts";
import type { Clock } from "../../shared/clock.ts";
import type { OperationHandler } from "../service.ts";
import {
  FIFO_SUFFIX,
  MAX_BATCH_ENTRIES,
  MAX_BATCH_ENTRY_ID_LENGTH,
  MAX_BATCH_PAYLOAD_BYTES,
  MAX_LIST_RESULTS,
  MAX_PERMISSION_LABEL_LENGTH,
  MAX_QUEUE_NAME_LENGTH,
  MAX_RECEIVE_MESSAGES,
  MAX_TAG_KEY_LENGTH,
  MAX_TAG_VALUE_LENGTH,
  MAX_TAGS_PER_QUEUE,
  MAX_VISIBILITY_TIMEOUT_SECONDS,
  MAX_WAIT_TIME_SECONDS,
  PURGE_INTERVAL_MS,
} from "./constants.ts";
import {
  BatchEntryIdsNotDistinct,
  BatchRequestTooLong,
  EmptyBatchRequest,
  InvalidBatchEntryId,
  InvalidParameterValue,
  invalidParameter,
  MissingParameter,
  OverLimit,
  PurgeQueueInProgress,
  TooManyEntriesInBatchRequest,
  unknownAttribute,
} from "./errors.ts";
import type { QueueSignals } from "./long-poll.ts";
import { md5OfAttributes, selectAttributes } from "./message-attributes.ts";
import type { MessageStore, ReceivedMessage } from "./messages.ts";
import type { MoveTasks } from "./move-tasks.ts";
import { ALL_ATTRIBUTE_NAMES, effectiveAttributes, normalizeAttributes } from "./queue-attributes.ts";
import { type Queue, type QueueRegistry, queueUrl } from "./queues.ts";
import { checkFifoBatch, entrySize, prepareSend } from "./send-validation.ts";

export interface SqsCore {
  clock: Clock;
  queues: QueueRegistry;
  messages: MessageStore;
  signals: QueueSignals;
  moveTasks: MoveTasks;
}

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
const PERMISSION_LABEL = /^[A-Za-z0-9_-]{1,80}$/;
/** Actions AddPermission may grant (SQS API reference, AddPermission). */
const SHAREABLE_ACTIONS = new Set([
  "*",
  "SendMessage",
  "ReceiveMessage",
  "DeleteMessage",
  "ChangeMessageVisibility",
  "GetQueueAttributes",
  "GetQueueUrl",
  "ListDeadLetterSourceQueues",
  "PurgeQueue",
  "ListQueueTags",
]);
const MAX_PERMISSION_ACTIONS = 7;

const MESSAGE_SYSTEM_ATTRIBUTES = [
  "SenderId",
  "SentTimestamp",
  "ApproximateReceiveCount",
  "ApproximateFirstReceiveTimestamp",
  "SequenceNumber",
  "MessageDeduplicationId",
  "MessageGroupId",
  "AWSTraceHeader",
  "DeadLetterQueueSourceArn",
] as const;

function checkQueueName(name: string, fifoRequested: boolean): { name: string; fifo: boolean } {
  const fifo = name.endsWith(FIFO_SUFFIX);
  if (fifoRequested && !FIFO_QUEUE_NAME.test(name)) {
    throw new InvalidParameterValue(
      "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.",
    );
  }
  if (
    name.length > MAX_QUEUE_NAME_LENGTH ||
    !(fifo ? FIFO_QUEUE_NAME.test(name) : QUEUE_NAME.test(name)) ||
    (fifo && !fifoRequested)
  ) {
    throw new InvalidParameterValue(
      "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
    );
  }
  return { name, fifo };
}

function checkBatch<T extends { Id?: string }>(entries: T[] | undefined, entryName: string): T[] {
  if (!entries || entries.length === 0) throw new EmptyBatchRequest(entryName);
  if (entries.length > MAX_BATCH_ENTRIES) throw new TooManyEntriesInBatchRequest(entries.length);
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!entry.Id || entry.Id.length > MAX_BATCH_ENTRY_ID_LENGTH || !BATCH_ENTRY_ID.test(entry.Id))
      throw new InvalidBatchEntryId();
    if (seen.has(entry.Id)) throw new BatchEntryIdsNotDistinct(entry.Id);
    seen.add(entry.Id);
  }
  return entries;
}

/** A per-entry failure in a batch result; SQS reports the query-style code there. */
function failure(id: string, error: unknown): Sqs.BatchResultErrorEntry {
  if (!(error instanceof ServiceError)) throw error;
  return {
    Id: id,
    SenderFault: error.fault === "Sender",
    Code: error.queryCode ?? error.code,
    Message: error.message,
  };
}

function rangeCheck(
  parameter: string,
  value: number | undefined,
  min: number,
  max: number,
  reason: string,
): void {
  if (value !== undefined && (value < min || value > max)) throw invalidParameter(parameter, value, reason);
}

export function sqsOperations(core: SqsCore): Record<string, OperationHandler> {
  const { queues, messages, signals, moveTasks, clock } = core;
  const queueFor = (input: { QueueUrl?: string }, ctx: RequestContext): Queue =>
    queues.fromUrl(input.QueueUrl, ctx.region);

  function systemAttributesOf(
    queue: Queue,
    message: ReceivedMessage,
    wanted: Set<string>,
  ): Record<string, string> | undefined {
    const all = wanted.has("All");
    const out: Record<string, string> = {};
    const put = (name: (typeof MESSAGE_SYSTEM_ATTRIBUTES)[number], value: string | undefined) => {
      if (value !== undefined && (all || wanted.has(name))) out[name] = value;
    };
    put("SenderId", message.senderId);
    put("SentTimestamp", String(message.sentAt));
    put("ApproximateReceiveCount", String(message.receiveCount));
    put("ApproximateFirstReceiveTimestamp", String(message.firstReceivedAt));
    if (queue.fifo) {
      put("SequenceNumber", message.sequenceNumber);
      put("MessageDeduplicationId", message.deduplicationId);
    }
    put("MessageGroupId", message.groupId);
    put("AWSTraceHeader", message.systemAttributes?.AWSTraceHeader?.StringValue);
    put("DeadLetterQueueSourceArn", message.deadLetterSourceArn);
    return Object.keys(out).length > 0 ? out : undefined;
  }

  function toWireMessage(
    queue: Queue,
    message: ReceivedMessage,
    input: Sqs.ReceiveMessageRequest,
  ): Sqs.Message {
    const wanted = new Set<string>([
      ...(input.AttributeNames ?? []),
      ...(input.MessageSystemAttributeNames ?? []),
    ]);
    const selected = selectAttributes(message.attributes, input.MessageAttributeNames ?? []);
    return {
      MessageId: message.messageId,
      ReceiptHandle: message.receiptHandle,
      MD5OfBody: message.md5OfBody,
      Body: message.body,
      Attributes: systemAttributesOf(queue, message, wanted),
      MD5OfMessageAttributes: md5OfAttributes(selected),
      MessageAttributes: selected as Sqs.Message["MessageAttributes"],
    };
  }

  function queueAttributes(queue: Queue, names: readonly string[]): Record<string, string> | undefined {
    if (names.length === 0) return undefined;
    for (const name of names) {
      if (name !== "All" && !ALL_ATTRIBUTE_NAMES.includes(name)) throw unknownAttribute(name);
    }
    const counts = messages.counts(queue);
    const all: Record<string, string> = {
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: String(counts.visible),
      ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.modifiedAt / 1000)),
      ...effectiveAttributes(queue.attributes, queue.fifo),
    };
    if (names.includes("All")) return all;
    const out: Record<string, string> = {};
    for (const name of names) if (all[name] !== undefined) out[name] = all[name]!;
    return Object.keys(out).length > 0 ? out : undefined;
  }

  /*
   * A long poll keeps waiting when its client goes away, and a message that arrives is then
   * received for nobody until its visibility timeout passes. SQS behaves the same (it cannot see
   * the client leave), which is why the SDKs warn against client timeouts below WaitTimeSeconds.
   */
  async function receive(
    input: Sqs.ReceiveMessageRequest,
    ctx: RequestContext,
  ): Promise<Sqs.ReceiveMessageResult> {
    const queue = queueFor(input, ctx);
    const max = input.MaxNumberOfMessages ?? 1;
    rangeCheck(
      "MaxNumberOfMessages",
      input.MaxNumberOfMessages,
      1,
      MAX_RECEIVE_MESSAGES,
      "Must be between 1 and 10, if provided.",
    );
    rangeCheck(
      "WaitTimeSeconds",
      input.WaitTimeSeconds,
      0,
      MAX_WAIT_TIME_SECONDS,
      "Must be >= 0 and <= 20, if provided.",
    );
    rangeCheck(
      "VisibilityTimeout",
      input.VisibilityTimeout,
      0,
      MAX_VISIBILITY_TIMEOUT_SECONDS,
      "Must be >= 0 and <= 43200, if provided.",
    );
    const waitSeconds = input.WaitTimeSeconds ?? queue.config.receiveWaitSeconds;
    const deadline = clock.now() + waitSeconds * 1000;
    const options = {
      maxMessages: max,
      visibilityTimeoutSeconds: input.VisibilityTimeout,
      attemptId: queue.fifo ? input.ReceiveRequestAttemptId : undefined,
    };
    for (;;) {
      // The queue may have been deleted while this receive waited.
      const current = queues.byInternalId(queue.id);
      if (!current) return {};
      const received = messages.receive(current, options);
      if (received.length > 0) return { Messages: received.map((m) => toWireMessage(current, m, input)) };
      const now = clock.now();
      if (now >= deadline) return {};
      const next = messages.nextVisibleAt(current);
      const waited = await signals.wait(
        current.id,
        next === undefined ? deadline : Math.min(deadline, next),
        ctx.signal,
      );
      // Not waited: the queue (or engine) has as many waiting receives as it allows.
      if (!waited || signals.isClosed || ctx.signal?.aborted) return {};
    }
  }

  const operations: Record<string, (input: never, ctx: RequestContext) => unknown> = {
    CreateQueue(input: Sqs.CreateQueueRequest, ctx) {
      const raw = (input.Attributes ?? {}) as Record<string, string>;
      const named = input.QueueName ?? "";
      if (!named)
        throw new InvalidParameterValue(
          "Value for parameter QueueName is invalid. Reason: Must specify a queue name.",
        );
      const nameIsFifo = named.endsWith(FIFO_SUFFIX);
      if (!nameIsFifo && raw.FifoQueue !== undefined) throw unknownAttribute("FifoQueue");
      const { name, fifo } = checkQueueName(named, String(raw.FifoQueue).toLowerCase() === "true");
      const attributes = normalizeAttributes(raw, { fifo, creating: true });
      delete attributes.FifoQueue;
      const tags = tagsOf(input.tags);
      checkTags(tags, name);
      const { queue } = queues.create(
        { accountId: ctx.accountId, region: ctx.region, name, fifo },
        attributes,
        tags,
        raw,
      );
      return { QueueUrl: queueUrl(ctx.baseUrl, queue) } satisfies Sqs.CreateQueueResult;
    },

    GetQueueUrl(input: Sqs.GetQueueUrlRequest, ctx) {
      if (!input.QueueName)
        throw new InvalidParameterValue(
          "Value for parameter QueueName is invalid. Reason: Must specify a queue name.",
        );
      const queue = queues.get(input.QueueOwnerAWSAccountId ?? ctx.accountId, ctx.region, input.QueueName);
      return { QueueUrl: queueUrl(ctx.baseUrl, queue) } satisfies Sqs.GetQueueUrlResult;
    },

    ListQueues(input: Sqs.ListQueuesRequest, ctx) {
      rangeCheck(
        "MaxResults",
        input.MaxResults,
        1,
        MAX_LIST_RESULTS,
        "MaxResults must be an integer between 1 and 1000.",
      );
      const prefix = input.QueueNamePrefix ?? "";
      let candidates = queues.list(ctx.accountId, ctx.region).filter((q) => q.name.startsWith(prefix));
      if (input.NextToken) {
        const after = decodeToken(input.NextToken);
        candidates = candidates.filter((q) => q.name > after);
      }
      const limit = input.MaxResults ?? MAX_LIST_RESULTS;
      const page = candidates.slice(0, limit);
      const result: Sqs.ListQueuesResult = {};
      if (page.length > 0) result.QueueUrls = page.map((q) => queueUrl(ctx.baseUrl, q));
      // AWS: NextToken is only returned when the request set MaxResults.
      if (input.MaxResults !== undefined && candidates.length > limit)
        result.NextToken = encodeToken(page.at(-1)!.name);
      return result;
    },

    DeleteQueue(input: Sqs.DeleteQueueRequest, ctx) {
      const queue = queueFor(input, ctx);
      queues.delete(queue);
      signals.notify(queue.id);
      return {};
    },

    PurgeQueue(input: Sqs.PurgeQueueRequest, ctx) {
      const queue = queueFor(input, ctx);
      const now = clock.now();
      if (queue.purgedAt !== undefined && now - queue.purgedAt < PURGE_INTERVAL_MS)
        throw new PurgeQueueInProgress(queue.name);
      messages.purge(queue);
      queues.markPurged(queue, now);
      return {};
    },

    GetQueueAttributes(input: Sqs.GetQueueAttributesRequest, ctx) {
      const queue = queueFor(input, ctx);
      const attributes = queueAttributes(queue, input.AttributeNames ?? []);
      return (attributes ? { Attributes: attributes } : {}) satisfies Sqs.GetQueueAttributesResult;
    },

    SetQueueAttributes(input: Sqs.SetQueueAttributesRequest, ctx) {
      const queue = queueFor(input, ctx);
      const attributes = (input.Attributes ?? {}) as Record<string, string>;
      if (Object.keys(attributes).length === 0) throw new MissingParameter("Attribute.Name");
      queues.setAttributes(
        queue,
        normalizeAttributes(attributes, { fifo: queue.fifo, creating: false }),
        attributes,
      );
      return {};
    },

    SendMessage(input: Sqs.SendMessageRequest, ctx) {
      const queue = queueFor(input, ctx);
      const request = prepareSend(queue, input as never, ctx.accountId);
      const [sent] = messages.send(queue, [request]);
      return {
        MessageId: sent!.messageId,
        MD5OfMessageBody: sent!.md5OfBody,
        MD5OfMessageAttributes: sent!.md5OfAttributes,
        MD5OfMessageSystemAttributes: sent!.md5OfSystemAttributes,
        SequenceNumber: sent!.sequenceNumber,
      } satisfies Sqs.SendMessageResult;
    },

    SendMessageBatch(input: Sqs.SendMessageBatchRequest, ctx) {
      const queue = queueFor(input, ctx);
      const entries = checkBatch(input.Entries, "SendMessageBatchRequestEntry");
      const total = entries.reduce((sum, e) => sum + entrySize(e as never), 0);
      if (total > MAX_BATCH_PAYLOAD_BYTES) throw new BatchRequestTooLong(MAX_BATCH_PAYLOAD_BYTES, total);
      checkFifoBatch(queue, entries as never);
      const Successful: Sqs.SendMessageBatchResultEntry[] = [];
      const Failed: Sqs.BatchResultErrorEntry[] = [];
      const accepted: Array<{ id: string; request: ReturnType<typeof prepareSend> }> = [];
      for (const entry of entries) {
        try {
          accepted.push({ id: entry.Id!, request: prepareSend(queue, entry as never, ctx.accountId) });
        } catch (error) {
          Failed.push(failure(entry.Id!, error));
        }
      }
      const results = messages.send(
        queue,
        accepted.map((a) => a.request),
      );
      results.forEach((sent, i) => {
        Successful.push({
          Id: accepted[i]!.id,
          MessageId: sent.messageId,
          MD5OfMessageBody: sent.md5OfBody,
          MD5OfMessageAttributes: sent.md5OfAttributes,
          MD5OfMessageSystemAttributes: sent.md5OfSystemAttributes,
          SequenceNumber: sent.sequenceNumber,
        });
      });
      return { Successful, Failed } satisfies Sqs.SendMessageBatchResult;
    },

    ReceiveMessage: receive,

    DeleteMessage(input: Sqs.DeleteMessageRequest, ctx) {
      const queue = queueFor(input, ctx);
      if (!input.ReceiptHandle) throw new MissingParameter("ReceiptHandle");
      messages.delete(queue, input.ReceiptHandle);
      return {};
    },

    DeleteMessageBatch(input: Sqs.DeleteMessageBatchRequest, ctx) {
      const queue = queueFor(input, ctx);
      const entries = checkBatch(input.Entries, "DeleteMessageBatchRequestEntry");
      return runBatch(entries, (entry) => {
        if (!entry.ReceiptHandle) throw new MissingParameter("ReceiptHandle");
        messages.delete(queue, entry.ReceiptHandle);
      }) satisfies Sqs.DeleteMessageBatchResult;
    },

    ChangeMessageVisibility(input: Sqs.ChangeMessageVisibilityRequest, ctx) {
      const queue = queueFor(input, ctx);
      if (!input.ReceiptHandle) throw new MissingParameter("ReceiptHandle");
      if (input.VisibilityTimeout === undefined) throw new MissingParameter("VisibilityTimeout");
      changeVisibility(queue, input.ReceiptHandle, input.VisibilityTimeout);
      return {};
    },

    ChangeMessageVisibilityBatch(input: Sqs.ChangeMessageVisibilityBatchRequest, ctx) {
      const queue = queueFor(input, ctx);
      const entries = checkBatch(input.Entries, "ChangeMessageVisibilityBatchRequestEntry");
      return runBatch(entries, (entry) => {
        if (!entry.ReceiptHandle) throw new MissingParameter("ReceiptHandle");
        if (entry.VisibilityTimeout === undefined) throw new MissingParameter("VisibilityTimeout");
        changeVisibility(queue, entry.ReceiptHandle, entry.VisibilityTimeout);
      }) satisfies Sqs.ChangeMessageVisibilityBatchResult;
    },

    ListDeadLetterSourceQueues(input: Sqs.ListDeadLetterSourceQueuesRequest, ctx) {
      const queue = queueFor(input, ctx);
      rangeCheck(
        "MaxResults",
        input.MaxResults,
        1,
        MAX_LIST_RESULTS,
        "MaxResults must be an integer between 1 and 1000.",
      );
      let sources = queues
        .sourcesOf(queue.arn)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      if (input.NextToken) {
        const after = decodeToken(input.NextToken);
        sources = sources.filter((q) => q.name > after);
      }
      const limit = input.MaxResults ?? MAX_LIST_RESULTS;
      const page = sources.slice(0, limit);
      const result: Sqs.ListDeadLetterSourceQueuesResult = {
        queueUrls: page.map((q) => queueUrl(ctx.baseUrl, q)),
      };
      if (input.MaxResults !== undefined && sources.length > limit)
        result.NextToken = encodeToken(page.at(-1)!.name);
      return result;
    },

    TagQueue(input: Sqs.TagQueueRequest, ctx) {
      const queue = queueFor(input, ctx);
      if (!input.Tags || Object.keys(input.Tags).length === 0) throw new MissingParameter("Tags");
      const next = { ...queue.tags, ...tagsOf(input.Tags) };
      checkTags(next, queue.name);
      queues.setTags(queue, next);
      return {};
    },

    UntagQueue(input: Sqs.UntagQueueRequest, ctx) {
      const queue = queueFor(input, ctx);
      const keys = input.TagKeys ?? [];
      if (keys.length === 0) throw new MissingParameter("TagKeys");
      for (const key of keys) {
        if (key.length < 1 || key.length > MAX_TAG_KEY_LENGTH) {
          throw new InvalidParameterValue("Tag keys must be between 1 and 128 characters in length.");
        }
      }
      const next = { ...queue.tags };
      for (const key of keys) delete next[key];
      queues.setTags(queue, next);
      return {};
    },

    ListQueueTags(input: Sqs.ListQueueTagsRequest, ctx) {
      const queue = queueFor(input, ctx);
      return (
        Object.keys(queue.tags).length > 0 ? { Tags: queue.tags } : {}
      ) satisfies Sqs.ListQueueTagsResult;
    },

    AddPermission(input: Sqs.AddPermissionRequest, ctx) {
      const queue = queueFor(input, ctx);
      const label = input.Label ?? "";
      if (!label) throw new MissingParameter("Label");
      if (label.length > MAX_PERMISSION_LABEL_LENGTH || !PERMISSION_LABEL.test(label)) {
        throw invalidParameter(
          "Label",
          label,
          "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
        );
      }
      const accounts = input.AWSAccountIds ?? [];
      if (accounts.length === 0) throw invalidParameter("PrincipalId", "[]", "Unable to verify.");
      const actions = input.Actions ?? [];
      if (actions.length === 0) throw new MissingParameter("ActionName");
      if (actions.length > MAX_PERMISSION_ACTIONS) {
        throw new OverLimit(
          `${actions.length} Actions were found, maximum allowed is ${MAX_PERMISSION_ACTIONS}.`,
        );
      }
      for (const action of actions) {
        if (!SHAREABLE_ACTIONS.has(action)) {
          throw invalidParameter(
            "ActionName",
            `SQS:${action}`,
            "Please refer to the appropriate WSDL for a list of valid actions. ",
          );
        }
      }
      queues.addPermission(queue, label, accounts, actions);
      return {};
    },

    RemovePermission(input: Sqs.RemovePermissionRequest, ctx) {
      const queue = queueFor(input, ctx);
      if (!input.Label) throw new MissingParameter("Label");
      queues.removePermission(queue, input.Label);
      return {};
    },

    StartMessageMoveTask(input: Sqs.StartMessageMoveTaskRequest, ctx) {
      if (!input.SourceArn) throw new MissingParameter("SourceArn");
      const handle = moveTasks.start(
        {
          sourceArn: input.SourceArn,
          destinationArn: input.DestinationArn,
          maxPerSecond: input.MaxNumberOfMessagesPerSecond,
        },
        ctx,
      );
      return { TaskHandle: handle } satisfies Sqs.StartMessageMoveTaskResult;
    },

    CancelMessageMoveTask(input: Sqs.CancelMessageMoveTaskRequest, ctx) {
      if (!input.TaskHandle) throw new MissingParameter("TaskHandle");
      return {
        ApproximateNumberOfMessagesMoved: moveTasks.cancel(input.TaskHandle, ctx),
      } satisfies Sqs.CancelMessageMoveTaskResult;
    },

    ListMessageMoveTasks(input: Sqs.ListMessageMoveTasksRequest, ctx) {
      if (!input.SourceArn) throw new MissingParameter("SourceArn");
      const Results = moveTasks.list(input.SourceArn, input.MaxResults, ctx).map(
        (task): Sqs.ListMessageMoveTasksResultEntry => ({
          TaskHandle: task.status === "RUNNING" ? task.taskHandle : undefined,
          Status: task.status,
          SourceArn: task.sourceArn,
          DestinationArn: task.destinationArn,
          MaxNumberOfMessagesPerSecond: task.maxPerSecond,
          ApproximateNumberOfMessagesMoved: task.moved,
          ApproximateNumberOfMessagesToMove: task.toMove,
          FailureReason: task.failureReason,
          StartedTimestamp: task.startedAt,
        }),
      );
      return { Results } satisfies Sqs.ListMessageMoveTasksResult;
    },
  };

  /** Runs one action per entry in one transaction; entries that fail are reported, not thrown. */
  function runBatch<T extends { Id?: string }>(
    entries: T[],
    action: (entry: T) => void,
  ): { Successful: Array<{ Id: string }>; Failed: Sqs.BatchResultErrorEntry[] } {
    const Successful: Array<{ Id: string }> = [];
    const Failed: Sqs.BatchResultErrorEntry[] = [];
    messages.batch(entries, action).forEach((outcome, i) => {
      const id = entries[i]!.Id!;
      if ("error" in outcome) Failed.push(failure(id, outcome.error));
      else Successful.push({ Id: id });
    });
    return { Successful, Failed };
  }

  function changeVisibility(queue: Queue, receiptHandle: string, timeout: number): void {
    rangeCheck(
      "VisibilityTimeout",
      timeout,
      0,
      MAX_VISIBILITY_TIMEOUT_SECONDS,
      "Must be >= 0 and <= 43200, if provided.",
    );
    messages.changeVisibility(queue, receiptHandle, timeout);
  }

  return operations as Record<string, OperationHandler>;
}

/**
 * Tags as given, a tag without its value (`Tag.2.Key` with no `Tag.2.Value`, or a JSON null)
 * holding the empty value, as AWS tagging treats a missing value.
 */
function tagsOf(tags: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags ?? {})) out[key] = value ?? "";
  return out;
}

function checkTags(tags: Record<string, string>, queueName: string): void {
  const keys = Object.keys(tags);
  if (keys.length > MAX_TAGS_PER_QUEUE)
    throw new InvalidParameterValue(`Too many tags added for queue ${queueName}.`);
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > MAX_TAG_KEY_LENGTH) {
      throw new InvalidParameterValue("Tag keys must be between 1 and 128 characters in length.");
    }
    if (value.length > MAX_TAG_VALUE_LENGTH) {
      throw new InvalidParameterValue("Tag values may only be up to 256 characters in length.");
    }
  }
}

const encodeToken = (lastName: string) => Buffer.from(JSON.stringify({ after: lastName })).toString("base64");

function decodeToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { after?: unknown };
    if (typeof parsed.after === "string") return parsed.after;
  } catch {
    // fall through
  }
  throw new InvalidParameterValue("Invalid NextToken value.");
}
