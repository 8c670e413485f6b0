/**
 * The DocumentClient (@aws-sdk/lib-dynamodb) against the engine: native values marshalled and
 * back, exact numbers through NumberValue, sets, binary, paginators, batches and transactions.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  NumberValue,
  PutCommand,
  paginateQuery,
  paginateScan,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { assertDynamoError, makeTable } from "./support.ts";

describe("DocumentClient", () => {
  let t: TestEngine;
  let table: string;
  let ranged: string;
  let exact: DynamoDBDocumentClient;

  before(async () => {
    t = await startTestEngine();
    table = await makeTable(t.dynamodb);
    ranged = await makeTable(t.dynamodb, { range: ["sk", "N"] });
    // A client of its own: DocumentClient options live on the client they wrap.
    exact = DynamoDBDocumentClient.from(t.dynamodbClient(), { unmarshallOptions: { wrapNumbers: true } });
  });
  after(() => t.stop());

  it("round-trips native values: strings, numbers, booleans, null, lists, maps, sets and binary", async () => {
    const item = {
      pk: "doc-1",
      text: "héllo",
      count: 42,
      ratio: -0.125,
      ok: true,
      nothing: null,
      list: [1, "two", [false], { three: 3 }],
      map: { nested: { deep: "x" }, empty: {} },
      strings: new Set(["b", "a"]),
      numbers: new Set([3, 1.5]),
      bytes: new Uint8Array([0, 1, 255]),
    };

    await t.doc.send(new PutCommand({ TableName: table, Item: item }));
    const { Item } = await t.doc.send(new GetCommand({ TableName: table, Key: { pk: "doc-1" } }));

    assert.deepEqual(Item, item);
  });

  it("keeps 38-digit numbers exact through NumberValue, normalised as DynamoDB stores them", async () => {
    const big = "12345678901234567890123456789012345678";
    await t.doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          pk: "exact",
          big: NumberValue.from(big),
          tiny: NumberValue.from("0.00000000000000000000000000000000000001"),
          padded: NumberValue.from("001.500"),
          exponent: NumberValue.from("1.5E+3"),
        },
      }),
    );

    const { Item } = await exact.send(new GetCommand({ TableName: table, Key: { pk: "exact" } }));

    assert.deepEqual(
      Object.fromEntries(Object.entries(Item!).map(([k, v]) => [k, v instanceof NumberValue ? v.value : v])),
      {
        pk: "exact",
        big,
        tiny: "0.00000000000000000000000000000000000001",
        padded: "1.5",
        exponent: "1500",
      },
    );
  });

  it("adds exactly beyond JavaScript's precision", async () => {
    await t.doc.send(
      new PutCommand({ TableName: table, Item: { pk: "counter", n: NumberValue.from("9007199254740993") } }),
    );

    const { Attributes } = await exact.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: "counter" },
        UpdateExpression: "ADD n :one",
        ExpressionAttributeValues: { ":one": 1 },
        ReturnValues: "UPDATED_NEW",
      }),
    );

    assert.equal((Attributes!.n as NumberValue).value, "9007199254740994");
  });

  it("returns a large integer as a BigInt by default, exactly", async () => {
    await t.doc.send(
      new PutCommand({
        TableName: table,
        Item: { pk: "bigint", n: NumberValue.from("-12345678901234567890") },
      }),
    );

    const { Item } = await t.doc.send(new GetCommand({ TableName: table, Key: { pk: "bigint" } }));

    assert.equal(Item!.n, -12345678901234567890n);
  });

  it("updates with native values and returns them", async () => {
    await t.doc.send(
      new PutCommand({ TableName: table, Item: { pk: "upd", tags: new Set(["a"]), hits: 1 } }),
    );

    const { Attributes } = await t.doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: "upd" },
        UpdateExpression: "ADD tags :t, hits :h SET info = :i",
        ExpressionAttributeValues: { ":t": new Set(["b"]), ":h": 2, ":i": { when: "now", list: [1] } },
        ReturnValues: "ALL_NEW",
      }),
    );

    assert.deepEqual(Attributes, {
      pk: "upd",
      tags: new Set(["a", "b"]),
      hits: 3,
      info: { when: "now", list: [1] },
    });
  });

  it("pages through a Query and a Scan with the paginators", async () => {
    await t.doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [ranged]: Array.from({ length: 23 }, (_, i) => ({
            PutRequest: { Item: { pk: "p", sk: i, half: i / 2 } },
          })),
        },
      }),
    );

    const queried: number[] = [];
    for await (const page of paginateQuery(
      { client: t.doc, pageSize: 5 },
      { TableName: ranged, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": "p" } },
    )) {
      queried.push(...page.Items!.map((item) => item.sk as number));
    }
    let scanned = 0;
    let pages = 0;
    for await (const page of paginateScan({ client: t.doc, pageSize: 10 }, { TableName: ranged })) {
      scanned += page.Count!;
      pages++;
    }

    assert.deepEqual(
      queried,
      Array.from({ length: 23 }, (_, i) => i),
    );
    assert.equal(scanned, 23);
    assert.ok(pages >= 3);
  });

  it("reads a batch and writes a transaction with native keys", async () => {
    await t.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: { pk: "tx-a", v: 1 } } },
          { Put: { TableName: table, Item: { pk: "tx-b", v: 2 } } },
        ],
      }),
    );

    const { Responses } = await t.doc.send(
      new BatchGetCommand({
        RequestItems: { [table]: { Keys: [{ pk: "tx-a" }, { pk: "tx-b" }, { pk: "none" }] } },
      }),
    );

    assert.deepEqual(
      Responses![table]!.sort((a, b) => (a.pk < b.pk ? -1 : 1)),
      [
        { pk: "tx-a", v: 1 },
        { pk: "tx-b", v: 2 },
      ],
    );
  });

  it("surfaces DynamoDB's errors unchanged", async () => {
    await t.doc.send(new PutCommand({ TableName: table, Item: { pk: "guarded" } }));

    await assertDynamoError(
      t.doc.send(
        new DeleteCommand({
          TableName: table,
          Key: { pk: "guarded" },
          ConditionExpression: "attribute_exists(nope)",
        }),
      ),
      "ConditionalCheckFailedException",
      "The conditional request failed",
    );
    await assertDynamoError(
      t.doc.send(new PutCommand({ TableName: table, Item: { pk: "" } })),
      "ValidationException",
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    );
  });
});
