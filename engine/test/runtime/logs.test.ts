/**
 * Function output as CloudWatch Logs receives it from Lambda: one stream per execution environment,
 * Lambda's platform lines around each invocation, console calls in the Node.js runtime's format,
 * events stamped by the engine's clock, and the invocation's last 4 KB as its log tail.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fixtureDir, functionSpec, type RuntimeHarness, startRuntime } from "./support.ts";

const ISO = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

describe("function logs", () => {
  let h: RuntimeHarness;
  before(() => {
    h = startRuntime();
  });
  after(() => h.close());

  it("writes one event per console call in Lambda's format, and raw output line by line", async () => {
    const spec = functionSpec({ handler: "index.logs" });

    await h.invoke(spec, {}, { requestId: "logs-1" });

    const lines = h.sink.messages().filter((m) => !/^(INIT_START|START|END|REPORT) /.test(m));
    const withoutTime = lines.map((m) => m.replace(new RegExp(`^${ISO}\\t`), "<time>\t"));
    assert.deepEqual(withoutTime, [
      "<time>\tlogs-1\tINFO\tplain { orderId: 42 }\n",
      "<time>\tlogs-1\tINFO\tinfo line\n",
      "<time>\tlogs-1\tWARN\twarn line\n",
      "<time>\tlogs-1\tERROR\terror line\n",
      "<time>\tlogs-1\tDEBUG\tdebug line\n",
      "<time>\tlogs-1\tINFO\tfirst\nsecond\n",
      "raw one\n",
      "raw two\n",
      "partial line\n",
    ]);
  });

  it("frames each invocation with START, END and REPORT, after the environment's INIT_START", async () => {
    const spec = functionSpec({ handler: "index.echo", memorySize: 256 });

    await h.invoke(spec, {}, { requestId: "frame-1" });
    await h.invoke(spec, {}, { requestId: "frame-2" });

    const messages = h.sink.messages(h.sink.events.find((e) => e.group === spec.logGroupName)?.stream);
    assert.equal(messages.length, 7);
    assert.match(
      messages[0]!,
      /^INIT_START Runtime Version: nodejs:22\.v\d+\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}\n$/,
    );
    assert.equal(messages[1], "START RequestId: frame-1 Version: $LATEST\n");
    assert.equal(messages[2], "END RequestId: frame-1\n");
    assert.match(
      messages[3]!,
      /^REPORT RequestId: frame-1\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d{2} ms\t\n$/,
    );
    assert.match(
      messages[6]!,
      /^REPORT RequestId: frame-2\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\t\n$/,
    );
  });

  it("bills the duration and, on a cold start, the init duration, rounded up to the millisecond", async () => {
    const outcome = await h.invoke(functionSpec());

    assert.equal(outcome.billedDurationMs, Math.ceil(outcome.durationMs + (outcome.initDurationMs ?? 0)));
    assert.match(outcome.logTail, new RegExp(`Billed Duration: ${outcome.billedDurationMs} ms\\t`));
  });

  it("gives each environment a stream of its own, named as Lambda names them, in the function's group", async () => {
    const spec = functionSpec({ logGroupName: "/custom/orders" });

    await Promise.all([h.invoke(spec), h.invoke(spec)]);

    const streams = [
      ...new Set(h.sink.events.filter((e) => e.group === "/custom/orders").map((e) => e.stream)),
    ];
    assert.equal(streams.length, 2);
    const today = new Date(h.clock.now()).toISOString().slice(0, 10).replaceAll("-", "/");
    for (const stream of streams) assert.match(stream, new RegExp(`^${today}/\\[\\$LATEST\\][0-9a-f]{32}$`));
  });

  it("stamps events with the engine's clock", async () => {
    const spec = functionSpec();
    h.clock.advance(3_600_000);

    await h.invoke(spec);

    const stamps = h.sink.events.filter((e) => e.group === spec.logGroupName).map((e) => e.timestamp);
    assert.deepEqual(new Set(stamps), new Set([h.clock.now()]));
  });

  it("writes console lines in the clock's time", async () => {
    const spec = functionSpec({ handler: "index.logs" });
    h.clock.advance(86_400_000);
    const day = new Date(h.clock.now()).toISOString().slice(0, 10);

    const outcome = await h.invoke(spec);

    assert.match(outcome.logTail, new RegExp(`\\n${day}T[\\d:.]+Z\\t[^\\t]+\\tINFO\\tinfo line\\n`));
  });

  it("returns the invocation's own lines as its tail", async () => {
    const spec = functionSpec({ handler: "index.logs" });

    const outcome = await h.invoke(spec, {}, { requestId: "tail-1" });

    assert.match(outcome.logTail, /^START RequestId: tail-1 Version: \$LATEST\n/);
    assert.match(outcome.logTail, /\tINFO\tinfo line\n/);
    assert.match(outcome.logTail, /\nREPORT RequestId: tail-1\t[^\n]*\n$/);
    assert.doesNotMatch(outcome.logTail, /INIT_START/);
  });

  it("keeps only the last 4 KB of a long invocation's output in the tail", async () => {
    const spec = functionSpec({ handler: "index.logs" });

    const outcome = await h.invoke(spec, { bulk: 200 }, { requestId: "tail-long" });

    assert.equal(Buffer.byteLength(outcome.logTail), 4096);
    assert.match(outcome.logTail, /\nREPORT RequestId: tail-long\t[^\n]*\n$/);
    assert.doesNotMatch(outcome.logTail, /START RequestId/);
  });

  it("stores an invocation's events before answering it", async () => {
    const spec = functionSpec({ handler: "index.logs" });

    await h.invoke(spec, {}, { requestId: "stored-1" });

    assert.ok(h.sink.messages().includes("END RequestId: stored-1\n"));
    assert.ok(h.sink.messages().some((m) => m.startsWith("REPORT RequestId: stored-1\t")));
  });

  it("logs what a callback handler's pending work prints before the invocation ends", async () => {
    const spec = functionSpec({ handler: "index.waits", codeDir: fixtureDir("node-callback") });

    const outcome = await h.invoke(spec, {}, { requestId: "cb-log" });

    assert.match(
      outcome.logTail,
      new RegExp(`${ISO}\\tcb-log\\tINFO\\ttimer finished\\nEND RequestId: cb-log\\n`),
    );
  });
});
