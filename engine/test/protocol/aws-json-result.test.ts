/**
 * awsJson answers: a result with a spliced list (elements already JSON text) serializes to the
 * same document as the plain result would, whatever else the result holds.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeJsonResult, RawJsonList } from "../../src/protocol/aws-json.ts";

const ITEMS = [{ id: { S: 'a "quoted" \u2603' } }, { n: { N: "1.5" }, b: { B: "AAEC" } }];
const raw = () => new RawJsonList(ITEMS.map((item) => JSON.stringify(item)));
const decode = (result: unknown) => JSON.parse(String(encodeJsonResult(result, "1.0").body)) as unknown;

describe("encodeJsonResult with spliced lists", () => {
  it("splices the elements beside the other members", () => {
    const document = decode({ Count: 2, Items: raw(), LastEvaluatedKey: { id: { S: "z" } } });
    assert.deepEqual(document, { Count: 2, Items: ITEMS, LastEvaluatedKey: { id: { S: "z" } } });
  });

  it("serializes a result holding only the spliced list", () => {
    assert.deepEqual(decode({ Items: raw() }), { Items: ITEMS });
  });

  it("serializes an empty spliced list", () => {
    assert.deepEqual(decode({ Count: 0, Items: new RawJsonList([]) }), { Count: 0, Items: [] });
  });

  it("gives anyone else the plain list", () => {
    assert.deepEqual(raw().parsed(), ITEMS);
    assert.equal(JSON.stringify({ Items: raw() }), JSON.stringify({ Items: ITEMS }));
  });
});
