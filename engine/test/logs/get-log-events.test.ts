/**
 * GetLogEvents through the SDK: from the tail by default or from the head, time ranges, limits,
 * the `f/…`/`b/…` tokens in both directions and AWS's end-of-stream rule (the token passed in
 * comes back), the 1 MB page cap, and its errors.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  GetLogEventsCommand,
  type GetLogEventsCommandInput,
  type GetLogEventsCommandOutput,
  PutRetentionPolicyCommand,
  paginateFilterLogEvents,
  paginateGetLogEvents,
} from "@aws-sdk/client-cloudwatch-logs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import {
  assertLogsError,
  createGroupWithStream,
  eventsAt,
  type GroupAndStream,
  groupArn,
  MS_PER_DAY,
  putEvents,
} from "./support.ts";

const TOKEN = /^[fb]\/\d{56}\/s$/;

describe("CloudWatch Logs GetLogEvents", () => {
  let t: TestEngine;
  let target: GroupAndStream;
  let start: number;
  const messages = Array.from({ length: 20 }, (_, i) => `message ${i}`);
  before(async () => {
    t = await startTestEngine();
    target = await createGroupWithStream(t.logs);
    start = t.clock.now() - 60_000;
    await putEvents(t.logs, target, eventsAt(start, messages));
  });
  after(() => t.stop());

  const get = (input: Partial<GetLogEventsCommandInput> = {}): Promise<GetLogEventsCommandOutput> =>
    t.logs.send(
      new GetLogEventsCommand({ logGroupName: target.group, logStreamName: target.stream, ...input }),
    );
  const texts = (output: GetLogEventsCommandOutput) => output.events?.map((e) => e.message!);

  it("returns the newest events, oldest first, by default", async () => {
    const output = await get({ limit: 5 });

    assert.deepEqual(texts(output), messages.slice(15));
    assert.match(output.nextForwardToken ?? "", TOKEN);
    assert.match(output.nextBackwardToken ?? "", TOKEN);
  });

  it("returns the oldest events first with startFromHead", async () => {
    assert.deepEqual(texts(await get({ startFromHead: true, limit: 10 })), messages.slice(0, 10));
  });

  it("pages forward with nextForwardToken, and at the end returns the token it was given", async () => {
    const first = await get({ startFromHead: true, limit: 8 });
    const second = await get({ startFromHead: true, limit: 8, nextToken: first.nextForwardToken });
    const third = await get({ startFromHead: true, limit: 8, nextToken: second.nextForwardToken });
    const end = await get({ startFromHead: true, limit: 8, nextToken: third.nextForwardToken });

    assert.deepEqual([...texts(first)!, ...texts(second)!, ...texts(third)!], messages);
    assert.deepEqual(end.events, []);
    assert.equal(end.nextForwardToken, third.nextForwardToken);
  });

  it("pages backward with nextBackwardToken, and at the start returns the token it was given", async () => {
    const last = await get({ limit: 15 });
    const earlier = await get({ limit: 15, nextToken: last.nextBackwardToken });
    const start = await get({ limit: 15, nextToken: earlier.nextBackwardToken });

    assert.deepEqual([...texts(earlier)!, ...texts(last)!], messages);
    assert.deepEqual(start.events, []);
    assert.equal(start.nextBackwardToken, earlier.nextBackwardToken);
  });

  it("lets the SDK's paginator read the whole stream and stop on the repeated token", async () => {
    const seen: string[] = [];
    const input = { logGroupName: target.group, logStreamName: target.stream, startFromHead: true, limit: 7 };
    const pages = paginateGetLogEvents({ client: t.logs, stopOnSameToken: true }, input);
    for await (const page of pages) seen.push(...texts(page)!);

    assert.deepEqual(seen, messages);
  });

  it("lets the SDK's FilterLogEvents paginator read the same events", async () => {
    const seen: string[] = [];
    for await (const page of paginateFilterLogEvents(
      { client: t.logs },
      { logGroupName: target.group, limit: 6 },
    ))
      seen.push(...(page.events ?? []).map((e) => e.message!));

    assert.deepEqual(seen, messages);
  });

  it("returns events put after the forward token was issued", async () => {
    const other = await createGroupWithStream(t.logs);
    await putEvents(t.logs, other, eventsAt(t.clock.now(), ["one"]));
    const first = await get({
      ...other,
      logGroupName: other.group,
      logStreamName: other.stream,
      startFromHead: true,
    });

    await putEvents(t.logs, other, eventsAt(t.clock.now() + 1, ["two"]));
    const next = await t.logs.send(
      new GetLogEventsCommand({
        logGroupName: other.group,
        logStreamName: other.stream,
        startFromHead: true,
        nextToken: first.nextForwardToken,
      }),
    );

    assert.deepEqual(texts(next), ["two"]);
  });

  it("answers an empty stream with no events and tokens that lead back to it", async () => {
    const empty = await createGroupWithStream(t.logs);
    const request = { logGroupName: empty.group, logStreamName: empty.stream };

    const first = await t.logs.send(new GetLogEventsCommand(request));
    const again = await t.logs.send(
      new GetLogEventsCommand({ ...request, nextToken: first.nextForwardToken }),
    );

    assert.deepEqual(first.events, []);
    assert.match(first.nextForwardToken ?? "", TOKEN);
    assert.equal(again.nextForwardToken, first.nextForwardToken);
  });

  it("includes startTime and excludes endTime", async () => {
    const output = await get({ startFromHead: true, startTime: start + 3, endTime: start + 6 });

    assert.deepEqual(texts(output), ["message 3", "message 4", "message 5"]);
  });

  it("keeps a page within 1 MB, counting 26 bytes per event", async () => {
    const big = await createGroupWithStream(t.logs);
    const message = "m".repeat(300_000);
    await putEvents(t.logs, big, eventsAt(t.clock.now() - 10, [message, message, message]));
    await putEvents(t.logs, big, eventsAt(t.clock.now() - 5, [message, message, message]));

    const output = await t.logs.send(
      new GetLogEventsCommand({ logGroupName: big.group, logStreamName: big.stream, startFromHead: true }),
    );

    assert.equal(output.events?.length, 3);
  });

  it("finds the group by logGroupIdentifier", async () => {
    const output = await t.logs.send(
      new GetLogEventsCommand({
        logGroupIdentifier: groupArn(target.group),
        logStreamName: target.stream,
        limit: 1,
      }),
    );

    assert.deepEqual(texts(output), ["message 19"]);
  });

  it("hides events older than the group's retention", async () => {
    const kept = await createGroupWithStream(t.logs);
    const now = t.clock.now();
    await putEvents(t.logs, kept, eventsAt(now - 2 * MS_PER_DAY, ["old"]));
    await putEvents(t.logs, kept, eventsAt(now, ["new"]));

    await t.logs.send(new PutRetentionPolicyCommand({ logGroupName: kept.group, retentionInDays: 1 }));
    const output = await t.logs.send(
      new GetLogEventsCommand({ logGroupName: kept.group, logStreamName: kept.stream, startFromHead: true }),
    );

    assert.deepEqual(texts(output), ["new"]);
  });

  describe("errors", () => {
    it("rejects a nextToken it did not issue", async () => {
      await assertLogsError(
        () => get({ nextToken: "invalid-token" }),
        "InvalidParameterException",
        "The specified nextToken is invalid.",
      );
    });

    it("rejects a limit over 10,000", async () => {
      await assertLogsError(
        () => get({ limit: 10_001 }),
        "InvalidParameterException",
        "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
      );
    });

    it("answers ResourceNotFoundException for a missing group, then a missing stream", async () => {
      await assertLogsError(
        () => t.logs.send(new GetLogEventsCommand({ logGroupName: "log-group-missing", logStreamName: "s" })),
        "ResourceNotFoundException",
        "The specified log group does not exist.",
      );
      await assertLogsError(
        () => t.logs.send(new GetLogEventsCommand({ logGroupName: target.group, logStreamName: "missing" })),
        "ResourceNotFoundException",
        "The specified log stream does not exist.",
      );
    });

    it("requires a logGroupName or a logGroupIdentifier", async () => {
      await assertLogsError(
        () => t.logs.send(new GetLogEventsCommand({ logStreamName: target.stream })),
        "InvalidParameterException",
      );
    });
  });
});
