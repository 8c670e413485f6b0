/**
 * Invoke through the SDK v3: synchronous results and errors, log tails, payload rules, throttling,
 * timeouts on the virtual clock, and asynchronous invocation with retries and destinations.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  InvokeCommand,
  PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand,
} from "@aws-sdk/client-lambda";
import { awsError, startTestEngine, type TestEngine } from "../support/engine.ts";
import { eventually } from "../support/eventually.ts";
import { createQueue, queueArn, receive, whenTimerScheduled } from "../support/sqs.ts";
import { createNodeFunction, ECHO, invokeJson, zipOf } from "./support.ts";

describe("Lambda Invoke", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  describe("RequestResponse", () => {
    it("returns the handler's result with status 200 and the executed version", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      const { response, body } = await invokeJson(t.lambda, fn.FunctionName, { order: 42 });
      assert.equal(response.StatusCode, 200);
      assert.equal(response.ExecutedVersion, "$LATEST");
      assert.equal(response.FunctionError, undefined);
      assert.deepEqual(body, { order: 42 });
    });

    it("gives the handler {} when the request has no payload", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      const response = await t.lambda.send(new InvokeCommand({ FunctionName: fn.FunctionName }));
      assert.deepEqual(JSON.parse(Buffer.from(response.Payload!).toString()), {});
    });

    it("reports a thrown error as FunctionError Unhandled with Lambda's error document", async () => {
      const fn = await createNodeFunction(
        t.lambda,
        'exports.handler = async () => { const e = new TypeError("bad order"); throw e; };',
      );
      const { response, body } = await invokeJson(t.lambda, fn.FunctionName);
      assert.equal(response.StatusCode, 200);
      assert.equal(response.FunctionError, "Unhandled");
      const error = body as { errorType: string; errorMessage: string; trace: string[] };
      assert.equal(error.errorType, "TypeError");
      assert.equal(error.errorMessage, "bad order");
      assert.ok(Array.isArray(error.trace));
    });

    it("returns the log's tail with START, the function's output, END and REPORT", async () => {
      const fn = await createNodeFunction(
        t.lambda,
        'exports.handler = async () => { console.log("hello log"); return 1; };',
      );
      const response = await t.lambda.send(
        new InvokeCommand({ FunctionName: fn.FunctionName, LogType: "Tail" }),
      );
      const log = Buffer.from(response.LogResult!, "base64").toString("utf8");
      const requestId = response.$metadata.requestId!;
      assert.match(log, new RegExp(`START RequestId: ${requestId} Version: \\$LATEST`));
      assert.match(log, new RegExp(`\\t${requestId}\\tINFO\\thello log`));
      assert.match(log, new RegExp(`END RequestId: ${requestId}`));
      assert.match(
        log,
        new RegExp(
          `REPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB`,
        ),
      );
    });

    it("reuses a warm environment: module state survives between invocations", async () => {
      const fn = await createNodeFunction(t.lambda, "let count = 0; exports.handler = async () => ++count;");
      assert.equal((await invokeJson(t.lambda, fn.FunctionName)).body, 1);
      assert.equal((await invokeJson(t.lambda, fn.FunctionName)).body, 2);
    });

    it("gives the function its environment and an SDK that reaches the engine", async () => {
      const queue = await createQueue(t.sqs, "from-lambda");
      const fn = await createNodeFunction(
        t.lambda,
        `const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");
         const sqs = new SQSClient({});
         exports.handler = async (event, context) => {
           await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: context.functionName }));
           return { region: process.env.AWS_REGION, name: process.env.AWS_LAMBDA_FUNCTION_NAME, memory: context.memoryLimitInMB };
         };`,
        { Environment: { Variables: { QUEUE_URL: queue } } },
      );
      const { body } = await invokeJson(t.lambda, fn.FunctionName);
      assert.deepEqual(body, { region: "us-east-1", name: fn.FunctionName, memory: "128" });
      const [message] = await receive(t.sqs, queue);
      assert.equal(message?.Body, fn.FunctionName);
    });

    it("ends a handler that runs past its timeout with Lambda's timeout error", async () => {
      const fn = await createNodeFunction(t.lambda, "exports.handler = () => new Promise(() => {});", {
        Timeout: 2,
      });
      const armed = whenTimerScheduled(t.clock, (delay) => delay === 2000);
      const invoking = invokeJson(t.lambda, fn.FunctionName);
      await armed;
      t.clock.advance(2000);
      const { response, body } = await invoking;
      assert.equal(response.FunctionError, "Unhandled");
      assert.match(JSON.stringify(body), /Task timed out after 2\.00 seconds/);
    });

    it("fails only the invocation whose handler calls process.exit", async () => {
      const fn = await createNodeFunction(
        t.lambda,
        "exports.handler = async (event) => { if (event.exit) process.exit(3); return 'alive'; };",
      );
      const crashed = await invokeJson(t.lambda, fn.FunctionName, { exit: true });
      assert.equal(crashed.response.FunctionError, "Unhandled");
      assert.match(crashed.text, /Runtime\.ExitError/);
      assert.equal((await invokeJson(t.lambda, fn.FunctionName)).body, "alive");
    });

    it("runs a Python handler", async () => {
      const fn = await createNodeFunction(t.lambda, "", {
        Runtime: "python3.12",
        Handler: "app.lambda_handler",
        Code: {
          ZipFile: zipOf({
            "app.py":
              "def lambda_handler(event, context):\n    return {'got': event['n'] * 2, 'fn': context.function_name}\n",
          }),
        },
      });
      const { body } = await invokeJson(t.lambda, fn.FunctionName, { n: 21 });
      assert.deepEqual(body, { got: 42, fn: fn.FunctionName });
    });
  });

  describe("payload rules", () => {
    it("refuses a payload that is not JSON", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      const error = await awsError(() =>
        t.lambda.send(
          new InvokeCommand({ FunctionName: fn.FunctionName, Payload: Buffer.from("{not json") }),
        ),
      );
      assert.equal(error.name, "InvalidRequestContentException");
      assert.equal(error.$metadata?.httpStatusCode, 400);
      assert.match(error.message, /^Could not parse request body into json/);
    });

    it("refuses a synchronous payload over 6 MB with 413", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      const payload = Buffer.from(JSON.stringify("x".repeat(6 * 1024 * 1024)));
      const error = await awsError(() =>
        t.lambda.send(new InvokeCommand({ FunctionName: fn.FunctionName, Payload: payload })),
      );
      assert.equal(error.name, "RequestTooLargeException");
      assert.equal(error.$metadata?.httpStatusCode, 413);
    });

    it("refuses an asynchronous payload over 1 MB", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      const payload = Buffer.from(JSON.stringify("x".repeat(1024 * 1024)));
      const error = await awsError(() =>
        t.lambda.send(
          new InvokeCommand({ FunctionName: fn.FunctionName, InvocationType: "Event", Payload: payload }),
        ),
      );
      assert.equal(error.name, "RequestTooLargeException");
    });

    it("answers DryRun with 204 without running the function", async () => {
      const fn = await createNodeFunction(t.lambda, "let n = 0; exports.handler = async () => ++n;");
      const response = await t.lambda.send(
        new InvokeCommand({ FunctionName: fn.FunctionName, InvocationType: "DryRun" }),
      );
      assert.equal(response.StatusCode, 204);
      assert.equal((await invokeJson(t.lambda, fn.FunctionName)).body, 1);
    });
  });

  describe("throttling", () => {
    it("answers 429 TooManyRequestsException when reserved concurrency is 0", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      await t.lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: fn.FunctionName, ReservedConcurrentExecutions: 0 }),
      );
      const error = await awsError(() => invokeJson(t.lambda, fn.FunctionName));
      assert.equal(error.name, "TooManyRequestsException");
      assert.equal(error.$metadata?.httpStatusCode, 429);
      assert.equal(
        (error as unknown as { Reason?: string }).Reason,
        "ReservedFunctionConcurrentInvocationLimitExceeded",
      );
      assert.equal(t.engine.inspect.lambdaMetrics(fn.FunctionArn).throttles, 1);
    });

    it("throttles a second concurrent invocation of a function reserved to 1", async () => {
      const fn = await createNodeFunction(
        t.lambda,
        "exports.handler = (event) => new Promise((resolve) => setTimeout(() => resolve('done'), event.ms));",
      );
      await t.lambda.send(
        new PutFunctionConcurrencyCommand({ FunctionName: fn.FunctionName, ReservedConcurrentExecutions: 1 }),
      );
      const first = invokeJson(t.lambda, fn.FunctionName, { ms: 1_500 });
      await until(() => t.engine.inspect.lambdaMetrics(fn.FunctionArn!).concurrentExecutions === 1);
      const error = await awsError(() => invokeJson(t.lambda, fn.FunctionName, { ms: 0 }));
      assert.equal(error.name, "TooManyRequestsException");
      assert.equal((await first).body, "done");
    });
  });

  describe("Event (asynchronous)", () => {
    it("answers 202 and runs the function", async () => {
      const queue = await createQueue(t.sqs, "async-out");
      const fn = await createNodeFunction(
        t.lambda,
        `const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");
         exports.handler = async (event) => {
           await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: process.env.OUT, MessageBody: event.id }));
         };`,
        { Environment: { Variables: { OUT: queue } } },
      );
      const response = await t.lambda.send(
        new InvokeCommand({
          FunctionName: fn.FunctionName,
          InvocationType: "Event",
          Payload: Buffer.from('{"id":"a1"}'),
        }),
      );
      assert.equal(response.StatusCode, 202);
      const messages = await receive(t.sqs, queue, { WaitTimeSeconds: 20 });
      assert.equal(messages[0]?.Body, "a1");
    });

    it("retries a failing event twice, a minute then two apart, then sends the record to OnFailure", async () => {
      const failures = await createQueue(t.sqs, "async-failures");
      const fn = await createNodeFunction(
        t.lambda,
        'exports.handler = async () => { throw new Error("always"); };',
      );
      await t.lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: fn.FunctionName,
          DestinationConfig: { OnFailure: { Destination: await queueArn(t.sqs, failures) } },
        }),
      );
      await t.lambda.send(
        new InvokeCommand({
          FunctionName: fn.FunctionName,
          InvocationType: "Event",
          Payload: Buffer.from('{"n":1}'),
        }),
      );
      const invocations = () => t.engine.inspect.lambdaMetrics(fn.FunctionArn).invocations;
      await until(() => invocations() === 1);
      assert.deepEqual(await receive(t.sqs, failures), []);
      t.clock.advance(60_000);
      await until(() => invocations() === 2);
      t.clock.advance(120_000);
      await until(() => invocations() === 3);
      const [message] = await receive(t.sqs, failures, { WaitTimeSeconds: 20 });
      const record = JSON.parse(message!.Body!) as {
        requestContext: { condition: string; approximateInvokeCount: number; functionArn: string };
        requestPayload: unknown;
        responseContext: { functionError: string };
        responsePayload: { errorMessage: string };
      };
      assert.equal(record.requestContext.condition, "RetriesExhausted");
      assert.equal(record.requestContext.approximateInvokeCount, 3);
      assert.equal(record.requestContext.functionArn, `${fn.FunctionArn}:$LATEST`);
      assert.deepEqual(record.requestPayload, { n: 1 });
      assert.equal(record.responseContext.functionError, "Unhandled");
      assert.equal(record.responsePayload.errorMessage, "always");
    });

    it("invokes an OnSuccess Lambda destination asynchronously with the invocation record", async () => {
      const queue = await createQueue(t.sqs, "destination-records");
      const recorder = await createNodeFunction(
        t.lambda,
        `const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");
const sqs = new SQSClient({});
exports.handler = async (event) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: ${JSON.stringify(queue)}, MessageBody: JSON.stringify(event) }));
};`,
      );
      const fn = await createNodeFunction(
        t.lambda,
        "exports.handler = async (event) => ({ doubled: event.n * 2 });",
      );
      await t.lambda.send(
        new PutFunctionEventInvokeConfigCommand({
          FunctionName: fn.FunctionName,
          DestinationConfig: { OnSuccess: { Destination: recorder.FunctionArn } },
        }),
      );
      await t.lambda.send(
        new InvokeCommand({
          FunctionName: fn.FunctionName,
          InvocationType: "Event",
          Payload: Buffer.from('{"n":21}'),
        }),
      );
      const [message] = await receive(t.sqs, queue, { WaitTimeSeconds: 20 });
      const record = JSON.parse(message!.Body!) as {
        requestContext: { condition: string; functionArn: string };
        requestPayload: unknown;
        responsePayload: unknown;
      };
      assert.equal(record.requestContext.condition, "Success");
      assert.equal(record.requestContext.functionArn, `${fn.FunctionArn}:$LATEST`);
      assert.deepEqual(record.requestPayload, { n: 21 });
      assert.deepEqual(record.responsePayload, { doubled: 42 });
    });
  });
});

/** Waits (in real time) for work the engine does in the background to show. */
const until = (condition: () => boolean) => eventually(condition, "the background invocation");
