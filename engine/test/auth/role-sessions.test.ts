/**
 * Role sessions the engine issues (the credentials a Lambda environment gets): the ASIA key only
 * works with its session token, and not after the session expires.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { ListQueuesCommand } from "@aws-sdk/client-sqs";
import { type StrictServer, startStrictServer } from "./strict-server.ts";
import { failure } from "./support.ts";

const ROLE_ARN = "arn:aws:iam::000000000000:role/OrderWorker";
const SESSION_MS = 60 * 60 * 1000;

let e: StrictServer;
before(async () => {
  e = await startStrictServer();
});
after(async () => {
  await e.stop();
});

const session = () => e.store.issueRoleSession(ROLE_ARN, "order-worker", SESSION_MS);

test("a role session signs successfully with its session token", async () => {
  const { accessKeyId, secretAccessKey, sessionToken } = session();
  await e
    .dynamodb({ accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) })
    .send(new ListTablesCommand({}));
});

test("a role session without its token is refused as an invalid token", async () => {
  const { accessKeyId, secretAccessKey } = session();
  const got = await failure(() =>
    e.dynamodb({ accessKeyId, secretAccessKey }).send(new ListTablesCommand({})),
  );
  assert.deepEqual(got, {
    name: "UnrecognizedClientException",
    message: "The security token included in the request is invalid",
    status: 400,
  });
});

test("a role session with another session's token is refused", async () => {
  const { accessKeyId, secretAccessKey } = session();
  const other = session();
  const got = await failure(() =>
    e
      .sqs({ accessKeyId, secretAccessKey, sessionToken: other.sessionToken ?? "" })
      .send(new ListQueuesCommand({})),
  );
  assert.equal(got.name, "InvalidClientTokenId");
  assert.equal(got.status, 403);
});

test("an expired role session gets ExpiredTokenException (DynamoDB) and ExpiredToken (SQS)", async () => {
  const { accessKeyId, secretAccessKey, sessionToken } = e.store.issueRoleSession(ROLE_ARN, "short", 60_000);
  const credentials = { accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) };
  const ddb = e.dynamodb(credentials);
  const sqs = e.sqs(credentials);
  await ddb.send(new ListTablesCommand({}));
  // Past the session's end, still inside the 15-minute signing window.
  e.clock.advance(61_000);
  assert.deepEqual(await failure(() => ddb.send(new ListTablesCommand({}))), {
    name: "ExpiredTokenException",
    message: "The security token included in the request is expired",
    status: 400,
  });
  assert.deepEqual(await failure(() => sqs.send(new ListQueuesCommand({}))), {
    name: "ExpiredToken",
    message: "The security token included in the request is expired",
    status: 403,
  });
});
