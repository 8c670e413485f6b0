/**
 * `npm run bench`: the engine and moto's server in one run, on this machine, through the AWS SDK
 * for JavaScript v3 on loopback. Measures (a) batched SQS throughput, (b) the time from spawning a
 * server to its first answered request, (c) the idle RSS of a started server; prints the medians,
 * the engine/moto ratios and the targets. docs/BENCHMARKS.md describes the method.
 * Then DynamoDB (bench/dynamodb.ts): the engine, dynalite and moto, PutItem + GetItem and Query;
 * and SQS → Lambda (bench/lambda.ts): send-to-handler latency and no-op handler throughput.
 *
 *   npm run bench                                             # the full run, about 2.5 minutes
 *   npm run bench --workspace @orderflow/engine -- --quick    # one short repetition of each
 */
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import Database from "better-sqlite3";
import { freePort } from "../test/support/engine-process.ts";
import { runDynamoDbBench } from "./dynamodb.ts";
import { runLambdaBench } from "./lambda.ts";
import { probeClient, rssBytes, type ServerKind, startServer } from "./servers.ts";
import { formatNumber, formatRuns, median } from "./stats.ts";
import { LoadGenerator, type RunOutcome } from "./throughput.ts";

// The SDK warns once per process that it will need Node 22 from 2027; the load processes inherit this.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const TARGETS = { messagesPerSecond: 10_000, ratioToMoto: 20, firstRequestMs: 150 };

const quick = process.argv.includes("--quick");
const PLAN = {
  /** Two load processes of eight loops each: the SDK needs the second core as much as the server does. */
  processes: 2,
  concurrency: 8,
  /** moto serves about a hundred messages a second, so it gets fewer; the rates are per second. */
  throughput: {
    engine: { warmup: quick ? 2_000 : 10_000, messages: quick ? 4_000 : 20_000, runs: quick ? 1 : 5 },
    moto: { warmup: quick ? 0 : 100, messages: quick ? 100 : 500, runs: quick ? 1 : 3 },
  },
  runTimeLimitMs: 60_000,
  starts: { bin: quick ? 2 : 11, tsx: quick ? 1 : 5, moto: quick ? 1 : 3 },
  /** How long a started server sits idle before its RSS is read. */
  idleMs: 500,
  /** The uncounted first start idles long enough for the launcher to write its code cache. */
  warmupStartMs: 1_500,
};

interface StartFigures {
  firstRequestMs: number[];
  readyLineMs: number[];
  idleRssMiB: number[];
}

const MiB = 1024 * 1024;

/**
 * `runs` starts of one kind, on one port and polled by one client, after an uncounted start that
 * warms that client's answered-request path and lets the launcher build its bundle and code cache
 * if the sources changed.
 */
async function measureStarts(kind: ServerKind, runs: number): Promise<StartFigures> {
  const figures: StartFigures = { firstRequestMs: [], readyLineMs: [], idleRssMiB: [] };
  const port = await freePort();
  const probe = await probeClient(port);
  try {
    for (let run = 0; run <= runs; run++) {
      const server = await startServer(kind, { port, probe });
      try {
        await new Promise((resolve) => setTimeout(resolve, run === 0 ? PLAN.warmupStartMs : PLAN.idleMs));
        if (run === 0) continue;
        figures.firstRequestMs.push(server.firstRequestMs);
        if (server.readyLineMs !== undefined) figures.readyLineMs.push(server.readyLineMs);
        figures.idleRssMiB.push(rssBytes(server.pid) / MiB);
      } finally {
        await server.stop();
      }
    }
  } finally {
    probe.destroy();
  }
  return figures;
}

async function measureThroughput(
  kind: ServerKind,
  plan: { warmup: number; messages: number; runs: number },
): Promise<RunOutcome[]> {
  const server = await startServer(kind);
  const load = await LoadGenerator.start(server, PLAN.processes);
  try {
    // Unmeasured: warms the JIT on both sides and opens the connections.
    if (plan.warmup > 0) await load.run(plan.warmup, PLAN.concurrency, PLAN.runTimeLimitMs);
    const outcomes: RunOutcome[] = [];
    for (let run = 0; run < plan.runs; run++) {
      const outcome = await load.run(plan.messages, PLAN.concurrency, PLAN.runTimeLimitMs);
      if (outcome.incomplete) throw new Error(`${kind}: a run did not complete: ${JSON.stringify(outcome)}`);
      outcomes.push(outcome);
      console.log(
        `  ${kind} run ${run + 1}: ${formatNumber(outcome.messagesPerSecond)} msg/s ` +
          `(${formatNumber(outcome.messages)} messages in ${formatNumber(outcome.elapsedMs)} ms)`,
      );
    }
    return outcomes;
  } finally {
    await load.close();
    await server.stop();
  }
}

function machine(): string {
  const sqlite = new Database(":memory:").prepare("SELECT sqlite_version()").pluck().get() as string;
  const moto = execFileSync("python3", ["-c", "import moto; print(moto.__version__)"]).toString().trim();
  const cpu = cpus();
  return (
    `${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${formatNumber(totalmem() / 1024 ** 3, 1)} GiB; ` +
    `Node ${process.version}, SQLite ${sqlite}, moto ${moto}; load average ${formatLoad()}`
  );
}

/** The 1-minute load average: other work on the machine slows every figure. */
const formatLoad = () => formatNumber(loadavg()[0] ?? Number.NaN, 2);

const met = (ok: boolean) => (ok ? "met" : "**not met**");

async function main(): Promise<void> {
  const startedAt = performance.now();
  console.log(`# orderflow engine vs moto — ${new Date().toISOString()}${quick ? " (quick)" : ""}`);
  console.log(`machine: ${machine()}`);

  console.log("\nstart-up (spawn → first ListQueues answered) and idle RSS …");
  const starts = {
    bin: await measureStarts("bin", PLAN.starts.bin),
    tsx: await measureStarts("tsx", PLAN.starts.tsx),
    moto: await measureStarts("moto", PLAN.starts.moto),
  };
  for (const [kind, figures] of Object.entries(starts)) {
    const readyLine =
      figures.readyLineMs.length > 0 ? `; ready line ${formatRuns(figures.readyLineMs)} ms` : "";
    console.log(
      `  ${kind}: first request ${formatRuns(figures.firstRequestMs)} ms${readyLine}; ` +
        `idle RSS ${formatRuns(figures.idleRssMiB, 1)} MiB`,
    );
  }

  const load = `${PLAN.processes} load processes × ${PLAN.concurrency} loops`;
  console.log(
    `\nbatched throughput (${load}; SendMessageBatch 10 → ReceiveMessage 10 → DeleteMessageBatch) …`,
  );
  const engineRuns = await measureThroughput("bin", PLAN.throughput.engine);
  const motoRuns = await measureThroughput("moto", PLAN.throughput.moto);

  const engineRate = median(engineRuns.map((r) => r.messagesPerSecond));
  const motoRate = median(motoRuns.map((r) => r.messagesPerSecond));
  const engineStart = median(starts.bin.firstRequestMs);
  const motoStart = median(starts.moto.firstRequestMs);
  const engineRss = median(starts.bin.idleRssMiB);
  const motoRss = median(starts.moto.idleRssMiB);
  const cpu = (runs: RunOutcome[], side: "serverCpuPerMessageUs" | "clientCpuPerMessageUs") =>
    median(runs.map((r) => r[side]));

  const rows: string[][] = [
    ["measure (median)", "engine", "moto", "engine / moto", "target", ""],
    [
      "batched SQS throughput, msg/s",
      formatNumber(engineRate),
      formatNumber(motoRate),
      `${formatNumber(engineRate / motoRate, 1)}×`,
      `≥ ${formatNumber(TARGETS.messagesPerSecond)}; ≥ ${TARGETS.ratioToMoto}× moto`,
      `${met(engineRate >= TARGETS.messagesPerSecond)}; ${met(engineRate / motoRate >= TARGETS.ratioToMoto)}`,
    ],
    [
      "server CPU per message, µs",
      formatNumber(cpu(engineRuns, "serverCpuPerMessageUs")),
      formatNumber(cpu(motoRuns, "serverCpuPerMessageUs")),
      `${formatNumber(cpu(engineRuns, "serverCpuPerMessageUs") / cpu(motoRuns, "serverCpuPerMessageUs"), 3)}`,
      "",
      "",
    ],
    [
      "server capacity on one core (derived: 1 s ÷ CPU per message), msg/s",
      formatNumber(1e6 / cpu(engineRuns, "serverCpuPerMessageUs")),
      formatNumber(1e6 / cpu(motoRuns, "serverCpuPerMessageUs")),
      "",
      "",
      "",
    ],
    [
      "client (SDK v3) CPU per message, µs",
      formatNumber(cpu(engineRuns, "clientCpuPerMessageUs")),
      formatNumber(cpu(motoRuns, "clientCpuPerMessageUs")),
      "",
      "",
      "",
    ],
    [
      "spawn → ready line, ms",
      `${formatNumber(median(starts.bin.readyLineMs))} (tsx: ${formatNumber(median(starts.tsx.readyLineMs))})`,
      "",
      "",
      "",
      "",
    ],
    [
      "spawn → first request served, ms",
      `${formatNumber(engineStart)} (tsx: ${formatNumber(median(starts.tsx.firstRequestMs))})`,
      formatNumber(motoStart),
      formatNumber(engineStart / motoStart, 3),
      `< ${TARGETS.firstRequestMs}`,
      met(engineStart < TARGETS.firstRequestMs),
    ],
    [
      "idle RSS after start, MiB",
      `${formatNumber(engineRss, 1)} (tsx: ${formatNumber(median(starts.tsx.idleRssMiB), 1)})`,
      formatNumber(motoRss, 1),
      formatNumber(engineRss / motoRss, 2),
      "",
      "",
    ],
  ];
  console.log("");
  for (const [i, row] of rows.entries()) {
    console.log(`| ${row.join(" | ")} |`);
    if (i === 0) console.log(`|${row.map(() => "---").join("|")}|`);
  }
  console.log(
    `\nruns: engine ${formatRuns(engineRuns.map((r) => r.messagesPerSecond))} msg/s; ` +
      `moto ${formatRuns(motoRuns.map((r) => r.messagesPerSecond))} msg/s`,
  );
  await runDynamoDbBench({ quick });
  await runLambdaBench({ quick });
  console.log(
    `bench took ${formatNumber((performance.now() - startedAt) / 1000, 1)} s; load average now ${formatLoad()}`,
  );
}

await main();
