/**
 * The crash soak, short: four SIGKILLs over about ten seconds of traffic (SQS standard with a DLQ,
 * FIFO, DynamoDB puts, conditional updates and transactions on a streamed table, and the SQS →
 * Lambda → DynamoDB write buffer), each followed by a restart on the same data directory, then
 * every workload's check. The seed fixes the kill schedule and every client's choices: seed 24's
 * schedule kills two of the restarts again during their startup and one engine 266 ms after it
 * came back. `npm run test:chaos` runs the long version (chaos/soak.ts).
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { formatReport } from "../../chaos/report.ts";
import { runSoak, type SoakReport } from "../../chaos/run-soak.ts";

const SEED = 24;
const KILLS = 4;
/** Restarts that seed 24's schedule kills again while they start up. */
const STARTUP_KILLS = 2;
/** Far below what even a busy CI machine acknowledges in the run (thousands): the clients ran. */
const MIN_ACKNOWLEDGED = 500;

describe("crash soak (short)", { timeout: 85_000 }, () => {
  let report: SoakReport;
  before(async () => {
    report = await runSoak({ seed: SEED, kills: KILLS, durationMs: 12_000 });
  });
  const breachesOf = (workload: string) =>
    report.breaches.filter((b) => b.workload === workload).map((b) => b.text);

  it("restarts the engine after every kill and stops it cleanly at the end", (t) => {
    for (const line of formatReport(report).split("\n")) t.diagnostic(line);
    assert.deepEqual(breachesOf("engine"), []);
    assert.equal(report.kills, KILLS);
    assert.equal(report.startupKills, STARTUP_KILLS);
    assert.equal(report.recoveries.length, KILLS);
  });

  it("acknowledges operations of every kind while being killed", () => {
    assert.ok(report.acknowledged >= MIN_ACKNOWLEDGED, `only ${report.acknowledged} acknowledged`);
    for (const [kind, counts] of report.operations) assert.ok(counts.acked > 0, `no ${kind} acknowledged`);
  });

  it("delivers every acknowledged standard message (or moves it to the DLQ) and never a deleted one", () => {
    assert.deepEqual(breachesOf("sqs-standard"), []);
    assert.ok(report.checked["standard messages acknowledged"]! > 0);
  });

  it("delivers every acknowledged FIFO message, in order within its group", () => {
    assert.deepEqual(breachesOf("sqs-fifo"), []);
    assert.ok(report.checked["FIFO messages acknowledged"]! > 0);
  });

  it("keeps every acknowledged item write, whole transactions, and one stream record per change", () => {
    assert.deepEqual(breachesOf("dynamodb"), []);
    assert.ok(report.checked["stream records"]! > 0);
  });

  it("puts every acknowledged order through the write buffer into the table", () => {
    assert.deepEqual(breachesOf("write-buffer"), []);
    assert.ok(report.checked["orders acknowledged"]! > 0);
  });
});
