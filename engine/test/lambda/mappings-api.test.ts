/**
 * The event source mapping API through the SDK v3: defaults per source, state transitions,
 * listing, updates, deletion, and the validation Lambda applies.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from "@aws-sdk/client-lambda";
import { createTable } from "../support/dynamodb.ts";
import { awsError, startTestEngine, type TestEngine } from "../support/engine.ts";
import { createFifoQueue, createQueue, queueArn } from "../support/sqs.ts";
import { createNodeFunction, ECHO } from "./support.ts";

describe("Lambda event source mapping API", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  async function fixtures() {
    const fn = await createNodeFunction(t.lambda, ECHO);
    const queue = await queueArn(t.sqs, await createQueue(t.sqs, `esm-${fn.FunctionName}`));
    return { fn, queue };
  }

  const create = (input: CreateEventSourceMappingCommandInput) =>
    t.lambda.send(new CreateEventSourceMappingCommand(input));

  /** Lets the Creating/Updating transition finish (it settles on the clock right after the call). */
  const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

  it("creates an SQS mapping with Lambda's defaults, Creating then Enabled", async () => {
    const { fn, queue } = await fixtures();
    const created = await create({ FunctionName: fn.FunctionName, EventSourceArn: queue });
    assert.equal(created.State, "Creating");
    assert.equal(created.BatchSize, 10);
    assert.equal(created.MaximumBatchingWindowInSeconds, 0);
    assert.equal(created.EventSourceArn, queue);
    assert.equal(created.FunctionArn, fn.FunctionArn);
    assert.deepEqual(created.FunctionResponseTypes, []);
    assert.equal(created.StateTransitionReason, "USER_INITIATED");
    assert.ok(created.LastModified instanceof Date);
    assert.equal(
      created.EventSourceMappingArn,
      `arn:aws:lambda:us-east-1:000000000000:event-source-mapping:${created.UUID}`,
    );
    assert.equal(created.StartingPosition, undefined);
    await settled();
    const got = await t.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    assert.equal(got.State, "Enabled");
  });

  it("creates a DynamoDB stream mapping with the stream defaults", async () => {
    const fn = await createNodeFunction(t.lambda, ECHO);
    const table = await createTable(t.dynamodb, {
      TableName: `esm-table-${fn.FunctionName}`,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    });
    const created = await create({
      FunctionName: fn.FunctionName,
      EventSourceArn: table.LatestStreamArn!,
      StartingPosition: "TRIM_HORIZON",
    });
    assert.equal(created.BatchSize, 100);
    assert.equal(created.StartingPosition, "TRIM_HORIZON");
    assert.equal(created.ParallelizationFactor, 1);
    assert.equal(created.MaximumRetryAttempts, -1);
    assert.equal(created.MaximumRecordAgeInSeconds, -1);
    assert.equal(created.BisectBatchOnFunctionError, false);
    assert.deepEqual(created.DestinationConfig, { OnFailure: {} });
    assert.equal(created.LastProcessingResult, "No records processed");
  });

  it("is created Disabled when Enabled is false, and enabled by an update", async () => {
    const { fn, queue } = await fixtures();
    const created = await create({ FunctionName: fn.FunctionName, EventSourceArn: queue, Enabled: false });
    await settled();
    assert.equal(
      (await t.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).State,
      "Disabled",
    );
    const updating = await t.lambda.send(
      new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: true, BatchSize: 5 }),
    );
    assert.equal(updating.State, "Enabling");
    assert.equal(updating.BatchSize, 5);
    await settled();
    assert.equal(
      (await t.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).State,
      "Enabled",
    );
  });

  it("refuses a second mapping of the same queue to the same function", async () => {
    const { fn, queue } = await fixtures();
    const first = await create({ FunctionName: fn.FunctionName, EventSourceArn: queue });
    const error = await awsError(() => create({ FunctionName: fn.FunctionName, EventSourceArn: queue }));
    assert.equal(error.name, "ResourceConflictException");
    assert.match(error.message, new RegExp(`existing mapping with UUID ${first.UUID}$`));
  });

  it("lists mappings by function and by source, and deletes them", async () => {
    const { fn, queue } = await fixtures();
    const created = await create({ FunctionName: fn.FunctionName, EventSourceArn: queue });
    const byFunction = await t.lambda.send(
      new ListEventSourceMappingsCommand({ FunctionName: fn.FunctionName }),
    );
    assert.deepEqual(
      byFunction.EventSourceMappings?.map((m) => m.UUID),
      [created.UUID],
    );
    const bySource = await t.lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: queue }));
    assert.deepEqual(
      bySource.EventSourceMappings?.map((m) => m.UUID),
      [created.UUID],
    );
    const deleted = await t.lambda.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
    assert.equal(deleted.State, "Deleting");
    const error = await awsError(() =>
      t.lambda.send(new GetEventSourceMappingCommand({ UUID: created.UUID })),
    );
    assert.equal(error.name, "ResourceNotFoundException");
  });

  describe("validation", () => {
    it("refuses StartingPosition for SQS", async () => {
      const { fn, queue } = await fixtures();
      const error = await awsError(() =>
        create({ FunctionName: fn.FunctionName, EventSourceArn: queue, StartingPosition: "LATEST" }),
      );
      assert.equal(error.name, "InvalidParameterValueException");
      assert.equal(error.message, "StartingPosition is not valid for SQS event sources.");
    });

    it("needs a batching window for more than 10 SQS records per batch", async () => {
      const { fn, queue } = await fixtures();
      const error = await awsError(() =>
        create({ FunctionName: fn.FunctionName, EventSourceArn: queue, BatchSize: 11 }),
      );
      assert.equal(error.name, "InvalidParameterValueException");
      assert.equal(
        error.message,
        "Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
      );
      const ok = await create({
        FunctionName: fn.FunctionName,
        EventSourceArn: queue,
        BatchSize: 100,
        MaximumBatchingWindowInSeconds: 1,
      });
      assert.equal(ok.BatchSize, 100);
    });

    it("allows at most 10 records per batch from a FIFO queue", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      const queue = await queueArn(t.sqs, await createFifoQueue(t.sqs, `fifo-${fn.FunctionName}`));
      const error = await awsError(() =>
        create({
          FunctionName: fn.FunctionName,
          EventSourceArn: queue,
          BatchSize: 20,
          MaximumBatchingWindowInSeconds: 1,
        }),
      );
      assert.equal(error.name, "InvalidParameterValueException");
    });

    it("refuses a queue that does not exist", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      const error = await awsError(() =>
        create({ FunctionName: fn.FunctionName, EventSourceArn: "arn:aws:sqs:us-east-1:000000000000:nope" }),
      );
      assert.equal(error.name, "InvalidParameterValueException");
      assert.match(error.message, /NonExistentQueue/);
    });

    it("refuses a function that does not exist", async () => {
      const { queue } = await fixtures();
      const error = await awsError(() => create({ FunctionName: "no-such-function", EventSourceArn: queue }));
      assert.equal(error.name, "ResourceNotFoundException");
    });

    it("refuses an invalid filter pattern", async () => {
      const { fn, queue } = await fixtures();
      const error = await awsError(() =>
        create({
          FunctionName: fn.FunctionName,
          EventSourceArn: queue,
          FilterCriteria: { Filters: [{ Pattern: "{not json" }] },
        }),
      );
      assert.equal(error.name, "InvalidParameterValueException");
      assert.equal(error.message, "Invalid filter pattern definition.");
    });

    it("checks MaximumConcurrency against the model's range", async () => {
      const { fn, queue } = await fixtures();
      const error = await awsError(() =>
        create({
          FunctionName: fn.FunctionName,
          EventSourceArn: queue,
          ScalingConfig: { MaximumConcurrency: 1 },
        }),
      );
      assert.equal(error.name, "ValidationException");
    });

    it("refuses stream-only parameters on an SQS mapping", async () => {
      const { fn, queue } = await fixtures();
      const error = await awsError(() =>
        create({ FunctionName: fn.FunctionName, EventSourceArn: queue, BisectBatchOnFunctionError: true }),
      );
      assert.equal(error.name, "InvalidParameterValueException");
    });

    it("answers ResourceNotFoundException for an unknown UUID", async () => {
      const error = await awsError(() =>
        t.lambda.send(new GetEventSourceMappingCommand({ UUID: "00000000-0000-0000-0000-000000000000" })),
      );
      assert.equal(error.name, "ResourceNotFoundException");
      assert.equal(error.$metadata?.httpStatusCode, 404);
    });
  });
});
