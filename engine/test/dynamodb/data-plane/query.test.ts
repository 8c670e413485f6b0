/**
 * Query: every key operator, DynamoDB's key order (strings by UTF-8 bytes, numbers by value,
 * binary by unsigned bytes), direction, Limit and LastEvaluatedKey, the 1 MB page read before the
 * filter, Select, and the key-condition and starting-key errors.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type AttributeValue,
  BatchWriteItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { B, filler, type Item, makeTable, N, S, validationError } from "./support.ts";

describe("Query", () => {
  let t: TestEngine;
  let strings: string;
  let numbers: string;
  let binaries: string;
  let large: string;

  /** Sort keys inserted out of order; their DynamoDB order is the array order. */
  const STRING_KEYS = ["A", "B", "a", "ab", "abc", "b", "z", "é", "\uFFFD", "\u{1F600}"];
  const NUMBER_KEYS = ["-1E+10", "-10", "-1.5", "0", "0.001", "2", "10", "1E+10"];
  const BINARY_KEYS = [[0x00], [0x00, 0x00], [0x01], [0x7f], [0x80], [0x80, 0x01], [0xff]];

  const query = (input: Omit<QueryCommandInput, "TableName"> & { TableName: string }) =>
    t.dynamodb.send(new QueryCommand(input));
  const sortKeys = (output: QueryCommandOutput) => output.Items!.map((item) => item.sk!);

  async function batchPut(table: string, items: Item[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      const chunk = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      await t.dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: chunk } }));
    }
  }

  const shuffled = <T>(values: T[]): T[] => [...values].reverse();

  before(async () => {
    t = await startTestEngine();
    strings = await makeTable(t.dynamodb, { range: ["sk", "S"] });
    numbers = await makeTable(t.dynamodb, { range: ["sk", "N"] });
    binaries = await makeTable(t.dynamodb, { hash: ["pk", "B"], range: ["sk", "B"] });
    large = await makeTable(t.dynamodb, { range: ["sk", "N"] });
    await batchPut(strings, [
      ...shuffled(STRING_KEYS).map((sk) => ({ pk: S("p"), sk: S(sk), even: { BOOL: sk.length % 2 === 0 } })),
      { pk: S("other"), sk: S("a") },
    ]);
    await batchPut(
      numbers,
      shuffled(NUMBER_KEYS).map((sk) => ({ pk: S("p"), sk: N(sk) })),
    );
    await batchPut(
      binaries,
      shuffled(BINARY_KEYS).map((bytes) => ({ pk: B("p"), sk: B(new Uint8Array(bytes)) })),
    );
    // 25 items of about 100 KB: a page holds about ten of them.
    await batchPut(
      large,
      Array.from({ length: 25 }, (_, i) => ({
        pk: S("big"),
        sk: N(i),
        pad: S(filler(100 * 1024)),
        odd: N(i % 2),
      })),
    );
  });
  after(() => t.stop());

  describe("key order", () => {
    it("orders string sort keys by UTF-8 bytes, not UTF-16 code units", async () => {
      const output = await query({
        TableName: strings,
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": S("p") },
      });

      assert.deepEqual(sortKeys(output), STRING_KEYS.map(S));
    });

    it("orders number sort keys by value", async () => {
      const output = await query({
        TableName: numbers,
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": S("p") },
      });

      assert.deepEqual(
        sortKeys(output),
        ["-10000000000", "-10", "-1.5", "0", "0.001", "2", "10", "10000000000"].map(N),
      );
    });

    it("orders binary sort keys by unsigned bytes", async () => {
      const output = await query({
        TableName: binaries,
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": B("p") },
      });

      assert.deepEqual(
        sortKeys(output),
        BINARY_KEYS.map((bytes) => B(new Uint8Array(bytes))),
      );
    });

    it("reverses the order for ScanIndexForward=false", async () => {
      const output = await query({
        TableName: strings,
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": S("p") },
        ScanIndexForward: false,
      });

      assert.deepEqual(sortKeys(output), [...STRING_KEYS].reverse().map(S));
    });
  });

  describe("key operators", () => {
    const cases: Array<[string, Record<string, AttributeValue>, string[]]> = [
      ["sk = :v", { ":v": S("ab") }, ["ab"]],
      ["sk < :v", { ":v": S("a") }, ["A", "B"]],
      ["sk <= :v", { ":v": S("a") }, ["A", "B", "a"]],
      ["sk > :v", { ":v": S("z") }, ["é", "\uFFFD", "\u{1F600}"]],
      ["sk >= :v", { ":v": S("\uFFFD") }, ["\uFFFD", "\u{1F600}"]],
      ["sk BETWEEN :lo AND :hi", { ":lo": S("B"), ":hi": S("ab") }, ["B", "a", "ab"]],
      ["begins_with(sk, :v)", { ":v": S("ab") }, ["ab", "abc"]],
      [":v > sk", { ":v": S("a") }, ["A", "B"]],
    ];
    for (const [condition, values, expected] of cases) {
      it(`selects ${condition}`, async () => {
        const output = await query({
          TableName: strings,
          KeyConditionExpression: `pk = :p AND ${condition}`,
          ExpressionAttributeValues: { ":p": S("p"), ...values },
        });

        assert.deepEqual(sortKeys(output), expected.map(S));
      });
    }

    it("selects number ranges by value", async () => {
      const output = await query({
        TableName: numbers,
        KeyConditionExpression: "pk = :p AND sk BETWEEN :lo AND :hi",
        ExpressionAttributeValues: { ":p": S("p"), ":lo": N("-1.5"), ":hi": N("2.0") },
      });

      assert.deepEqual(sortKeys(output), ["-1.5", "0", "0.001", "2"].map(N));
    });

    it("selects binary prefixes with begins_with", async () => {
      const output = await query({
        TableName: binaries,
        KeyConditionExpression: "pk = :p AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":p": B("p"), ":prefix": B(new Uint8Array([0x80])) },
      });

      assert.deepEqual(sortKeys(output), [B(new Uint8Array([0x80])), B(new Uint8Array([0x80, 0x01]))]);
    });

    it("answers an empty page for a partition with no items", async () => {
      const output = await query({
        TableName: strings,
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": S("nobody") },
      });

      assert.deepEqual(
        { Count: output.Count, ScannedCount: output.ScannedCount, Items: output.Items },
        {
          Count: 0,
          ScannedCount: 0,
          Items: [],
        },
      );
      assert.equal(output.LastEvaluatedKey, undefined);
    });
  });

  describe("pages", () => {
    async function allPages(input: Omit<QueryCommandInput, "ExclusiveStartKey">) {
      const pages: QueryCommandOutput[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await t.dynamodb.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
        pages.push(page);
        start = page.LastEvaluatedKey;
      } while (start && pages.length < 50);
      return pages;
    }

    it("pages with Limit and LastEvaluatedKey, forward and backward", async () => {
      for (const forward of [true, false]) {
        const pages = await allPages({
          TableName: strings,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": S("p") },
          Limit: 3,
          ScanIndexForward: forward,
        });

        const expected = forward ? STRING_KEYS : [...STRING_KEYS].reverse();
        assert.deepEqual(pages.flatMap(sortKeys), expected.map(S));
        assert.deepEqual(
          pages.map((page) => page.Count),
          [3, 3, 3, 1],
        );
        assert.deepEqual(pages[0]!.LastEvaluatedKey, { pk: S("p"), sk: S(expected[2]!) });
      }
    });

    it("returns LastEvaluatedKey when Limit stops the page on the last item; the next page is empty", async () => {
      const first = await query({
        TableName: numbers,
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": S("p") },
        Limit: NUMBER_KEYS.length,
      });
      const next = await query({
        TableName: numbers,
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": S("p") },
        ExclusiveStartKey: first.LastEvaluatedKey,
      });

      assert.equal(first.Count, NUMBER_KEYS.length);
      assert.deepEqual(first.LastEvaluatedKey, { pk: S("p"), sk: N("10000000000") });
      assert.equal(next.Count, 0);
      assert.equal(next.LastEvaluatedKey, undefined);
    });

    it("applies Limit before the filter: Count counts matches, ScannedCount what was read", async () => {
      const output = await query({
        TableName: strings,
        KeyConditionExpression: "pk = :p",
        FilterExpression: "even = :t",
        ExpressionAttributeValues: { ":p": S("p"), ":t": { BOOL: true } },
        Limit: 5,
      });

      assert.deepEqual(sortKeys(output), ["ab"].map(S));
      assert.equal(output.Count, 1);
      assert.equal(output.ScannedCount, 5);
      assert.deepEqual(output.LastEvaluatedKey, { pk: S("p"), sk: S("abc") });
    });

    it("reads at most 1 MB per page, before the filter", async () => {
      const pages = await allPages({
        TableName: large,
        KeyConditionExpression: "pk = :p",
        FilterExpression: "odd = :one",
        ExpressionAttributeValues: { ":p": S("big"), ":one": N(1) },
      });

      const first = pages[0]!;
      // 100 KB items: the page that reaches 1 MB holds ten or eleven of them.
      assert.ok(first.ScannedCount! >= 10 && first.ScannedCount! <= 11, `ScannedCount ${first.ScannedCount}`);
      assert.ok(first.Count! < first.ScannedCount!);
      assert.ok(first.LastEvaluatedKey);
      assert.equal(
        pages.reduce((n, page) => n + page.ScannedCount!, 0),
        25,
      );
      assert.equal(
        pages.reduce((n, page) => n + page.Count!, 0),
        12,
      );
    });
  });

  describe("Select", () => {
    it("COUNT returns the counts without Items", async () => {
      const output = await query({
        TableName: strings,
        KeyConditionExpression: "pk = :p",
        FilterExpression: "even = :t",
        ExpressionAttributeValues: { ":p": S("p"), ":t": { BOOL: true } },
        Select: "COUNT",
      });

      assert.equal(output.Items, undefined);
      assert.equal(output.ScannedCount, STRING_KEYS.length);
      assert.equal(output.Count, STRING_KEYS.filter((k) => k.length % 2 === 0).length);
    });

    it("SPECIFIC_ATTRIBUTES returns the projected attributes", async () => {
      const output = await query({
        TableName: strings,
        KeyConditionExpression: "pk = :p AND sk = :sk",
        ExpressionAttributeValues: { ":p": S("p"), ":sk": S("ab") },
        Select: "SPECIFIC_ATTRIBUTES",
        ProjectionExpression: "even",
      });

      assert.deepEqual(output.Items, [{ even: { BOOL: true } }]);
    });

    it("rejects SPECIFIC_ATTRIBUTES without a projection", async () => {
      await validationError(
        query({
          TableName: strings,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": S("p") },
          Select: "SPECIFIC_ATTRIBUTES",
        }),
        "1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES",
      );
    });

    it("rejects a projection with Select ALL_ATTRIBUTES", async () => {
      await validationError(
        query({
          TableName: strings,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": S("p") },
          Select: "ALL_ATTRIBUTES",
          ProjectionExpression: "even",
        }),
        "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES",
      );
    });

    it("rejects ALL_PROJECTED_ATTRIBUTES without an index", async () => {
      await validationError(
        query({
          TableName: strings,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": S("p") },
          Select: "ALL_PROJECTED_ATTRIBUTES",
        }),
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
      );
    });
  });

  describe("errors", () => {
    const keyError = (condition: string, values: Record<string, AttributeValue>, message: string) =>
      validationError(
        query({ TableName: strings, KeyConditionExpression: condition, ExpressionAttributeValues: values }),
        message,
      );

    it("requires a key condition", async () => {
      await validationError(
        query({ TableName: strings }),
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
      );
    });

    it("requires the partition key", async () => {
      await keyError("sk = :v", { ":v": S("a") }, "Query condition missed key schema element: pk");
      await keyError("color = :v", { ":v": S("a") }, "Query condition missed key schema element: pk");
    });

    it("requires equality on the partition key", async () => {
      await keyError("pk > :v", { ":v": S("a") }, "Query key condition not supported");
    });

    it("rejects a key value of the wrong type", async () => {
      await keyError(
        "pk = :v",
        { ":v": N(1) },
        "One or more parameter values were invalid: Condition parameter type does not match schema type",
      );
    });

    it("rejects operators a key condition cannot use", async () => {
      await keyError(
        "pk = :v OR sk = :v",
        { ":v": S("a") },
        "Invalid operator used in KeyConditionExpression: OR",
      );
      await keyError(
        "pk = :v AND sk <> :v",
        { ":v": S("a") },
        "Invalid operator used in KeyConditionExpression: <>",
      );
      await keyError(
        "pk = :v AND contains(sk, :v)",
        { ":v": S("a") },
        "Invalid operator used in KeyConditionExpression: contains",
      );
    });

    it("rejects two conditions on one key", async () => {
      await keyError(
        "pk = :v AND pk = :v",
        { ":v": S("a") },
        "KeyConditionExpressions must only contain one condition per key",
      );
    });

    it("rejects a filter on a key attribute", async () => {
      await validationError(
        query({
          TableName: strings,
          KeyConditionExpression: "pk = :p",
          FilterExpression: "sk = :s",
          ExpressionAttributeValues: { ":p": S("p"), ":s": S("a") },
        }),
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk",
      );
    });

    it("rejects a starting key that is not the table's key", async () => {
      await validationError(
        query({
          TableName: strings,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": S("p") },
          ExclusiveStartKey: { bad: S("p") },
        }),
        "The provided starting key is invalid",
      );
    });

    it("rejects a starting key outside the queried partition", async () => {
      await validationError(
        query({
          TableName: strings,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": S("p") },
          ExclusiveStartKey: { pk: S("other"), sk: S("a") },
        }),
        "The provided starting key is outside query boundaries based on provided conditions",
      );
    });

    it("rejects a starting key outside the range condition", async () => {
      await validationError(
        query({
          TableName: strings,
          KeyConditionExpression: "pk = :p AND sk > :s",
          ExpressionAttributeValues: { ":p": S("p"), ":s": S("b") },
          ExclusiveStartKey: { pk: S("p"), sk: S("a") },
        }),
        "The provided starting key does not match the range key predicate",
      );
    });

    it("rejects an invalid attribute value in the starting key", async () => {
      await validationError(
        query({
          TableName: strings,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": S("p") },
          ExclusiveStartKey: { pk: S("p"), sk: { SS: [] } },
        }),
        "The provided starting key is invalid: One or more parameter values were invalid: An string set  may not be empty",
      );
    });

    it("rejects an unknown index", async () => {
      await validationError(
        query({
          TableName: strings,
          IndexName: "nope",
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": S("p") },
        }),
        "The table does not have the specified index: nope",
      );
    });
  });
});
