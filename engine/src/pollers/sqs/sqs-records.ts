/**
 * A received SQS message as Lambda delivers it (Lambda developer guide, with-sqs.md, and events
 * recorded from AWS): camelCase names, every system attribute a string, message attributes with
 * empty `stringListValues`/`binaryListValues` lists (reserved by SQS, never filled), binary values
 * as base64 text, and `md5OfMessageAttributes` only when the message has attributes.
 */
import type { Message } from "@aws-sdk/client-sqs";

/**
 * System attributes in the order Lambda lists them (AWS's examples: standard queues show
 * ApproximateReceiveCount, SentTimestamp, SenderId, ApproximateFirstReceiveTimestamp; FIFO queues
 * add SequenceNumber and MessageGroupId after SentTimestamp and MessageDeduplicationId after
 * SenderId; AWSTraceHeader follows ApproximateReceiveCount).
 */
const SYSTEM_ATTRIBUTE_ORDER = [
  "ApproximateReceiveCount",
  "AWSTraceHeader",
  "SentTimestamp",
  "SequenceNumber",
  "MessageGroupId",
  "SenderId",
  "MessageDeduplicationId",
  "ApproximateFirstReceiveTimestamp",
];

export interface LambdaSqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, LambdaMessageAttribute>;
  md5OfMessageAttributes?: string;
  md5OfBody: string;
  eventSource: "aws:sqs";
  eventSourceARN: string;
  awsRegion: string;
}

/**
 * As in events captured from AWS in 2024–2025: both value members are present, the unused one null.
 */
interface LambdaMessageAttribute {
  stringValue: string | null;
  binaryValue: string | null;
  stringListValues: string[];
  binaryListValues: string[];
  dataType: string;
}

function systemAttributes(attributes: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!attributes) return out;
  for (const name of SYSTEM_ATTRIBUTE_ORDER) {
    const value = attributes[name];
    if (value !== undefined) out[name] = value;
  }
  for (const [name, value] of Object.entries(attributes)) if (!(name in out)) out[name] = value;
  return out;
}

function messageAttributes(attributes: Message["MessageAttributes"]): Record<string, LambdaMessageAttribute> {
  const out: Record<string, LambdaMessageAttribute> = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    // The in-process client answers in the wire shape: binary values are already base64 text.
    const binary = value.BinaryValue as unknown as string | undefined;
    out[name] = {
      stringValue: value.StringValue ?? null,
      binaryValue: binary ?? null,
      stringListValues: [],
      binaryListValues: [],
      dataType: value.DataType ?? "String",
    };
  }
  return out;
}

export function lambdaSqsRecord(message: Message, queueArn: string, region: string): LambdaSqsRecord {
  const attributes = messageAttributes(message.MessageAttributes);
  const hasAttributes = Object.keys(attributes).length > 0;
  return {
    messageId: message.MessageId ?? "",
    receiptHandle: message.ReceiptHandle ?? "",
    body: message.Body ?? "",
    attributes: systemAttributes(message.Attributes as Record<string, string> | undefined),
    messageAttributes: attributes,
    ...(hasAttributes &&
      message.MD5OfMessageAttributes && { md5OfMessageAttributes: message.MD5OfMessageAttributes }),
    md5OfBody: message.MD5OfBody ?? "",
    eventSource: "aws:sqs",
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}
