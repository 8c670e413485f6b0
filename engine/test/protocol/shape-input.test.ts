/**
 * Model-driven input decoding against hostile input: map keys that are JavaScript's special
 * names, sparse and huge query indexes, and form bodies with very many keys (decoding must stay
 * linear). SQS's model is the fixture.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import sqsModel from "../../src/models/sqs.json" with { type: "json" };
import type { ServiceModel } from "../../src/protocol/model.ts";
import { decodeJson, decodeQuery, type InputErrors } from "../../src/protocol/shape-input.ts";

const model = sqsModel as unknown as ServiceModel;
const errors: InputErrors = {
  invalidType: (path, expected) => new Error(`${path}: expected ${expected}`),
};
const form = (text: string) => new Map(new URLSearchParams(text));
/**
 * Far above what linear decoding needs (about 0.1 s for 10,000 entries), far below what a scan of
 * every key per entry took (about 18 s).
 */
const LINEAR_TIME_LIMIT_MS = 3_000;

describe("input decoding", () => {
  it("keeps a JSON map key named __proto__ as an entry", () => {
    const input = decodeJson(
      model,
      "SendMessageRequest",
      JSON.parse('{"MessageAttributes":{"__proto__":{"DataType":"String","StringValue":"v"}}}'),
      errors,
    ) as { MessageAttributes: object };
    assert.equal(Object.getPrototypeOf(input.MessageAttributes), Object.prototype);
    assert.deepEqual(Object.entries(input.MessageAttributes), [
      ["__proto__", { DataType: "String", StringValue: "v" }],
    ]);
  });

  it("keeps a query map key named __proto__ as an entry", () => {
    const input = decodeQuery(
      model,
      "CreateQueueRequest",
      form("QueueName=q&Attribute.1.Name=__proto__&Attribute.1.Value=x"),
      errors,
    ) as { Attributes: object };
    assert.equal(Object.getPrototypeOf(input.Attributes), Object.prototype);
    assert.deepEqual(Object.entries(input.Attributes), [["__proto__", "x"]]);
  });

  it("reads query positions in numeric order, however sparse or large", () => {
    const input = decodeQuery(
      model,
      "GetQueueAttributesRequest",
      form(
        "QueueUrl=u&AttributeName.999999999=Policy&AttributeName.10=DelaySeconds&AttributeName.2=QueueArn",
      ),
      errors,
    );
    assert.deepEqual(input.AttributeNames, ["QueueArn", "DelaySeconds", "Policy"]);
  });

  it("ignores query keys whose position is not a positive integer", () => {
    const input = decodeQuery(
      model,
      "GetQueueAttributesRequest",
      form(
        "QueueUrl=u&AttributeName.0=a&AttributeName.01=b&AttributeName.x=c&AttributeName.-1=d&AttributeName.1e3=e&AttributeName.99999999999999999999=f",
      ),
      errors,
    );
    assert.equal(input.AttributeNames, undefined);
  });

  it("decodes a form with 10,000 batch entries in linear time", () => {
    const count = 10_000;
    const text = Array.from(
      { length: count },
      (_, i) =>
        `SendMessageBatchRequestEntry.${i + 1}.Id=e${i}&SendMessageBatchRequestEntry.${i + 1}.MessageBody=b`,
    ).join("&");
    const started = performance.now();
    const input = decodeQuery(model, "SendMessageBatchRequest", form(`QueueUrl=u&${text}`), errors);
    const elapsed = performance.now() - started;
    assert.equal((input.Entries as unknown[]).length, count);
    assert.deepEqual((input.Entries as unknown[])[count - 1], { Id: `e${count - 1}`, MessageBody: "b" });
    assert.ok(elapsed < LINEAR_TIME_LIMIT_MS, `took ${Math.round(elapsed)} ms`);
  });

  it("decodes keys with thousands of dots without slowing down", () => {
    const deep = `Attribute.1.${"x.".repeat(5_000)}Name`;
    const started = performance.now();
    const params = form(`QueueName=q&${Array.from({ length: 200 }, (_, i) => `${deep}${i}=v`).join("&")}`);
    const input = decodeQuery(model, "CreateQueueRequest", params, errors);
    assert.deepEqual(input, { QueueName: "q" });
    assert.ok(performance.now() - started < LINEAR_TIME_LIMIT_MS);
  });
});
