/**
 * A function's side settings through the SDK v3: reserved concurrency, asynchronous invocation
 * settings, resource policy, tags, and the account's settings.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AddPermissionCommand,
  DeleteFunctionConcurrencyCommand,
  DeleteFunctionEventInvokeConfigCommand,
  GetAccountSettingsCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionEventInvokeConfigCommand,
  GetPolicyCommand,
  ListTagsCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionEventInvokeConfigCommand,
} from "@aws-sdk/client-lambda";
import { awsError, startTestEngine, type TestEngine } from "../support/engine.ts";
import { createNodeFunction, ECHO } from "./support.ts";

describe("Lambda function settings", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  describe("reserved concurrency", () => {
    it("is set, read and removed", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      assert.deepEqual(
        (await t.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: fn.FunctionName })))
          .ReservedConcurrentExecutions,
        undefined,
      );
      const put = await t.lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: fn.FunctionName, ReservedConcurrentExecutions: 5 }),
      );
      assert.equal(put.ReservedConcurrentExecutions, 5);
      const got = await t.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: fn.FunctionName }));
      assert.equal(got.ReservedConcurrentExecutions, 5);
      await t.lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: fn.FunctionName }));
      const gone = await t.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: fn.FunctionName }));
      assert.equal(gone.ReservedConcurrentExecutions, undefined);
    });

    it("may not leave less than 100 unreserved", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      const error = await awsError(() =>
        t.lambda.send(
          new PutFunctionConcurrencyCommand({
            FunctionName: fn.FunctionName,
            ReservedConcurrentExecutions: 901,
          }),
        ),
      );
      assert.equal(error.name, "InvalidParameterValueException");
      assert.match(error.message, /below its minimum value of \[100\]/);
    });

    it("shows in the account's unreserved concurrency", async () => {
      const engine = await startTestEngine();
      try {
        const fn = await createNodeFunction(engine.lambda, ECHO);
        await engine.lambda.send(
          new PutFunctionConcurrencyCommand({
            FunctionName: fn.FunctionName,
            ReservedConcurrentExecutions: 50,
          }),
        );
        const settings = await engine.lambda.send(new GetAccountSettingsCommand({}));
        assert.equal(settings.AccountLimit?.ConcurrentExecutions, 1000);
        assert.equal(settings.AccountLimit?.UnreservedConcurrentExecutions, 950);
        assert.equal(settings.AccountUsage?.FunctionCount, 1);
      } finally {
        await engine.stop();
      }
    });
  });

  describe("event invoke config", () => {
    it("is put with defaults, updated by merging, and deleted", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      const put = await t.lambda.send(
        new PutFunctionEventInvokeConfigCommand({ FunctionName: fn.FunctionName, MaximumRetryAttempts: 0 }),
      );
      assert.equal(put.FunctionArn, `${fn.FunctionArn}:$LATEST`);
      assert.equal(put.MaximumRetryAttempts, 0);
      assert.equal(put.MaximumEventAgeInSeconds, 21600);
      assert.ok(put.LastModified instanceof Date);
      const updated = await t.lambda.send(
        new UpdateFunctionEventInvokeConfigCommand({
          FunctionName: fn.FunctionName,
          MaximumEventAgeInSeconds: 60,
        }),
      );
      assert.equal(updated.MaximumRetryAttempts, 0);
      assert.equal(updated.MaximumEventAgeInSeconds, 60);
      await t.lambda.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: fn.FunctionName }));
      const error = await awsError(() =>
        t.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: fn.FunctionName })),
      );
      assert.equal(error.name, "ResourceNotFoundException");
      assert.equal(error.message, `The function ${fn.FunctionArn}:$LATEST doesn't have an EventInvokeConfig`);
    });

    it("checks retry attempts against the model's range", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      const error = await awsError(() =>
        t.lambda.send(
          new PutFunctionEventInvokeConfigCommand({ FunctionName: fn.FunctionName, MaximumRetryAttempts: 3 }),
        ),
      );
      assert.equal(error.name, "ValidationException");
    });
  });

  describe("permissions", () => {
    it("adds a statement in AWS's policy format and removes it", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      const added = await t.lambda.send(
        new AddPermissionCommand({
          FunctionName: fn.FunctionName,
          StatementId: "sqs-invoke",
          Action: "lambda:InvokeFunction",
          Principal: "sqs.amazonaws.com",
          SourceArn: "arn:aws:sqs:us-east-1:000000000000:orders",
        }),
      );
      assert.deepEqual(JSON.parse(added.Statement!), {
        Sid: "sqs-invoke",
        Effect: "Allow",
        Principal: { Service: "sqs.amazonaws.com" },
        Action: "lambda:InvokeFunction",
        Resource: fn.FunctionArn,
        Condition: { ArnLike: { "AWS:SourceArn": "arn:aws:sqs:us-east-1:000000000000:orders" } },
      });
      const { Policy } = await t.lambda.send(new GetPolicyCommand({ FunctionName: fn.FunctionName }));
      const policy = JSON.parse(Policy!) as { Version: string; Statement: unknown[] };
      assert.equal(policy.Version, "2012-10-17");
      assert.equal(policy.Statement.length, 1);

      await t.lambda.send(
        new RemovePermissionCommand({ FunctionName: fn.FunctionName, StatementId: "sqs-invoke" }),
      );
      const error = await awsError(() =>
        t.lambda.send(new GetPolicyCommand({ FunctionName: fn.FunctionName })),
      );
      assert.equal(error.name, "ResourceNotFoundException");
    });

    it("refuses a statement id that is taken", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      const add = () =>
        t.lambda.send(
          new AddPermissionCommand({
            FunctionName: fn.FunctionName,
            StatementId: "dup",
            Action: "lambda:InvokeFunction",
            Principal: "123456789012",
          }),
        );
      await add();
      const error = await awsError(add);
      assert.equal(error.name, "ResourceConflictException");
      assert.match(error.message, /^The statement id \(dup\) provided already exists/);
    });

    it("answers ResourceNotFoundException for a statement that is not there", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      const error = await awsError(() =>
        t.lambda.send(new RemovePermissionCommand({ FunctionName: fn.FunctionName, StatementId: "nope" })),
      );
      assert.equal(error.name, "ResourceNotFoundException");
      assert.equal(error.message, "Statement nope is not found in resource policy.");
    });
  });

  describe("tags", () => {
    it("are added, listed and removed by function ARN", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO, { Tags: { a: "1" } });
      await t.lambda.send(new TagResourceCommand({ Resource: fn.FunctionArn, Tags: { b: "2" } }));
      assert.deepEqual((await t.lambda.send(new ListTagsCommand({ Resource: fn.FunctionArn }))).Tags, {
        a: "1",
        b: "2",
      });
      await t.lambda.send(new UntagResourceCommand({ Resource: fn.FunctionArn, TagKeys: ["a"] }));
      assert.deepEqual((await t.lambda.send(new ListTagsCommand({ Resource: fn.FunctionArn }))).Tags, {
        b: "2",
      });
    });
  });
});
