/**
 * The DynamoDB part of `npm run bench`: the engine (durable, --data-dir), dynalite (in memory) and
 * moto's server in one run, each driven through the AWS SDK v3 DynamoDBClient on loopback by the
 * same load processes (bench/dynamodb-load.ts). Two workloads, on PAY_PER_REQUEST tables:
 *
 * - PutItem + GetItem: `processes` × `concurrency` loops, each writing a new ~200 B item and
 *   reading it back; rate = requests answered (both kinds) ÷ the slowest process's time;
 * - Query: the same loops each reading one whole 1,000-item partition (pre-loaded with
 *   BatchWriteItem), following LastEvaluatedKey; rates = queries and items per second.
 *
 * One unmeasured warm-up per workload and server, then several runs; medians. The slower peers
 * get fewer operations; every figure is a rate. PutItem + GetItem also runs against a bare
 * node:http server that does no DynamoDB work (bench/http-floor.ts): the most any Node server can
 * do here through the SDK. docs/BENCHMARKS.md describes the method.
 *
 *   node --import tsx bench/dynamodb.ts [--quick]                # this part alone (from engine/)
 *   node --import tsx bench/dynamodb.ts --only=engine,floor      # some servers, figures as JSON
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { ENGINE_DIR, freePort, LOOPBACK, PROCESS_TIME_LIMIT_MS } from "../test/support/engine-process.ts";
import { benchItem, type DynamoLoadPlan, type DynamoLoadResult } from "./dynamodb-load.ts";
import { closeLoadProcesses, type LoadProcess, runPlan, startLoadProcesses } from "./load-process.ts";
import { cpuTimeMs, type RunningServer, startServer } from "./servers.ts";
import { formatNumber, formatRuns, median } from "./stats.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const DYNAMODB_TARGETS = { operationsPerSecond: 6_000, ratioToDynalite: 3 };

type Peer = "engine" | "dynalite" | "moto";
const PEERS: readonly Peer[] = ["engine", "dynalite", "moto"];
/** `floor` is bench/http-floor.ts: node:http answering without any DynamoDB work (PutItem + GetItem only). */
type Server = Peer | "floor";

interface Workload {
  warmup: number;
  perRun: number;
  runs: number;
}

function plan(quick: boolean) {
  const runs = quick ? 1 : 5;
  const peerRuns = quick ? 1 : 3;
  return {
    processes: 2,
    concurrency: 8,
    itemBytes: 200,
    partitionItems: 1_000,
    runTimeLimitMs: 30_000,
    /** Requests per run (PutItem + GetItem); the slower peers get fewer, and the figures are rates. */
    putGet: {
      engine: { warmup: quick ? 2_000 : 4_000, perRun: quick ? 4_000 : 10_000, runs },
      dynalite: { warmup: quick ? 500 : 3_000, perRun: quick ? 1_000 : 5_000, runs: peerRuns },
      moto: { warmup: quick ? 100 : 200, perRun: quick ? 200 : 600, runs: peerRuns },
      floor: { warmup: quick ? 1_000 : 4_000, perRun: quick ? 2_000 : 6_000, runs: peerRuns },
    } satisfies Record<Server, Workload>,
    /** Whole-partition queries per run. */
    query: {
      engine: { warmup: quick ? 16 : 32, perRun: quick ? 32 : 160, runs },
      dynalite: { warmup: quick ? 16 : 32, perRun: quick ? 16 : 96, runs: peerRuns },
      moto: { warmup: quick ? 0 : 2, perRun: 8, runs: peerRuns },
    } satisfies Record<Peer, Workload>,
  };
}
type Plan = ReturnType<typeof plan>;

const ITEMS_TABLE = "bench-items";
const PARTITION_TABLE = "bench-partition";
const PARTITION = "p";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dynamoClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });

interface PeerServer {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

const requireHere = createRequire(import.meta.url);

/** dynalite's package.json (for its version and its CLI). */
function dynalitePackage(): { dir: string; version: string } {
  const file = requireHere.resolve("dynalite/package.json");
  const { version } = JSON.parse(readFileSync(file, "utf8")) as { version: string };
  return { dir: file.slice(0, -"/package.json".length), version };
}

/** A server child process on a free loopback port; started once it answers ListTables. */
async function startChild(name: string, args: (port: number) => string[]): Promise<PeerServer> {
  const port = await freePort();
  const child = spawn(process.execPath, args(port), { cwd: ENGINE_DIR, stdio: "ignore" });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const endpoint = `http://${LOOPBACK}:${port}`;
  const client = dynamoClient(endpoint);
  try {
    const startedAt = performance.now();
    while (performance.now() - startedAt < PROCESS_TIME_LIMIT_MS && child.exitCode === null) {
      try {
        await client.send(new ListTablesCommand({}));
        return { endpoint, pid: child.pid!, stop };
      } catch {
        await sleep(10);
      }
    }
  } finally {
    client.destroy();
  }
  await stop();
  throw new Error(`${name} did not answer ListTables`);
}

async function startPeer(peer: Server): Promise<PeerServer> {
  // dynalite's CLI: its in-memory store (no --path), tables ACTIVE at once.
  if (peer === "dynalite") {
    const cli = `${dynalitePackage().dir}/cli.js`;
    const timings = ["--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"];
    return startChild("dynalite", (port) => [cli, "--host", LOOPBACK, "--port", String(port), ...timings]);
  }
  if (peer === "floor") {
    return startChild("the node:http floor", (port) => [
      "--import",
      "tsx",
      "bench/http-floor.ts",
      String(port),
    ]);
  }
  // The engine through its launcher, durable in a fresh --data-dir (as in the SQS bench); moto's server.
  const server: RunningServer = await startServer(peer === "engine" ? "bin" : "moto");
  return server;
}

async function createTables(client: DynamoDBClient): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: ITEMS_TABLE,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    }),
  );
  await client.send(
    new CreateTableCommand({
      TableName: PARTITION_TABLE,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
    }),
  );
  for (const TableName of [ITEMS_TABLE, PARTITION_TABLE]) {
    for (let attempt = 0; ; attempt++) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName }));
      if (Table?.TableStatus === "ACTIVE") break;
      if (attempt >= 300) throw new Error(`${TableName} is still ${Table?.TableStatus}`);
      await sleep(10);
    }
  }
}

/** The query partition: `count` items of `bytes`, written 25 at a time with BatchWriteItem. */
async function loadPartition(client: DynamoDBClient, count: number, bytes: number): Promise<void> {
  const width = String(count - 1).length;
  const requests: WriteRequest[] = Array.from({ length: count }, (_, i) => ({
    PutRequest: { Item: benchItem({ pk: PARTITION, sk: String(i).padStart(width, "0") }, bytes) },
  }));
  for (let start = 0; start < requests.length; start += 25) {
    let pending: WriteRequest[] = requests.slice(start, start + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= 10) throw new Error("BatchWriteItem left items unprocessed 10 times");
      const { UnprocessedItems } = await client.send(
        new BatchWriteItemCommand({ RequestItems: { [PARTITION_TABLE]: pending } }),
      );
      pending = UnprocessedItems?.[PARTITION_TABLE] ?? [];
    }
  }
}

export interface DynamoRunOutcome {
  /** Requests (put-get) or whole-partition queries per second. */
  operationsPerSecond: number;
  itemsPerSecond: number;
  operations: number;
  elapsedMs: number;
  serverCpuPerOperationUs: number;
  clientCpuPerOperationUs: number;
}

/** One run: `total` operations split evenly over the load processes; the slowest one sets the time. */
async function runOnce(
  server: PeerServer,
  workers: LoadProcess[],
  planFor: (share: number, n: number) => DynamoLoadPlan,
  total: number,
): Promise<DynamoRunOutcome> {
  const share = Math.ceil(total / workers.length);
  const serverCpuAtStart = cpuTimeMs(server.pid);
  const results = await Promise.all(
    workers.map(async (worker, n) => {
      return runPlan<DynamoLoadResult>(worker, planFor(share, n));
    }),
  );
  const serverCpuMs = cpuTimeMs(server.pid) - serverCpuAtStart;
  const sum = (key: "operations" | "items" | "cpuMs" | "errors") =>
    results.reduce((total, r) => total + r[key], 0);
  const operations = sum("operations");
  if (results.some((r) => r.timedOut) || sum("errors") > 0 || operations < share * workers.length) {
    throw new Error(`a DynamoDB run did not complete: ${JSON.stringify(results)}`);
  }
  const elapsedMs = Math.max(...results.map((r) => r.elapsedMs));
  return {
    operationsPerSecond: operations / (elapsedMs / 1000),
    itemsPerSecond: sum("items") / (elapsedMs / 1000),
    operations,
    elapsedMs,
    serverCpuPerOperationUs: (serverCpuMs * 1000) / operations,
    clientCpuPerOperationUs: (sum("cpuMs") * 1000) / operations,
  };
}

interface PeerFigures {
  putGet: DynamoRunOutcome[];
  query: DynamoRunOutcome[];
}

async function measurePeer(peer: Server, p: Plan): Promise<PeerFigures> {
  const server = await startPeer(peer);
  const client = dynamoClient(server.endpoint);
  let workers: LoadProcess[] = [];
  try {
    if (peer !== "floor") {
      await createTables(client);
      await loadPartition(client, p.partitionItems, p.itemBytes);
    }
    workers = await startLoadProcesses("bench/dynamodb-load.ts", server.endpoint, p.processes);
    let run = 0;
    const putGetPlan = (share: number, n: number): DynamoLoadPlan => ({
      kind: "put-get",
      tableName: ITEMS_TABLE,
      operations: share,
      concurrency: p.concurrency,
      itemBytes: p.itemBytes,
      keyPrefix: `r${run}-w${n}`,
      timeLimitMs: p.runTimeLimitMs,
    });
    const queryPlan = (share: number): DynamoLoadPlan => ({
      kind: "query",
      tableName: PARTITION_TABLE,
      partition: PARTITION,
      expectedItems: p.partitionItems,
      queries: share,
      concurrency: p.concurrency,
      timeLimitMs: p.runTimeLimitMs,
    });
    const measure = async (
      name: string,
      workload: Workload,
      planFor: (share: number, n: number) => DynamoLoadPlan,
      unit: string,
    ) => {
      // Unmeasured: warms the JIT on both sides and opens the connections.
      if (workload.warmup > 0) {
        run++;
        await runOnce(server, workers, planFor, workload.warmup);
      }
      const outcomes: DynamoRunOutcome[] = [];
      for (let i = 0; i < workload.runs; i++) {
        run++;
        const outcome = await runOnce(server, workers, planFor, workload.perRun);
        outcomes.push(outcome);
        console.log(
          `  ${peer} ${name} run ${i + 1}: ${formatNumber(outcome.operationsPerSecond)} ${unit}/s ` +
            `(${formatNumber(outcome.operations)} in ${formatNumber(outcome.elapsedMs)} ms)`,
        );
      }
      return outcomes;
    };
    const putGet = await measure("PutItem+GetItem", p.putGet[peer], putGetPlan, "ops");
    const query = peer === "floor" ? [] : await measure("Query", p.query[peer], queryPlan, "queries");
    return { putGet, query };
  } finally {
    client.destroy();
    await closeLoadProcesses(workers);
    await server.stop();
  }
}

const met = (ok: boolean) => (ok ? "met" : "**not met**");

/** Runs the DynamoDB bench and prints its figures (a markdown table) and whether the targets are met. */
export async function runDynamoDbBench(options: {
  quick: boolean;
  /** Only these servers, figures as JSON (to measure one side alone, e.g. while profiling it). */
  only?: readonly Server[];
}): Promise<void> {
  const startedAt = performance.now();
  const p = plan(options.quick);
  const sdk = JSON.parse(
    readFileSync(requireHere.resolve("@aws-sdk/client-dynamodb/package.json"), "utf8"),
  ) as { version: string };
  console.log(
    `\nDynamoDB (${p.processes} load processes × ${p.concurrency} loops; @aws-sdk/client-dynamodb ` +
      `${sdk.version}; dynalite ${dynalitePackage().version} in memory; PutItem → GetItem of ` +
      `${p.itemBytes} B items; Query of a ${formatNumber(p.partitionItems)}-item partition) …`,
  );
  const servers: readonly Server[] = options.only ?? [...PEERS, "floor"];
  const figures = {} as Record<Server, PeerFigures>;
  for (const server of servers) figures[server] = await measurePeer(server, p);
  if (options.only) {
    for (const server of servers) console.log(`${server}: ${JSON.stringify(figures[server])}`);
    return;
  }

  const columns: readonly Server[] = [...PEERS, "floor"];
  const med = (server: Server, workload: keyof PeerFigures, key: keyof DynamoRunOutcome) =>
    median(figures[server][workload].map((r) => r[key]));
  /** A table row: the median per server, then engine / dynalite and engine / moto. */
  const row = (label: string, value: (server: Server) => number, digits = 0, ratios = true): string[] => {
    const ratio = (peer: Peer) => formatNumber(value("engine") / value(peer), digits === 0 ? 1 : 2);
    return [
      label,
      ...columns.map((server) => formatNumber(value(server), digits)),
      ratios ? `${ratio("dynalite")}×` : "",
      ratios ? `${ratio("moto")}×` : "",
    ];
  };
  const putGetRate = (server: Server) => med(server, "putGet", "operationsPerSecond");
  const serverCpu = (server: Server) => med(server, "putGet", "serverCpuPerOperationUs");
  const engineRate = putGetRate("engine");
  const ratioToDynalite = engineRate / putGetRate("dynalite");
  const rows: string[][] = [
    [
      "measure (median)",
      "engine",
      "dynalite",
      "moto",
      "node:http floor",
      "engine / dynalite",
      "engine / moto",
    ],
    row("**PutItem + GetItem, operations/s**", putGetRate),
    row("server CPU per operation, µs", serverCpu),
    row("server capacity on one core (derived: 1 s ÷ CPU), ops/s", (server) => 1e6 / serverCpu(server)),
    row(
      "client (SDK v3) CPU per operation, µs",
      (server) => med(server, "putGet", "clientCpuPerOperationUs"),
      0,
      false,
    ),
    row(
      `**Query of ${formatNumber(p.partitionItems)} items, queries/s**`,
      (server) => med(server, "query", "operationsPerSecond"),
      1,
    ),
    row("items read/s", (server) => med(server, "query", "itemsPerSecond")),
    row("server CPU per query, ms", (server) => med(server, "query", "serverCpuPerOperationUs") / 1000, 2),
    row(
      "client (SDK v3) CPU per query, ms",
      (server) => med(server, "query", "clientCpuPerOperationUs") / 1000,
      2,
      false,
    ),
  ];
  console.log("");
  for (const [i, cells] of rows.entries()) {
    console.log(`| ${cells.join(" | ")} |`);
    if (i === 0) console.log(`|${cells.map(() => "---").join("|")}|`);
  }
  for (const server of columns) {
    const query = figures[server].query;
    console.log(
      `runs: ${server} PutItem+GetItem ${formatRuns(figures[server].putGet.map((r) => r.operationsPerSecond))} ops/s` +
        (query.length > 0
          ? `; Query ${formatRuns(
              query.map((r) => r.operationsPerSecond),
              1,
            )} queries/s`
          : ""),
    );
  }
  console.log(
    `targets: ≥ ${formatNumber(DYNAMODB_TARGETS.operationsPerSecond)} PutItem+GetItem operations/s: ` +
      `${formatNumber(engineRate)}, ${met(engineRate >= DYNAMODB_TARGETS.operationsPerSecond)}; ` +
      `≥ ${DYNAMODB_TARGETS.ratioToDynalite}× dynalite: ${formatNumber(ratioToDynalite, 2)}×, ` +
      `${met(ratioToDynalite >= DYNAMODB_TARGETS.ratioToDynalite)}`,
  );
  console.log(`DynamoDB part took ${formatNumber((performance.now() - startedAt) / 1000, 1)} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length);
  await runDynamoDbBench({
    quick: process.argv.includes("--quick"),
    only: only ? (only.split(",") as Server[]) : undefined,
  });
}
