/** The fuzzer's judge and generator: what counts as a finding, and that a seed replays exactly. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { makeCase } from "../../fuzz/campaign.ts";
import { hintsFor } from "../../fuzz/families.ts";
import { judge } from "../../fuzz/oracle.ts";
import { type RawRequest, serialize } from "../../fuzz/raw-request.ts";
import type { RawResponse } from "../../fuzz/transport.ts";

const REQUEST_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
const jsonRequest: RawRequest = {
  method: "POST",
  path: "/",
  headers: [
    ["Content-Type", "application/x-amz-json-1.0"],
    ["X-Amz-Target", "AmazonSQS.ListQueues"],
  ],
  body: Buffer.from("{}"),
};
const queryRequest: RawRequest = {
  method: "POST",
  path: "/",
  headers: [["Content-Type", "application/x-www-form-urlencoded"]],
  body: Buffer.from("Action=ListQueues"),
};
const answer = (status: number, contentType: string, body: string, extra: Record<string, string> = {}) => ({
  kind: "response" as const,
  ms: 1,
  response: {
    status,
    headers: { "content-type": contentType, "x-amzn-requestid": REQUEST_ID, ...extra },
    body: Buffer.from(body),
  } satisfies RawResponse,
});

describe("fuzz oracle", () => {
  it("accepts a JSON error with its __type", () => {
    const verdict = judge(
      jsonRequest,
      answer(
        400,
        "application/x-amz-json-1.0",
        '{"__type":"com.amazon.coral.service#SerializationException"}',
      ),
      false,
    );
    assert.equal(verdict.finding, undefined);
  });

  it("reports an InternalFailure as a finding", () => {
    const verdict = judge(
      jsonRequest,
      answer(500, "application/x-amz-json-1.0", '{"__type":"com.amazon.coral.service#InternalFailure"}'),
      false,
    );
    assert.match(verdict.finding ?? "", /500 InternalFailure/);
  });

  it("reports a query request answered with JSON", () => {
    const verdict = judge(queryRequest, answer(400, "application/x-amz-json-1.0", '{"__type":"a#B"}'), false);
    assert.match(verdict.finding ?? "", /without text\/xml/);
  });

  it("reports a connection closed without an answer to a complete request", () => {
    assert.match(judge(jsonRequest, { kind: "closed", ms: 3, partial: 0 }, false).finding ?? "", /closed/);
  });

  it("replays a case exactly from its seed and index", () => {
    const hints = hintsFor({ endpoint: "http://127.0.0.1:4566" });
    const first = makeCase(7, 123, hints);
    const again = makeCase(7, 123, hints);
    assert.deepEqual(serialize(again.request, "h"), serialize(first.request, "h"));
    assert.notDeepEqual(serialize(makeCase(7, 124, hints).request, "h"), serialize(first.request, "h"));
  });
});
