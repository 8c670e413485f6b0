/**
 * The protocol fuzzer's short run (the full one is `npm run test:fuzz`): a fixed seed, so a
 * failure here replays with `npm run test:fuzz -- --seed <seed> --case <n>`.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type CampaignReport, runCampaign } from "../../fuzz/campaign.ts";
import { type FuzzEngine, startFuzzEngine } from "../../fuzz/engine.ts";
import { FAMILIES } from "../../fuzz/families.ts";

const SEED = 20_260_101;
const CASES = 600;
/** Heap growth (after forced collection) allowed between the first batch and the end. */
const MAX_HEAP_GROWTH_BYTES = 16 * 1024 * 1024;

describe("protocol fuzzing (short run)", () => {
  let target: FuzzEngine;
  let report: CampaignReport;

  before(async () => {
    target = await startFuzzEngine();
    report = await runCampaign(target, { seed: SEED, count: CASES, batchSize: 150 });
  });
  after(() => target.stop());

  it("answers every case with a well-formed AWS answer, never a 500, hang or silent close", () => {
    const lines = report.findings.map(
      (f) =>
        `--seed ${f.seed} --case ${f.index} ${f.family} ${f.operation} [${f.mutations}]: ${f.finding.slice(0, 300)}`,
    );
    assert.deepEqual(lines, []);
  });

  it("sends requests of every service and protocol the engine speaks", () => {
    for (const family of FAMILIES) assert.ok((report.byFamily[family.name] ?? 0) > 0, family.name);
  });

  it("keeps the heap flat across the run", () => {
    const first = report.heap[1]!.heapUsedBytes;
    const last = report.heap[report.heap.length - 1]!.heapUsedBytes;
    assert.ok(last - first < MAX_HEAP_GROWTH_BYTES, `heap grew from ${first} to ${last} bytes`);
  });
});
