/**
 * Retention on the clock: events past a group's retention disappear from reads at once, stop
 * counting in storedBytes, and are deleted by the hourly sweep.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import {
  createGroupWithStream,
  eventsAt,
  type GroupAndStream,
  MS_PER_DAY,
  MS_PER_HOUR,
  putEvents,
} from "./support.ts";

describe("CloudWatch Logs retention", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const storedBytes = async (group: string) =>
    (await t.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }))).logGroups?.[0]
      ?.storedBytes;
  const messages = async (target: GroupAndStream) =>
    (
      await t.logs.send(
        new GetLogEventsCommand({
          logGroupName: target.group,
          logStreamName: target.stream,
          startFromHead: true,
        }),
      )
    ).events?.map((e) => e.message);

  /** A group with 1-day retention holding "older" (put now) and "newer" (put 12 hours later). */
  async function groupWithTwoEvents(): Promise<GroupAndStream> {
    const target = await createGroupWithStream(t.logs);
    await t.logs.send(new PutRetentionPolicyCommand({ logGroupName: target.group, retentionInDays: 1 }));
    await putEvents(t.logs, target, eventsAt(t.clock.now(), ["older"]));
    t.clock.advance(12 * MS_PER_HOUR);
    await putEvents(t.logs, target, eventsAt(t.clock.now(), ["newer!"]));
    return target;
  }

  it("stops returning an event once it is older than the retention period", async () => {
    const target = await groupWithTwoEvents();
    assert.deepEqual(await messages(target), ["older", "newer!"]);

    t.clock.advance(12 * MS_PER_HOUR + 1);

    assert.deepEqual(await messages(target), ["newer!"]);
    const { events } = await t.logs.send(new FilterLogEventsCommand({ logGroupName: target.group }));
    assert.deepEqual(
      events?.map((e) => e.message),
      ["newer!"],
    );
  });

  it("stops counting an expired event in storedBytes before the sweep deletes it", async () => {
    const target = await groupWithTwoEvents();
    assert.equal(await storedBytes(target.group), 5 + 6);

    t.clock.advance(12 * MS_PER_HOUR + 1);

    assert.equal(await storedBytes(target.group), 6);
  });

  it("deletes expired events in the hourly sweep, so a longer retention does not bring them back", async () => {
    const target = await groupWithTwoEvents();
    t.clock.advance(12 * MS_PER_HOUR + 1);

    t.clock.advance(MS_PER_HOUR);
    await t.logs.send(new PutRetentionPolicyCommand({ logGroupName: target.group, retentionInDays: 30 }));

    assert.deepEqual(await messages(target), ["newer!"]);
    assert.equal(await storedBytes(target.group), 6);
  });

  it("keeps every event of a group without retention", async () => {
    const target = await createGroupWithStream(t.logs);
    await putEvents(t.logs, target, eventsAt(t.clock.now(), ["kept"]));

    t.clock.advance(8 * MS_PER_DAY);

    assert.deepEqual(await messages(target), ["kept"]);
  });
});
