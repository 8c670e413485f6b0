/**
 * Presigned URLs (SigV4 in the query string), made with the SDK's own signer (@smithy/signature-v4
 * `presign`): valid until X-Amz-Expires, then refused; tampering and malformed parameters refused.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "./sha256.ts";
import { type StrictServer, startStrictServer } from "./strict-server.ts";
import { CONFIGURED, type Credentials, REGION } from "./support.ts";

const strictEncode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

let e: StrictServer;
before(async () => {
  e = await startStrictServer();
});
after(async () => {
  await e.stop();
});

/** A presigned GET of SQS's query API, as a URL. */
async function presignedSqsUrl(
  params: Record<string, string>,
  options: { expiresIn?: number; credentials?: Credentials } = {},
): Promise<string> {
  const url = new URL(e.endpoint);
  const signer = new SignatureV4({
    credentials: options.credentials ?? CONFIGURED,
    region: REGION,
    service: "sqs",
    sha256: Sha256,
  });
  const presigned = await signer.presign(
    {
      method: "GET",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: "/",
      query: { Version: "2012-11-05", ...params },
      headers: { host: url.host },
    },
    { expiresIn: options.expiresIn ?? 300, signingDate: new Date(e.clock.now()) },
  );
  const query = Object.entries(presigned.query ?? {})
    .map(([name, value]) => `${strictEncode(name)}=${strictEncode(String(value))}`)
    .join("&");
  return `${e.endpoint}/?${query}`;
}

async function get(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}

const codeOf = (xml: string) => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
const messageOf = (xml: string) => /<Message>([^<]*)<\/Message>/.exec(xml)?.[1];

test("a presigned URL is accepted", async () => {
  const got = await get(await presignedSqsUrl({ Action: "ListQueues" }));
  assert.equal(got.status, 200);
  assert.match(got.text, /<ListQueuesResponse/);
});

test("a presigned URL past X-Amz-Expires is refused as expired", async () => {
  const url = await presignedSqsUrl({ Action: "ListQueues" }, { expiresIn: 60 });
  e.clock.advance(61_000);
  const got = await get(url);
  assert.equal(got.status, 403);
  assert.equal(codeOf(got.text), "SignatureDoesNotMatch");
  assert.match(
    messageOf(got.text) ?? "",
    /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 1 min\.\)$/,
  );
});

test("a presigned URL stays valid for its X-Amz-Expires beyond the 15-minute skew window", async () => {
  const url = await presignedSqsUrl({ Action: "ListQueues" }, { expiresIn: 3600 });
  e.clock.advance(30 * 60_000);
  assert.equal((await get(url)).status, 200);
});

test("a presigned URL whose parameters were changed is refused", async () => {
  const url = await presignedSqsUrl({ Action: "ListQueues" });
  const got = await get(`${url}&QueueNamePrefix=other`);
  assert.equal(got.status, 403);
  assert.equal(codeOf(got.text), "SignatureDoesNotMatch");
});

test("a presigned URL of a role session carries and needs its X-Amz-Security-Token", async () => {
  const session = e.store.issueRoleSession("arn:aws:iam::000000000000:role/Reader", "reader");
  const credentials = {
    accessKeyId: session.accessKeyId,
    secretAccessKey: session.secretAccessKey,
    sessionToken: session.sessionToken ?? "",
  };
  const url = await presignedSqsUrl({ Action: "ListQueues" }, { credentials });
  assert.equal((await get(url)).status, 200);
  const withoutToken = url.replace(/&X-Amz-Security-Token=[^&]*/, "");
  // The token is part of what was signed, so dropping it breaks the signature first.
  assert.equal(codeOf((await get(withoutToken)).text), "SignatureDoesNotMatch");
});

test("X-Amz-Expires over seven days is refused as an incomplete signature", async () => {
  const url = (await presignedSqsUrl({ Action: "ListQueues" })).replace(
    /X-Amz-Expires=\d+/,
    "X-Amz-Expires=604801",
  );
  const got = await get(url);
  assert.equal(got.status, 400);
  assert.equal(codeOf(got.text), "IncompleteSignature");
  assert.equal(messageOf(got.text), "X-Amz-Expires must be less than a week (in seconds) that is 604800");
});

test("a presigned URL without X-Amz-Signature names the missing parameter", async () => {
  const url = (await presignedSqsUrl({ Action: "ListQueues" })).replace(/&X-Amz-Signature=[0-9a-f]+/, "");
  const got = await get(url);
  assert.equal(got.status, 400);
  assert.equal(codeOf(got.text), "IncompleteSignature");
  assert.equal(
    messageOf(got.text),
    "AWS query-string parameters must include &apos;X-Amz-Signature&apos;. Re-examine the query-string parameters.",
  );
});

test("a presigned POST with a body is checked against the body's hash", async () => {
  const url = new URL(e.endpoint);
  const signer = new SignatureV4({
    credentials: CONFIGURED,
    region: REGION,
    service: "dynamodb",
    sha256: Sha256,
  });
  const body = JSON.stringify({ Limit: 5 });
  const headers = {
    host: url.host,
    "content-type": "application/x-amz-json-1.0",
    "x-amz-target": "DynamoDB_20120810.ListTables",
  };
  const presigned = await signer.presign(
    {
      method: "POST",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: "/",
      query: {},
      headers,
      body,
    },
    { signingDate: new Date(e.clock.now()), unhoistableHeaders: new Set(["x-amz-target"]) },
  );
  const target = `${e.endpoint}/?${Object.entries(presigned.query ?? {})
    .map(([name, value]) => `${strictEncode(name)}=${strictEncode(String(value))}`)
    .join("&")}`;
  const send = (payload: string) =>
    fetch(target, { method: "POST", headers: presigned.headers, body: payload });
  assert.equal((await send(body)).status, 200);
  const tampered = await send(JSON.stringify({ Limit: 6 }));
  assert.equal(tampered.status, 400);
  assert.equal(
    ((await tampered.json()) as { __type: string }).__type,
    "com.amazon.coral.service#InvalidSignatureException",
  );
});
