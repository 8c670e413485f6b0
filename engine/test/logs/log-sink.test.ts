/**
 * The Logs core as the Lambda runtime uses it (LogSink.append): groups and streams created on
 * demand, lines over Lambda's event size split, nothing a function prints makes it throw; and
 * `tail`, and durability of what it appended across a restart.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, beforeEach, describe, it } from "node:test";
import type { LogSink } from "../../src/runtime/types.ts";
import { createLogsService, DEFAULT_SCOPE, type LogsService } from "../../src/services/logs/index.ts";
import { VirtualClock } from "../../src/shared/clock.ts";
import { type Db, openDatabase } from "../../src/storage/database.ts";

/** Lambda's largest log event, less the 26 bytes CloudWatch counts per event. */
const MAX_PIECE_BYTES = 256 * 1024 - 26;
const GROUP = "/aws/lambda/orders";
const STREAM = "2024/05/01/[$LATEST]0123456789abcdef";

describe("CloudWatch Logs core as the Lambda LogSink", () => {
  let db: Db;
  let clock: VirtualClock;
  let logs: LogsService;
  const opened: Db[] = [];
  beforeEach(() => {
    db = openDatabase({ inMemory: true });
    opened.push(db);
    clock = new VirtualClock({ flowing: false });
    logs = createLogsService({ db, clock });
  });
  afterEach(() => logs.definition.close?.());
  after(() => {
    for (const each of opened) if (each.open) each.close();
  });

  const messages = (groupName = GROUP) => logs.core.tail(groupName, 0).map((e) => e.message);

  it("implements the runtime's LogSink", () => {
    const sink: LogSink = logs.core;

    sink.append(GROUP, STREAM, [{ timestamp: clock.now(), message: "START RequestId: 1\n" }]);

    assert.deepEqual(messages(), ["START RequestId: 1\n"]);
  });

  it("creates the group and the stream when they are missing", () => {
    logs.core.append(GROUP, STREAM, [{ timestamp: clock.now(), message: "hello" }]);

    const group = logs.core.group(DEFAULT_SCOPE, GROUP);
    assert.ok(group);
    assert.equal(group.createdAt, clock.now());
    assert.equal(logs.core.catalog.stream(group, STREAM)?.createdAt, clock.now());
  });

  it("appends to an existing stream and counts the stored bytes", () => {
    logs.core.append(GROUP, STREAM, [{ timestamp: clock.now(), message: "one" }]);
    clock.advance(5);

    logs.core.append(GROUP, STREAM, [
      { timestamp: clock.now(), message: "two" },
      { timestamp: clock.now(), message: "thrée" },
    ]);

    assert.deepEqual(messages(), ["one", "two", "thrée"]);
    const group = logs.core.group(DEFAULT_SCOPE, GROUP)!;
    assert.equal(logs.core.storedBytes(group), 3 + 3 + 6);
    const stream = logs.core.catalog.stream(group, STREAM)!;
    assert.equal(stream.lastEventAt, clock.now());
    assert.equal(stream.uploadSequence, 2);
  });

  it("splits a line longer than a Lambda log event into pieces, never inside a character", () => {
    const line = `${"a".repeat(MAX_PIECE_BYTES - 1)}€${"b".repeat(10)}`;

    logs.core.append(GROUP, STREAM, [{ timestamp: clock.now(), message: line }]);

    const pieces = messages();
    assert.equal(pieces.length, 2);
    assert.equal(pieces.join(""), line);
    for (const piece of pieces) assert.ok(Buffer.byteLength(piece) <= MAX_PIECE_BYTES);
    assert.ok(pieces[1]?.startsWith("€"));
  });

  it("keeps a line of exactly the largest size whole", () => {
    logs.core.append(GROUP, STREAM, [{ timestamp: clock.now(), message: "x".repeat(MAX_PIECE_BYTES) }]);

    assert.equal(messages().length, 1);
  });

  it("drops empty lines and creates nothing for a batch of them", () => {
    logs.core.append(GROUP, STREAM, [{ timestamp: clock.now(), message: "" }]);
    logs.core.append(GROUP, STREAM, []);

    assert.equal(logs.core.group(DEFAULT_SCOPE, GROUP), undefined);
  });

  it("does not throw for timestamps or messages PutLogEvents would refuse", () => {
    const now = clock.now();
    const odd = [
      { timestamp: Number.NaN, message: "no time" },
      { timestamp: -5, message: "before 1970" },
      { timestamp: now + 30 * 86_400_000, message: "a month ahead" },
      { timestamp: now - 30 * 86_400_000, message: "a month old" },
      { timestamp: now, message: 42 as unknown as string },
    ];

    logs.core.append(GROUP, STREAM, odd);

    assert.equal(messages().length, 5);
  });

  it("writes into another account or region through sink(scope)", () => {
    const scope = { accountId: "111111111111", region: "eu-west-1" };

    logs.core.sink(scope).append(GROUP, STREAM, [{ timestamp: clock.now(), message: "in Ireland" }]);

    assert.equal(logs.core.group(DEFAULT_SCOPE, GROUP), undefined);
    assert.deepEqual(
      logs.core.tail(GROUP, 0, scope).map((e) => e.message),
      ["in Ireland"],
    );
  });

  it("tail returns a group's events since a time, across streams, with stream names", () => {
    const now = clock.now();
    logs.core.append(GROUP, "a", [{ timestamp: now - 2000, message: "old" }]);
    logs.core.append(GROUP, "b", [{ timestamp: now - 500, message: "recent b" }]);
    logs.core.append(GROUP, "a", [{ timestamp: now - 100, message: "recent a" }]);

    const tailed = logs.core.tail(GROUP, now - 1000);

    assert.deepEqual(
      tailed.map((e) => [e.streamName, e.message]),
      [
        ["b", "recent b"],
        ["a", "recent a"],
      ],
    );
  });

  it("keeps a thousand single-line appends in order", () => {
    for (let i = 0; i < 1000; i++)
      logs.core.append(GROUP, STREAM, [{ timestamp: clock.now(), message: `line ${i}` }]);

    const all = messages();
    assert.equal(all.length, 1000);
    assert.equal(all[999], "line 999");
  });

  it("keeps what it appended across a restart of the engine's database", () => {
    const dir = mkdtempSync(join(tmpdir(), "orderflow-logs-"));
    try {
      const first = openDatabase({ dataDir: dir });
      createLogsService({ db: first, clock }).core.append(GROUP, STREAM, [
        { timestamp: clock.now(), message: "survives" },
      ]);
      first.close();

      const second = openDatabase({ dataDir: dir });
      opened.push(second);
      const reopened = createLogsService({ db: second, clock });

      assert.deepEqual(
        reopened.core.tail(GROUP, 0).map((e) => e.message),
        ["survives"],
      );
      reopened.definition.close?.();
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
