import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseProjection, project } from "../../../src/services/dynamodb/expressions/index.ts";
import type { Item } from "../../../src/services/dynamodb/values/index.ts";
import { assertValidation, usage } from "./support.ts";

const item: Item = {
  a: { S: "1" },
  b: { N: "2" },
  l: { L: [{ S: "0" }, { M: { x: { S: "1" }, y: { S: "2" } } }, { S: "2" }, { S: "3" }] },
  m: { M: { p: { M: { q: { S: "deep" }, r: { S: "other" } } }, s: { S: "t" } } },
};

const projected = (text: string, names?: Record<string, string>): Item =>
  project(item, parseProjection(text, usage(names)));

describe("projection", () => {
  it("keeps only the named top-level attributes", () => {
    assert.deepEqual(projected("a, absent"), { a: { S: "1" } });
  });

  it("keeps nested map entries in place", () => {
    assert.deepEqual(projected("m.p.q"), { m: { M: { p: { M: { q: { S: "deep" } } } } } });
  });

  it("closes up projected list elements in index order", () => {
    assert.deepEqual(projected("l[3], l[0]"), { l: { L: [{ S: "0" }, { S: "3" }] } });
  });

  it("projects inside list elements", () => {
    assert.deepEqual(projected("l[1].y"), { l: { L: [{ M: { y: { S: "2" } } }] } });
  });

  it("merges paths that share a parent", () => {
    assert.deepEqual(projected("m.p.r, m.s"), {
      m: { M: { p: { M: { r: { S: "other" } } }, s: { S: "t" } } },
    });
  });

  it("resolves #names", () => {
    assert.deepEqual(projected("#x", { "#x": "b" }), { b: { N: "2" } });
  });

  it("leaves out paths that step into the wrong kind of value", () => {
    assert.deepEqual(projected("a.b, b[0]"), {});
  });
});

describe("projection errors", () => {
  it("rejects overlapping paths, earlier path first", () => {
    assertValidation(
      () => parseProjection("a.b, a", usage()),
      "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]",
    );
  });

  it("rejects a path repeated", () => {
    assertValidation(
      () => parseProjection("a, a", usage()),
      "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]",
    );
  });

  it("rejects paths that use one step as both list and map", () => {
    assertValidation(
      () => parseProjection("l[0], l.x", usage()),
      "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [l, [0]], path two: [l, x]",
    );
  });

  it("rejects a function", () => {
    assertValidation(
      () => parseProjection("size(a)", usage()),
      'Invalid ProjectionExpression: Syntax error; token: "(", near: "size(a"',
    );
  });
});
