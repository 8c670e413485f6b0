/**
 * The verifier on its own: requests signed by the SDK's signer (@smithy/signature-v4) with the
 * awkward parts of the canonical request (encoded paths, repeated and empty query parameters,
 * whitespace in header values), AWS's published test vector, and each malformed signature's
 * IncompleteSignature / InvalidSignature wording.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { describe, test } from "node:test";
import { SignatureV4 } from "@smithy/signature-v4";
import type { ServiceError } from "../../src/protocol/errors.ts";
import type { ReceivedRequest } from "../../src/server/auth.ts";
import { CredentialStore } from "../../src/server/credentials.ts";
import { createSigV4Authenticator } from "../../src/server/sigv4.ts";
import type { ServiceDefinition } from "../../src/services/service.ts";
import { VirtualClock } from "../../src/shared/clock.ts";
import { Sha256 } from "./sha256.ts";

const KEY = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const NOW = Date.UTC(2015, 7, 30, 12, 36, 0);
const HOST = "example.amazonaws.com";

/** Just what the verifier reads of a service definition. */
const dynamodb = {
  name: "dynamodb",
  signingNames: ["dynamodb"],
  model: { metadata: { protocol: "json", endpointPrefix: "dynamodb", awsQueryCompatible: false } },
} as unknown as ServiceDefinition;

function verifier(now = NOW) {
  const clock = new VirtualClock({ startMs: now, flowing: false });
  const store = new CredentialStore(clock);
  store.configure([KEY]);
  const auth = createSigV4Authenticator(store, clock);
  return (request: ReceivedRequest, service?: ServiceDefinition) =>
    auth.authenticate(request, undefined, service, "json");
}

/** The ServiceError `fn` throws. */
function refusal(fn: () => unknown): { code: string; status: number; message: string } {
  try {
    fn();
  } catch (error) {
    const e = error as ServiceError;
    return { code: e.code, status: e.status, message: e.message };
  }
  throw new Error("expected a refusal");
}

const strictEncode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

interface Wire {
  method: string;
  /** The path as it goes on the wire (already percent-encoded). */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: string;
}

/** Signs `wire` as an SDK would and returns the request as the server receives it. */
async function signed(wire: Wire, service = "service"): Promise<ReceivedRequest> {
  const signer = new SignatureV4({ credentials: KEY, region: "us-east-1", service, sha256: Sha256 });
  const request = await signer.sign(
    {
      method: wire.method,
      protocol: "https:",
      hostname: HOST,
      path: wire.path,
      query: wire.query,
      headers: { host: HOST, ...wire.headers },
      body: wire.body,
    },
    { signingDate: new Date(NOW) },
  );
  const query = Object.entries(wire.query)
    .flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) => `${strictEncode(name)}=${strictEncode(v)}`),
    )
    .join("&");
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  return {
    method: wire.method,
    rawUrl: query ? `${wire.path}?${query}` : wire.path,
    headers,
    body: Buffer.from(wire.body),
  };
}

const awkward: Wire = {
  method: "POST",
  path: "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Amy%20fn/invocations",
  query: { Qualifier: "$LATEST", tag: ["b", "a", "a b+c/d~*"], empty: "" },
  headers: { "X-Amz-Invocation-Type": "  Event   now  ", "Content-Type": "application/json" },
  body: '{"ünïcode": "payload"}',
};

describe("requests the SDK signed", () => {
  test("are accepted with encoded paths, repeated and empty parameters and folded header whitespace", async () => {
    const principal = verifier()(await signed(awkward));
    assert.equal(principal.arn, "arn:aws:iam::000000000000:root");
  });

  test("are refused once the method, path, query, a signed header or the body changes", async () => {
    const verify = verifier();
    const original = await signed(awkward);
    const variants: ReceivedRequest[] = [
      { ...original, method: "PUT" },
      { ...original, rawUrl: original.rawUrl.replace("my%20fn", "my%20fm") },
      { ...original, rawUrl: `${original.rawUrl}&extra=1` },
      { ...original, headers: { ...original.headers, "x-amz-invocation-type": "RequestResponse" } },
      { ...original, body: Buffer.from('{"ünïcode": "payloaD"}') },
    ];
    for (const variant of variants) {
      assert.equal(refusal(() => verify(variant)).code, "InvalidSignatureException");
    }
  });

  test("keep verifying when an unsigned header is added", async () => {
    const request = await signed(awkward);
    verifier()({ ...request, headers: { ...request.headers, "user-agent": "curl/8" } });
  });

  test("match AWS's published test vector (get-vanilla)", () => {
    // AWS: aws-sig-v4-test-suite "get-vanilla" (docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html).
    const request: ReceivedRequest = {
      method: "GET",
      rawUrl: "/",
      headers: {
        host: HOST,
        "x-amz-date": "20150830T123600Z",
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
      },
      body: Buffer.alloc(0),
    };
    verifier()(request);
  });
});

describe("the signature's date", () => {
  test("more than 15 minutes ahead is not yet current", async () => {
    const request = await signed(awkward);
    const got = refusal(() => verifier(NOW - 16 * 60_000)(request));
    assert.deepEqual(got, {
      code: "InvalidSignatureException",
      status: 400,
      message:
        "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z (20150830T122000Z + 15 min.)",
    });
  });

  test("exactly 15 minutes old is still accepted", async () => {
    verifier(NOW + 15 * 60_000)(await signed(awkward));
  });

  test("not in ISO 8601 basic format is an incomplete signature", async () => {
    const request = await signed(awkward);
    const got = refusal(() =>
      verifier()({ ...request, headers: { ...request.headers, "x-amz-date": "2015-08-30" } }),
    );
    assert.deepEqual(got, {
      code: "IncompleteSignatureException",
      status: 400,
      message:
        "Date must be in ISO-8601 'basic format'. Got '2015-08-30'. See http://en.wikipedia.org/wiki/ISO_8601",
    });
  });
});

describe("malformed Authorization headers", () => {
  const withAuthorization = (authorization: string, extra: IncomingHttpHeaders = {}): ReceivedRequest => ({
    method: "GET",
    rawUrl: "/",
    headers: { host: HOST, "x-amz-date": "20150830T123600Z", authorization, ...extra },
    body: Buffer.alloc(0),
  });

  test("missing parts are each named, with the header quoted", () => {
    const authorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    const got = refusal(() => verifier()(withAuthorization(authorization, { "x-amz-date": undefined })));
    assert.equal(got.code, "IncompleteSignatureException");
    assert.equal(
      got.message,
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        `Authorization=${authorization}`,
    );
  });

  test("a scheme other than AWS4 counts as no authentication at all", () => {
    const got = refusal(() => verifier()(withAuthorization("AWS AKIDEXAMPLE:c2lnbmF0dXJl")));
    assert.deepEqual(got, {
      code: "MissingAuthenticationTokenException",
      status: 400,
      message: "Request is missing Authentication Token",
    });
  });

  test("host must be signed", () => {
    const got = refusal(() =>
      verifier()(
        withAuthorization(
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=x-amz-date, Signature=00",
        ),
      ),
    );
    assert.deepEqual(got, {
      code: "InvalidSignatureException",
      status: 400,
      message: "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    });
  });

  test("an unsupported algorithm is named", () => {
    const got = refusal(() =>
      verifier()(
        withAuthorization(
          "AWS4-HMAC-SHA512 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host, Signature=00",
        ),
      ),
    );
    assert.deepEqual(got, {
      code: "IncompleteSignatureException",
      status: 400,
      message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ",
    });
  });

  test("a credential without five parts is quoted back", () => {
    const got = refusal(() =>
      verifier()(
        withAuthorization(
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1, SignedHeaders=host, Signature=00",
        ),
      ),
    );
    assert.equal(got.code, "IncompleteSignatureException");
    assert.equal(
      got.message,
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1'",
    );
  });

  test("a scope for another service, day or terminator lists every mismatch", () => {
    const got = refusal(() =>
      verifier()(
        withAuthorization(
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150829/us-east-1/sqs/aws4_req, SignedHeaders=host, Signature=00",
        ),
        dynamodb,
      ),
    );
    assert.deepEqual(got, {
      code: "InvalidSignatureException",
      status: 400,
      message:
        "Credential should be scoped to correct service: 'dynamodb'. " +
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_req'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150829' != '20150830', from '20150830T123600Z'.",
    });
  });
});

describe("payload hashes", () => {
  test("a declared UNSIGNED-PAYLOAD stands in for the body's hash", async () => {
    const request = await signed({
      ...awkward,
      headers: { ...awkward.headers, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
    });
    verifier()({ ...request, body: Buffer.from("anything at all") });
  });

  test("a declared hash that is not the body's is refused", async () => {
    const lie = createHash("sha256").update("another body").digest("hex");
    const request = await signed({
      ...awkward,
      headers: { ...awkward.headers, "x-amz-content-sha256": lie },
    });
    assert.equal(refusal(() => verifier()(request)).code, "InvalidSignatureException");
  });
});
