/**
 * Malformed Lambda requests on the wire (what an SDK would never send): broken JSON bodies, wrong
 * types, unknown paths and methods, bad path labels. Each gets a well-formed error, and the engine
 * keeps serving.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import { createNodeFunction, ECHO } from "./support.ts";

describe("Lambda bad input", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const AUTH =
    "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0";

  async function call(method: string, path: string, body?: string) {
    const response = await fetch(`${t.endpoint}${path}`, {
      method,
      headers: { "content-type": "application/json", authorization: AUTH },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get("x-amzn-errortype"),
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }

  it("answers a body that is not JSON with InvalidRequestContentException", async () => {
    const answer = await call("POST", "/2015-03-31/functions", "{broken");
    assert.equal(answer.status, 400);
    assert.equal(answer.type, "InvalidRequestContentException");
    assert.equal(answer.body.Type, "User");
    assert.match(String(answer.body.message), /^Could not parse request body into json/);
  });

  it("answers a member of the wrong type with InvalidRequestContentException", async () => {
    const answer = await call(
      "POST",
      "/2015-03-31/functions",
      JSON.stringify({ FunctionName: "f", Role: "r", Code: {}, Timeout: "soon" }),
    );
    assert.equal(answer.status, 400);
    assert.equal(answer.type, "InvalidRequestContentException");
  });

  it("answers missing required members with a validation error naming them", async () => {
    const answer = await call("POST", "/2015-03-31/functions", JSON.stringify({ FunctionName: "f" }));
    assert.equal(answer.status, 400);
    assert.equal(answer.type, "ValidationException");
    assert.match(
      String(answer.body.message),
      /Value null at '(role|code)' failed to satisfy constraint: Member must not be null/,
    );
  });

  it("answers a query parameter of the wrong type", async () => {
    const answer = await call("GET", "/2015-03-31/functions?MaxItems=many");
    assert.equal(answer.status, 400);
  });

  it("answers an unknown method on a known path with UnknownOperationException", async () => {
    const answer = await call("PATCH", "/2015-03-31/functions/f");
    assert.equal(answer.type, "UnknownOperationException");
  });

  it("answers a path no service serves with 404", async () => {
    const answer = await call("GET", "/2015-03-31/nothing-here");
    assert.equal(answer.status, 404);
  });

  it("answers a function name that is not a name or ARN with a validation error", async () => {
    const answer = await call("GET", `/2015-03-31/functions/${encodeURIComponent("no such/name")}`);
    assert.equal(answer.status, 400);
    assert.equal(answer.type, "ValidationException");
  });

  it("keeps serving after all of it", async () => {
    const fn = await createNodeFunction(t.lambda, ECHO);
    const answer = await call("GET", `/2015-03-31/functions/${fn.FunctionName}/configuration`);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.FunctionName, fn.FunctionName);
  });
});
