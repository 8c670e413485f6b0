/**
 * CloudWatch Logs test support: unique names, a group with a stream, events put at chosen times,
 * and the error an SDK v3 caller sees.
 */
import assert from "node:assert/strict";
import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  type InputLogEvent,
  PutLogEventsCommand,
  type PutLogEventsCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import { awsError } from "../support/engine.ts";

export const ACCOUNT_ID = "000000000000";
export const REGION = "us-east-1";
export const MS_PER_DAY = 86_400_000;
export const MS_PER_HOUR = 3_600_000;

let counter = 0;

/** A name unique within the test process. */
export function uniqueName(prefix = "group"): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

export const groupArn = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${name}`;

export interface GroupAndStream {
  group: string;
  stream: string;
}

/** Creates a uniquely named log group holding one stream. */
export async function createGroupWithStream(
  client: CloudWatchLogsClient,
  names: Partial<GroupAndStream> = {},
): Promise<GroupAndStream> {
  const group = names.group ?? `/test/${uniqueName()}`;
  const stream = names.stream ?? uniqueName("stream");
  await client.send(new CreateLogGroupCommand({ logGroupName: group }));
  await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  return { group, stream };
}

/** Events with these messages, one millisecond apart from `startMs`. */
export const eventsAt = (startMs: number, messages: readonly string[]): InputLogEvent[] =>
  messages.map((message, i) => ({ timestamp: startMs + i, message }));

export function putEvents(
  client: CloudWatchLogsClient,
  target: GroupAndStream,
  logEvents: InputLogEvent[],
): Promise<PutLogEventsCommandOutput> {
  return client.send(
    new PutLogEventsCommand({ logGroupName: target.group, logStreamName: target.stream, logEvents }),
  );
}

/** Asserts the call fails with this error code (and message, when given). */
export async function assertLogsError(
  call: () => Promise<unknown>,
  code: string,
  message?: string | RegExp,
): Promise<void> {
  const error = await awsError(call);
  assert.equal(error.name, code, error.message);
  assert.equal(error.$metadata?.httpStatusCode, 400);
  if (typeof message === "string") assert.equal(error.message, message);
  else if (message) assert.match(error.message, message);
}
