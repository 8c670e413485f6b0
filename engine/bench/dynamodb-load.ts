/**
 * One load-generating process for the DynamoDB benchmark, with one AWS SDK v3 DynamoDBClient for
 * its endpoint. Each run is one of two workloads, with `concurrency` async loops:
 *
 * - `put-get`: each loop writes a new item with PutItem, then reads it back with GetItem, until
 *   the process's share of operations is done (both requests count as operations);
 * - `query`: each loop queries one whole partition (following LastEvaluatedKey), until the
 *   process's share of queries is done.
 *
 *   node --import tsx bench/dynamodb-load.ts http://127.0.0.1:4566
 *
 * Protocol with the parent (bench/dynamodb.ts): prints "ready"; then for each DynamoLoadPlan JSON
 * line on stdin runs it and prints one DynamoLoadResult JSON line; exits when stdin ends.
 */
import { pathToFileURL } from "node:url";
import {
  type AttributeValue,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from "@aws-sdk/client-dynamodb";
import { BENCH_CLIENT_CONFIG, servePlans } from "./load-process.ts";

export type DynamoLoadPlan =
  | {
      kind: "put-get";
      tableName: string;
      /** Requests in total (PutItem + GetItem), an even number. */
      operations: number;
      concurrency: number;
      /** DynamoDB item size (attribute names + values) of each item written. */
      itemBytes: number;
      /** Makes this run's keys unique on the server. */
      keyPrefix: string;
      timeLimitMs: number;
    }
  | {
      kind: "query";
      tableName: string;
      /** The partition key value of the partition read. */
      partition: string;
      /** Items the partition holds: a query that returns fewer counts as an error. */
      expectedItems: number;
      queries: number;
      concurrency: number;
      timeLimitMs: number;
    };

export interface DynamoLoadResult {
  /** Requests answered (put-get) or whole-partition queries completed (query). */
  operations: number;
  /** Items read (query: summed over every page). */
  items: number;
  /** Query pages requested (more than `operations` when a partition is paged). */
  requests: number;
  elapsedMs: number;
  /** CPU time this process spent on the run (the SDK's share of the machine). */
  cpuMs: number;
  /** Answers that were wrong: an item not read back, a partition short of items. */
  errors: number;
  timedOut: boolean;
}

/** An item with string `key` attributes and a `data` string padding it to `bytes` (DynamoDB's size rule). */
export function benchItem(key: Record<string, string>, bytes: number): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {};
  let used = "data".length;
  for (const [name, value] of Object.entries(key)) {
    item[name] = { S: value };
    used += name.length + Buffer.byteLength(value);
  }
  item.data = { S: "x".repeat(Math.max(1, bytes - used)) };
  return item;
}

async function putGet(
  client: DynamoDBClient,
  plan: Extract<DynamoLoadPlan, { kind: "put-get" }>,
  result: DynamoLoadResult,
): Promise<void> {
  const deadline = performance.now() + plan.timeLimitMs;
  const pairs = Math.ceil(plan.operations / 2);
  let claimed = 0;
  const loop = async () => {
    // Bounded: one pair per iteration, and never more than the plan's pairs in all.
    for (let i = 0; i < pairs && claimed < pairs; i++) {
      if (performance.now() > deadline) {
        result.timedOut = true;
        return;
      }
      const id = `${plan.keyPrefix}-${claimed++}`;
      await client.send(
        new PutItemCommand({ TableName: plan.tableName, Item: benchItem({ id }, plan.itemBytes) }),
      );
      result.operations++;
      const { Item } = await client.send(
        new GetItemCommand({ TableName: plan.tableName, Key: { id: { S: id } } }),
      );
      result.operations++;
      result.requests += 2;
      if (Item?.id?.S === id) result.items++;
      else result.errors++;
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, loop));
}

/** Pages one partition can take at most (1,000 items of 200 B fit in one 1 MB page). */
const MAX_PAGES = 100;

async function query(
  client: DynamoDBClient,
  plan: Extract<DynamoLoadPlan, { kind: "query" }>,
  result: DynamoLoadResult,
): Promise<void> {
  const deadline = performance.now() + plan.timeLimitMs;
  let claimed = 0;
  const loop = async () => {
    for (let i = 0; i < plan.queries && claimed < plan.queries; i++) {
      if (performance.now() > deadline) {
        result.timedOut = true;
        return;
      }
      claimed++;
      let items = 0;
      let startKey: Record<string, AttributeValue> | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await client.send(
          new QueryCommand({
            TableName: plan.tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": { S: plan.partition } },
            ExclusiveStartKey: startKey,
          }),
        );
        result.requests++;
        items += answer.Items?.length ?? 0;
        startKey = answer.LastEvaluatedKey;
        if (!startKey) break;
      }
      result.items += items;
      result.operations++;
      if (items !== plan.expectedItems || startKey) result.errors++;
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, loop));
}

async function runLoad(client: DynamoDBClient, plan: DynamoLoadPlan): Promise<DynamoLoadResult> {
  const startedAt = performance.now();
  const cpuAtStart = process.cpuUsage();
  const result: DynamoLoadResult = {
    operations: 0,
    items: 0,
    requests: 0,
    elapsedMs: 0,
    cpuMs: 0,
    errors: 0,
    timedOut: false,
  };
  if (plan.kind === "put-get") await putGet(client, plan, result);
  else await query(client, plan, result);
  result.elapsedMs = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuAtStart);
  result.cpuMs = (cpu.user + cpu.system) / 1000;
  return result;
}

async function main(): Promise<void> {
  const endpoint = process.argv[2];
  if (!endpoint) throw new Error("usage: dynamodb-load.ts <endpoint>");
  const client = new DynamoDBClient({ endpoint, ...BENCH_CLIENT_CONFIG });
  await servePlans(client, (plan: DynamoLoadPlan) => runLoad(client, plan));
}

// bench/dynamodb.ts imports benchItem and the types; only the load process runs main.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
