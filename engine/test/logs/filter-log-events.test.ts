/**
 * FilterLogEvents through the SDK: events of every stream interleaved in time order, stream and
 * time selection, filter patterns, pagination, and its errors.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  type FilterLogEventsCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import { assertLogsError, createGroupWithStream, groupArn, putEvents, uniqueName } from "./support.ts";

describe("CloudWatch Logs FilterLogEvents", () => {
  let t: TestEngine;
  let group: string;
  let start: number;
  before(async () => {
    t = await startTestEngine();
    ({ group } = await createGroupWithStream(t.logs, { stream: "app-1" }));
    for (const stream of ["app-2", "worker"])
      await t.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    start = t.clock.now() - 10_000;
    await putEvents(t.logs, { group, stream: "app-1" }, [
      { timestamp: start, message: "hello" },
      { timestamp: start + 20, message: "hello world" },
    ]);
    await putEvents(t.logs, { group, stream: "app-2" }, [
      { timestamp: start + 10, message: "world" },
      { timestamp: start + 30, message: "goodbye world" },
    ]);
    await putEvents(t.logs, { group, stream: "worker" }, [
      { timestamp: start + 15, message: JSON.stringify({ level: "ERROR", latency: 12 }) },
      { timestamp: start + 40, message: JSON.stringify({ level: "INFO", latency: 3 }) },
    ]);
  });
  after(() => t.stop());

  const filter = (input: Partial<FilterLogEventsCommandInput> = {}): Promise<FilterLogEventsCommandOutput> =>
    t.logs.send(new FilterLogEventsCommand({ logGroupName: group, ...input }));
  const texts = (output: FilterLogEventsCommandOutput) => output.events?.map((e) => e.message!);

  it("returns the events of every stream in timestamp order, with stream name and event id", async () => {
    const output = await filter();

    assert.deepEqual(
      output.events?.map((e) => [e.logStreamName, e.timestamp]),
      [
        ["app-1", start],
        ["app-2", start + 10],
        ["worker", start + 15],
        ["app-1", start + 20],
        ["app-2", start + 30],
        ["worker", start + 40],
      ],
    );
    assert.equal(output.events?.[0]?.ingestionTime, t.clock.now());
    assert.match(output.events?.[0]?.eventId ?? "", /^\d{56}$/);
    assert.equal(output.nextToken, undefined);
  });

  it("answers searchedLogStreams as the empty list AWS now returns", async () => {
    assert.deepEqual((await filter()).searchedLogStreams, []);
  });

  it("selects streams by logStreamNames", async () => {
    assert.deepEqual(texts(await filter({ logStreamNames: ["app-2", "no-such-stream"] })), [
      "world",
      "goodbye world",
    ]);
  });

  it("selects streams by logStreamNamePrefix", async () => {
    assert.deepEqual(texts(await filter({ logStreamNamePrefix: "app-" })), [
      "hello",
      "world",
      "hello world",
      "goodbye world",
    ]);
  });

  it("includes both startTime and endTime", async () => {
    assert.deepEqual(
      texts(await filter({ startTime: start + 10, endTime: start + 20, logStreamNamePrefix: "app" })),
      ["world", "hello world"],
    );
  });

  it("applies a term pattern: all terms, case-sensitive", async () => {
    assert.deepEqual(texts(await filter({ filterPattern: "hello world" })), ["hello world"]);
    assert.deepEqual(texts(await filter({ filterPattern: "Hello" })), []);
  });

  it("applies ?terms, -terms and quoted phrases", async () => {
    assert.deepEqual(texts(await filter({ filterPattern: "?goodbye ?hello" })), [
      "hello",
      "hello world",
      "goodbye world",
    ]);
    assert.deepEqual(texts(await filter({ filterPattern: "world -goodbye" })), ["world", "hello world"]);
    assert.deepEqual(texts(await filter({ filterPattern: '"goodbye world"' })), ["goodbye world"]);
  });

  it("applies a JSON pattern", async () => {
    const output = await filter({ filterPattern: '{ $.level = "ERROR" && $.latency > 5 }' });

    assert.deepEqual(
      output.events?.map((e) => e.logStreamName),
      ["worker"],
    );
  });

  it("pages with limit and nextToken through every match once", async () => {
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await filter({ limit: 4, nextToken });
      seen.push(...texts(page)!);
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);

    assert.equal(pages, 2);
    assert.equal(seen.length, 6);
    assert.deepEqual(seen, texts(await filter()));
  });

  it("gives no nextToken when the last page holds the last match", async () => {
    const output = await filter({ filterPattern: "hello", limit: 2 });

    assert.deepEqual(texts(output), ["hello", "hello world"]);
    assert.equal(output.nextToken, undefined);
  });

  it("finds the group by logGroupIdentifier", async () => {
    const output = await t.logs.send(
      new FilterLogEventsCommand({ logGroupIdentifier: groupArn(group), limit: 1 }),
    );

    assert.deepEqual(texts(output), ["hello"]);
  });

  describe("errors", () => {
    it("rejects an unparsable filter pattern", async () => {
      await assertLogsError(
        () => filter({ filterPattern: "{ $.level = " }),
        "InvalidParameterException",
        "If a filter pattern starts with '{' it must end with '}'",
      );
      await assertLogsError(
        () => filter({ filterPattern: "{ $.level = }" }),
        "InvalidParameterException",
        "Invalid filter pattern",
      );
      await assertLogsError(
        () => filter({ filterPattern: "?Status: timeout" }),
        "InvalidParameterException",
        "Invalid character(s) in term ':'",
      );
    });

    it("rejects logStreamNames together with logStreamNamePrefix", async () => {
      await assertLogsError(
        () => filter({ logStreamNames: ["app-1"], logStreamNamePrefix: "app" }),
        "InvalidParameterException",
      );
    });

    it("rejects a nextToken it did not issue", async () => {
      await assertLogsError(
        () => filter({ nextToken: "invalid-token" }),
        "InvalidParameterException",
        "The specified nextToken is invalid.",
      );
    });

    it("rejects a limit over 10,000", async () => {
      await assertLogsError(
        () => filter({ limit: 10_001 }),
        "InvalidParameterException",
        "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
      );
    });

    it("answers ResourceNotFoundException for a group that does not exist", async () => {
      await assertLogsError(
        () => t.logs.send(new FilterLogEventsCommand({ logGroupName: uniqueName() })),
        "ResourceNotFoundException",
        "The specified log group does not exist.",
      );
    });
  });
});
