/**
 * Message move tasks (DLQ redrive) through the SDK: StartMessageMoveTask back to the original
 * sources or to a chosen destination, ListMessageMoveTasks, CancelMessageMoveTask, and their
 * errors. Tasks run on the engine clock, one tick a second.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CancelMessageMoveTaskCommand,
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksResultEntry,
  StartMessageMoveTaskCommand,
  type StartMessageMoveTaskCommandInput,
} from "@aws-sdk/client-sqs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import {
  assertSqsError,
  bodiesOf,
  createFifoQueue,
  createQueue,
  messageCounts,
  queueArn,
  receive,
  sendBodies,
  sqsErrors,
} from "../support/sqs.ts";

const TICK_MS = 1_000;
const ARN_FORMAT = (parameter: string) =>
  `You must use this format to specify the ${parameter}: arn:<partition>:<service>:<region>:<account-id>:<resource-id>`;
const missingResource = (parameter: string) =>
  sqsErrors.resourceNotFound(`The resource that you specified for the ${parameter} parameter doesn't exist.`);

describe("SQS message move tasks", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const start = async (input: StartMessageMoveTaskCommandInput) =>
    (await t.sqs.send(new StartMessageMoveTaskCommand(input))).TaskHandle!;
  const list = async (SourceArn: string, MaxResults?: number): Promise<ListMessageMoveTasksResultEntry[]> =>
    (await t.sqs.send(new ListMessageMoveTasksCommand({ SourceArn, MaxResults }))).Results ?? [];
  const cancel = (TaskHandle: string) => t.sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }));
  /** Runs the task ticks that are due now (the first tick is scheduled at once). */
  const tick = (ms = 0) => t.clock.advance(ms);

  /**
   * A dead-letter queue holding messages from each of `sources` (bodies `<source>-<n>`), moved
   * there by receiving each message twice with maxReceiveCount 1.
   */
  async function deadLettered(prefix: string, perSource: number[]) {
    const dlq = await createQueue(t.sqs, `${prefix}-dlq`);
    const dlqArn = await queueArn(t.sqs, dlq);
    const sources: Array<{ url: string; bodies: string[] }> = [];
    for (const [s, count] of perSource.entries()) {
      const url = await createQueue(t.sqs, `${prefix}-source`, {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }),
      });
      const bodies = Array.from({ length: count }, (_, n) => `s${s}-${n}`);
      await sendBodies(t.sqs, url, bodies);
      await receive(t.sqs, url, { MaxNumberOfMessages: 10, VisibilityTimeout: 0 });
      assert.deepEqual(await receive(t.sqs, url, { MaxNumberOfMessages: 10 }), []);
      sources.push({ url, bodies });
    }
    const total = perSource.reduce((a, b) => a + b, 0);
    assert.equal((await messageCounts(t.sqs, dlq)).visible, total);
    return { dlq, dlqArn, sources };
  }

  describe("StartMessageMoveTask", () => {
    it("moves messages back to the queues they came from by default", async () => {
      const { dlq, dlqArn, sources } = await deadLettered("home", [2, 2]);
      const startedAt = t.clock.now();
      await start({ SourceArn: dlqArn });
      tick();

      for (const source of sources) {
        assert.deepEqual(
          bodiesOf(await receive(t.sqs, source.url, { MaxNumberOfMessages: 10 })).sort(),
          source.bodies,
        );
      }
      assert.equal((await messageCounts(t.sqs, dlq)).visible, 0);

      const [task] = await list(dlqArn);
      const { StartedTimestamp, ...rest } = task!;
      assert.deepEqual(rest, {
        Status: "COMPLETED",
        SourceArn: dlqArn,
        ApproximateNumberOfMessagesMoved: 4,
        ApproximateNumberOfMessagesToMove: 4,
      });
      // Epoch milliseconds, as a JSON number.
      assert.equal(typeof StartedTimestamp, "number");
      assert.ok(Math.abs(StartedTimestamp! - startedAt) < 1_000);
    });

    it("moves messages to an explicit destination", async () => {
      const { dlq, dlqArn, sources } = await deadLettered("elsewhere", [3]);
      const destination = await createQueue(t.sqs, "elsewhere-destination");
      const destinationArn = await queueArn(t.sqs, destination);
      await start({ SourceArn: dlqArn, DestinationArn: destinationArn });
      tick();

      assert.deepEqual(
        bodiesOf(await receive(t.sqs, destination, { MaxNumberOfMessages: 10 })).sort(),
        sources[0]!.bodies,
      );
      assert.equal((await messageCounts(t.sqs, sources[0]!.url)).visible, 0);
      assert.equal((await messageCounts(t.sqs, dlq)).visible, 0);
      const [task] = await list(dlqArn);
      assert.equal(task!.Status, "COMPLETED");
      assert.equal(task!.DestinationArn, destinationArn);
    });

    it("moves at MaxNumberOfMessagesPerSecond, reporting progress while RUNNING", async () => {
      const { dlqArn, sources } = await deadLettered("rated", [3]);
      const handle = await start({ SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: 1 });
      tick();

      const [running] = await list(dlqArn);
      assert.equal(running!.Status, "RUNNING");
      assert.equal(running!.TaskHandle, handle);
      assert.equal(running!.MaxNumberOfMessagesPerSecond, 1);
      assert.equal(running!.ApproximateNumberOfMessagesMoved, 1);
      assert.equal(running!.ApproximateNumberOfMessagesToMove, 3);
      // AWS task handles are base64 of {"taskId", "sourceArn"}.
      const decoded = JSON.parse(Buffer.from(handle, "base64").toString("utf8"));
      assert.equal(decoded.sourceArn, dlqArn);
      assert.equal(typeof decoded.taskId, "string");

      tick(TICK_MS);
      assert.equal((await list(dlqArn))[0]!.ApproximateNumberOfMessagesMoved, 2);
      tick(TICK_MS);
      const [done] = await list(dlqArn);
      assert.equal(done!.Status, "COMPLETED");
      assert.equal(done!.ApproximateNumberOfMessagesMoved, 3);
      assert.equal(done!.TaskHandle, undefined, "TaskHandle only while RUNNING");
      assert.equal((await messageCounts(t.sqs, sources[0]!.url)).visible, 3);
    });

    it("moves only the messages present when it started", async () => {
      const { dlq, dlqArn } = await deadLettered("snapshot", [2]);
      const destination = await createQueue(t.sqs, "snapshot-destination");
      await start({
        SourceArn: dlqArn,
        DestinationArn: await queueArn(t.sqs, destination),
        MaxNumberOfMessagesPerSecond: 1,
      });
      await sendBodies(t.sqs, dlq, ["late arrival"]);
      tick();
      tick(TICK_MS);
      tick(TICK_MS);
      assert.equal((await list(dlqArn))[0]!.Status, "COMPLETED");
      assert.equal((await messageCounts(t.sqs, destination)).visible, 2);
      assert.deepEqual(bodiesOf(await receive(t.sqs, dlq)), ["late arrival"]);
    });

    it("fails the task when a message's source cannot be determined", async () => {
      const dlq = await createQueue(t.sqs, "orphan-dlq");
      const dlqArn = await queueArn(t.sqs, dlq);
      await createQueue(t.sqs, "orphan-source", {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }),
      });
      await sendBodies(t.sqs, dlq, ["sent straight to the DLQ"]);
      await start({ SourceArn: dlqArn });
      tick();
      const [task] = await list(dlqArn);
      assert.equal(task!.Status, "FAILED");
      assert.equal(task!.FailureReason, "CouldNotDetermineMessageSource");
      assert.equal((await messageCounts(t.sqs, dlq)).visible, 1);
    });

    it("rejects a queue that is no queue's dead-letter queue", async () => {
      const plain = await queueArn(t.sqs, await createQueue(t.sqs, "not-a-dlq"));
      await assertSqsError(
        start({ SourceArn: plain }),
        sqsErrors.invalidParameterValue("Source queue must be configured as a Dead Letter Queue."),
      );
    });

    it("allows one active task per source", async () => {
      const { dlqArn } = await deadLettered("one-at-a-time", [3]);
      await start({ SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: 1 });
      await assertSqsError(
        start({ SourceArn: dlqArn }),
        sqsErrors.invalidParameterValue(
          "There is already a task running. Only one active task is allowed for a source queue arn at a given time.",
        ),
      );
    });

    it("rejects missing queues with ResourceNotFoundException (404)", async () => {
      const { dlqArn } = await deadLettered("missing", [1]);
      await assertSqsError(
        start({ SourceArn: "arn:aws:sqs:us-east-1:000000000000:no-such-dlq" }),
        missingResource("SourceArn"),
      );
      await assertSqsError(
        start({
          SourceArn: dlqArn,
          DestinationArn: "arn:aws:sqs:us-east-1:000000000000:no-such-destination",
        }),
        missingResource("DestinationArn"),
      );
    });

    it("does not see queues of another region", async () => {
      const { dlqArn } = await deadLettered("regional", [1]);
      const europe = t.sqsClient("eu-west-1");
      await assertSqsError(
        europe.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn })),
        missingResource("SourceArn"),
      );
      await assertSqsError(
        europe.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn })),
        missingResource("SourceArn"),
      );
      const european = await queueArn(europe, await createQueue(europe, "regional-destination"));
      await assertSqsError(
        start({ SourceArn: dlqArn, DestinationArn: european }),
        missingResource("DestinationArn"),
      );
      assert.deepEqual(await list(dlqArn), []);
    });

    it("rejects values that are not ARNs", async () => {
      const { dlqArn } = await deadLettered("not-arns", [1]);
      await assertSqsError(
        start({ SourceArn: "my-dlq" }),
        sqsErrors.invalidParameterValue(ARN_FORMAT("SourceArn")),
      );
      await assertSqsError(
        start({ SourceArn: dlqArn, DestinationArn: "my-queue" }),
        sqsErrors.invalidParameterValue(ARN_FORMAT("DestinationArn")),
      );
    });

    it("rejects a destination of the other queue type, or the source itself", async () => {
      const { dlqArn } = await deadLettered("types", [1]);
      const fifo = await queueArn(t.sqs, await createFifoQueue(t.sqs, "types-fifo"));
      await assertSqsError(
        start({ SourceArn: dlqArn, DestinationArn: fifo }),
        sqsErrors.invalidParameterValue(
          "The source queue and destination queue must be of the same queue type.",
        ),
      );
      await assertSqsError(
        start({ SourceArn: dlqArn, DestinationArn: dlqArn }),
        sqsErrors.invalidParameterValue("Source queue arn and destination queue arn cannot be the same."),
      );
    });

    it("rejects MaxNumberOfMessagesPerSecond outside 1 to 500", async () => {
      const { dlqArn } = await deadLettered("rate-range", [1]);
      for (const rate of [0, 501]) {
        await assertSqsError(
          start({ SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: rate }),
          sqsErrors.invalidParameterValue(
            "Value for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: You must enter a number that's between 1 and 500.",
          ),
        );
      }
    });
  });

  describe("ListMessageMoveTasks", () => {
    it("lists the newest task first, one by default and up to MaxResults", async () => {
      const { dlq, dlqArn } = await deadLettered("history", [1]);
      const first = await createQueue(t.sqs, "history-first");
      const second = await createQueue(t.sqs, "history-second");
      await start({ SourceArn: dlqArn, DestinationArn: await queueArn(t.sqs, first) });
      tick();
      tick(5_000);
      await sendBodies(t.sqs, dlq, ["another"]);
      await start({ SourceArn: dlqArn, DestinationArn: await queueArn(t.sqs, second) });
      tick();

      const newest = await list(dlqArn);
      assert.equal(newest.length, 1);
      assert.equal(newest[0]!.DestinationArn, await queueArn(t.sqs, second));

      const all = await list(dlqArn, 10);
      assert.deepEqual(
        all.map((task) => task.DestinationArn),
        [await queueArn(t.sqs, second), await queueArn(t.sqs, first)],
      );
      assert.ok(all[0]!.StartedTimestamp! > all[1]!.StartedTimestamp!);
    });

    it("rejects MaxResults outside 1 to 10", async () => {
      const { dlqArn } = await deadLettered("list-range", [1]);
      for (const MaxResults of [0, 11]) {
        await assertSqsError(
          t.sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults })),
          // AWS's text is not verified.
          sqsErrors.invalidParameterValue(/MaxResults/),
        );
      }
    });

    it("returns no results for a queue that never had a task", async () => {
      const { dlqArn } = await deadLettered("never", [1]);
      assert.deepEqual(await list(dlqArn), []);
    });

    it("rejects a source queue that does not exist", async () => {
      await assertSqsError(
        t.sqs.send(
          new ListMessageMoveTasksCommand({ SourceArn: "arn:aws:sqs:us-east-1:000000000000:nowhere" }),
        ),
        missingResource("SourceArn"),
      );
    });
  });

  describe("CancelMessageMoveTask", () => {
    it("stops a running task and reports how many messages it moved", async () => {
      const { dlq, dlqArn } = await deadLettered("cancelled", [3]);
      const handle = await start({ SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: 1 });
      tick();

      const { ApproximateNumberOfMessagesMoved } = await cancel(handle);
      assert.equal(ApproximateNumberOfMessagesMoved, 1);
      tick(5 * TICK_MS);

      const [task] = await list(dlqArn);
      assert.equal(task!.Status, "CANCELLED");
      assert.equal(task!.TaskHandle, undefined);
      assert.equal(task!.ApproximateNumberOfMessagesMoved, 1);
      assert.equal((await messageCounts(t.sqs, dlq)).visible, 2);
    });

    it("rejects a handle that cannot be decoded", async () => {
      await assertSqsError(
        cancel("not-a-handle"),
        sqsErrors.invalidParameterValue("Value for parameter TaskHandle is invalid."),
      );
    });

    it("rejects an unknown task of an existing queue", async () => {
      const { dlqArn } = await deadLettered("unknown-task", [1]);
      const handle = Buffer.from(
        JSON.stringify({ taskId: "00000000-0000-0000-0000-000000000000", sourceArn: dlqArn }),
      ).toString("base64");
      await assertSqsError(cancel(handle), sqsErrors.resourceNotFound("Task does not exist."));
    });

    it("rejects a handle whose source queue does not exist", async () => {
      const handle = Buffer.from(
        JSON.stringify({
          taskId: "00000000-0000-0000-0000-000000000000",
          sourceArn: "arn:aws:sqs:us-east-1:000000000000:gone",
        }),
      ).toString("base64");
      await assertSqsError(cancel(handle), missingResource("SourceArn"));
    });
  });
});
