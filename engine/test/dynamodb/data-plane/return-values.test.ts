/**
 * UpdateItem's ReturnValues, each kind: ALL_* give the whole item before or after, UPDATED_* only
 * the attributes the update wrote (nested paths as nested maps), NONE nothing.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PutItemCommand, type ReturnValue, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { type Item, L, M, makeTable, N, S } from "./support.ts";

describe("UpdateItem ReturnValues", () => {
  let t: TestEngine;
  let table: string;
  let counter = 0;

  const original = (pk: string): Item => ({
    pk: S(pk),
    a: S("a0"),
    b: S("b0"),
    keep: S("same"),
    doc: M({ x: N(1), y: N(2) }),
    tags: { SS: ["t1"] },
  });

  /** Seeds a fresh item, then applies the same update with `mode`. */
  async function updateWith(mode: ReturnValue | undefined) {
    const pk = `rv-${++counter}`;
    await t.dynamodb.send(new PutItemCommand({ TableName: table, Item: original(pk) }));
    const output = await t.dynamodb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: S(pk) },
        UpdateExpression: "SET a = :a, doc.x = :x, added = :new REMOVE b ADD tags :t",
        ExpressionAttributeValues: { ":a": S("a1"), ":x": N(10), ":new": L(S("n")), ":t": { SS: ["t2"] } },
        ReturnValues: mode,
      }),
    );
    return { pk, attributes: output.Attributes };
  }

  before(async () => {
    t = await startTestEngine();
    table = await makeTable(t.dynamodb);
  });
  after(() => t.stop());

  it("returns nothing by default and for NONE", async () => {
    assert.equal((await updateWith(undefined)).attributes, undefined);
    assert.equal((await updateWith("NONE")).attributes, undefined);
  });

  it("ALL_OLD returns the whole item as it was", async () => {
    const { pk, attributes } = await updateWith("ALL_OLD");

    assert.deepEqual(attributes, original(pk));
  });

  it("ALL_NEW returns the whole item as it is now", async () => {
    const { pk, attributes } = await updateWith("ALL_NEW");

    assert.deepEqual(attributes, {
      pk: S(pk),
      a: S("a1"),
      keep: S("same"),
      doc: M({ x: N(10), y: N(2) }),
      tags: { SS: ["t1", "t2"] },
      added: L(S("n")),
    });
  });

  it("UPDATED_OLD returns only the written attributes that existed, with their old values", async () => {
    const { attributes } = await updateWith("UPDATED_OLD");

    assert.deepEqual(attributes, {
      a: S("a0"),
      b: S("b0"),
      doc: M({ x: N(1) }),
      tags: { SS: ["t1"] },
    });
  });

  it("UPDATED_NEW returns only the written attributes that exist now, with their new values", async () => {
    const { attributes } = await updateWith("UPDATED_NEW");

    assert.deepEqual(attributes, {
      a: S("a1"),
      doc: M({ x: N(10) }),
      added: L(S("n")),
      tags: { SS: ["t1", "t2"] },
    });
  });

  it("ALL_OLD and UPDATED_OLD return nothing for an item the update created", async () => {
    for (const mode of ["ALL_OLD", "UPDATED_OLD"] as const) {
      const output = await t.dynamodb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: S(`created-${mode}`) },
          UpdateExpression: "SET a = :a",
          ExpressionAttributeValues: { ":a": S("x") },
          ReturnValues: mode,
        }),
      );
      assert.equal(output.Attributes, undefined, mode);
    }
  });

  it("UPDATED_NEW on a created item returns the written attributes only, not the key", async () => {
    const output = await t.dynamodb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: S("created-new") },
        UpdateExpression: "SET a = :a",
        ExpressionAttributeValues: { ":a": S("x") },
        ReturnValues: "UPDATED_NEW",
      }),
    );

    assert.deepEqual(output.Attributes, { a: S("x") });
  });
});
