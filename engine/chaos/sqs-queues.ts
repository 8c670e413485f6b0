/** Queue plumbing the SQS workloads share: creation, receives into a ledger, deletes, draining. */
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { MessageLedger, ReceiveEvent } from "./message-ledger.ts";
import type { OperationLog } from "./operation-log.ts";
import { sleep } from "./workload.ts";

/** Long polls stay short so that a client notices the stop signal soon. */
export const WAIT_TIME_SECONDS = 1;
/** Drained queues are read until this many receives in a row come back empty. */
const EMPTY_RECEIVES_TO_END_DRAIN = 2;

export async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}

export interface Received {
  message: Message;
  event: ReceiveEvent;
}

/** One ReceiveMessage through the log; what it returned is in the ledger. */
export async function receiveInto(
  log: OperationLog,
  sqs: SQSClient,
  ledger: MessageLedger,
  queue: { url: string; role: "main" | "dlq" },
): Promise<Received[]> {
  const outcome = await log.attempt("sqs.ReceiveMessage", () =>
    sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: WAIT_TIME_SECONDS,
        MessageSystemAttributeNames: ["MessageGroupId", "ApproximateReceiveCount"],
      }),
    ),
  );
  if (outcome.status === "lost") ledger.receiveLost(outcome);
  if (outcome.status !== "acked") return [];
  const messages = outcome.value.Messages ?? [];
  const events = ledger.received(
    messages.map((m) => m.Body!),
    queue.role,
    outcome,
  );
  return messages.map((message, n) => ({ message, event: events[n]! }));
}

/**
 * Deletes in order, one by one or in one batch; stops at the first that is not acknowledged (FIFO
 * order) and returns how many were.
 */
export async function deleteInto(
  log: OperationLog,
  sqs: SQSClient,
  ledger: MessageLedger,
  queueUrl: string,
  received: readonly Received[],
  batch: boolean,
): Promise<number> {
  if (batch && received.length > 1) {
    const outcome = await log.attempt("sqs.DeleteMessageBatch", () =>
      sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: received.map(({ message }, n) => ({ Id: `d${n}`, ReceiptHandle: message.ReceiptHandle })),
        }),
      ),
    );
    if (outcome.status !== "acked") return 0;
    for (const entry of outcome.value.Successful ?? []) {
      ledger.deleted(received[Number(entry.Id!.slice(1))]!.event, outcome);
    }
    return outcome.value.Successful?.length ?? 0;
  }
  let deleted = 0;
  for (const { message, event } of received) {
    const outcome = await log.attempt("sqs.DeleteMessage", () =>
      sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle })),
    );
    if (outcome.status !== "acked") return deleted;
    ledger.deleted(event, outcome);
    deleted++;
  }
  return deleted;
}

/** After `visibilitySeconds` (so nothing is in flight), receives and deletes until the queue is empty. */
export async function drain(
  log: OperationLog,
  sqs: SQSClient,
  ledger: MessageLedger,
  queue: { url: string; role: "main" | "dlq" },
): Promise<void> {
  let empty = 0;
  while (empty < EMPTY_RECEIVES_TO_END_DRAIN) {
    const received = await receiveInto(log, sqs, ledger, queue);
    empty = received.length === 0 ? empty + 1 : 0;
    await deleteInto(log, sqs, ledger, queue.url, received, true);
  }
}

export async function waitOutVisibility(visibilitySeconds: number): Promise<void> {
  await sleep(visibilitySeconds * 1000 + 500);
}

/** Messages still in the queue (visible, in flight or delayed). */
export async function messagesLeft(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
      ],
    }),
  );
  return Object.values(Attributes).reduce((sum, n) => sum + Number(n), 0);
}
