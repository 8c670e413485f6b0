/** UpdateItem: creating items, every clause, exact arithmetic, key protection and conditions. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import {
  assertDynamoError,
  filler,
  type Item,
  invalidParameter,
  L,
  M,
  makeTable,
  N,
  S,
  validationError,
} from "./support.ts";

describe("UpdateItem", () => {
  let t: TestEngine;
  let table: string;
  let indexed: string;
  let counter = 0;
  const freshKey = () => ({ pk: S(`item-${++counter}`), sk: N(1) });

  const update = (input: Omit<UpdateItemCommandInput, "TableName"> & { TableName?: string }) =>
    t.dynamodb.send(new UpdateItemCommand({ TableName: table, ...input }));
  const get = async (key: Item, name = table) =>
    (await t.dynamodb.send(new GetItemCommand({ TableName: name, Key: key, ConsistentRead: true }))).Item;
  const seed = async (item: Item, name = table) =>
    t.dynamodb.send(new PutItemCommand({ TableName: name, Item: item }));

  before(async () => {
    t = await startTestEngine();
    table = await makeTable(t.dynamodb, { range: ["sk", "N"] });
    indexed = await makeTable(t.dynamodb, { attributes: [["gk", "S"]], gsis: [{ name: "byG", hash: "gk" }] });
  });
  after(() => t.stop());

  it("creates a missing item from its key and the update", async () => {
    const key = freshKey();

    await update({
      Key: key,
      UpdateExpression: "SET color = :c",
      ExpressionAttributeValues: { ":c": S("red") },
    });

    assert.deepEqual(await get(key), { ...key, color: S("red") });
  });

  it("creates a key-only item when there is nothing to update", async () => {
    const key = freshKey();

    await update({ Key: key });

    assert.deepEqual(await get(key), key);
  });

  it("applies SET, REMOVE, ADD and DELETE in one expression", async () => {
    const key = freshKey();
    await seed({ ...key, a: S("old"), gone: S("x"), tags: { SS: ["p", "q", "r"] }, n: N(5) });

    await update({
      Key: key,
      UpdateExpression: "SET a = :a, nested = :m REMOVE gone ADD n :two, fresh :one DELETE tags :q",
      ExpressionAttributeValues: {
        ":a": S("new"),
        ":m": M({ deep: L(N(1)) }),
        ":two": N(2),
        ":one": N(1),
        ":q": { SS: ["q", "z"] },
      },
    });

    assert.deepEqual(await get(key), {
      ...key,
      a: S("new"),
      nested: M({ deep: L(N(1)) }),
      tags: { SS: ["p", "r"] },
      n: N(7),
      fresh: N(1),
    });
  });

  it("sets nested paths and list elements, appends with list_append and defaults with if_not_exists", async () => {
    const key = freshKey();
    await seed({ ...key, doc: M({ list: L(N(1), N(2)), kid: M({}) }), tail: L(N(9)) });

    await update({
      Key: key,
      UpdateExpression:
        "SET doc.kid.x = :x, doc.#l[0] = :zero, tail = list_append(:more, tail), hits = if_not_exists(hits, :zero)",
      ExpressionAttributeNames: { "#l": "list" },
      ExpressionAttributeValues: { ":x": S("y"), ":zero": N(0), ":more": L(N(3)) },
    });

    assert.deepEqual(await get(key), {
      ...key,
      doc: M({ list: L(N(0), N(2)), kid: M({ x: S("y") }) }),
      tail: L(N(3), N(9)),
      hits: N(0),
    });
  });

  it("adds a set to a missing attribute and removes an attribute when DELETE empties its set", async () => {
    const key = freshKey();
    await seed({ ...key, ids: { NS: ["1"] } });

    await update({
      Key: key,
      UpdateExpression: "ADD colors :c DELETE ids :one",
      ExpressionAttributeValues: { ":c": { SS: ["blue"] }, ":one": { NS: ["1.0"] } },
    });

    assert.deepEqual(await get(key), { ...key, colors: { SS: ["blue"] } });
  });

  it("does decimal arithmetic exactly, to 38 significant digits", async () => {
    const key = freshKey();
    await seed({ ...key, a: N("0.1"), big: N("99999999999999999999999999999999999999"), neg: N("-5") });

    await update({
      Key: key,
      UpdateExpression: "SET a = a + :b, big = big + :one, neg = neg - :ten ADD small :tiny",
      ExpressionAttributeValues: {
        ":b": N("0.2"),
        ":one": N(1),
        ":ten": N("10.50"),
        ":tiny": N("1E-130"),
      },
    });

    assert.deepEqual(await get(key), {
      ...key,
      a: N("0.3"),
      big: N(`1${"0".repeat(38)}`),
      neg: N("-15.5"),
      small: N(`0.${"0".repeat(129)}1`),
    });
  });

  it("rejects a result that needs more than 38 significant digits", async () => {
    const key = freshKey();
    await seed({ ...key, n: N("12345678901234567890123456789012345678") });

    await validationError(
      update({ Key: key, UpdateExpression: "SET n = n + :f", ExpressionAttributeValues: { ":f": N("0.1") } }),
      "Number overflow. Attempting to store a number with magnitude larger than supported range",
    );
    assert.deepEqual(await get(key), { ...key, n: N("12345678901234567890123456789012345678") });
  });

  it("rejects arithmetic on a string", async () => {
    const key = freshKey();
    await seed({ ...key, s: S("text") });

    await validationError(
      update({ Key: key, UpdateExpression: "SET s = s + :one", ExpressionAttributeValues: { ":one": N(1) } }),
      "An operand in the update expression has an incorrect data type",
    );
  });

  for (const [expression, values] of [
    ["SET pk = :v", { ":v": S("other") }],
    ["SET sk = :n", { ":n": N(2) }],
    ["REMOVE sk", undefined],
    ["ADD sk :n", { ":n": N(2) }],
  ] as const) {
    it(`rejects updating a key attribute: ${expression}`, async () => {
      const key = freshKey();
      const attribute = expression.includes("pk") ? "pk" : "sk";

      await invalidParameter(
        update({ Key: key, UpdateExpression: expression, ExpressionAttributeValues: values }),
        `Cannot update attribute ${attribute}. This attribute is part of the key`,
      );
      assert.equal(await get(key), undefined);
    });
  }

  it("checks the condition against the current item and returns it on failure", async () => {
    const key = freshKey();
    await seed({ ...key, version: N(3) });

    const error = await assertDynamoError(
      update({
        Key: key,
        UpdateExpression: "SET version = :next",
        ConditionExpression: "version = :expected",
        ExpressionAttributeValues: { ":next": N(5), ":expected": N(4) },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
      "ConditionalCheckFailedException",
      "The conditional request failed",
    );

    assert.deepEqual((error as ConditionalCheckFailedException).Item, { ...key, version: N(3) });
    assert.deepEqual(await get(key), { ...key, version: N(3) });
  });

  it("does not create the item when the condition fails on a missing key", async () => {
    const key = freshKey();

    await assertDynamoError(
      update({
        Key: key,
        UpdateExpression: "SET a = :a",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":a": S("x") },
      }),
      "ConditionalCheckFailedException",
      "The conditional request failed",
    );

    assert.equal(await get(key), undefined);
  });

  it("rejects an update that would exceed 400 KB, in UpdateItem's words", async () => {
    const key = freshKey();
    await seed({ ...key, a: S(filler(300 * 1024)) });

    await validationError(
      update({
        Key: key,
        UpdateExpression: "SET b = :b",
        ExpressionAttributeValues: { ":b": S(filler(120 * 1024)) },
      }),
      "Item size to update has exceeded the maximum allowed size",
    );
  });

  it("rejects setting an index key to the wrong type, naming the index", async () => {
    await invalidParameter(
      update({
        TableName: indexed,
        Key: { pk: S("idx-type") },
        UpdateExpression: "SET gk = :v",
        ExpressionAttributeValues: { ":v": N(1) },
      }),
      "Type mismatch for Index Key gk Expected: S Actual: N IndexName: byG",
    );
  });

  it("rejects setting an index key to an empty string, in the update expression's words", async () => {
    await seed({ pk: S("idx-empty"), gk: S("g") }, indexed);

    await validationError(
      update({
        TableName: indexed,
        Key: { pk: S("idx-empty") },
        UpdateExpression: "SET gk = :v",
        ExpressionAttributeValues: { ":v": S("") },
      }),
      "One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty string value.",
    );
    assert.deepEqual(await get({ pk: S("idx-empty") }, indexed), { pk: S("idx-empty"), gk: S("g") });
  });

  it("rejects a path into a missing map", async () => {
    const key = freshKey();
    await seed(key);

    await validationError(
      update({
        Key: key,
        UpdateExpression: "SET absent.child = :v",
        ExpressionAttributeValues: { ":v": N(1) },
      }),
      "The document path provided in the update expression is invalid for update",
    );
  });

  it("rejects overlapping paths", async () => {
    await validationError(
      update({
        Key: freshKey(),
        UpdateExpression: "SET a = :v, a.b = :v",
        ExpressionAttributeValues: { ":v": N(1) },
      }),
      "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]",
    );
  });

  it("rejects a syntax error, naming the token", async () => {
    await validationError(
      update({ Key: freshKey(), UpdateExpression: "SET a = :v,", ExpressionAttributeValues: { ":v": N(1) } }),
      'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","',
    );
  });

  it("rejects a key that does not match the schema", async () => {
    await validationError(
      update({ Key: { pk: S("x") }, UpdateExpression: "REMOVE a" }),
      "The provided key element does not match the schema",
    );
  });
});
