/**
 * The write-buffer pipeline: orders sent to an SQS queue, an event source mapping (batches of ten,
 * ReportBatchItemFailures) to a Node.js function created from a zip, which puts each order into a
 * table on `attribute_not_exists(id)`. A redelivered order (a batch cut short by a kill comes back
 * after the visibility timeout) meets ConditionalCheckFailed; the function logs it as a redelivery
 * and counts it done. Checked at the end, once the queue is empty: the table holds every order
 * whose SendMessage was acknowledged, and nothing that was never sent.
 */
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { type AttributeValue, CreateTableCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  GetEventSourceMappingCommand,
  GetFunctionCommand,
} from "@aws-sdk/client-lambda";
import { SendMessageBatchCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { zipSync } from "fflate";
import { createQueue, messagesLeft } from "./sqs-queues.ts";
import { type CheckResult, loop, type SoakContext, sleep, type Workload } from "./workload.ts";

const QUEUE = "chaos-orders";
const TABLE = "chaos-orders";
const FUNCTION = "chaos-order-writer";
const FUNCTION_TIMEOUT_SECONDS = 5;
/** AWS: the queue's visibility timeout must be at least the function's timeout (Lambda developer guide, SQS). */
const VISIBILITY_TIMEOUT_SECONDS = 6;
/** How long the drained pipeline may take to empty the queue before the check gives up. */
const DRAIN_LIMIT_MS = 60_000;
const MAX_BATCH = 10;

const HANDLER = `
const { DynamoDBClient, PutItemCommand } = require("@aws-sdk/client-dynamodb");
const dynamodb = new DynamoDBClient({ maxAttempts: 1 });
exports.handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    try {
      await dynamodb.send(new PutItemCommand({
        TableName: process.env.TABLE,
        Item: { id: { S: order.id }, amount: { N: String(order.amount) }, messageId: { S: record.messageId } },
        ConditionExpression: "attribute_not_exists(id)",
      }));
    } catch (error) {
      if (error.name === "ConditionalCheckFailedException") console.log("REDELIVERED " + order.id);
      else batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};`;

export function writeBufferWorkload(ctx: SoakContext): Workload {
  const attempted = new Map<string, number>();
  const acknowledged = new Set<string>();
  let queueUrl = "";

  async function produce(): Promise<void> {
    const rng = ctx.rng("write-buffer-producer");
    let n = 0;
    const order = () => {
      const o = { id: `order-${n++}`, amount: rng.int(1, 50_000) / 100 };
      attempted.set(o.id, o.amount);
      return o;
    };
    await loop(
      ctx.stop,
      () => rng.int(0, 30),
      async () => {
        if (rng.chance(0.3)) {
          const orders = Array.from({ length: rng.int(2, MAX_BATCH) }, order);
          const outcome = await ctx.log.attempt("sqs.SendMessageBatch (orders)", () =>
            ctx.clients.sqs.send(
              new SendMessageBatchCommand({
                QueueUrl: queueUrl,
                Entries: orders.map((o, i) => ({ Id: `e${i}`, MessageBody: JSON.stringify(o) })),
              }),
            ),
          );
          if (outcome.status !== "acked") return;
          for (const entry of outcome.value.Successful ?? [])
            acknowledged.add(orders[Number(entry.Id!.slice(1))]!.id);
          return;
        }
        const o = order();
        const outcome = await ctx.log.attempt("sqs.SendMessage (orders)", () =>
          ctx.clients.sqs.send(
            new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(o) }),
          ),
        );
        if (outcome.status === "acked") acknowledged.add(o.id);
      },
    );
  }

  async function untilQueueEmpty(): Promise<number> {
    const start = performance.now();
    for (;;) {
      const left = await messagesLeft(ctx.clients.sqs, queueUrl);
      if (left === 0 || performance.now() - start > DRAIN_LIMIT_MS) return left;
      await sleep(250);
    }
  }

  async function redeliveries(): Promise<number> {
    let count = 0;
    let nextToken: string | undefined;
    do {
      const page = await ctx.clients.logs.send(
        new FilterLogEventsCommand({
          logGroupName: `/aws/lambda/${FUNCTION}`,
          filterPattern: '"REDELIVERED"',
          nextToken,
        }),
      );
      count += page.events?.length ?? 0;
      nextToken = page.nextToken;
    } while (nextToken);
    return count;
  }

  return {
    name: "write-buffer",
    async setup() {
      const { lambda, dynamodb, sqs } = ctx.clients;
      await dynamodb.send(
        new CreateTableCommand({
          TableName: TABLE,
          AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
      const queue = await createQueue(sqs, QUEUE, { VisibilityTimeout: String(VISIBILITY_TIMEOUT_SECONDS) });
      queueUrl = queue.url;
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: FUNCTION,
          Runtime: "nodejs22.x",
          Role: "arn:aws:iam::000000000000:role/chaos-order-writer",
          Handler: "index.handler",
          Timeout: FUNCTION_TIMEOUT_SECONDS,
          Code: { ZipFile: zipSync({ "index.js": Buffer.from(HANDLER) }) },
          Environment: { Variables: { TABLE } },
        }),
      );
      for (;;) {
        const { Configuration } = await lambda.send(new GetFunctionCommand({ FunctionName: FUNCTION }));
        if (Configuration?.State === "Active") break;
        await sleep(50);
      }
      const { UUID } = await lambda.send(
        new CreateEventSourceMappingCommand({
          FunctionName: FUNCTION,
          EventSourceArn: queue.arn,
          BatchSize: MAX_BATCH,
          FunctionResponseTypes: ["ReportBatchItemFailures"],
        }),
      );
      for (;;) {
        const { State } = await lambda.send(new GetEventSourceMappingCommand({ UUID }));
        if (State === "Enabled") break;
        await sleep(50);
      }
    },
    async run() {
      await produce();
    },
    async check(): Promise<CheckResult> {
      const breaches: string[] = [];
      const left = await untilQueueEmpty();
      if (left > 0)
        breaches.push(`${left} orders still queued ${DRAIN_LIMIT_MS / 1000} s after the last restart`);
      const stored = new Map<string, Record<string, AttributeValue>>();
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await ctx.clients.dynamodb.send(
          new ScanCommand({ TableName: TABLE, ConsistentRead: true, ExclusiveStartKey: start }),
        );
        for (const item of page.Items ?? []) stored.set(item.id!.S!, item);
        start = page.LastEvaluatedKey;
      } while (start);
      for (const id of acknowledged) {
        if (!stored.has(id)) breaches.push(`acknowledged ${id} is not in the table`);
      }
      for (const [id, item] of stored) {
        const amount = attempted.get(id);
        if (amount === undefined) breaches.push(`${id} is in the table but was never sent`);
        else if (Number(item.amount!.N) !== amount)
          breaches.push(`${id} holds amount ${item.amount!.N}, sent ${amount}`);
      }
      return {
        breaches,
        checked: {
          "orders acknowledged": acknowledged.size,
          "orders in the table": stored.size,
          "orders redelivered (ConditionalCheckFailed in the function)": await redeliveries(),
        },
      };
    },
  };
}
