/**
 * The AWS CLI against the engine's CloudWatch Logs: `aws` (v1, current botocore) runs
 * create-log-group, create-log-stream, put-log-events, get-log-events, filter-log-events and
 * describe-log-streams, and a failing command; Debian's CLI v2.9 runs `aws logs tail`. Skipped
 * where a CLI is missing, except in CI (CI=true), where that fails. Each CLI start costs about
 * half a second, so the session runs once and the tests read its outcomes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it, type TestContext } from "node:test";
import {
  AWS_CLI_V1,
  AWS_CLI_V2,
  type CliOutcome,
  clientEnv,
  run,
  runCli,
  skipWithout,
} from "../clients/real-clients.ts";
import { startTestEngine, type TestEngine } from "../support/engine.ts";

const CLI_TIME_LIMIT_MS = 30_000;
const GROUP = "/aws/lambda/cli-fn";
const STREAM = "2024/05/01/[$LATEST]abc";

async function cliMissing(command: string): Promise<string | undefined> {
  try {
    await run(command, ["--version"], { env: clientEnv() });
    return undefined;
  } catch {
    return `the AWS CLI (${command}) is not installed on this machine`;
  }
}

describe("CloudWatch Logs through the AWS CLI", () => {
  let t: TestEngine;
  let start: number;
  const missing: Record<string, string | undefined> = {};
  const outcomes = new Map<string, CliOutcome>();

  const aws = (command: string, args: string[]) =>
    runCli(command, t.endpoint, args, { timeoutMs: CLI_TIME_LIMIT_MS });

  before(async () => {
    t = await startTestEngine();
    start = t.clock.now() - 60_000;
    missing.v1 = await cliMissing(AWS_CLI_V1);
    missing.v2 = await cliMissing(AWS_CLI_V2);
    const session: [string, string, string[]][] = [
      ["create-group", AWS_CLI_V1, ["logs", "create-log-group", "--log-group-name", GROUP]],
      [
        "create-stream",
        AWS_CLI_V1,
        ["logs", "create-log-stream", "--log-group-name", GROUP, "--log-stream-name", STREAM],
      ],
      [
        "put",
        AWS_CLI_V1,
        [
          "logs",
          "put-log-events",
          "--log-group-name",
          GROUP,
          "--log-stream-name",
          STREAM,
          "--log-events",
          JSON.stringify([
            { timestamp: start, message: "START RequestId: 1" },
            { timestamp: start + 1, message: "ERROR order 7 failed" },
            { timestamp: start + 2, message: "END RequestId: 1" },
          ]),
        ],
      ],
      [
        "get",
        AWS_CLI_V1,
        [
          "logs",
          "get-log-events",
          "--log-group-name",
          GROUP,
          "--log-stream-name",
          STREAM,
          "--start-from-head",
        ],
      ],
      [
        "filter",
        AWS_CLI_V1,
        ["logs", "filter-log-events", "--log-group-name", GROUP, "--filter-pattern", "ERROR"],
      ],
      ["describe", AWS_CLI_V1, ["logs", "describe-log-streams", "--log-group-name", GROUP]],
      ["duplicate", AWS_CLI_V1, ["logs", "create-log-group", "--log-group-name", GROUP]],
      ["tail", AWS_CLI_V2, ["logs", "tail", GROUP, "--since", "1h", "--format", "short"]],
    ];
    for (const [name, command, args] of session) {
      if (missing[command === AWS_CLI_V1 ? "v1" : "v2"]) continue;
      outcomes.set(name, await aws(command, args));
    }
  });
  after(() => t.stop());

  const outcome = (t: TestContext, name: string, cli: "v1" | "v2" = "v1"): CliOutcome | undefined => {
    if (skipWithout(t, missing[cli])) return undefined;
    return outcomes.get(name);
  };
  const json = (result: CliOutcome) => {
    assert.equal(result.exit, 0, result.stderr);
    return result.stdout.trim() === "" ? {} : (JSON.parse(result.stdout) as Record<string, unknown>);
  };

  it("create-log-group, create-log-stream and put-log-events succeed", (tc) => {
    const created = outcome(tc, "create-group");
    if (!created) return;
    assert.deepEqual(json(created), {});
    assert.deepEqual(json(outcomes.get("create-stream")!), {});
    assert.match(String(json(outcomes.get("put")!).nextSequenceToken), /^\d{56}$/);
  });

  it("get-log-events --start-from-head prints the events in order with their tokens", (tc) => {
    const result = outcome(tc, "get");
    if (!result) return;
    const output = json(result) as {
      events: { message: string; timestamp: number }[];
      nextForwardToken: string;
    };
    assert.deepEqual(
      output.events.map((e) => e.message),
      ["START RequestId: 1", "ERROR order 7 failed", "END RequestId: 1"],
    );
    assert.equal(output.events[0]?.timestamp, start);
    assert.match(output.nextForwardToken, /^f\/\d{56}\/s$/);
  });

  it("filter-log-events --filter-pattern prints the matching events", (tc) => {
    const result = outcome(tc, "filter");
    if (!result) return;
    const output = json(result) as { events: { message: string; logStreamName: string }[] };
    assert.deepEqual(
      output.events.map((e) => [e.logStreamName, e.message]),
      [[STREAM, "ERROR order 7 failed"]],
    );
  });

  it("describe-log-streams shows the stream's event times", (tc) => {
    const result = outcome(tc, "describe");
    if (!result) return;
    const output = json(result) as { logStreams: { logStreamName: string; lastEventTimestamp: number }[] };
    assert.equal(output.logStreams[0]?.logStreamName, STREAM);
    assert.equal(output.logStreams[0]?.lastEventTimestamp, start + 2);
  });

  it("a failing command exits 255 naming the error", (tc) => {
    const result = outcome(tc, "duplicate");
    if (!result) return;
    assert.equal(result.exit, 255);
    assert.match(
      result.stderr,
      /An error occurred \(ResourceAlreadyExistsException\) when calling the CreateLogGroup operation: The specified log group already exists/,
    );
  });

  it("aws logs tail (CLI v2) prints the group's events", (tc) => {
    const result = outcome(tc, "tail", "v2");
    if (!result) return;
    assert.equal(result.exit, 0, result.stderr);
    const lines = result.stdout.trim().split("\n");
    assert.equal(lines.length, 3);
    assert.match(lines[1] ?? "", /ERROR order 7 failed$/);
  });
});
