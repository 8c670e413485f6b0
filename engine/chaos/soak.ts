/**
 * `npm run test:chaos`: the full crash soak (see run-soak.ts). Exits 1 on any breach.
 *
 *   node --import tsx chaos/soak.ts [--duration 180] [--kills 40] [--seed 1]
 */
import { parseArgs } from "node:util";
import { formatReport } from "./report.ts";
import { runSoak } from "./run-soak.ts";

const DEFAULTS = { durationSeconds: 180, kills: 40, seed: 1 };

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: String(DEFAULTS.durationSeconds) },
    kills: { type: "string", default: String(DEFAULTS.kills) },
    seed: { type: "string", default: String(DEFAULTS.seed) },
  },
});
const number = (name: string, text: string, min: number) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${text}`);
  return n;
};

const report = await runSoak({
  durationMs: number("duration", values.duration, 1) * 1000,
  kills: number("kills", values.kills, 0),
  seed: number("seed", values.seed, 0),
  progress: (line) => console.log(line),
});
console.log(`\n${formatReport(report)}`);
process.exitCode = report.breaches.length === 0 ? 0 : 1;
