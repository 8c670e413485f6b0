/**
 * DynamoDB's limits at their edges, by AWS's size rules: 400 KB items (names and values in UTF-8
 * bytes, numbers by significant digits, 3 + 1-per-element for lists and maps), 2048-byte partition
 * and 1024-byte sort keys, 4 KB expressions, 32 levels of nesting. One byte over is refused with
 * DynamoDB's words, and the engine keeps serving.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import {
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { B, filler, type Item, L, M, makeTable, N, S, validationError } from "../data-plane/support.ts";
import { assertServing } from "./support.ts";

const MAX_ITEM = 400 * 1024;
const TOO_BIG = "Item size has exceeded the maximum allowed size";
const HASH_TOO_LONG =
  "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes";
const RANGE_TOO_LONG =
  "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes";
const TOO_DEEP =
  "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

describe("limits", () => {
  let t: TestEngine;
  let table: string;
  let ranged: string;
  let binaryKeyed: string;

  const put = (input: Omit<PutItemCommandInput, "TableName"> & { TableName?: string }) =>
    t.dynamodb.send(new PutItemCommand({ TableName: table, ...input }));
  const exists = async (Key: Item, TableName = table) =>
    (await t.dynamodb.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }))).Item !== undefined;
  /** A value wrapped in `levels - 1` maps: the attribute itself is the first level. */
  const nested = (levels: number): PutItemCommandInput["Item"] => {
    let value = S("leaf");
    for (let i = 1; i < levels; i++) value = M({ m: value });
    return { pk: S("deep"), v: value };
  };

  before(async () => {
    t = await startTestEngine();
    table = await makeTable(t.dynamodb);
    ranged = await makeTable(t.dynamodb, { range: ["sk", "S"] });
    binaryKeyed = await makeTable(t.dynamodb, { hash: ["pk", "B"] });
  });
  afterEach(() => assertServing(t, table));
  after(() => t.stop());

  describe("item size", () => {
    // pk "k" is 3 bytes; attribute "b" adds 1 byte of name.
    it("stores an item of exactly 400 KB and refuses one byte more", async () => {
      await put({ Item: { pk: S("k"), b: S(filler(MAX_ITEM - 4)) } });
      assert.ok(await exists({ pk: S("k") }));

      await validationError(put({ Item: { pk: S("k2"), b: S(filler(MAX_ITEM - 4)) } }), TOO_BIG);
    });

    it("counts names and strings in UTF-8 bytes", async () => {
      // "é" is 2 bytes: 3 (pk) + 3 ("éa") + 2 × 204,797 = 409,600.
      await put({ Item: { pk: S("k"), éa: S("é".repeat(204_797)) } });
      await validationError(put({ Item: { pk: S("k"), éa: S(`${"é".repeat(204_797)}a`) } }), TOO_BIG);
    });

    it("counts binary by its bytes, not its base64", async () => {
      await put({ Item: { pk: S("k"), b: B(new Uint8Array(MAX_ITEM - 4)) } });
      await validationError(put({ Item: { pk: S("k"), b: B(new Uint8Array(MAX_ITEM - 3)) } }), TOO_BIG);
    });

    it("counts 1E+125 as 2 bytes", async () => {
      // 3 (pk) + 1 + length (b) + 1 + 2 (c) = 409,600.
      const item = (pad: number) => ({ pk: S("k"), b: S(filler(pad)), c: N(`1${"0".repeat(125)}`) });

      await put({ Item: item(MAX_ITEM - 7) });
      await validationError(put({ Item: item(MAX_ITEM - 6) }), TOO_BIG);
    });

    it("counts 3 bytes per map plus 1 per element", async () => {
      // 3 (pk) + 1 (m) + 3 + 1 + 1 (a) + length.
      await put({ Item: { pk: S("k"), m: M({ a: S(filler(MAX_ITEM - 9)) }) } });
      await validationError(put({ Item: { pk: S("k"), m: M({ a: S(filler(MAX_ITEM - 8)) }) } }), TOO_BIG);
      await put({ Item: { pk: S("k"), l: L(S(filler(MAX_ITEM - 8))) } });
      await validationError(put({ Item: { pk: S("k"), l: L(S(filler(MAX_ITEM - 7))) } }), TOO_BIG);
    });
  });

  describe("key size", () => {
    it("takes a 2048-byte partition key and refuses 2049 bytes", async () => {
      await put({ Item: { pk: S("é".repeat(1024)) } });
      await validationError(put({ Item: { pk: S(`${"é".repeat(1024)}a`) } }), HASH_TOO_LONG);
      await validationError(
        t.dynamodb.send(new GetItemCommand({ TableName: table, Key: { pk: S(filler(2049)) } })),
        HASH_TOO_LONG,
      );
    });

    it("takes a 2048-byte binary partition key and refuses 2049 bytes", async () => {
      await put({ TableName: binaryKeyed, Item: { pk: B(new Uint8Array(2048).fill(1)) } });
      await validationError(
        put({ TableName: binaryKeyed, Item: { pk: B(new Uint8Array(2049)) } }),
        HASH_TOO_LONG,
      );
    });

    it("takes a 1024-byte sort key and refuses 1025 bytes", async () => {
      await put({ TableName: ranged, Item: { pk: S("p"), sk: S(filler(1024)) } });
      assert.ok(await exists({ pk: S("p"), sk: S(filler(1024)) }, ranged));
      await validationError(
        put({ TableName: ranged, Item: { pk: S("p"), sk: S(filler(1025)) } }),
        RANGE_TOO_LONG,
      );
    });
  });

  describe("expression size", () => {
    it("takes a 4 KB expression and refuses 4097 bytes", async () => {
      const condition = (bytes: number) => `attribute_not_exists(${"a".repeat(bytes - 22)})`;

      await put({ Item: { pk: S("expr") }, ConditionExpression: condition(4096) });
      await validationError(
        put({ Item: { pk: S("expr") }, ConditionExpression: condition(4097) }),
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097",
      );
    });

    it("measures an update expression in UTF-8 bytes", async () => {
      const expression = `SET #n = :v REMOVE ${"é".repeat(2040)}`;

      await validationError(
        t.dynamodb.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: S("expr") },
            UpdateExpression: expression,
            ExpressionAttributeNames: { "#n": "n" },
            ExpressionAttributeValues: { ":v": N(1) },
          }),
        ),
        `Invalid UpdateExpression: Expression size has exceeded the maximum allowed size; expression size: ${Buffer.byteLength(expression)}`,
      );
    });
  });

  describe("nesting", () => {
    it("takes 32 levels and refuses 33", async () => {
      await put({ Item: nested(32) });
      await validationError(put({ Item: nested(33) }), TOO_DEEP);
    });

    it("counts lists as levels too", async () => {
      let value = S("leaf");
      for (let i = 1; i < 33; i++) value = i % 2 ? L(value) : M({ m: value });

      await validationError(put({ Item: { pk: S("deep"), v: value } }), TOO_DEEP);
    });
  });
});
