/** AWS::Lambda::EventSourceMapping: an SQS mapping with every property the write buffer uses. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import { CreateQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { awsError } from "../../support/engine.ts";
import { create, failure, type Harness, handlerMessage, ROLE_ARN, startHarness } from "./support.ts";

const TYPE = "AWS::Lambda::EventSourceMapping";

describe("AWS::Lambda::EventSourceMapping", () => {
  let h: Harness;
  let functionName: string;
  let queues = 0;
  const queueArn = async () => {
    const { QueueUrl } = await h.t.sqs.send(new CreateQueueCommand({ QueueName: `mapped-${++queues}` }));
    const { Attributes } = await h.t.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
    );
    return Attributes!.QueueArn!;
  };
  const mapping = (uuid: string) => h.t.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));

  before(async () => {
    h = await startHarness();
    const fn = await create(h, "AWS::Lambda::Function", "Writer", {
      FunctionName: "buffer-writer",
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Role: ROLE_ARN,
      Code: { ZipFile: "exports.handler = async () => ({ batchItemFailures: [] });" },
    });
    functionName = fn.physicalId;
  });
  after(() => h.stop());

  it("maps a queue with batching, partial failures, scaling and a filter; Ref is the UUID", async () => {
    const source = await queueArn();

    const state = await create(h, TYPE, "Mapping", {
      FunctionName: functionName,
      EventSourceArn: source,
      BatchSize: 50,
      MaximumBatchingWindowInSeconds: 5,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ScalingConfig: { MaximumConcurrency: 2 },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ body: { type: ["order"] } }) }] },
    });

    const got = await mapping(state.physicalId);
    assert.match(state.physicalId, /^[0-9a-f-]{36}$/);
    assert.equal(state.attributes.Id, state.physicalId);
    assert.equal(state.attributes.EventSourceMappingArn, got.EventSourceMappingArn);
    assert.deepEqual(
      [
        got.BatchSize,
        got.MaximumBatchingWindowInSeconds,
        got.FunctionResponseTypes,
        got.ScalingConfig?.MaximumConcurrency,
      ],
      [50, 5, ["ReportBatchItemFailures"], 2],
    );
    assert.equal(got.FilterCriteria?.Filters?.length, 1);
    assert.equal(got.State, "Enabled");
  });

  it("updates in place: batch size, and disabling", async () => {
    const before = { FunctionName: functionName, EventSourceArn: await queueArn(), BatchSize: 10 };
    const state = await create(h, TYPE, "Updated", before);

    const result = await h
      .provider(TYPE)
      .update(state, { ...before, BatchSize: 5, Enabled: false }, before, h.context("Updated"));

    assert.notEqual(result, "replace");
    const got = await mapping(state.physicalId);
    assert.equal(got.BatchSize, 5);
    assert.equal(got.State, "Disabled");
  });

  it("drops partial batch responses when FunctionResponseTypes goes from the template", async () => {
    const before = {
      FunctionName: functionName,
      EventSourceArn: await queueArn(),
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    };
    const state = await create(h, TYPE, "Partial", before);

    await h
      .provider(TYPE)
      .update(
        state,
        { FunctionName: functionName, EventSourceArn: before.EventSourceArn },
        before,
        h.context("Partial"),
      );

    assert.deepEqual((await mapping(state.physicalId)).FunctionResponseTypes ?? [], []);
  });

  it("replaces the mapping when its source changes", async () => {
    const before = { FunctionName: functionName, EventSourceArn: await queueArn() };
    const state = await create(h, TYPE, "Moved", before);

    const result = await h
      .provider(TYPE)
      .update(state, { ...before, EventSourceArn: await queueArn() }, before, h.context("Moved"));

    assert.equal(result, "replace");
  });

  it("deletes the mapping", async () => {
    const properties = { FunctionName: functionName, EventSourceArn: await queueArn() };
    const state = await create(h, TYPE, "Doomed", properties);

    await h.provider(TYPE).delete(state, properties, h.context("Doomed"));

    const error = await awsError(() => mapping(state.physicalId));
    assert.equal(error.name, "ResourceNotFoundException");
  });

  it("fails with Lambda's message when the queue does not exist", async () => {
    const error = await failure(() =>
      create(h, TYPE, "Dangling", {
        FunctionName: functionName,
        EventSourceArn: "arn:aws:sqs:us-east-1:000000000000:missing",
      }),
    );

    assert.match(
      error.message,
      handlerMessage(
        /Error occurred while ReceiveMessage\. SQS Error Code: AWS\.SimpleQueueService\.NonExistentQueue\..* \(Service: Lambda, Status Code: 400, Request ID: [0-9a-f-]{36}\)/,
      ),
    );
  });
});
