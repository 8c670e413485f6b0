/**
 * The AWS CLI against the engine: the seed's CreateTable command verbatim (the `orders` table,
 * 1 RCU / 1 WCU), then items in and out with put-item, get-item, query and scan. Skipped where
 * `aws` is missing, except in CI (CI=true), where that fails. Each CLI start costs about half a
 * second, so independent commands run together; the virtual clock is advanced first so that the
 * 1-unit table has the capacity for them and never throttles the CLI into its retry loop.
 */
import assert from "node:assert/strict";
import { after, before, describe, it, type TestContext } from "node:test";
import {
  AWS_CLI_V1,
  type CliOutcome,
  clientEnv,
  run,
  runCli,
  skipWithout,
} from "../../clients/real-clients.ts";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";

const SEED_CREATE_TABLE =
  "aws dynamodb create-table --table-name orders --attribute-definitions AttributeName=id,AttributeType=S AttributeName=timestamp,AttributeType=N --key-schema AttributeName=id,KeyType=HASH AttributeName=timestamp,KeyType=RANGE --provisioned-throughput ReadCapacityUnits=1,WriteCapacityUnits=1";
const CLI_TIME_LIMIT_MS = 30_000;
/** CLI processes at once: each start is CPU-bound, so more than a couple only queue up. */
const CLI_CONCURRENCY = 2;

/** Runs the tasks, at most `limit` at a time, and returns their results in order. */
async function inPool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

async function cliMissing(): Promise<string | undefined> {
  try {
    await run(AWS_CLI_V1, ["--version"], { env: clientEnv() });
    return undefined;
  } catch {
    return "the AWS CLI (aws) is not installed on this machine";
  }
}

describe("DynamoDB through the AWS CLI", () => {
  let t: TestEngine | undefined;
  let missing: string | undefined;

  /** Runs `aws --endpoint-url <engine> …args`; a failing command is an outcome, not a throw. */
  const aws = (args: string[]) => runCli(AWS_CLI_V1, t!.endpoint, args, { timeoutMs: CLI_TIME_LIMIT_MS });
  const json = (outcome: CliOutcome): Record<string, unknown> => {
    assert.equal(outcome.exit, 0, outcome.stderr);
    return outcome.stdout.trim() === "" ? {} : (JSON.parse(outcome.stdout) as Record<string, unknown>);
  };
  const item = (id: string, timestamp: number, total: string) =>
    JSON.stringify({ id: { S: id }, timestamp: { N: String(timestamp) }, total: { N: total } });

  const outcomes = new Map<string, CliOutcome>();
  const commands: Record<string, string[]> = {
    describe: ["dynamodb", "describe-table", "--table-name", "orders"],
    get: [
      "dynamodb",
      "get-item",
      "--table-name",
      "orders",
      "--key",
      JSON.stringify({ id: { S: "order-1" }, timestamp: { N: "1700000200" } }),
      "--consistent-read",
      "--return-consumed-capacity",
      "TOTAL",
    ],
    query: [
      "dynamodb",
      "query",
      "--table-name",
      "orders",
      "--key-condition-expression",
      "id = :id AND #ts >= :since",
      "--expression-attribute-names",
      JSON.stringify({ "#ts": "timestamp" }),
      "--expression-attribute-values",
      JSON.stringify({ ":id": { S: "order-1" }, ":since": { N: "1700000100" } }),
      "--no-scan-index-forward",
    ],
    scan: [
      "dynamodb",
      "scan",
      "--table-name",
      "orders",
      "--filter-expression",
      "#total > :min",
      "--expression-attribute-names",
      JSON.stringify({ "#total": "total" }),
      "--expression-attribute-values",
      JSON.stringify({ ":min": { N: "10" } }),
    ],
    conditional: [
      "dynamodb",
      "put-item",
      "--table-name",
      "orders",
      "--item",
      item("order-1", 1700000000, "1"),
      "--condition-expression",
      "attribute_not_exists(id)",
    ],
    partialKey: [
      "dynamodb",
      "get-item",
      "--table-name",
      "orders",
      "--key",
      JSON.stringify({ id: { S: "order-1" } }),
    ],
  };

  before(async () => {
    missing = await cliMissing();
    if (missing) return;
    t = await startTestEngine();
    const [program, ...args] = SEED_CREATE_TABLE.split(" ");
    assert.equal(program, "aws");
    json(await aws(args));
    json(await aws(["dynamodb", "wait", "table-exists", "--table-name", "orders"]));
    t.clock.advance(30_000);
    const puts = [
      ["order-1", 1700000000, "19.99"],
      ["order-1", 1700000100, "5"],
      ["order-1", 1700000200, "120.50"],
      ["order-2", 1700000000, "7.25"],
    ] as const;
    const written = await inPool(
      puts.map(
        ([id, timestamp, total]) =>
          () =>
            aws(["dynamodb", "put-item", "--table-name", "orders", "--item", item(id, timestamp, total)]),
      ),
      CLI_CONCURRENCY,
    );
    for (const outcome of written) json(outcome);
    const names = Object.keys(commands);
    const results = await inPool(
      names.map((name) => () => aws(commands[name]!)),
      CLI_CONCURRENCY,
    );
    for (const [i, name] of names.entries()) outcomes.set(name, results[i]!);
  });
  after(() => t?.stop());

  const skip = (context: TestContext) => skipWithout(context, missing);

  it("created the seed's orders table with 1 RCU / 1 WCU", (context) => {
    if (skip(context)) return;
    const { Table } = json(outcomes.get("describe")!) as {
      Table: { TableStatus: string; ItemCount: number; ProvisionedThroughput: Record<string, number> };
    };

    assert.equal(Table.TableStatus, "ACTIVE");
    assert.equal(Table.ProvisionedThroughput.ReadCapacityUnits, 1);
    assert.equal(Table.ProvisionedThroughput.WriteCapacityUnits, 1);
  });

  it("gets an item back, numbers as DynamoDB stores them", (context) => {
    if (skip(context)) return;
    const output = json(outcomes.get("get")!);

    assert.deepEqual(output.Item, {
      id: { S: "order-1" },
      timestamp: { N: "1700000200" },
      total: { N: "120.5" },
    });
    assert.equal((output.ConsumedCapacity as { CapacityUnits: number }).CapacityUnits, 1);
  });

  it("queries a customer's orders newest first, naming the reserved word timestamp", (context) => {
    if (skip(context)) return;
    const output = json(outcomes.get("query")!) as {
      Items: Array<{ timestamp: { N: string } }>;
      Count: number;
    };

    assert.equal(output.Count, 2);
    assert.deepEqual(
      output.Items.map((i) => i.timestamp.N),
      ["1700000200", "1700000100"],
    );
  });

  it("scans with a filter, counting what it read", (context) => {
    if (skip(context)) return;
    const output = json(outcomes.get("scan")!) as {
      Count: number;
      ScannedCount: number;
      Items: Array<{ total: { N: string } }>;
    };

    assert.equal(output.ScannedCount, 4);
    assert.deepEqual(output.Items.map((i) => i.total.N).sort(), ["120.5", "19.99"]);
  });

  it("prints DynamoDB's error and exits 255 for a failed condition", (context) => {
    if (skip(context)) return;
    const outcome = outcomes.get("conditional")!;

    assert.equal(outcome.exit, 255);
    assert.equal(
      outcome.stderr.trim(),
      "An error occurred (ConditionalCheckFailedException) when calling the PutItem operation: The conditional request failed",
    );
  });

  it("prints the validation error for a key that does not match the schema", (context) => {
    if (skip(context)) return;
    const outcome = outcomes.get("partialKey")!;

    assert.equal(outcome.exit, 255);
    assert.equal(
      outcome.stderr.trim(),
      "An error occurred (ValidationException) when calling the GetItem operation: The provided key element does not match the schema",
    );
  });
});
