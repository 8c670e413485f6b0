/**
 * `orderflow-engine logs` as a user runs it (the `bin` launcher in a child process) against a
 * running engine: a function's events as `<ISO time> <stream> <message>`, --since, --follow
 * picking up events as they are put, and its failures; plus its argument parsing on its own.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { formatEvent, logGroupFor, parseSince } from "../../src/cli-logs.ts";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import { ENGINE_DIR, freePort, PROCESS_TIME_LIMIT_MS } from "../support/engine-process.ts";
import { createGroupWithStream, eventsAt, putEvents, uniqueName } from "./support.ts";

interface Run {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves once stdout (or stderr) matches, failing after the time limit. */
  printed(pattern: RegExp, stream?: "stdout" | "stderr"): Promise<string>;
  exited: Promise<number | null>;
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const child = spawn(process.execPath, ["bin/orderflow-engine.js", "logs", ...args], {
    cwd: ENGINE_DIR,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters: (() => void)[] = [];
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => ({ stdout, stderr }),
    exited,
    async printed(pattern, stream = "stdout") {
      const deadline = Date.now() + PROCESS_TIME_LIMIT_MS;
      while (!pattern.test(stream === "stdout" ? stdout : stderr)) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`no ${pattern} in the output:\n${stdout}\n${stderr}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return stdout;
    },
  };
}

async function finished(run: Run): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const code = await run.exited;
  return { code, ...run.output() };
}

describe("orderflow-engine logs", () => {
  let t: TestEngine;
  const running: Run[] = [];
  before(async () => {
    t = await startTestEngine();
  });
  after(async () => {
    for (const run of running) if (run.child.exitCode === null) run.child.kill("SIGKILL");
    await t.stop();
  });
  const cli = (args: string[], env?: NodeJS.ProcessEnv) => {
    const run = runCli(args, env);
    running.push(run);
    return run;
  };

  it("prints a function's events as '<ISO time> <stream> <message>', one line each", async () => {
    const fn = uniqueName("fn");
    const target = await createGroupWithStream(t.logs, {
      group: `/aws/lambda/${fn}`,
      stream: "2024/05/01/[$LATEST]a1",
    });
    const at = t.clock.now() - 1000;
    await putEvents(t.logs, target, eventsAt(at, ["START RequestId: 1\n", "hello from the handler\n"]));

    const { code, stdout } = await finished(cli([fn, "--endpoint", t.endpoint]));

    assert.equal(code, 0);
    assert.equal(
      stdout,
      `${new Date(at).toISOString()} 2024/05/01/[$LATEST]a1 START RequestId: 1\n` +
        `${new Date(at + 1).toISOString()} 2024/05/01/[$LATEST]a1 hello from the handler\n`,
    );
  });

  it("reads a group named with a leading '/' as given, its endpoint from AWS_ENDPOINT_URL", async () => {
    const target = await createGroupWithStream(t.logs, { group: `/custom/${uniqueName()}` });
    await putEvents(t.logs, target, eventsAt(t.clock.now(), ["custom group"]));

    const { code, stdout } = await finished(cli([target.group], { AWS_ENDPOINT_URL: t.endpoint }));

    assert.equal(code, 0);
    assert.match(stdout, / custom group\n$/);
  });

  it("--since leaves out older events", async () => {
    const fn = uniqueName("fn");
    const target = await createGroupWithStream(t.logs, { group: `/aws/lambda/${fn}` });
    await putEvents(t.logs, target, eventsAt(Date.now() - 3 * 3_600_000, ["three hours ago"]));
    await putEvents(t.logs, target, eventsAt(Date.now() - 60_000, ["a minute ago"]));

    const { stdout } = await finished(cli([fn, "--since", "1h", "--endpoint", t.endpoint]));

    assert.doesNotMatch(stdout, /three hours ago/);
    assert.match(stdout, /a minute ago/);
  });

  it("--follow prints events as they are put, until interrupted", async () => {
    const fn = uniqueName("fn");
    const target = await createGroupWithStream(t.logs, { group: `/aws/lambda/${fn}` });
    await putEvents(t.logs, target, eventsAt(t.clock.now(), ["first"]));
    const run = cli([fn, "--follow", "--endpoint", t.endpoint]);
    await run.printed(/ first\n/);

    await putEvents(t.logs, target, eventsAt(t.clock.now(), ["second, same millisecond"]));
    await putEvents(t.logs, target, eventsAt(t.clock.now() + 5, ["third"]));
    await run.printed(/ third\n/);
    run.child.kill("SIGINT");

    const { code, stdout } = await finished(run);
    assert.equal(code, 0);
    assert.deepEqual(
      stdout
        .trim()
        .split("\n")
        .map((line) => line.split(" ").slice(2).join(" ")),
      ["first", "second, same millisecond", "third"],
    );
  });

  it("--follow waits for a function that has not logged yet", async () => {
    const fn = uniqueName("fn");
    const run = cli([fn, "--follow", "--endpoint", t.endpoint]);
    await run.printed(/waiting for log group \/aws\/lambda\//, "stderr");

    const target = await createGroupWithStream(t.logs, { group: `/aws/lambda/${fn}` });
    await putEvents(t.logs, target, eventsAt(t.clock.now(), ["finally"]));
    await run.printed(/ finally\n/);
    run.child.kill("SIGINT");

    assert.equal(await run.exited, 0);
  });

  it("exits 1 when the group does not exist", async () => {
    const { code, stderr } = await finished(cli([uniqueName("nobody"), "--endpoint", t.endpoint]));

    assert.equal(code, 1);
    assert.match(stderr, /log group \/aws\/lambda\/nobody-\d+ does not exist/);
  });

  it("exits 1 when no engine answers at the endpoint", async () => {
    const { code, stderr } = await finished(
      cli(["fn", "--endpoint", `http://127.0.0.1:${await freePort()}`]),
    );

    assert.equal(code, 1);
    assert.match(stderr, /cannot read \/aws\/lambda\/fn from http:\/\/127\.0\.0\.1:\d+/);
  });

  it("exits 2 with the usage when no function is named", async () => {
    const { code, stderr } = await finished(cli(["--endpoint", t.endpoint]));

    assert.equal(code, 2);
    assert.match(stderr, /^usage: orderflow-engine logs <function-name \| \/log\/group>/);
  });

  describe("its arguments", () => {
    it("names a function's group /aws/lambda/<name>, and takes a '/…' name as a group", () => {
      assert.equal(logGroupFor("create-order"), "/aws/lambda/create-order");
      assert.equal(logGroupFor("/ecs/web"), "/ecs/web");
    });

    it("reads --since as a duration back from now, or as an ISO time", () => {
      const now = Date.UTC(2024, 4, 1, 12, 0, 0);
      assert.equal(parseSince("10m", now), now - 600_000);
      assert.equal(parseSince("2h", now), now - 7_200_000);
      assert.equal(parseSince("1d", now), now - 86_400_000);
      assert.equal(parseSince("30s", now), now - 30_000);
      assert.equal(parseSince("2024-05-01T11:00:00Z", now), now - 3_600_000);
      assert.throws(() => parseSince("yesterday", now), /--since must be a duration/);
    });

    it("formats an event on one line, without the message's trailing newline", () => {
      assert.equal(
        formatEvent({ timestamp: Date.UTC(2024, 4, 1), logStreamName: "s", message: "done\n" }),
        "2024-05-01T00:00:00.000Z s done",
      );
    });
  });
});
