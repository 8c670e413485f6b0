/**
 * DynamoDB with a stream (NEW_AND_OLD_IMAGES). Every item has exactly one writer, so its history is
 * known in order:
 *
 * - put writers: PutItem with a unique token, now and then DeleteItem or a BatchWriteItem of both;
 * - a counter writer: UpdateItem `version + 1` on the condition that the version is the last one it
 *   acknowledged (after a lost call it reads the item again before going on);
 * - a transaction writer: TransactWriteItems updating two items to one new version and token, on
 *   the same condition for both; TransactGetItems checks now and then that the pair agrees.
 *
 * A condition failure where the writer knew the state, or a version read that is not the last
 * acknowledged one, means acknowledged state was lost. At the end the table and the whole stream
 * are matched against every item's history (item-history.ts); both items of every transaction
 * must agree.
 */
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  type Update,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import type { Prng } from "../test/support/prng.ts";
import { type ItemChange, ItemHistory } from "./item-history.ts";
import type { Outcome } from "./operation-log.ts";
import { readWholeStream } from "./stream-reader.ts";
import { type CheckResult, loop, type SoakContext, type Workload } from "./workload.ts";

const TABLE = "chaos-items";
const ITEMS_PER_PUT_WRITER = 6;
const COUNTERS = 4;
const PAIRS = 4;
const DELETE_SHARE = 0.15;
const VERIFY_SHARE = 0.15;
const BATCH_SHARE = 0.1;

type Item = Record<string, AttributeValue>;
const key = (id: string) => ({ id: { S: id } });
const versionOf = (item: Item | undefined) => Number(item?.version?.N ?? 0);

/** The update both the counter and each item of a transaction make: one version up, a new token. */
function versionUpdate(id: string, expected: number, token: string): Update {
  return {
    TableName: TABLE,
    Key: key(id),
    UpdateExpression: "SET version = if_not_exists(version, :zero) + :one, #token = :token",
    ConditionExpression: expected === 0 ? "attribute_not_exists(id)" : "version = :expected",
    ExpressionAttributeNames: { "#token": "token" },
    ExpressionAttributeValues: {
      ":zero": { N: "0" },
      ":one": { N: "1" },
      ":token": { S: token },
      ...(expected === 0 ? {} : { ":expected": { N: String(expected) } }),
    },
  };
}

const isConditionFailure = (outcome: Outcome<unknown>) =>
  outcome.status === "rejected" &&
  (outcome.error.name === "ConditionalCheckFailedException" ||
    (outcome.error.name === "TransactionCanceledException" &&
      /ConditionalCheckFailed/.test(outcome.error.message ?? "")));

export function dynamodbWorkload(ctx: SoakContext, options: { putWriters: number }): Workload {
  const histories = new Map<string, ItemHistory>();
  const history = (id: string) => {
    let h = histories.get(id);
    if (!h) {
      h = new ItemHistory(id);
      histories.set(id, h);
    }
    return h;
  };
  const counters = new Set<string>();
  const pairs: Array<[string, string]> = [];
  const runBreaches: string[] = [];
  const { dynamodb } = ctx.clients;

  /** Puts and deletes on distinct items of writer `w` in one BatchWriteItem. */
  async function batchWrite(w: number, rng: Prng, token: () => string): Promise<void> {
    const ids = [
      ...new Set(
        Array.from({ length: rng.int(2, 4) }, () => `put-w${w}-${rng.int(0, ITEMS_PER_PUT_WRITER - 1)}`),
      ),
    ];
    const requests = ids.map((id) => {
      const t = rng.chance(DELETE_SHARE) ? undefined : token();
      return {
        id,
        token: t,
        request:
          t === undefined
            ? { DeleteRequest: { Key: key(id) } }
            : { PutRequest: { Item: { ...key(id), token: { S: t } } } },
      };
    });
    const outcome = await ctx.log.attempt("dynamodb.BatchWriteItem", () =>
      dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: requests.map((r) => r.request) } })),
    );
    // AWS: whatever is in UnprocessedItems was not written (BatchWriteItem API reference).
    const unprocessed = new Set(
      outcome.status === "acked"
        ? (outcome.value.UnprocessedItems?.[TABLE] ?? []).map(
            (r) => (r.PutRequest?.Item ?? r.DeleteRequest?.Key)!.id!.S!,
          )
        : [],
    );
    for (const { id, token: t } of requests) {
      history(id).record(
        t === undefined ? "delete" : "write",
        t,
        unprocessed.has(id) ? "rejected" : outcome.status,
      );
    }
  }

  async function putWriter(w: number): Promise<void> {
    const rng = ctx.rng(`dynamodb-put-writer-${w}`);
    let n = 0;
    await loop(
      ctx.stop,
      () => rng.int(0, 10),
      async () => {
        if (rng.chance(BATCH_SHARE)) return batchWrite(w, rng, () => `w${w}-${n++}`);
        const id = `put-w${w}-${rng.int(0, ITEMS_PER_PUT_WRITER - 1)}`;
        if (rng.chance(DELETE_SHARE)) {
          const outcome = await ctx.log.attempt("dynamodb.DeleteItem", () =>
            dynamodb.send(new DeleteItemCommand({ TableName: TABLE, Key: key(id) })),
          );
          history(id).record("delete", undefined, outcome.status);
          return;
        }
        const token = `w${w}-${n++}`;
        const outcome = await ctx.log.attempt("dynamodb.PutItem", () =>
          dynamodb.send(new PutItemCommand({ TableName: TABLE, Item: { ...key(id), token: { S: token } } })),
        );
        history(id).record("write", token, outcome.status);
      },
    );
  }

  /** Versions the writer knows (acknowledged, or read back); undefined after a lost call. */
  async function counterWriter(): Promise<void> {
    const rng = ctx.rng("dynamodb-counter-writer");
    const expected = new Map<string, number | undefined>();
    let n = 0;
    const read = (id: string) =>
      ctx.log.attempt("dynamodb.GetItem", () =>
        dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: key(id), ConsistentRead: true })),
      );
    await loop(
      ctx.stop,
      () => rng.int(0, 10),
      async () => {
        const id = `ctr-${rng.int(0, COUNTERS - 1)}`;
        counters.add(id);
        const known = expected.has(id) ? expected.get(id) : 0;
        if (known === undefined || rng.chance(VERIFY_SHARE)) {
          const outcome = await read(id);
          if (outcome.status !== "acked") return;
          const version = versionOf(outcome.value.Item);
          if (known !== undefined && version !== known) {
            runBreaches.push(`${id}: read version ${version}, the last acknowledged is ${known}`);
          }
          expected.set(id, version);
          return;
        }
        const token = `c-${n++}`;
        const outcome = await ctx.log.attempt("dynamodb.UpdateItem (conditional)", () =>
          dynamodb.send(new UpdateItemCommand(versionUpdate(id, known, token))),
        );
        history(id).record("write", token, outcome.status);
        if (outcome.status === "acked") expected.set(id, known + 1);
        else if (outcome.status === "lost") expected.set(id, undefined);
        else if (isConditionFailure(outcome)) {
          runBreaches.push(
            `${id}: condition on version ${known} failed, though that version was acknowledged`,
          );
          expected.set(id, undefined);
        }
      },
    );
  }

  async function transactionWriter(): Promise<void> {
    const rng = ctx.rng("dynamodb-transaction-writer");
    const expected = new Map<number, number | undefined>();
    let n = 0;
    for (let k = 0; k < PAIRS; k++) pairs.push([`txa-${k}`, `txb-${k}`]);
    await loop(
      ctx.stop,
      () => rng.int(0, 10),
      async () => {
        const k = rng.int(0, PAIRS - 1);
        const [a, b] = pairs[k]!;
        const known = expected.has(k) ? expected.get(k) : 0;
        if (known === undefined || rng.chance(VERIFY_SHARE)) {
          const outcome = await ctx.log.attempt("dynamodb.TransactGetItems", () =>
            dynamodb.send(
              new TransactGetItemsCommand({
                TransactItems: [
                  { Get: { TableName: TABLE, Key: key(a) } },
                  { Get: { TableName: TABLE, Key: key(b) } },
                ],
              }),
            ),
          );
          if (outcome.status !== "acked") return;
          const [itemA, itemB] = (outcome.value.Responses ?? []).map((r) => r.Item);
          if (itemA?.token?.S !== itemB?.token?.S || versionOf(itemA) !== versionOf(itemB)) {
            runBreaches.push(
              `${a}/${b}: a partial transaction is visible (${itemA?.token?.S} / ${itemB?.token?.S})`,
            );
          }
          if (known !== undefined && versionOf(itemA) !== known) {
            runBreaches.push(
              `${a}/${b}: read version ${versionOf(itemA)}, the last acknowledged is ${known}`,
            );
          }
          expected.set(k, versionOf(itemA));
          return;
        }
        const token = `x-${n++}`;
        const outcome = await ctx.log.attempt("dynamodb.TransactWriteItems", () =>
          dynamodb.send(
            new TransactWriteItemsCommand({
              TransactItems: [
                { Update: versionUpdate(a, known, token) },
                { Update: versionUpdate(b, known, token) },
              ],
            }),
          ),
        );
        history(a).record("write", token, outcome.status);
        history(b).record("write", token, outcome.status);
        if (outcome.status === "acked") expected.set(k, known + 1);
        else if (outcome.status === "lost") expected.set(k, undefined);
        else if (isConditionFailure(outcome)) {
          runBreaches.push(
            `${a}/${b}: condition on version ${known} failed, though that version was acknowledged`,
          );
          expected.set(k, undefined);
        }
      },
    );
  }

  async function scanAll(): Promise<Map<string, Item>> {
    const items = new Map<string, Item>();
    let start: Item | undefined;
    do {
      const page = await dynamodb.send(
        new ScanCommand({ TableName: TABLE, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) items.set(item.id!.S!, item);
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  return {
    name: "dynamodb",
    async setup() {
      await dynamodb.send(
        new CreateTableCommand({
          TableName: TABLE,
          AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
          StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
        }),
      );
    },
    async run() {
      await Promise.all([
        ...Array.from({ length: options.putWriters }, (_, w) => putWriter(w)),
        counterWriter(),
        transactionWriter(),
      ]);
    },
    async check(): Promise<CheckResult> {
      const breaches = [...runBreaches];
      const items = await scanAll();
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: TABLE }));
      const stream = await readWholeStream(ctx.clients.streams, Table!.LatestStreamArn!);
      breaches.push(...stream.breaches);
      const changes = new Map<string, ItemChange[]>();
      for (const record of stream.records) {
        const id = record.dynamodb!.Keys!.id!.S!;
        changes.set(id, [
          ...(changes.get(id) ?? []),
          {
            eventName: record.eventName!,
            oldToken: record.dynamodb!.OldImage?.token?.S,
            newToken: record.dynamodb!.NewImage?.token?.S,
          },
        ]);
      }
      for (const id of new Set([...items.keys(), ...changes.keys()])) {
        if (!histories.has(id)) breaches.push(`${id}: in the table or stream but never written`);
      }
      for (const [id, h] of histories) {
        const itemChanges = changes.get(id) ?? [];
        breaches.push(...h.check(itemChanges, items.get(id)?.token?.S));
        if ((counters.has(id) || id.startsWith("tx")) && versionOf(items.get(id)) !== itemChanges.length) {
          breaches.push(
            `${id}: version ${versionOf(items.get(id))} after ${itemChanges.length} recorded changes`,
          );
        }
      }
      for (const [a, b] of pairs) {
        if (items.get(a)?.token?.S !== items.get(b)?.token?.S) {
          breaches.push(
            `${a}/${b}: partial transaction (${items.get(a)?.token?.S} / ${items.get(b)?.token?.S})`,
          );
        }
        const tokens = (id: string) => (changes.get(id) ?? []).map((c) => c.newToken).join(",");
        if (tokens(a) !== tokens(b))
          breaches.push(`${a}/${b}: the two items' streams hold different transactions`);
      }
      let acknowledged = 0;
      for (const h of histories.values()) acknowledged += h.acknowledged;
      return {
        breaches,
        checked: {
          "items checked": histories.size,
          "acknowledged item writes": acknowledged,
          "stream records": stream.records.length,
          "stream shards": stream.shards,
        },
      };
    },
  };
}
