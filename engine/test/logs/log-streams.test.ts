/** Log streams through the SDK: CreateLogStream, DescribeLogStreams, DeleteLogStream. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogStreamCommand,
  DescribeLogStreamsCommand,
  type DescribeLogStreamsCommandInput,
  GetLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import {
  assertLogsError,
  createGroupWithStream,
  eventsAt,
  groupArn,
  putEvents,
  uniqueName,
} from "./support.ts";

describe("CloudWatch Logs log streams", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const streamNames = async (input: DescribeLogStreamsCommandInput) =>
    (await t.logs.send(new DescribeLogStreamsCommand(input))).logStreams?.map((s) => s.logStreamName);

  describe("CreateLogStream", () => {
    it("creates a stream described with its ARN, creation time and no event times", async () => {
      const { group, stream } = await createGroupWithStream(t.logs);

      const { logStreams } = await t.logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));

      assert.deepEqual(logStreams, [
        {
          logStreamName: stream,
          creationTime: t.clock.now(),
          arn: `${groupArn(group)}:log-stream:${stream}`,
          storedBytes: 0,
        },
      ]);
    });

    it("accepts the names Lambda gives its streams", async () => {
      const group = `/aws/lambda/${uniqueName("fn")}`;
      const stream = "2024/05/01/[$LATEST]0123456789abcdef0123456789abcdef";
      await t.logs.send(new CreateLogGroupCommand({ logGroupName: group }));

      await t.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));

      assert.deepEqual(await streamNames({ logGroupName: group }), [stream]);
    });

    it("rejects a second stream of the same name with ResourceAlreadyExistsException", async () => {
      const { group, stream } = await createGroupWithStream(t.logs);

      await assertLogsError(
        () => t.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })),
        "ResourceAlreadyExistsException",
        "The specified log stream already exists",
      );
    });

    it("answers ResourceNotFoundException when the group does not exist", async () => {
      await assertLogsError(
        () => t.logs.send(new CreateLogStreamCommand({ logGroupName: uniqueName(), logStreamName: "s" })),
        "ResourceNotFoundException",
        "The specified log group does not exist.",
      );
    });

    for (const name of ["with:colon", "with*star"]) {
      it(`rejects the stream name ${name} (no ':' or '*')`, async () => {
        const { group } = await createGroupWithStream(t.logs);

        await assertLogsError(
          () => t.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: name })),
          "InvalidParameterException",
          `1 validation error detected: Value '${name}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`,
        );
      });
    }

    it("rejects a stream name longer than 512 characters", async () => {
      const { group } = await createGroupWithStream(t.logs);

      await assertLogsError(
        () =>
          t.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "s".repeat(513) })),
        "InvalidParameterException",
        "Invalid LogGroup or LogStream, both must have length less than or equal to 512.",
      );
    });
  });

  describe("DescribeLogStreams", () => {
    let group: string;
    before(async () => {
      group = `/describe/${uniqueName()}`;
      await t.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
      const now = t.clock.now();
      // Last event times: b newest, then c, then a; d has no events.
      const lastEvents: Record<string, number> = { a: now - 3000, b: now - 1000, c: now - 2000 };
      for (const name of ["c", "a", "d", "b"]) {
        await t.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: name }));
        const at = lastEvents[name];
        if (at !== undefined)
          await putEvents(t.logs, { group, stream: name }, eventsAt(at, [`from ${name}`]));
      }
    });

    it("orders by name by default, and descending on request", async () => {
      assert.deepEqual(await streamNames({ logGroupName: group }), ["a", "b", "c", "d"]);
      assert.deepEqual(await streamNames({ logGroupName: group, descending: true }), ["d", "c", "b", "a"]);
    });

    it("orders by LastEventTime, newest last unless descending", async () => {
      assert.deepEqual(await streamNames({ logGroupName: group, orderBy: "LastEventTime" }), [
        "d",
        "a",
        "c",
        "b",
      ]);
      assert.deepEqual(
        await streamNames({ logGroupName: group, orderBy: "LastEventTime", descending: true }),
        ["b", "c", "a", "d"],
      );
    });

    it("reports a stream's first and last event times, last ingestion and sequence token", async () => {
      const { logStreams } = await t.logs.send(
        new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: "b" }),
      );

      assert.equal(logStreams?.[0]?.firstEventTimestamp, t.clock.now() - 1000);
      assert.equal(logStreams?.[0]?.lastEventTimestamp, t.clock.now() - 1000);
      assert.equal(logStreams?.[0]?.lastIngestionTime, t.clock.now());
      assert.match(logStreams?.[0]?.uploadSequenceToken ?? "", /^\d{56}$/);
      assert.equal(logStreams?.[0]?.storedBytes, 0);
    });

    it("filters by logStreamNamePrefix", async () => {
      const target = await createGroupWithStream(t.logs, { stream: "app-1" });
      for (const name of ["app-2", "other"]) {
        await t.logs.send(new CreateLogStreamCommand({ logGroupName: target.group, logStreamName: name }));
      }

      assert.deepEqual(await streamNames({ logGroupName: target.group, logStreamNamePrefix: "app-" }), [
        "app-1",
        "app-2",
      ]);
    });

    it("rejects logStreamNamePrefix with orderBy LastEventTime", async () => {
      await assertLogsError(
        () =>
          t.logs.send(
            new DescribeLogStreamsCommand({
              logGroupName: group,
              orderBy: "LastEventTime",
              logStreamNamePrefix: "a",
            }),
          ),
        "InvalidParameterException",
        "Cannot order by LastEventTime with a logStreamNamePrefix.",
      );
    });

    for (const orderBy of ["LogStreamName", "LastEventTime"] as const) {
      for (const descending of [false, true]) {
        it(`pages through every stream once (orderBy ${orderBy}, descending ${descending})`, async () => {
          const all = await streamNames({ logGroupName: group, orderBy, descending });
          const seen: string[] = [];
          let nextToken: string | undefined;
          do {
            const page = await t.logs.send(
              new DescribeLogStreamsCommand({
                logGroupName: group,
                orderBy,
                descending,
                limit: 3,
                nextToken,
              }),
            );
            seen.push(...(page.logStreams ?? []).map((s) => s.logStreamName!));
            nextToken = page.nextToken;
          } while (nextToken);

          assert.deepEqual(seen, all);
        });
      }
    }

    it("finds the group by logGroupIdentifier, as a name or an ARN", async () => {
      for (const identifier of [group, groupArn(group)]) {
        assert.deepEqual(await streamNames({ logGroupIdentifier: identifier }), ["a", "b", "c", "d"]);
      }
    });

    it("rejects a logGroupIdentifier ARN with the trailing ':*' (the model's pattern has no '*')", async () => {
      await assertLogsError(
        () => t.logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: `${groupArn(group)}:*` })),
        "InvalidParameterException",
        /at 'logGroupIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern/,
      );
    });

    it("answers ResourceNotFoundException for an ARN of another region", async () => {
      await assertLogsError(
        () =>
          t.logs.send(
            new DescribeLogStreamsCommand({
              logGroupIdentifier: groupArn(group).replace("us-east-1", "eu-west-1"),
            }),
          ),
        "ResourceNotFoundException",
        "The specified log group does not exist.",
      );
    });

    it("rejects logGroupName together with logGroupIdentifier with ValidationException", async () => {
      await assertLogsError(
        () => t.logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logGroupIdentifier: group })),
        "ValidationException",
        "LogGroup name and LogGroup ARN are mutually exclusive parameters.",
      );
    });

    it("answers ResourceNotFoundException for a group that does not exist", async () => {
      await assertLogsError(
        () => t.logs.send(new DescribeLogStreamsCommand({ logGroupName: uniqueName() })),
        "ResourceNotFoundException",
        "The specified log group does not exist.",
      );
    });

    it("rejects an orderBy outside the model's values", async () => {
      await assertLogsError(
        () =>
          t.logs.send(
            new DescribeLogStreamsCommand({ logGroupName: group, orderBy: "Size" as "LogStreamName" }),
          ),
        "InvalidParameterException",
        /Member must satisfy enum value set: \[LogStreamName, LastEventTime\]/,
      );
    });
  });

  describe("DeleteLogStream", () => {
    it("removes the stream and its events", async () => {
      const target = await createGroupWithStream(t.logs);
      await putEvents(t.logs, target, eventsAt(t.clock.now(), ["gone"]));

      await t.logs.send(
        new DeleteLogStreamCommand({ logGroupName: target.group, logStreamName: target.stream }),
      );
      await t.logs.send(
        new CreateLogStreamCommand({ logGroupName: target.group, logStreamName: target.stream }),
      );

      const { events } = await t.logs.send(
        new GetLogEventsCommand({ logGroupName: target.group, logStreamName: target.stream }),
      );
      assert.deepEqual(events, []);
    });

    it("answers ResourceNotFoundException for a stream that does not exist", async () => {
      const { group } = await createGroupWithStream(t.logs);

      await assertLogsError(
        () => t.logs.send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: "missing" })),
        "ResourceNotFoundException",
        "The specified log stream does not exist.",
      );
    });
  });
});
