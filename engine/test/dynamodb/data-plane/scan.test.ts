/** Scan: pages, the 1 MB read before the filter, parallel segments, Select and the scan errors. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type AttributeValue,
  BatchWriteItemCommand,
  ScanCommand,
  type ScanCommandInput,
  type ScanCommandOutput,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { assertDynamoError, filler, type Item, makeTable, N, S, validationError } from "./support.ts";

describe("Scan", () => {
  let t: TestEngine;
  let table: string;
  let large: string;
  const ITEMS = 60;

  const scan = (input: Omit<ScanCommandInput, "TableName"> & { TableName?: string }) =>
    t.dynamodb.send(new ScanCommand({ TableName: table, ...input }));

  async function allPages(
    input: Omit<ScanCommandInput, "TableName" | "ExclusiveStartKey"> & { TableName?: string },
  ) {
    const pages: ScanCommandOutput[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await scan({ ...input, ExclusiveStartKey: start });
      pages.push(page);
      start = page.LastEvaluatedKey;
    } while (start && pages.length < 100);
    return pages;
  }

  async function batchPut(name: string, items: Item[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      const chunk = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      await t.dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [name]: chunk } }));
    }
  }

  const ids = (pages: ScanCommandOutput[]) => pages.flatMap((page) => page.Items!.map((item) => item.pk!.S!));

  before(async () => {
    t = await startTestEngine();
    table = await makeTable(t.dynamodb, { range: ["sk", "N"] });
    large = await makeTable(t.dynamodb);
    await batchPut(
      table,
      Array.from({ length: ITEMS }, (_, i) => ({
        pk: S(`p${i}`),
        sk: N(i % 3),
        n: N(i),
        color: S(i % 4 ? "red" : "blue"),
      })),
    );
    await batchPut(
      large,
      Array.from({ length: 25 }, (_, i) => ({ pk: S(`big${i}`), pad: S(filler(100 * 1024)), odd: N(i % 2) })),
    );
  });
  after(() => t.stop());

  it("returns every item with Count and ScannedCount", async () => {
    const output = await scan({});

    assert.equal(output.Count, ITEMS);
    assert.equal(output.ScannedCount, ITEMS);
    assert.equal(output.LastEvaluatedKey, undefined);
    assert.deepEqual(new Set(output.Items!.map((item) => item.pk!.S)).size, ITEMS);
  });

  it("filters after reading: Count counts matches, ScannedCount everything read", async () => {
    const output = await scan({
      FilterExpression: "color = :c",
      ExpressionAttributeValues: { ":c": S("blue") },
    });

    assert.equal(output.Count, ITEMS / 4);
    assert.equal(output.ScannedCount, ITEMS);
    assert.ok(output.Items!.every((item) => item.color!.S === "blue"));
  });

  it("pages with Limit and LastEvaluatedKey, each item once", async () => {
    const pages = await allPages({ Limit: 7 });

    assert.equal(pages.length, Math.ceil(ITEMS / 7));
    assert.deepEqual(ids(pages).sort(), Array.from({ length: ITEMS }, (_, i) => `p${i}`).sort());
    const last = pages[0]!.Items![6]!;
    assert.deepEqual(pages[0]!.LastEvaluatedKey, { pk: last.pk, sk: last.sk });
  });

  it("covers every item exactly once across parallel segments", async () => {
    const total = 4;
    const seen: string[] = [];
    const perSegment: number[] = [];
    for (let segment = 0; segment < total; segment++) {
      const pages = await allPages({ Segment: segment, TotalSegments: total, Limit: 5 });
      perSegment.push(ids(pages).length);
      seen.push(...ids(pages));
    }

    assert.equal(seen.length, ITEMS);
    assert.equal(new Set(seen).size, ITEMS);
    assert.ok(perSegment.filter((n) => n > 0).length > 1, `items spread over segments: ${perSegment}`);
  });

  it("scans the whole table as one segment of one", async () => {
    const output = await scan({ Segment: 0, TotalSegments: 1 });

    assert.equal(output.Count, ITEMS);
  });

  it("reads at most 1 MB per page, before the filter", async () => {
    const pages = await allPages({
      TableName: large,
      FilterExpression: "odd = :one",
      ExpressionAttributeValues: { ":one": N(1) },
    });

    const first = pages[0]!;
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

  it("returns only the counts for Select COUNT", async () => {
    const output = await scan({
      Select: "COUNT",
      FilterExpression: "n < :ten",
      ExpressionAttributeValues: { ":ten": N(10) },
    });

    assert.equal(output.Items, undefined);
    assert.equal(output.Count, 10);
    assert.equal(output.ScannedCount, ITEMS);
  });

  it("projects with ProjectionExpression and with legacy AttributesToGet", async () => {
    const expression = await scan({ ProjectionExpression: "n", Limit: 1 });
    const legacy = await scan({ AttributesToGet: ["n", "color"], Limit: 1, Select: "SPECIFIC_ATTRIBUTES" });

    assert.deepEqual(Object.keys(expression.Items![0]!), ["n"]);
    assert.deepEqual(Object.keys(legacy.Items![0]!).sort(), ["color", "n"]);
  });

  describe("errors", () => {
    it("requires TotalSegments with Segment, and the reverse", async () => {
      await validationError(
        scan({ Segment: 0 }),
        "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
      );
      await validationError(
        scan({ TotalSegments: 4 }),
        "The Segment parameter is required but was not present in the request when parameter TotalSegments is present",
      );
    });

    it("requires Segment below TotalSegments", async () => {
      await validationError(
        scan({ Segment: 5, TotalSegments: 5 }),
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 5 is not less than TotalSegments: 5",
      );
    });

    it("rejects a Limit below 1", async () => {
      await validationError(
        scan({ Limit: 0 }),
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
    });

    it("rejects SPECIFIC_ATTRIBUTES without a projection, without Query's prefix", async () => {
      await validationError(
        scan({ Select: "SPECIFIC_ATTRIBUTES" }),
        "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES",
      );
    });

    it("rejects a starting key that is not the table's key", async () => {
      await validationError(
        scan({ ExclusiveStartKey: { pk: S("p1") } }),
        "The provided starting key is invalid: The provided key element does not match the schema",
      );
      await validationError(
        scan({ ExclusiveStartKey: { pk: S("p1"), sk: S("1") } }),
        "The provided starting key is invalid: The provided key element does not match the schema",
      );
    });

    it("answers ResourceNotFoundException for a missing table", async () => {
      await assertDynamoError(
        scan({ TableName: "no-such-table" }),
        "ResourceNotFoundException",
        "Requested resource not found",
      );
    });
  });
});
