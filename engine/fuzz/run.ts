/**
 * The full protocol fuzz run (`npm run test:fuzz`).
 *
 *   npm run test:fuzz -- --seed 7 --count 20000        # 20,000 cases from seed 7
 *   npm run test:fuzz -- --duration 600                # as many cases as ten minutes allow
 *   npm run test:fuzz -- --seed 7 --case 1234          # replay one case
 *
 * Exits non-zero on any finding, or when the heap (after forced collection) grew by more than
 * --max-heap-growth-mb between the first batch and the end.
 */
import { parseArgs } from "node:util";
import { type CampaignReport, runCampaign } from "./campaign.ts";
import { startFuzzEngine } from "./engine.ts";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    count: { type: "string" },
    duration: { type: "string" },
    case: { type: "string", multiple: true },
    concurrency: { type: "string", default: "8" },
    "max-heap-growth-mb": { type: "string", default: "32" },
    quiet: { type: "boolean", default: false },
  },
});

const seed = Number(values.seed);
const durationMs = values.duration ? Number(values.duration) * 1000 : undefined;
const count = values.count ? Number(values.count) : durationMs ? Number.MAX_SAFE_INTEGER / 2 : 5000;
const only = values.case?.map(Number);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function progress(report: CampaignReport): void {
  if (values.quiet) return;
  const heap = report.heap[report.heap.length - 1]!;
  process.stdout.write(
    `  ${report.cases} cases, ${report.findings.length} findings, heap ${mb(heap.heapUsedBytes)} MB, ${(report.elapsedMs / 1000).toFixed(0)} s\n`,
  );
}

const target = await startFuzzEngine();
console.log(`fuzzing ${target.engine.endpoint} with seed ${seed}${only ? `, cases ${only.join(", ")}` : ""}`);
// The indexes are generated lazily by count; a duration run stops by time.
const report = await runCampaign(target, {
  seed,
  count: only ? undefined : Math.min(count, 10_000_000),
  durationMs,
  only,
  concurrency: Number(values.concurrency),
  onBatch: progress,
});
await target.stop();

const sorted = (tally: Record<string, number>) =>
  Object.entries(tally)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `    ${String(v).padStart(7)}  ${k}`)
    .join("\n");
const first = report.heap[1] ?? report.heap[0]!;
const last = report.heap[report.heap.length - 1]!;
const growth = last.heapUsedBytes - first.heapUsedBytes;
console.log(`\n${report.cases} cases in ${(report.elapsedMs / 1000).toFixed(1)} s (seed ${seed})`);
console.log(`  requests by service and protocol:\n${sorted(report.byFamily)}`);
console.log(`  mutations:\n${sorted(report.byMutation)}`);
console.log(`  senders:\n${sorted(report.byDelivery)}`);
console.log(`  answers (top 40):\n${sorted(report.answers).split("\n").slice(0, 40).join("\n")}`);
console.log(
  `  heap after GC: start ${mb(report.heap[0]!.heapUsedBytes)} MB, after first batch ${mb(first.heapUsedBytes)} MB, end ${mb(last.heapUsedBytes)} MB (growth ${mb(growth)} MB); samples: ${report.heap.map((s) => mb(s.heapUsedBytes)).join(" ")}`,
);
console.log(`  slowest answer ${report.slowestMs} ms; errors the engine logged: ${report.loggedErrors}`);
if (report.findings.length > 0) {
  console.log(`\n${report.findings.length} findings:`);
  for (const f of report.findings.slice(0, 50))
    console.log(
      `  --seed ${f.seed} --case ${f.index}  ${f.family} ${f.operation} [${f.mutations.join(", ")}] ${f.delivery}\n    ${f.finding}\n    ${f.request}`,
    );
}
const heapLimit = Number(values["max-heap-growth-mb"]) * 1024 * 1024;
const failed = report.findings.length > 0 || growth > heapLimit;
if (growth > heapLimit)
  console.log(`\nheap grew by ${mb(growth)} MB, more than ${values["max-heap-growth-mb"]} MB`);
process.exit(failed ? 1 : 0);
