import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Item, itemSize, numberSize } from "../../../src/services/dynamodb/values/index.ts";

describe("item size", () => {
  it("measures AWS's documented example as 23 bytes", () => {
    assert.equal(itemSize({ "shirt-color": { S: "R" }, "shirt-size": { S: "M" } }), 23);
  });

  it("counts strings and names in UTF-8 bytes, not UTF-16 units", () => {
    assert.equal(itemSize({ é: { S: "€😀" } }), 2 + 3 + 4);
  });

  const sizes: Array<[string, Item, number]> = [
    ["binary as raw bytes", { b: { B: Buffer.alloc(10) } }, 1 + 10],
    ["a boolean as 1 byte", { b: { BOOL: false } }, 1 + 1],
    ["a null as 1 byte", { n: { NULL: true } }, 1 + 1],
    ["an empty list as 3 bytes", { l: { L: [] } }, 1 + 3],
    ["an empty map as 3 bytes", { m: { M: {} } }, 1 + 3],
    [
      "a list as 3 bytes plus 1 per element plus contents",
      { l: { L: [{ S: "ab" }, { BOOL: true }] } },
      1 + 3 + 2 + 2 + 1,
    ],
    [
      "a map as 3 bytes plus 1 per entry plus names and contents",
      { m: { M: { ab: { S: "c" } } } },
      1 + 3 + 1 + 2 + 1,
    ],
    ["a string set as its members", { s: { SS: ["a", "bc"] } }, 1 + 3],
    ["a binary set as its members", { s: { BS: [Buffer.alloc(2), Buffer.alloc(3)] } }, 1 + 5],
    ["a number set as its members", { s: { NS: ["1", "12345"] } }, 1 + 2 + 4],
  ];
  for (const [what, item, size] of sizes) {
    it(`counts ${what}`, () => {
      assert.equal(itemSize(item), size);
    });
  }
});

describe("number size", () => {
  // Byte costs that bound the 400 KB item limit exactly in dynalite's tests against live DynamoDB.
  const costs: Array<[string, number]> = [
    ["0", 1],
    ["1", 2],
    ["27", 2],
    ["-27", 3],
    ["12345", 4],
    ["100", 2],
    ["12000", 3],
    ["0.5", 2],
    ["0.015", 3],
    ["0.0015", 2],
    ["123.45", 4],
    [`1${"0".repeat(125)}`, 2],
    [`11${"0".repeat(124)}`, 2],
    [`11111${"0".repeat(121)}`, 4],
    [`111111${"0".repeat(120)}`, 4],
    [`1111111${"0".repeat(119)}`, 5],
    [`${"1".repeat(38)}${"0".repeat(88)}`, 20],
  ];
  for (const [n, bytes] of costs) {
    it(`costs ${bytes} bytes for ${n.length > 12 ? `${n.slice(0, 8)}…(${n.length} digits)` : n}`, () => {
      assert.equal(numberSize(n), bytes);
    });
  }
});
