/**
 * Under `--auth strict`, a function's own SDK calls back to the engine are signed with the role
 * session the engine issued its environment, and are accepted like any other signed request.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateQueueCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { createNodeFunction, invokeJson } from "../lambda/support.ts";
import { CONFIGURED, type StrictEngine, startStrictEngine } from "./support.ts";

describe("Lambda functions under --auth strict", () => {
  let t: StrictEngine;
  before(async () => {
    t = await startStrictEngine();
  });
  after(() => t.stop());

  it("signs a handler's SQS call with its role session, which the engine accepts", async () => {
    const sqs = t.sqs(CONFIGURED);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "strict-from-lambda" }));
    const fn = await createNodeFunction(
      t.lambda(CONFIGURED),
      `const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");
       exports.handler = async () => {
         await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: process.env.OUT, MessageBody: "signed" }));
         return { keyKind: process.env.AWS_ACCESS_KEY_ID.slice(0, 4), hasToken: Boolean(process.env.AWS_SESSION_TOKEN) };
       };`,
      { Environment: { Variables: { OUT: QueueUrl! } } },
    );

    const { response, body } = await invokeJson(t.lambda(CONFIGURED), fn.FunctionName);

    assert.equal(response.FunctionError, undefined, JSON.stringify(body));
    assert.deepEqual(body, { keyKind: "ASIA", hasToken: true });
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    assert.equal(Messages?.[0]?.Body, "signed");
  });
});
