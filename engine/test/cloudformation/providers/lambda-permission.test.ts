/** AWS::Lambda::Permission and AWS::Lambda::EventInvokeConfig: a function's policy and asynchronous settings. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetFunctionEventInvokeConfigCommand, GetPolicyCommand } from "@aws-sdk/client-lambda";
import { CreateQueueCommand } from "@aws-sdk/client-sqs";
import { awsError } from "../../support/engine.ts";
import { create, type Harness, ROLE_ARN, startHarness } from "./support.ts";

describe("AWS::Lambda::Permission", () => {
  const TYPE = "AWS::Lambda::Permission";
  let h: Harness;
  const statements = async () => {
    const { Policy } = await h.t.lambda.send(new GetPolicyCommand({ FunctionName: "guarded" }));
    return (JSON.parse(Policy ?? "{}") as { Statement: { Sid: string; Principal: unknown }[] }).Statement;
  };

  before(async () => {
    h = await startHarness();
    await create(h, "AWS::Lambda::Function", "Guarded", {
      FunctionName: "guarded",
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Role: ROLE_ARN,
      Code: { ZipFile: "exports.handler = async () => 1;" },
    });
  });
  after(() => h.stop());

  it("adds a statement whose generated id is the Ref", async () => {
    const state = await create(h, TYPE, "InvokeFromSns", {
      FunctionName: "guarded",
      Action: "lambda:InvokeFunction",
      Principal: "sns.amazonaws.com",
      SourceArn: "arn:aws:sns:us-east-1:000000000000:orders",
    });

    assert.match(state.physicalId, /^teststack-InvokeFromSns-[A-Za-z0-9]{12}$/);
    assert.equal(state.attributes.Id, state.physicalId);
    const statement = (await statements()).find((s) => s.Sid === state.physicalId);
    assert.deepEqual(statement?.Principal, { Service: "sns.amazonaws.com" });
  });

  it("replaces the permission on any change", async () => {
    const before = {
      FunctionName: "guarded",
      Action: "lambda:InvokeFunction",
      Principal: "sns.amazonaws.com",
    };
    const state = await create(h, TYPE, "Changing", before);

    const result = await h
      .provider(TYPE)
      .update(state, { ...before, Principal: "events.amazonaws.com" }, before, h.context("Changing"));

    assert.equal(result, "replace");
  });

  it("leaves the permission alone when nothing changed", async () => {
    const properties = {
      FunctionName: "guarded",
      Action: "lambda:InvokeFunction",
      Principal: "sqs.amazonaws.com",
    };
    const state = await create(h, TYPE, "Unchanged", properties);

    const result = await h.provider(TYPE).update(state, properties, properties, h.context("Unchanged"));

    assert.deepEqual(result, state);
  });

  it("removes the statement on delete", async () => {
    const properties = {
      FunctionName: "guarded",
      Action: "lambda:InvokeFunction",
      Principal: "s3.amazonaws.com",
    };
    const state = await create(h, TYPE, "Removed", properties);

    await h.provider(TYPE).delete(state, properties, h.context("Removed"));

    assert.equal(
      (await statements()).some((s) => s.Sid === state.physicalId),
      false,
    );
  });
});

describe("AWS::Lambda::EventInvokeConfig", () => {
  const TYPE = "AWS::Lambda::EventInvokeConfig";
  let h: Harness;
  let failures: string;
  const config = () =>
    h.t.lambda.send(
      new GetFunctionEventInvokeConfigCommand({ FunctionName: "async-fn", Qualifier: "$LATEST" }),
    );

  before(async () => {
    h = await startHarness();
    await create(h, "AWS::Lambda::Function", "Async", {
      FunctionName: "async-fn",
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Role: ROLE_ARN,
      Code: { ZipFile: "exports.handler = async () => 1;" },
    });
    const { QueueUrl } = await h.t.sqs.send(new CreateQueueCommand({ QueueName: "async-failures" }));
    failures = `arn:aws:sqs:us-east-1:000000000000:${QueueUrl?.split("/").at(-1)}`;
  });
  after(() => h.stop());

  it("puts the function's retry, age and destination settings", async () => {
    await create(h, TYPE, "AsyncConfig", {
      FunctionName: "async-fn",
      Qualifier: "$LATEST",
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 300,
      DestinationConfig: { OnFailure: { Destination: failures } },
    });

    const got = await config();
    assert.deepEqual([got.MaximumRetryAttempts, got.MaximumEventAgeInSeconds], [0, 300]);
    assert.equal(got.DestinationConfig?.OnFailure?.Destination, failures);
  });

  it("puts the settings again in full on update", async () => {
    const before = { FunctionName: "async-fn", Qualifier: "$LATEST", MaximumRetryAttempts: 0 };
    const state = await create(h, TYPE, "Updated", before);

    await h
      .provider(TYPE)
      .update(
        state,
        { FunctionName: "async-fn", Qualifier: "$LATEST", MaximumEventAgeInSeconds: 120 },
        before,
        h.context("Updated"),
      );

    const got = await config();
    assert.deepEqual([got.MaximumRetryAttempts, got.MaximumEventAgeInSeconds], [2, 120]);
  });

  it("removes the settings on delete", async () => {
    const properties = { FunctionName: "async-fn", Qualifier: "$LATEST", MaximumRetryAttempts: 1 };
    const state = await create(h, TYPE, "Removed", properties);

    await h.provider(TYPE).delete(state, properties, h.context("Removed"));

    const error = await awsError(() => config());
    assert.equal(error.name, "ResourceNotFoundException");
  });
});
