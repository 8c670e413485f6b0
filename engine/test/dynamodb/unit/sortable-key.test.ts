import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeSortableKey, type KeyValue } from "../../../src/services/dynamodb/values/index.ts";

/** Asserts the encodings sort (memcmp, as SQLite orders BLOBs) in the given order. */
function assertSortsAs(values: KeyValue[]): void {
  const encoded = values.map((value) => encodeSortableKey(value));
  for (let i = 1; i < encoded.length; i++) {
    assert.equal(
      Buffer.compare(encoded[i - 1]!, encoded[i]!),
      -1,
      `${JSON.stringify(values[i - 1])} < ${JSON.stringify(values[i])}`,
    );
  }
}

describe("sortable key encoding", () => {
  it("orders numbers numerically across signs, exponents and digit counts", () => {
    const numbers = [
      `-${"9".repeat(38)}${"0".repeat(88)}`,
      "-1e100",
      "-1000",
      "-100.5",
      "-100",
      "-99.1",
      "-1.51",
      "-1.5",
      "-1",
      "-0.5",
      "-1e-130",
      "0",
      "1e-130",
      "0.001",
      "0.5",
      "1",
      "1.5",
      "1.51",
      "2",
      "10",
      "99.1",
      "100",
      "100.5",
      "1e100",
      `${"9".repeat(38)}${"0".repeat(88)}`,
    ];
    assertSortsAs(numbers.map((n) => ({ N: n })));
  });

  it("encodes equal numbers identically however they are spelled", () => {
    assert.deepEqual(encodeSortableKey({ N: "1e3" }), encodeSortableKey({ N: "1000.0" }));
  });

  it("orders strings by UTF-8 bytes, not UTF-16 code units", () => {
    // U+FF61 is one UTF-16 unit but sorts below U+1F600 (a surrogate pair in UTF-16) in UTF-8.
    assertSortsAs([{ S: "" }, { S: "a" }, { S: "ab" }, { S: "b" }, { S: "\uff61" }, { S: "\u{1f600}" }]);
  });

  it("orders binary by unsigned bytes, shorter prefix first", () => {
    assertSortsAs([
      { B: Buffer.from([0x00]) },
      { B: Buffer.from([0x00, 0x00]) },
      { B: Buffer.from([0x7f]) },
      { B: Buffer.from([0xff]) },
    ]);
  });
});
