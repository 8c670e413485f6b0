/**
 * `--auth strict` through AWS SDK v3 clients: the configured key works for every service, and a
 * wrong secret, an unknown key, a stale or missing signature get each service's own error.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ListStacksCommand } from "@aws-sdk/client-cloudformation";
import { DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { ListRolesCommand } from "@aws-sdk/client-iam";
import { ListFunctionsCommand } from "@aws-sdk/client-lambda";
import {
  CreateQueueCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import {
  CONFIGURED,
  type Credentials,
  failure,
  REGION,
  type StrictEngine,
  startStrictEngine,
  UNKNOWN_KEY,
  wrongSecret,
} from "./support.ts";

const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const INVALID_TOKEN = "The security token included in the request is invalid.";
const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;

let e: StrictEngine;
before(async () => {
  e = await startStrictEngine();
});
after(async () => {
  await e.stop();
});

/** One cheap read per service, made with `credentials`. */
const calls: Record<string, (c: Credentials) => Promise<unknown>> = {
  sqs: (c) => e.sqs(c).send(new ListQueuesCommand({})),
  dynamodb: (c) => e.dynamodb(c).send(new ListTablesCommand({})),
  lambda: (c) => e.lambda(c).send(new ListFunctionsCommand({})),
  logs: (c) => e.logs(c).send(new DescribeLogGroupsCommand({})),
  iam: (c) => e.iam(c).send(new ListRolesCommand({})),
  cloudformation: (c) => e.cloudformation(c).send(new ListStacksCommand({})),
};

/** AWS: per service, the code and status of [wrong signature, unknown key] (see server/auth-errors.ts). */
const expected: Record<string, { signature: [string, number]; unknownKey: [string, number] }> = {
  sqs: { signature: ["SignatureDoesNotMatch", 403], unknownKey: ["InvalidClientTokenId", 403] },
  dynamodb: {
    signature: ["InvalidSignatureException", 400],
    unknownKey: ["UnrecognizedClientException", 400],
  },
  lambda: { signature: ["InvalidSignatureException", 403], unknownKey: ["UnrecognizedClientException", 403] },
  logs: { signature: ["InvalidSignatureException", 400], unknownKey: ["UnrecognizedClientException", 400] },
  iam: { signature: ["SignatureDoesNotMatch", 403], unknownKey: ["InvalidClientTokenId", 403] },
  cloudformation: { signature: ["SignatureDoesNotMatch", 403], unknownKey: ["InvalidClientTokenId", 403] },
};

for (const [service, call] of Object.entries(calls)) {
  describe(`${service} under --auth strict`, () => {
    test("a request signed with the configured key succeeds", async () => {
      await call(CONFIGURED);
    });

    test("a wrong secret gets the service's signature-mismatch error", async () => {
      const got = await failure(() => call(wrongSecret(CONFIGURED)));
      const [name, status] = expected[service]!.signature;
      assert.deepEqual(got, { name, message: SIGNATURE_MISMATCH, status });
    });

    test("an unknown access key gets the service's invalid-token error", async () => {
      const got = await failure(() => call(UNKNOWN_KEY));
      const [name, status] = expected[service]!.unknownKey;
      assert.deepEqual(got, { name, message: INVALID_TOKEN, status });
    });
  });
}

test("the default test/test pair is refused when other keys are configured", async () => {
  const got = await failure(() => calls.dynamodb!({ accessKeyId: "test", secretAccessKey: "test" }));
  assert.equal(got.name, "UnrecognizedClientException");
});

test("writes and reads work end to end with the configured key", async () => {
  const ddb = e.dynamodb(CONFIGURED);
  await ddb.send(
    new CreateTableCommand({
      TableName: "Signed",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  await ddb.send(
    new PutItemCommand({ TableName: "Signed", Item: { pk: { S: "a b/c?d=é" }, v: { N: "1" } } }),
  );
  const got = await ddb.send(new GetItemCommand({ TableName: "Signed", Key: { pk: { S: "a b/c?d=é" } } }));
  assert.equal(got.Item?.v?.N, "1");

  const sqs = e.sqs(CONFIGURED);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "signed" }));
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: "héllo  +/= world" }));
  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
  assert.equal(received.Messages?.[0]?.Body, "héllo  +/= world");
});

describe("signatures older than the clock-skew window", () => {
  // Its own engine: moving this one's clock would break every signature the other tests make.
  let skewed: StrictEngine;
  before(async () => {
    skewed = await startStrictEngine();
  });
  after(async () => {
    await skewed.stop();
  });

  test("DynamoDB answers InvalidSignatureException: Signature expired (15 minutes)", async () => {
    const client = skewed.dynamodb(CONFIGURED);
    skewed.clock.advance(FIFTEEN_MINUTES_MS + 60_000);
    const got = await failure(() => client.send(new ListTablesCommand({})));
    assert.equal(got.name, "InvalidSignatureException");
    assert.equal(got.status, 400);
    assert.match(
      got.message,
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });

  test("SQS answers SignatureDoesNotMatch: Signature expired", async () => {
    const client = skewed.sqs(CONFIGURED);
    skewed.clock.advance(FIFTEEN_MINUTES_MS + 60_000);
    const got = await failure(() => client.send(new ListQueuesCommand({})));
    assert.equal(got.name, "SignatureDoesNotMatch");
    assert.equal(got.status, 403);
    assert.match(got.message, /^Signature expired: .* - 15 min\.\)$/);
  });

  test("an SDK client with retries corrects its clock from the engine's Date header and succeeds", async () => {
    skewed.clock.advance(FIFTEEN_MINUTES_MS * 4);
    const client = new DynamoDBClient({
      endpoint: skewed.endpoint,
      region: REGION,
      credentials: CONFIGURED,
      maxAttempts: 2,
    });
    try {
      const { TableNames } = await client.send(new ListTablesCommand({}));
      assert.deepEqual(TableNames, []);
      assert.ok(Math.abs(client.config.systemClockOffset - (skewed.clock.now() - Date.now())) < 60_000);
    } finally {
      client.destroy();
    }
  });

  test("Lambda allows only 5 minutes and answers 403 InvalidSignatureException", async () => {
    const client = skewed.lambda(CONFIGURED);
    skewed.clock.advance(6 * 60_000);
    const got = await failure(() => client.send(new ListFunctionsCommand({})));
    assert.equal(got.name, "InvalidSignatureException");
    assert.equal(got.status, 403);
    assert.match(got.message, /^Signature expired: .* - 5 min\.\)$/);
  });
});

describe("unsigned requests", () => {
  test("DynamoDB answers 400 MissingAuthenticationTokenException", async () => {
    const response = await fetch(e.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "DynamoDB_20120810.ListTables",
      },
      body: "{}",
    });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      __type: "com.amazon.coral.service#MissingAuthenticationTokenException",
      message: "Request is missing Authentication Token",
    });
  });

  test("SQS over JSON answers 403 with the query code in x-amzn-query-error", async () => {
    const response = await fetch(e.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.ListQueues" },
      body: "{}",
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get("x-amzn-query-error"), "MissingAuthenticationToken;Sender");
  });

  test("SQS over the query protocol answers 403 MissingAuthenticationToken", async () => {
    const response = await fetch(e.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=ListQueues&Version=2012-11-05",
    });
    assert.equal(response.status, 403);
    const xml = await response.text();
    assert.match(xml, /<Code>MissingAuthenticationToken<\/Code>/);
    assert.match(xml, /<Message>Request is missing Authentication Token<\/Message>/);
  });

  test("Lambda answers 403 MissingAuthenticationTokenException: Missing Authentication Token", async () => {
    const response = await fetch(`${e.endpoint}/2015-03-31/functions/`);
    assert.equal(response.status, 403);
    assert.equal(response.headers.get("x-amzn-errortype"), "MissingAuthenticationTokenException");
    assert.deepEqual(await response.json(), { message: "Missing Authentication Token" });
  });

  test("the engine's control routes stay open", async () => {
    const response = await fetch(`${e.endpoint}/_orderflow/health`);
    assert.equal(response.status, 200);
  });
});
