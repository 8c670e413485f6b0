/** The soak's closing report: operations by kind, kills and recoveries, what was checked, breaches. */
import type { SoakReport } from "./run-soak.ts";

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor((sorted.length - 1) / 2)]!;
};

export function formatReport(report: SoakReport): string {
  const lines: string[] = [];
  const { seed } = report.options;
  lines.push(
    `crash soak: seed ${seed}, ${report.kills} kills in ${(report.trafficMs / 1000).toFixed(1)} s of traffic, ${(report.elapsedMs / 1000).toFixed(1)} s in all`,
  );
  lines.push("", "operations (acknowledged / rejected / lost):");
  const width = Math.max(...[...report.operations.keys()].map((k) => k.length));
  for (const [kind, c] of [...report.operations].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `  ${kind.padEnd(width)}  ${String(c.acked).padStart(7)} ${String(c.rejected).padStart(6)} ${String(c.lost).padStart(6)}`,
    );
  }
  lines.push(
    `  acknowledged in all: ${report.acknowledged}; lost with no kill under them: ${report.lostWithoutKill}`,
  );
  if (report.rejectedByError.size > 0) {
    lines.push("  rejections:");
    for (const [name, count] of report.rejectedByError) lines.push(`    ${name} × ${count}`);
  }
  const recovery = report.recoveries.map((r) => r.recoveryMs);
  const ready = report.recoveries.map((r) => r.readyMs);
  lines.push(
    "",
    `kills: ${report.kills} (and ${report.startupKills} more of a restart during its startup); recoveries: ${report.recoveries.length}`,
    `time to recover (kill → serving): median ${median(recovery).toFixed(0)} ms, max ${Math.max(...recovery).toFixed(0)} ms` +
      ` (spawn → ready line: median ${median(ready).toFixed(0)} ms)`,
    "",
    "checked:",
  );
  for (const [what, count] of Object.entries(report.checked)) lines.push(`  ${what}: ${count}`);
  lines.push("", report.breaches.length === 0 ? "breaches: none" : `breaches: ${report.breaches.length}`);
  for (const { workload, text } of report.breaches) lines.push(`  ✗ ${workload}: ${text}`);
  if (report.keptDataDir) lines.push(`data directory kept for inspection: ${report.keptDataDir}`);
  return lines.join("\n");
}
