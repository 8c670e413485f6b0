/**
 * One queue, addressed by ARN, through the in-process SQS client: what an SQS mapping does to its
 * source (receive, delete, give back) and what a stream mapping does to its on-failure queue (send).
 */
import type { Message } from "@aws-sdk/client-sqs";
import type { InProcessClient } from "../../services/in-process.ts";
import { parseArn } from "../../shared/arn.ts";
import { SQS_MESSAGES_PER_CALL } from "../constants.ts";

export class QueueClient {
  readonly region: string;
  private readonly accountId: string;
  private readonly name: string;
  private url: string | undefined;

  constructor(
    private readonly client: InProcessClient,
    readonly arn: string,
  ) {
    const parsed = parseArn(arn);
    this.region = parsed?.region ?? "";
    this.accountId = parsed?.accountId ?? "";
    this.name = parsed?.resource ?? "";
  }

  get fifo(): boolean {
    return this.name.endsWith(".fifo");
  }

  /** Forgets the URL (the queue may have been deleted and made again). */
  reset(): void {
    this.url = undefined;
  }

  /** A long poll; aborting `signal` ends it at once, empty, if it has not received yet. */
  async receive(maxMessages: number, waitSeconds: number, signal?: AbortSignal): Promise<Message[]> {
    const result = await this.call<{ Messages?: Message[] }>(
      "ReceiveMessage",
      {
        QueueUrl: await this.queueUrl(),
        MaxNumberOfMessages: maxMessages,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      },
      signal,
    );
    return result.Messages ?? [];
  }

  async delete(receiptHandles: readonly string[]): Promise<void> {
    await this.inBatches(receiptHandles, (entries) =>
      this.call("DeleteMessageBatch", { QueueUrl: this.url, Entries: entries }),
    );
  }

  /** Makes messages visible again at once (a stopped mapping gives back what it received). */
  async release(receiptHandles: readonly string[]): Promise<void> {
    await this.inBatches(receiptHandles, (entries) =>
      this.call("ChangeMessageVisibilityBatch", {
        QueueUrl: this.url,
        Entries: entries.map((e) => ({ ...e, VisibilityTimeout: 0 })),
      }),
    );
  }

  async visibilityTimeoutSeconds(): Promise<number> {
    const result = await this.call<{ Attributes?: Record<string, string> }>("GetQueueAttributes", {
      QueueUrl: await this.queueUrl(),
      AttributeNames: ["VisibilityTimeout"],
    });
    return Number(result.Attributes?.VisibilityTimeout ?? 30);
  }

  async send(body: string): Promise<void> {
    await this.call("SendMessage", { QueueUrl: await this.queueUrl(), MessageBody: body });
  }

  private async inBatches(
    receiptHandles: readonly string[],
    run: (entries: Array<{ Id: string; ReceiptHandle: string }>) => Promise<unknown>,
  ): Promise<void> {
    if (receiptHandles.length === 0) return;
    await this.queueUrl();
    for (let start = 0; start < receiptHandles.length; start += SQS_MESSAGES_PER_CALL) {
      const entries = receiptHandles
        .slice(start, start + SQS_MESSAGES_PER_CALL)
        .map((handle, i) => ({ Id: String(i), ReceiptHandle: handle }));
      await run(entries);
    }
  }

  private async queueUrl(): Promise<string> {
    this.url ??= (
      await this.call<{ QueueUrl: string }>("GetQueueUrl", {
        QueueName: this.name,
        QueueOwnerAWSAccountId: this.accountId,
      })
    ).QueueUrl;
    return this.url;
  }

  private call<T = unknown>(
    operation: string,
    input: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<T> {
    return this.client.call<T>("sqs", operation, input, { region: this.region, signal });
  }
}
