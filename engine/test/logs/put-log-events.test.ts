/**
 * PutLogEvents through the SDK: what a batch stores, the rules that fail a batch (order, sizes,
 * 24-hour span, count) and the events it rejects by index (too new, too old, expired).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { awsError, startTestEngine, type TestEngine } from "../support/engine.ts";
import {
  assertLogsError,
  createGroupWithStream,
  eventsAt,
  type GroupAndStream,
  MS_PER_DAY,
  MS_PER_HOUR,
  putEvents,
  uniqueName,
} from "./support.ts";

describe("CloudWatch Logs PutLogEvents", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const storedMessages = async (target: GroupAndStream) => {
    const { events } = await t.logs.send(
      new GetLogEventsCommand({
        logGroupName: target.group,
        logStreamName: target.stream,
        startFromHead: true,
      }),
    );
    return events?.map((e) => e.message);
  };

  describe("accepted batches", () => {
    it("stores the events with their timestamps and the ingestion time", async () => {
      const target = await createGroupWithStream(t.logs);
      const now = t.clock.now();

      await putEvents(t.logs, target, [
        { timestamp: now - 5000, message: "first" },
        { timestamp: now - 5000, message: "same millisecond" },
        { timestamp: now - 10, message: "🙀 - 参よ - 日本語" },
      ]);

      const { events } = await t.logs.send(
        new GetLogEventsCommand({ logGroupName: target.group, logStreamName: target.stream }),
      );
      assert.deepEqual(events, [
        { timestamp: now - 5000, message: "first", ingestionTime: now },
        { timestamp: now - 5000, message: "same millisecond", ingestionTime: now },
        { timestamp: now - 10, message: "🙀 - 参よ - 日本語", ingestionTime: now },
      ]);
    });

    it("answers a 56-digit nextSequenceToken and no rejectedLogEventsInfo", async () => {
      const target = await createGroupWithStream(t.logs);

      const output = await putEvents(t.logs, target, eventsAt(t.clock.now(), ["a"]));

      assert.match(output.nextSequenceToken ?? "", /^\d{56}$/);
      assert.equal(output.rejectedLogEventsInfo, undefined);
    });

    it("ignores the sequence token, valid or not (AWS since 2023)", async () => {
      const target = await createGroupWithStream(t.logs);
      await putEvents(t.logs, target, eventsAt(t.clock.now(), ["one"]));

      await t.logs.send(
        new PutLogEventsCommand({
          logGroupName: target.group,
          logStreamName: target.stream,
          logEvents: eventsAt(t.clock.now(), ["two"]),
          sequenceToken: "49039859613988223109060135944463734234789524329457537890",
        }),
      );

      assert.deepEqual(await storedMessages(target), ["one", "two"]);
    });

    it("accepts a batch older than the stream's newest event (order is required within a batch only)", async () => {
      const target = await createGroupWithStream(t.logs);
      const now = t.clock.now();
      await putEvents(t.logs, target, eventsAt(now, ["newer"]));

      await putEvents(t.logs, target, eventsAt(now - 60_000, ["older"]));

      assert.deepEqual(await storedMessages(target), ["older", "newer"]);
    });

    it("updates the stream's event times and the group's stored bytes", async () => {
      const target = await createGroupWithStream(t.logs);
      const now = t.clock.now();

      await putEvents(t.logs, target, [
        { timestamp: now - 2000, message: "abc" },
        { timestamp: now - 1000, message: "é" },
      ]);

      const { logStreams } = await t.logs.send(new DescribeLogStreamsCommand({ logGroupName: target.group }));
      assert.equal(logStreams?.[0]?.firstEventTimestamp, now - 2000);
      assert.equal(logStreams?.[0]?.lastEventTimestamp, now - 1000);
      assert.equal(logStreams?.[0]?.lastIngestionTime, now);
      const { logGroups } = await t.logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: target.group }),
      );
      assert.equal(logGroups?.[0]?.storedBytes, 3 + 2);
    });
  });

  describe("rejected events", () => {
    it("reports events more than 2 hours ahead by tooNewLogEventStartIndex and stores the rest", async () => {
      const target = await createGroupWithStream(t.logs);
      const now = t.clock.now();

      const output = await putEvents(t.logs, target, [
        { timestamp: now, message: "now" },
        { timestamp: now + 2 * MS_PER_HOUR, message: "exactly two hours ahead" },
        { timestamp: now + 2 * MS_PER_HOUR + 1, message: "too new" },
        { timestamp: now + 3 * MS_PER_HOUR, message: "also too new" },
      ]);

      assert.deepEqual(output.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 2 });
      assert.deepEqual(await storedMessages(target), ["now", "exactly two hours ahead"]);
    });

    it("reports events older than 14 days by tooOldLogEventEndIndex and stores the rest", async () => {
      const target = await createGroupWithStream(t.logs);
      const now = t.clock.now();

      const output = await putEvents(t.logs, target, [
        { timestamp: now - 30 * MS_PER_DAY, message: "a month old" },
        { timestamp: now - 14 * MS_PER_DAY - 1, message: "just too old" },
        { timestamp: now - 14 * MS_PER_DAY + 12 * MS_PER_HOUR, message: "fine" },
      ]);

      assert.deepEqual(output.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 1 });
      assert.deepEqual(await storedMessages(target), ["fine"]);
    });

    it("reports events older than the group's retention by expiredLogEventEndIndex", async () => {
      const target = await createGroupWithStream(t.logs);
      await t.logs.send(new PutRetentionPolicyCommand({ logGroupName: target.group, retentionInDays: 1 }));
      const now = t.clock.now();

      const output = await putEvents(t.logs, target, [
        { timestamp: now - 3 * MS_PER_DAY, message: "expired" },
        { timestamp: now - 2 * MS_PER_DAY, message: "expired too" },
        { timestamp: now - MS_PER_HOUR, message: "kept" },
      ]);

      assert.deepEqual(output.rejectedLogEventsInfo, { expiredLogEventEndIndex: 1 });
      assert.deepEqual(await storedMessages(target), ["kept"]);
    });
  });

  describe("failed batches", () => {
    it("fails a batch that is not in chronological order, storing nothing", async () => {
      const target = await createGroupWithStream(t.logs);
      const now = t.clock.now();

      await assertLogsError(
        () =>
          putEvents(t.logs, target, [
            { timestamp: now, message: "Message 0" },
            { timestamp: now - 2 * MS_PER_DAY, message: "Message 1" },
          ]),
        "InvalidParameterException",
        "Log events in a single PutLogEvents request must be in chronological order.",
      );
      assert.deepEqual(await storedMessages(target), []);
    });

    it("fails a batch whose accepted events span more than 24 hours", async () => {
      const target = await createGroupWithStream(t.logs);
      const now = t.clock.now();

      const error = await awsError(() =>
        putEvents(t.logs, target, [
          { timestamp: now - 25 * MS_PER_HOUR, message: "yesterday" },
          { timestamp: now, message: "today" },
        ]),
      );

      assert.equal(error.name, "InvalidParameterException");
      assert.match(error.message, /24 hours/);
    });

    it("accepts a batch spanning exactly 24 hours", async () => {
      const target = await createGroupWithStream(t.logs);
      const now = t.clock.now();

      await putEvents(t.logs, target, [
        { timestamp: now - 24 * MS_PER_HOUR, message: "a day ago" },
        { timestamp: now, message: "now" },
      ]);

      assert.deepEqual(await storedMessages(target), ["a day ago", "now"]);
    });

    it("fails an event counting more than 1 MB (message bytes + 26)", async () => {
      const target = await createGroupWithStream(t.logs);

      await assertLogsError(
        () => putEvents(t.logs, target, eventsAt(t.clock.now(), ["x".repeat(1_048_576 - 25)])),
        "InvalidParameterException",
        "Log event too large: 1048577 bytes exceeds limit of 1048576",
      );
    });

    it("accepts an event of exactly 1 MB counted", async () => {
      const target = await createGroupWithStream(t.logs);

      await putEvents(t.logs, target, eventsAt(t.clock.now(), ["x".repeat(1_048_576 - 26)]));

      assert.equal((await storedMessages(target))?.[0]?.length, 1_048_576 - 26);
    });

    it("fails a batch over 1,048,576 bytes counted", async () => {
      const target = await createGroupWithStream(t.logs);
      const half = "y".repeat(524_288 - 26);

      const error = await awsError(() =>
        putEvents(t.logs, target, eventsAt(t.clock.now(), [half, half, "z"])),
      );

      assert.equal(error.name, "InvalidParameterException");
      assert.match(error.message, /1048603 bytes exceeds limit of 1048576/);
    });

    it("fails a batch of more than 10,000 events with Coral's validation message", async () => {
      const target = await createGroupWithStream(t.logs);
      const events = eventsAt(
        t.clock.now() - 20_000,
        Array.from({ length: 10_001 }, () => "e"),
      );

      await assertLogsError(
        () => putEvents(t.logs, target, events),
        "InvalidParameterException",
        /^1 validation error detected: Value '.*' at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to 10000$/s,
      );
    });

    it("accepts a batch of exactly 10,000 events", async () => {
      const target = await createGroupWithStream(t.logs);

      await putEvents(
        t.logs,
        target,
        eventsAt(
          t.clock.now() - 20_000,
          Array.from({ length: 10_000 }, (_, i) => `${i}`),
        ),
      );

      const { logStreams } = await t.logs.send(new DescribeLogStreamsCommand({ logGroupName: target.group }));
      assert.equal(logStreams?.[0]?.lastEventTimestamp, t.clock.now() - 20_000 + 9_999);
    });

    it("fails an empty message with Coral's validation message", async () => {
      const target = await createGroupWithStream(t.logs);

      await assertLogsError(
        () => putEvents(t.logs, target, eventsAt(t.clock.now(), [""])),
        "InvalidParameterException",
        "1 validation error detected: Value '' at 'logEvents.1.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    });

    it("answers ResourceNotFoundException for a stream or group that does not exist", async () => {
      const { group } = await createGroupWithStream(t.logs);

      await assertLogsError(
        () => putEvents(t.logs, { group, stream: "invalid-stream" }, eventsAt(t.clock.now(), ["test"])),
        "ResourceNotFoundException",
        "The specified log stream does not exist.",
      );
      await assertLogsError(
        () => putEvents(t.logs, { group: uniqueName(), stream: "s" }, eventsAt(t.clock.now(), ["test"])),
        "ResourceNotFoundException",
        "The specified log group does not exist.",
      );
    });
  });
});
