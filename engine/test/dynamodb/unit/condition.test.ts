import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluateCondition, parseCondition } from "../../../src/services/dynamodb/expressions/index.ts";
import type { AttributeValueInput, Item } from "../../../src/services/dynamodb/values/index.ts";
import { usage } from "./support.ts";

const item: Item = {
  name: { S: "alice" },
  age: { N: "30" },
  photo: { B: Buffer.from([1, 2, 3]) },
  tags: { SS: ["red", "blue"] },
  scores: { NS: ["1", "2.5"] },
  blobs: { BS: [Buffer.from([9])] },
  arr: { L: [{ S: "x" }, { N: "7" }, { M: { k: { S: "v" } } }] },
  doc: { M: { nested: { M: { deep: { N: "1" } } }, emoji: { S: "😀" } } },
  flag: { BOOL: true },
  nothing: { NULL: true },
};

const values: Record<string, AttributeValueInput> = {
  ":s": { S: "alice" },
  ":al": { S: "al" },
  ":n30": { N: "30" },
  ":n29": { N: "29.0" },
  ":n40": { N: "40" },
  ":red": { S: "red" },
  ":x": { S: "x" },
  ":seven": { N: "7" },
  ":twoHalf": { N: "2.50" },
  ":b12": { B: Buffer.from([1, 2]) },
  ":b23": { B: Buffer.from([2, 3]) },
  ":b9": { B: Buffer.from([9]) },
  ":kv": { M: { k: { S: "v" } } },
  ":lic": { S: "lic" },
  ":true": { BOOL: true },
  ":S": { S: "S" },
  ":N": { S: "N" },
  ":SS": { S: "SS" },
  ":NULL": { S: "NULL" },
  ":M": { S: "M" },
  ":L": { S: "L" },
  ":BOOL": { S: "BOOL" },
  ":B": { S: "B" },
  ":BS": { S: "BS" },
  ":NS": { S: "NS" },
  ":3": { N: "3" },
  ":1": { N: "1" },
  ":2": { N: "2" },
  ":5": { N: "5" },
};

/** Parses `text` using only the placeholders it names, then evaluates it against `target`. */
function holds(text: string, target: { item: Item | undefined } = { item }): boolean {
  const used = Object.fromEntries(
    Object.entries(values).filter(([key]) => new RegExp(`${key}(?!\\w)`).test(text)),
  );
  const names = text.includes("#n") ? { "#n": "name" } : undefined;
  return evaluateCondition(
    parseCondition(text, usage(names, Object.keys(used).length ? used : undefined)),
    target.item,
  );
}

describe("condition evaluation", () => {
  const cases: Array<[string, boolean]> = [
    ["#n = :s", true],
    ["age = :n29", false],
    ["age <> :n29", true],
    ["age = :s", false],
    ["age <> :s", true],
    ["absent = :s", false],
    ["absent <> :s", true],
    ["age > :n29", true],
    ["age >= :n30", true],
    ["age < :n30", false],
    ["#n < :s", false],
    ["#n >= :al", true],
    ["age < :s", false],
    ["photo > :b12", true],
    ["age BETWEEN :n29 AND :n40", true],
    ["age BETWEEN :n30 AND :n30", true],
    ["age BETWEEN :n40 AND :n40", false],
    ["#n BETWEEN :al AND :s", true],
    ["absent BETWEEN :n29 AND :n40", false],
    ["age IN (:n29, :n30)", true],
    ["age IN (:s, :n40)", false],
    ["absent IN (:s)", false],
    ["attribute_exists(age)", true],
    ["attribute_exists(absent)", false],
    ["attribute_not_exists(absent)", true],
    ["attribute_exists(doc.nested.deep)", true],
    ["attribute_exists(doc.nested.absent)", false],
    ["attribute_exists(arr[2].k)", true],
    ["attribute_exists(arr[3])", false],
    ["attribute_exists(age[0])", false],
    ["attribute_exists(arr.k)", false],
    ["attribute_type(age, :N)", true],
    ["attribute_type(age, :S)", false],
    ["attribute_type(tags, :SS)", true],
    ["attribute_type(nothing, :NULL)", true],
    ["attribute_type(doc, :M)", true],
    ["attribute_type(arr, :L)", true],
    ["attribute_type(flag, :BOOL)", true],
    ["attribute_type(photo, :B)", true],
    ["attribute_type(blobs, :BS)", true],
    ["attribute_type(scores, :NS)", true],
    ["attribute_type(absent, :S)", false],
    ["begins_with(#n, :al)", true],
    ["begins_with(#n, :lic)", false],
    ["begins_with(photo, :b12)", true],
    ["begins_with(photo, :b23)", false],
    ["begins_with(age, :al)", false],
    ["contains(#n, :lic)", true],
    ["contains(#n, :x)", false],
    ["contains(photo, :b23)", true],
    ["contains(tags, :red)", true],
    ["contains(tags, :x)", false],
    ["contains(scores, :twoHalf)", true],
    ["contains(blobs, :b9)", true],
    ["contains(arr, :x)", true],
    ["contains(arr, :seven)", true],
    ["contains(arr, :kv)", true],
    ["contains(arr, :red)", false],
    ["contains(age, :n30)", false],
    ["contains(absent, :x)", false],
    ["size(#n) = :5", true],
    ["size(doc.emoji) = :2", true],
    ["size(photo) = :3", true],
    ["size(tags) = :2", true],
    ["size(arr) = :3", true],
    ["size(doc) = :2", true],
    ["size(age) = :2", false],
    ["size(age) <> :2", true],
    ["size(absent) < :5", false],
    ["NOT attribute_exists(absent)", true],
    ["NOT age = :n30", false],
    ["flag = :true", true],
  ];
  for (const [text, expected] of cases) {
    it(`${text} is ${expected}`, () => {
      assert.equal(holds(text), expected);
    });
  }

  it("evaluates against no item as against an empty one", () => {
    assert.equal(holds("attribute_not_exists(age)", { item: undefined }), true);
    assert.equal(holds("age = :n30", { item: undefined }), false);
  });
});

describe("condition precedence", () => {
  const cases: Array<[string, boolean]> = [
    // NOT binds tighter than AND, AND tighter than OR.
    ["NOT age = :n30 AND age = :n30", false],
    ["NOT (age = :n30 AND age = :n29)", true],
    ["age = :n29 AND age = :n30 OR age = :n30", true],
    ["age = :n30 OR age = :n30 AND age = :n29", true],
    ["(age = :n30 OR age = :n30) AND age = :n29", false],
    ["NOT NOT age = :n30", true],
    ["(age) = :n30", true],
    ["(age = :n30) AND (attribute_exists(#n))", true],
    ["(age = :n30 AND (attribute_exists(#n)))", true],
    ["age = :n30 and not attribute_exists(absent) or age = :n29", true],
  ];
  for (const [text, expected] of cases) {
    it(`${text} is ${expected}`, () => {
      assert.equal(holds(text), expected);
    });
  }

  it("reads keywords in any case", () => {
    assert.equal(holds("age between :n29 aNd :n40 AnD NoT attribute_exists(absent)"), true);
  });
});

describe("parsed conditions", () => {
  it("resolves #names in document paths", () => {
    const parsed = parseCondition("#a.#b[1] = :v", usage({ "#a": "x", "#b": "y" }, { ":v": { S: "z" } }));
    assert.deepEqual(parsed.paths, [["x", "y", 1]]);
  });

  it("allows an attribute name that only starts like a keyword", () => {
    assert.equal(holds("andy = :s OR ordered = :s OR notes = :s OR inside = :s"), false);
  });
});
