/**
 * A fuzz run: cases drawn from the seed, sent with bounded concurrency in batches; after each batch
 * the engine must still answer a plain request, the clock moves on, and the heap is measured after
 * a forced collection. Every unacceptable answer is a finding with the seed and case that replay it.
 */

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { FuzzEngine } from "./engine.ts";
import { FAMILIES, hintsFor, validInput } from "./families.ts";
import { mutateRequest, mutateValue } from "./mutations.ts";
import { judge } from "./oracle.ts";
import { Random } from "./prng.ts";
import { describe, type RawRequest, serialize } from "./raw-request.ts";
import { chooseDelivery, type Delivery, sendRaw } from "./transport.ts";

export interface FuzzCase {
  index: number;
  family: string;
  operation: string;
  mutations: string[];
  request: RawRequest;
  delivery: Delivery;
  /** The request is incomplete or broken on the wire: closing without an answer is right. */
  mayClose: boolean;
}

/** Mutations after which the request may legitimately never complete on the wire. */
const INCOMPLETE = new Set([
  "bad-content-length",
  "chunked",
  "duplicate-content-length",
  "pipelined",
  "raw-garbage",
]);

export function makeCase(seed: number, index: number, hints: ReturnType<typeof hintsFor>): FuzzCase {
  const rng = Random.forCase(seed, index);
  if (rng.chance(0.03)) return garbageCase(rng, index);
  const family = rng.pick(FAMILIES);
  const operation = rng.pick(Object.keys(family.model.operations));
  const value = validInput(family, operation, rng, hints);
  const mutations: string[] = [];
  const mode = rng.weighted([
    [3, "valid"],
    [4, "value"],
    [4, "wire"],
    [1, "both"],
  ] as const);
  if (mode === "value" || mode === "both")
    for (let i = rng.int(1, 2); i > 0; i--) mutations.push(mutateValue(value, rng));
  const request = family.build(operation, value, rng);
  if (mode === "wire" || mode === "both")
    for (let i = rng.int(1, 2); i > 0; i--) mutations.push(mutateRequest(request, rng));
  const delivery = chooseDelivery(rng, request.body.length + 200);
  return {
    index,
    family: family.name,
    operation,
    mutations,
    request,
    delivery,
    mayClose: delivery.kind === "hang-up" || mutations.some((m) => INCOMPLETE.has(m)),
  };
}

/** Bytes that are barely HTTP, or not HTTP at all. */
function garbageCase(rng: Random, index: number): FuzzCase {
  const request: RawRequest = { method: "POST", path: "/", headers: [], body: Buffer.alloc(0) };
  const raw = rng.pick([
    () => rng.bytes(rng.int(1, 2000)),
    () => Buffer.from("GET / HTTP/9.9\r\n\r\n"),
    () =>
      Buffer.from(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      ),
    () => Buffer.from(`GET /${"a".repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
    () =>
      Buffer.from("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AmazonSQS.ListQueues\r\nBad Header\r\n\r\n"),
    () => Buffer.from("\r\n\r\n\r\n"),
    () => Buffer.concat([Buffer.from("POST / HTTP/1.1\r\nHost: x\r\nX-\u00ff: \u0000\r\n\r\n", "latin1")]),
  ])();
  return {
    index,
    family: "raw",
    operation: "-",
    mutations: ["raw-garbage"],
    // The bytes are sent as they are: the body carries the whole "request".
    request: { ...request, body: raw },
    delivery: { kind: "whole" },
    mayClose: true,
  };
}

export interface Finding {
  seed: number;
  index: number;
  family: string;
  operation: string;
  mutations: string[];
  delivery: Delivery["kind"];
  request: string;
  finding: string;
}

export interface HeapSample {
  afterCases: number;
  heapUsedBytes: number;
}

export interface CampaignReport {
  seed: number;
  cases: number;
  elapsedMs: number;
  byFamily: Record<string, number>;
  byMutation: Record<string, number>;
  byDelivery: Record<string, number>;
  answers: Record<string, number>;
  findings: Finding[];
  heap: HeapSample[];
  loggedErrors: number;
  slowestMs: number;
}

export interface CampaignOptions {
  seed: number;
  /** Cases to run (default 1000). */
  count?: number;
  /** Stop starting new cases after this long. */
  durationMs?: number;
  /** Run only these case indexes (a replay). */
  only?: number[];
  concurrency?: number;
  batchSize?: number;
  /** An answer (or close) must come within this bound. */
  responseTimeoutMs?: number;
  onBatch?(report: CampaignReport): void;
}

/** `global.gc`, even when node was started without --expose-gc. */
export function forcedGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

export function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const bump = (tally: Record<string, number>, key: string) => {
  tally[key] = (tally[key] ?? 0) + 1;
};

export async function runCampaign(target: FuzzEngine, options: CampaignOptions): Promise<CampaignReport> {
  const { engine, clock } = target;
  const hints = hintsFor(target.resources);
  const concurrency = options.concurrency ?? 8;
  const batchSize = options.batchSize ?? 200;
  const timeoutMs = options.responseTimeoutMs ?? 15_000;
  const indexes = options.only ?? Array.from({ length: options.count ?? 1000 }, (_, i) => i);
  const started = performance.now();
  const gc = forcedGc();
  const report: CampaignReport = {
    seed: options.seed,
    cases: 0,
    elapsedMs: 0,
    byFamily: {},
    byMutation: {},
    byDelivery: {},
    answers: {},
    findings: [],
    heap: [{ afterCases: 0, heapUsedBytes: heapAfterGc(gc) }],
    loggedErrors: 0,
    slowestMs: 0,
  };
  // Long polls and other waits run on the engine's clock: keep it moving quickly.
  const ticker = setInterval(() => clock.advance(1000), 50);
  const host = engine.endpoint.replace(/^http:\/\//, "");
  try {
    for (let start = 0; start < indexes.length; start += batchSize) {
      if (options.durationMs !== undefined && performance.now() - started > options.durationMs) break;
      const batch = indexes.slice(start, start + batchSize);
      let next = 0;
      const worker = async () => {
        while (next < batch.length) {
          const index = batch[next++]!;
          const fuzzCase = makeCase(options.seed, index, hints);
          const errorsBefore = target.errors.length;
          const bytes = fuzzCase.family === "raw" ? fuzzCase.request.body : serialize(fuzzCase.request, host);
          const outcome = await sendRaw(engine.port, bytes, fuzzCase.delivery, timeoutMs, {
            head: fuzzCase.request.method === "HEAD",
            halfClose: fuzzCase.mayClose,
          });
          const verdict = judge(fuzzCase.request, outcome, fuzzCase.mayClose);
          report.cases++;
          bump(report.byFamily, fuzzCase.family);
          bump(report.byDelivery, fuzzCase.delivery.kind);
          for (const m of fuzzCase.mutations) bump(report.byMutation, m);
          bump(report.answers, verdict.label);
          if ("ms" in outcome) report.slowestMs = Math.max(report.slowestMs, outcome.ms);
          const logged = target.errors
            .slice(errorsBefore)
            .map((e) => `${e.message} ${JSON.stringify(e.fields ?? {}).slice(0, 400)}`);
          if (verdict.finding) {
            report.findings.push({
              seed: options.seed,
              index,
              family: fuzzCase.family,
              operation: fuzzCase.operation,
              mutations: fuzzCase.mutations,
              delivery: fuzzCase.delivery.kind,
              request: describe(fuzzCase.request),
              finding:
                logged.length > 0 ? `${verdict.finding}; logged: ${logged.join(" | ")}` : verdict.finding,
            });
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      await liveness(engine.endpoint, report, options.seed, indexes[start]!);
      // A fuzzed request may have deleted what the hints name.
      await target.setUp();
      report.loggedErrors = target.errors.length;
      report.heap.push({ afterCases: report.cases, heapUsedBytes: heapAfterGc(gc) });
      report.elapsedMs = Math.round(performance.now() - started);
      options.onBatch?.(report);
    }
  } finally {
    clearInterval(ticker);
  }
  report.elapsedMs = Math.round(performance.now() - started);
  return report;
}

/** A plain request after a batch must still get a plain answer. */
async function liveness(
  endpoint: string,
  report: CampaignReport,
  seed: number,
  index: number,
): Promise<void> {
  try {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.ListQueues" },
      body: "{}",
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 200) return;
    throw new Error(`ListQueues answered ${response.status}`);
  } catch (error) {
    report.findings.push({
      seed,
      index,
      family: "liveness",
      operation: "ListQueues",
      mutations: [],
      delivery: "whole",
      request: "POST / AmazonSQS.ListQueues {}",
      finding: `the engine stopped answering after the batch starting at case ${index}: ${String(error)}`,
    });
  }
}
