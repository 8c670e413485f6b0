/**
 * Validation of SendMessage / SendMessageBatch entries against the queue they go to, with the
 * errors and texts SQS returns. Produces the core's SendRequest.
 */
import { MAX_DELAY_SECONDS, MAX_GROUP_OR_DEDUP_ID_LENGTH } from "./constants.ts";
import {
  InvalidMessageContents,
  InvalidParameterValue,
  invalidParameter,
  MissingParameter,
} from "./errors.ts";
import {
  attributesSize,
  readMessageAttributes,
  readSystemAttributes,
  type WireAttribute,
} from "./message-attributes.ts";
import type { SendRequest } from "./messages.ts";
import type { Queue } from "./queues.ts";

export interface WireSendEntry {
  MessageBody?: string;
  DelaySeconds?: number;
  MessageAttributes?: Record<string, WireAttribute>;
  MessageSystemAttributes?: Record<string, WireAttribute>;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
}

/** AWS: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF. */
const INVALID_BODY_CHARACTER = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const GROUP_OR_DEDUP_ID = /^[!-~]{1,128}$/;

function checkId(parameter: "MessageGroupId" | "MessageDeduplicationId", value: string): void {
  if (value.length > MAX_GROUP_OR_DEDUP_ID_LENGTH || !GROUP_OR_DEDUP_ID.test(value)) {
    throw invalidParameter(
      parameter,
      value,
      `${parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
    );
  }
}

/** Checks that apply to a whole batch before any entry is sent (AWS fails the request). */
export function checkFifoBatch(queue: Queue, entries: readonly WireSendEntry[]): void {
  if (!queue.fifo) return;
  if (entries.some((e) => !e.MessageGroupId)) {
    throw new InvalidParameterValue("The request must contain the parameter MessageGroupId.");
  }
  if (!queue.config.contentBasedDeduplication && entries.some((e) => !e.MessageDeduplicationId)) {
    throw new InvalidParameterValue(
      "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
    );
  }
}

export function prepareSend(queue: Queue, entry: WireSendEntry, senderId: string): SendRequest {
  const body = entry.MessageBody;
  if (body === undefined || body.length === 0) throw new MissingParameter("MessageBody");
  if (INVALID_BODY_CHARACTER.test(body)) {
    throw new InvalidMessageContents(
      "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
    );
  }
  const attributes = readMessageAttributes(entry.MessageAttributes);
  const systemAttributes = readSystemAttributes(entry.MessageSystemAttributes);
  const delay = entry.DelaySeconds;
  if (delay !== undefined) {
    if (queue.fifo && delay !== 0) {
      throw invalidParameter(
        "DelaySeconds",
        delay,
        "The request include parameter that is not valid for this queue type.",
      );
    }
    if (delay < 0 || delay > MAX_DELAY_SECONDS) {
      throw invalidParameter("DelaySeconds", delay, `DelaySeconds must be >= 0 and <= ${MAX_DELAY_SECONDS}.`);
    }
  }
  const size = Buffer.byteLength(body, "utf8") + attributesSize(attributes);
  if (size > queue.config.maximumMessageSize) {
    throw new InvalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${queue.config.maximumMessageSize} bytes.`,
    );
  }
  if (queue.fifo) {
    if (!entry.MessageGroupId) throw new MissingParameter("MessageGroupId");
    checkId("MessageGroupId", entry.MessageGroupId);
    if (entry.MessageDeduplicationId !== undefined)
      checkId("MessageDeduplicationId", entry.MessageDeduplicationId);
    else if (!queue.config.contentBasedDeduplication) {
      throw new InvalidParameterValue(
        "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
      );
    }
  } else {
    if (entry.MessageDeduplicationId !== undefined) {
      throw new InvalidParameterValue(
        "The request include parameter MessageDeduplicationId which is not valid for this queue type",
      );
    }
    // AWS fair queues (2025): standard queues accept a MessageGroupId and return it, without ordering.
    if (entry.MessageGroupId !== undefined) checkId("MessageGroupId", entry.MessageGroupId);
  }
  return {
    body,
    delaySeconds: queue.fifo ? undefined : delay,
    attributes,
    systemAttributes,
    groupId: entry.MessageGroupId,
    deduplicationId: queue.fifo ? entry.MessageDeduplicationId : undefined,
    senderId,
  };
}

/** Bytes an entry counts toward the 1 MiB batch total: body and message attributes. */
export function entrySize(entry: WireSendEntry): number {
  let size = Buffer.byteLength(entry.MessageBody ?? "", "utf8");
  for (const [name, attr] of Object.entries(entry.MessageAttributes ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(attr.DataType ?? "");
    size += attr.BinaryValue ? attr.BinaryValue.length : Buffer.byteLength(attr.StringValue ?? "");
  }
  return size;
}
