/**
 * SQS wire-test support: the errors an SDK v3 user sees (as AWS sends them), queue and message
 * factories, an independent MD5OfMessageAttributes, and a hook to know when a long poll waits.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  type MessageAttributeValue,
  type QueueAttributeName,
  ReceiveMessageCommand,
  type ReceiveMessageCommandInput,
  SendMessageBatchCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { VirtualClock } from "../../src/index.ts";

export const ACCOUNT_ID = "000000000000";

// ---- errors --------------------------------------------------------------------------------------

/** An SQS error as an SDK v3 (JSON protocol, query-compatible) caller sees it. */
export interface ExpectedSqsError {
  /** `error.name`: the modelled exception; for errors SQS does not model, the legacy code. */
  name: string;
  /** `error.__type` as sent: `<namespace>#<shape>`. */
  type: string;
  /** `error.Code`: the legacy query code, from `x-amzn-query-error: <code>;Sender`. */
  code: string;
  status: number;
  /** The exact text, or a pattern where AWS's text is not verified. */
  message: string | RegExp;
}

interface SdkError extends Error {
  __type?: string;
  Code?: string;
  Type?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Runs `action`, which must fail with `expected`; returns the error for further checks. */
export async function assertSqsError(
  action: Promise<unknown>,
  expected: ExpectedSqsError,
): Promise<SdkError> {
  let caught: unknown;
  try {
    await action;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof Error, `expected ${expected.name}, but the call succeeded`);
  const error = caught as SdkError;
  const seen = {
    name: error.name,
    type: error.__type,
    code: error.Code,
    status: error.$metadata?.httpStatusCode,
    message: error.message,
  };
  const want = { ...expected, message: seen.message };
  assert.deepEqual(seen, want, `wrong error identity: ${JSON.stringify(seen)}`);
  if (typeof expected.message === "string") assert.equal(error.message, expected.message);
  else assert.match(error.message, expected.message);
  assert.equal(error.Type, "Sender");
  return error;
}

const modelled = (shape: string, code: string, status: number, message: string | RegExp) => ({
  name: shape,
  type: `com.amazonaws.sqs#${shape}`,
  code,
  status,
  message,
});

/** Errors SQS does not model come from Coral: `com.amazon.coral.service#<Exception>`. */
const coral = (exception: string, code: string, message: string | RegExp) => ({
  name: code,
  type: `com.amazon.coral.service#${exception}`,
  code,
  status: 400,
  message,
});

export const sqsErrors = {
  queueDoesNotExist: () =>
    modelled(
      "QueueDoesNotExist",
      "AWS.SimpleQueueService.NonExistentQueue",
      400,
      "The specified queue does not exist.",
    ),
  queueNameExists: (attribute: string) =>
    modelled(
      "QueueNameExists",
      "QueueAlreadyExists",
      400,
      `A queue already exists with the same name and a different value for attribute ${attribute}`,
    ),
  queueDeletedRecently: () =>
    modelled(
      "QueueDeletedRecently",
      "AWS.SimpleQueueService.QueueDeletedRecently",
      400,
      "You must wait 60 seconds after deleting a queue before you can create another with the same name.",
    ),
  purgeQueueInProgress: (queueName: string) =>
    modelled(
      "PurgeQueueInProgress",
      "AWS.SimpleQueueService.PurgeQueueInProgress",
      403,
      `Only one PurgeQueue operation on ${queueName} is allowed every 60 seconds.`,
    ),
  invalidAttributeName: (message: string | RegExp) =>
    modelled("InvalidAttributeName", "InvalidAttributeName", 400, message),
  unknownAttribute: (name: string) =>
    modelled("InvalidAttributeName", "InvalidAttributeName", 400, `Unknown Attribute ${name}.`),
  invalidAttributeValue: (name: string) =>
    modelled(
      "InvalidAttributeValue",
      "InvalidAttributeValue",
      400,
      `Invalid value for the parameter ${name}.`,
    ),
  invalidMessageContents: () =>
    modelled(
      "InvalidMessageContents",
      "InvalidMessageContents",
      400,
      "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
    ),
  /** AWS answers 404 for a malformed receipt handle although the model gives no status. */
  receiptHandleIsInvalid: (handle: string) =>
    modelled(
      "ReceiptHandleIsInvalid",
      "ReceiptHandleIsInvalid",
      404,
      `The input receipt handle "${handle}" is not a valid receipt handle.`,
    ),
  receiptHandleForOtherQueue: (handle: string) =>
    modelled(
      "ReceiptHandleIsInvalid",
      "ReceiptHandleIsInvalid",
      404,
      `The receipt handle "${handle}" is not valid for this queue.`,
    ),
  emptyBatchRequest: (entryName: string) =>
    modelled(
      "EmptyBatchRequest",
      "AWS.SimpleQueueService.EmptyBatchRequest",
      400,
      `There should be at least one ${entryName} in the request.`,
    ),
  tooManyEntriesInBatchRequest: (count: number) =>
    modelled(
      "TooManyEntriesInBatchRequest",
      "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
      400,
      `Maximum number of entries per request are 10. You have sent ${count}.`,
    ),
  invalidBatchEntryId: () =>
    modelled(
      "InvalidBatchEntryId",
      "AWS.SimpleQueueService.InvalidBatchEntryId",
      400,
      "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
    ),
  batchEntryIdsNotDistinct: (id: string) =>
    modelled(
      "BatchEntryIdsNotDistinct",
      "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
      400,
      `Id ${id} repeated.`,
    ),
  batchRequestTooLong: (size: number) =>
    modelled(
      "BatchRequestTooLong",
      "AWS.SimpleQueueService.BatchRequestTooLong",
      400,
      `Batch requests cannot be longer than 1048576 bytes. You have sent ${size} bytes.`,
    ),
  overLimit: (message: string | RegExp) => modelled("OverLimit", "OverLimit", 403, message),
  unsupportedOperation: (message: string | RegExp) =>
    modelled("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", 400, message),
  resourceNotFound: (message: string) =>
    modelled("ResourceNotFoundException", "ResourceNotFoundException", 404, message),
  invalidParameterValue: (message: string | RegExp) =>
    coral("InvalidParameterValueException", "InvalidParameterValue", message),
  /** `Value <value> for parameter <parameter> is invalid. Reason: <reason>`. */
  invalidParameter: (parameter: string, value: unknown, reason: string | RegExp) =>
    coral(
      "InvalidParameterValueException",
      "InvalidParameterValue",
      typeof reason === "string"
        ? `Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`
        : new RegExp(
            `^Value ${escapeRegExp(String(value))} for parameter ${parameter} is invalid\\. Reason: ${reason.source}`,
          ),
    ),
  missingParameter: (parameter: string) =>
    coral(
      "MissingRequiredParameterException",
      "MissingParameter",
      `The request must contain the parameter ${parameter}.`,
    ),
} satisfies Record<string, (...args: never[]) => ExpectedSqsError>;

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// ---- queues and messages -------------------------------------------------------------------------

let queueCounter = 0;

/** A queue name unique within the test process (FIFO names get the `.fifo` suffix). */
export function uniqueQueueName(prefix: string, options: { fifo?: boolean } = {}): string {
  queueCounter += 1;
  return `${prefix}-${queueCounter}${options.fifo ? ".fifo" : ""}`;
}

export async function createQueue(
  sqs: SQSClient,
  prefix: string,
  attributes: Record<string, string> = {},
): Promise<string> {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: uniqueQueueName(prefix), Attributes: attributes }),
  );
  return QueueUrl!;
}

export async function createFifoQueue(
  sqs: SQSClient,
  prefix: string,
  attributes: Record<string, string> = {},
): Promise<string> {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: uniqueQueueName(prefix, { fifo: true }),
      Attributes: { FifoQueue: "true", ...attributes },
    }),
  );
  return QueueUrl!;
}

export async function queueAttributes(
  sqs: SQSClient,
  queueUrl: string,
  names: QueueAttributeName[] = ["All"],
): Promise<Record<string, string>> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: names }),
  );
  return Attributes ?? {};
}

export async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  return (await queueAttributes(sqs, queueUrl, ["QueueArn"])).QueueArn!;
}

/** The three Approximate* counts, as numbers. */
export async function messageCounts(
  sqs: SQSClient,
  queueUrl: string,
): Promise<{ visible: number; notVisible: number; delayed: number }> {
  const attributes = await queueAttributes(sqs, queueUrl, [
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
  ]);
  return {
    visible: Number(attributes.ApproximateNumberOfMessages),
    notVisible: Number(attributes.ApproximateNumberOfMessagesNotVisible),
    delayed: Number(attributes.ApproximateNumberOfMessagesDelayed),
  };
}

/** Sends plain-text messages in batches of ten; returns their MessageIds in order. */
export async function sendBodies(
  sqs: SQSClient,
  queueUrl: string,
  bodies: readonly string[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < bodies.length; start += 10) {
    const chunk = bodies.slice(start, start + 10);
    const { Successful, Failed } = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((body, i) => ({ Id: `m${start + i}`, MessageBody: body })),
      }),
    );
    assert.deepEqual(Failed ?? [], []);
    const byId = new Map(Successful!.map((entry) => [entry.Id, entry.MessageId!]));
    ids.push(...chunk.map((_, i) => byId.get(`m${start + i}`)!));
  }
  return ids;
}

/** One short-poll ReceiveMessage; an empty list when nothing is receivable. */
export async function receive(
  sqs: SQSClient,
  queueUrl: string,
  input: Omit<ReceiveMessageCommandInput, "QueueUrl"> = {},
): Promise<Message[]> {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, ...input }));
  return Messages ?? [];
}

export const bodiesOf = (messages: readonly Message[]): string[] => messages.map((m) => m.Body!);

// ---- digests -------------------------------------------------------------------------------------

export const md5 = (data: string | Uint8Array): string => createHash("md5").update(data).digest("hex");

/**
 * MD5OfMessageAttributes as the SQS Developer Guide defines it, written independently of the
 * engine: names sorted; 4-byte big-endian length + bytes of name, then of data type; transport
 * byte 1 (String, Number) or 2 (Binary); length + value bytes.
 */
export function md5OfMessageAttributes(attributes: Record<string, MessageAttributeValue>): string {
  const parts: Buffer[] = [];
  const withLength = (bytes: Uint8Array) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, Buffer.from(bytes));
  };
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name]!;
    withLength(Buffer.from(name, "utf8"));
    withLength(Buffer.from(attribute.DataType!, "utf8"));
    if (attribute.DataType!.startsWith("Binary")) {
      parts.push(Buffer.from([2]));
      withLength(attribute.BinaryValue!);
    } else {
      parts.push(Buffer.from([1]));
      withLength(Buffer.from(attribute.StringValue!, "utf8"));
    }
  }
  return md5(Buffer.concat(parts));
}

// ---- the engine's clock --------------------------------------------------------------------------

/**
 * Resolves when the engine next schedules a timer on the clock whose delay `matches` — e.g. a
 * long poll arming its wake-up — so a test knows the receive is waiting without sleeping. With
 * `orPending`, a matching timer already on the clock counts too: background work (a poller) may
 * have armed it before the test could start watching.
 */
export function whenTimerScheduled(
  clock: VirtualClock,
  matches: (delayMs: number) => boolean,
  options: { orPending?: boolean } = {},
): Promise<number> {
  const already = options.orPending ? clock.pendingDelays().find(matches) : undefined;
  if (already !== undefined) return Promise.resolve(already);
  return new Promise((resolve) => {
    const original = clock.setTimer;
    clock.setTimer = function (this: VirtualClock, delayMs, callback) {
      const handle = original.call(this, delayMs, callback);
      if (matches(delayMs)) {
        Reflect.deleteProperty(clock, "setTimer");
        resolve(delayMs);
      }
      return handle;
    };
  });
}
