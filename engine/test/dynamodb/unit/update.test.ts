import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyUpdate, parseUpdate } from "../../../src/services/dynamodb/expressions/index.ts";
import type { AttributeValueInput, Item } from "../../../src/services/dynamodb/values/index.ts";
import { assertValidation, usage } from "./support.ts";

const MISSING = "The provided expression refers to an attribute that does not exist in the item";
const WRONG_TYPE = "An operand in the update expression has an incorrect data type";
const INVALID_PATH = "The document path provided in the update expression is invalid for update";

/** Applies `text` to `item` with the given ExpressionAttributeValues. */
const update = (
  text: string,
  item: Item,
  values?: Record<string, AttributeValueInput>,
  names?: Record<string, string>,
): Item => applyUpdate(parseUpdate(text, usage(names, values)), item);

const key: Item = { id: { S: "k" } };

describe("SET", () => {
  it("sets a top-level attribute", () => {
    assert.deepEqual(update("SET a = :v", key, { ":v": { S: "x" } }), { ...key, a: { S: "x" } });
  });

  it("adds to a number with +", () => {
    assert.deepEqual(update("SET n = n + :d", { n: { N: "1.5" } }, { ":d": { N: "2" } }), {
      n: { N: "3.5" },
    });
  });

  it("subtracts with -", () => {
    assert.deepEqual(update("SET n = :a - n", { n: { N: "3" } }, { ":a": { N: "10" } }), { n: { N: "7" } });
  });

  it("computes every value from the item as it was", () => {
    assert.deepEqual(update("SET a = b, b = a", { a: { S: "1" }, b: { S: "2" } }), {
      a: { S: "2" },
      b: { S: "1" },
    });
  });

  it("uses if_not_exists's fallback only when the path is missing", () => {
    const values = { ":z": { N: "0" } };
    assert.deepEqual(update("SET n = if_not_exists(n, :z)", {}, values), { n: { N: "0" } });
    assert.deepEqual(update("SET n = if_not_exists(n, :z)", { n: { N: "5" } }, values), { n: { N: "5" } });
  });

  it("counts with if_not_exists inside +", () => {
    assert.deepEqual(
      update("SET n = if_not_exists(n, :z) + :one", {}, { ":z": { N: "0" }, ":one": { N: "1" } }),
      {
        n: { N: "1" },
      },
    );
  });

  it("appends lists with list_append", () => {
    const item = { l: { L: [{ S: "a" }] } };
    assert.deepEqual(update("SET l = list_append(l, :more)", item, { ":more": { L: [{ S: "b" }] } }), {
      l: { L: [{ S: "a" }, { S: "b" }] },
    });
    assert.deepEqual(update("SET l = list_append(:more, l)", item, { ":more": { L: [{ S: "b" }] } }), {
      l: { L: [{ S: "b" }, { S: "a" }] },
    });
  });

  it("sets nested map entries and list elements", () => {
    const item = { m: { M: { l: { L: [{ S: "a" }, { S: "b" }] } } } };
    assert.deepEqual(update("SET m.x = :v, m.l[1] = :v", item, { ":v": { S: "z" } }), {
      m: { M: { l: { L: [{ S: "a" }, { S: "z" }] }, x: { S: "z" } } },
    });
  });

  it("appends when the list index is past the end", () => {
    const item = { l: { L: [{ S: "a" }] } };
    assert.deepEqual(update("SET l[10] = :y, l[5] = :x", item, { ":x": { S: "x" }, ":y": { S: "y" } }), {
      l: { L: [{ S: "a" }, { S: "x" }, { S: "y" }] },
    });
  });

  it("does not change the item it was given", () => {
    const item = { m: { M: { a: { S: "1" } } } };
    update("SET m.a = :v", item, { ":v": { S: "2" } });
    assert.deepEqual(item, { m: { M: { a: { S: "1" } } } });
  });
});

describe("REMOVE", () => {
  it("removes attributes and ignores missing ones", () => {
    assert.deepEqual(update("REMOVE a, absent", { a: { S: "x" }, b: { S: "y" } }), { b: { S: "y" } });
  });

  it("removes list elements by their original positions", () => {
    const item = { l: { L: [{ S: "0" }, { S: "1" }, { S: "2" }, { S: "3" }] } };
    assert.deepEqual(update("REMOVE l[1], l[2]", item), { l: { L: [{ S: "0" }, { S: "3" }] } });
  });

  it("ignores a list index past the end", () => {
    assert.deepEqual(update("REMOVE l[9]", { l: { L: [{ S: "0" }] } }), { l: { L: [{ S: "0" }] } });
  });

  it("removes nested map entries", () => {
    assert.deepEqual(update("REMOVE m.a", { m: { M: { a: { S: "1" }, b: { S: "2" } } } }), {
      m: { M: { b: { S: "2" } } },
    });
  });
});

describe("ADD", () => {
  it("creates a missing number", () => {
    assert.deepEqual(update("ADD n :one", {}, { ":one": { N: "1" } }), { n: { N: "1" } });
  });

  it("adds to a number exactly", () => {
    assert.deepEqual(update("ADD n :d", { n: { N: "0.1" } }, { ":d": { N: "0.2" } }), { n: { N: "0.3" } });
  });

  it("unions a set", () => {
    assert.deepEqual(update("ADD s :more", { s: { SS: ["a", "b"] } }, { ":more": { SS: ["b", "c"] } }), {
      s: { SS: ["a", "b", "c"] },
    });
  });

  it("unions number sets by value", () => {
    assert.deepEqual(update("ADD s :more", { s: { NS: ["1", "2"] } }, { ":more": { NS: ["1.0", "3"] } }), {
      s: { NS: ["1", "2", "3"] },
    });
  });

  it("creates a missing set", () => {
    assert.deepEqual(update("ADD s :more", {}, { ":more": { BS: [Buffer.from("a")] } }), {
      s: { BS: [Buffer.from("a")] },
    });
  });
});

describe("DELETE", () => {
  it("removes set members", () => {
    assert.deepEqual(
      update("DELETE s :gone", { s: { SS: ["a", "b", "c"] } }, { ":gone": { SS: ["a", "x"] } }),
      {
        s: { SS: ["b", "c"] },
      },
    );
  });

  it("drops the attribute when the set becomes empty", () => {
    assert.deepEqual(
      update("DELETE s :gone", { s: { NS: ["1", "2"] }, k: key.id! }, { ":gone": { NS: ["2", "1.0"] } }),
      {
        k: key.id,
      },
    );
  });

  it("ignores a missing attribute", () => {
    assert.deepEqual(update("DELETE s :gone", {}, { ":gone": { SS: ["a"] } }), {});
  });
});

describe("update run-time errors", () => {
  const failures: Array<[string, string, Item, Record<string, AttributeValueInput> | undefined, string]> = [
    ["a missing operand", "SET c = b", key, undefined, MISSING],
    ["a missing list_append operand", "SET e = list_append(b, c)", key, undefined, MISSING],
    [
      "a missing if_not_exists fallback, even when the path exists",
      "SET a = if_not_exists(a, b)",
      { a: { S: "x" } },
      undefined,
      MISSING,
    ],
    ["+ on a string", "SET e = a + :one", { a: { S: "x" } }, { ":one": { N: "1" } }, WRONG_TYPE],
    [
      "list_append of a set",
      "SET e = list_append(d, :l)",
      { d: { NS: ["1"] } },
      { ":l": { L: [] } },
      WRONG_TYPE,
    ],
    ["ADD of a number to a set", "ADD d :one", { d: { NS: ["1"] } }, { ":one": { N: "1" } }, WRONG_TYPE],
    ["ADD of a set to a map", "ADD b :s", { b: { M: {} } }, { ":s": { NS: ["1"] } }, WRONG_TYPE],
    ["DELETE of another set type", "DELETE d :s", { d: { NS: ["1"] } }, { ":s": { SS: ["1"] } }, WRONG_TYPE],
    ["DELETE from a number", "DELETE c :s", { c: { N: "1" } }, { ":s": { NS: ["1"] } }, WRONG_TYPE],
    ["a nested path under a missing attribute", "SET b.a = :v", key, { ":v": { S: "x" } }, INVALID_PATH],
    ["a list index under a missing attribute", "SET b[1] = :v", key, { ":v": { S: "x" } }, INVALID_PATH],
    ["a map key under a string", "SET b.a = :v", { b: { S: "s" } }, { ":v": { S: "x" } }, INVALID_PATH],
    ["a list index under a map", "SET c[1] = :v", { c: { M: {} } }, { ":v": { S: "x" } }, INVALID_PATH],
    ["a map key under a list", "SET d.x = :v", { d: { L: [] } }, { ":v": { S: "x" } }, INVALID_PATH],
    ["REMOVE under a missing attribute", "REMOVE y.a", key, undefined, INVALID_PATH],
    ["ADD under a list", "ADD d.x :s", { d: { L: [] } }, { ":s": { SS: ["a"] } }, INVALID_PATH],
  ];
  for (const [what, text, item, values, message] of failures) {
    it(`rejects ${what}`, () => {
      assertValidation(() => update(text, item, values), message);
    });
  }

  it("rejects a sum beyond the number range", () => {
    assertValidation(
      () => update("SET b = :x + :y", {}, { ":x": { N: "9e125" }, ":y": { N: "9e125" } }),
      "Number overflow. Attempting to store a number with magnitude larger than supported range",
    );
  });

  it("rejects an update that nests the item more than 32 levels deep", () => {
    let deep: AttributeValueInput = { S: "leaf" };
    for (let i = 0; i < 30; i++) deep = { M: { n: deep } };
    assertValidation(
      () => update("SET a.b.c = :deep", { a: { M: { b: { M: {} } } } }, { ":deep": deep }),
      "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit",
    );
  });
});

describe("update paths", () => {
  it("lists the written paths in order, names resolved", () => {
    const parsed = parseUpdate(
      "SET #a = :v REMOVE b[0].c ADD d :n",
      usage({ "#a": "x" }, { ":v": { S: "1" }, ":n": { N: "1" } }),
    );
    assert.deepEqual(parsed.paths, [["x"], ["b", 0, "c"], ["d"]]);
  });
});
