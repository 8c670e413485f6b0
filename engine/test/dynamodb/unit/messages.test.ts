import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type ExpressionUsage,
  isReservedWord,
  parseCondition,
  parseProjection,
  parseUpdate,
  RESERVED_WORDS,
} from "../../../src/services/dynamodb/expressions/index.ts";
import type { AttributeValueInput } from "../../../src/services/dynamodb/values/index.ts";
import { assertValidation, usage } from "./support.ts";

const values: Record<string, AttributeValueInput> = {
  ":v": { S: "x" },
  ":w": { S: "y" },
  ":n": { N: "1" },
  ":m": { N: "2" },
  ":a": { S: "a" },
  ":b": { S: "b" },
  ":bool": { BOOL: true },
  ":l": { L: [] },
  ":ss": { SS: ["a"] },
  ":t": { S: "Q" },
};

/** Values and names as the expression names them, so only unrelated errors can appear. */
function scoped(text: string): ExpressionUsage {
  const used = Object.fromEntries(
    Object.entries(values).filter(([k]) => new RegExp(`${k}(?!\\w)`).test(text)),
  );
  const names = Object.fromEntries(
    [...text.matchAll(/#\w+/g)].filter(([n]) => n !== "#undefined").map(([n]) => [n, n.slice(1)]),
  );
  return usage(Object.keys(names).length ? names : undefined, Object.keys(used).length ? used : undefined);
}

const condition = (text: string) => () => parseCondition(text, scoped(text));
const update = (text: string) => () => parseUpdate(text, scoped(text));
const projection = (text: string) => () => parseProjection(text, scoped(text));

describe("syntax errors name the token and quote from the previous to the next token", () => {
  const cases: Array<[() => unknown, string]> = [
    [
      update("INVALID SYNTAX HERE"),
      'Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX"',
    ],
    [update("ADD hits : incr"), 'Invalid UpdateExpression: Syntax error; token: ":", near: "hits : incr"'],
    [update("SET"), 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"'],
    [update("SET a = "), 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "= "'],
    [update("SET a = :v, #, b = :w"), 'Invalid UpdateExpression: Syntax error; token: "#", near: ", #,"'],
    [condition("attribute_type()"), 'Invalid ConditionExpression: Syntax error; token: ")", near: "()"'],
    [projection("l[a]"), 'Invalid ProjectionExpression: Syntax error; token: "a", near: "[a]"'],
    [condition("a > 4"), 'Invalid ConditionExpression: Syntax error; token: "4", near: "> 4"'],
    [condition("a == :v"), 'Invalid ConditionExpression: Syntax error; token: "=", near: "== :v"'],
    [condition("_a = :v"), 'Invalid ConditionExpression: Syntax error; token: "_", near: "_a"'],
    [condition("a = :v AND"), 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND"'],
    [condition("(a = :v"), 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":v"'],
    [condition("a = :v)"), 'Invalid ConditionExpression: Syntax error; token: ")", near: ":v)"'],
    [condition("a IN ()"), 'Invalid ConditionExpression: Syntax error; token: ")", near: "()"'],
    [
      update('SET a[1] = "eight"'),
      'Invalid UpdateExpression: Syntax error; token: ""eight"", near: "= "eight""',
    ],
    [update("SET a = b + c + d"), 'Invalid UpdateExpression: Syntax error; token: "+", near: "c + d"'],
    [update("SET a = b * c"), 'Invalid UpdateExpression: Syntax error; token: "*", near: "b * c"'],
    [update("REMOVE a = b"), 'Invalid UpdateExpression: Syntax error; token: "=", near: "a = b"'],
    [update("SET :v = b"), 'Invalid UpdateExpression: Syntax error; token: ":v", near: "SET :v ="'],
    [update("set a = (b.c).d + e"), 'Invalid UpdateExpression: Syntax error; token: ".", near: ").d"'],
    [projection("a[01]"), 'Invalid ProjectionExpression: Syntax error; token: "1", near: "01]"'],
    [condition("a = :v ☃"), 'Invalid ConditionExpression: Syntax error; token: "☃", near: ":v ☃"'],
  ];
  for (const [run, message] of cases) {
    it(message.slice(message.indexOf("token")), () => {
      assertValidation(run, message);
    });
  }
});

describe("expression-level errors", () => {
  const cases: Array<[string, () => unknown, string]> = [
    ["an empty expression", update(""), "Invalid UpdateExpression: The expression can not be empty;"],
    [
      "redundant parentheses around a condition",
      condition("((attribute_not_exists(a)))"),
      "Invalid ConditionExpression: The expression has redundant parentheses;",
    ],
    [
      "redundant parentheses around both sides",
      condition("((a = :v)) AND ((b = :w))"),
      "Invalid ConditionExpression: The expression has redundant parentheses;",
    ],
    [
      "redundant parentheses around an operand",
      condition("((a)) = :v"),
      "Invalid ConditionExpression: The expression has redundant parentheses;",
    ],
    [
      "redundant parentheses around arithmetic",
      update("SET a = ((b + c))"),
      "Invalid UpdateExpression: The expression has redundant parentheses;",
    ],
    [
      "a reserved word",
      condition("status = :v"),
      "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status",
    ],
    [
      "a reserved word in any case, as written",
      update("REMOVE Absolute"),
      "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: Absolute",
    ],
    [
      "a reserved word in a nested path",
      projection("a.size"),
      "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: size",
    ],
    [
      "an unknown function",
      condition("foo(a)"),
      "Invalid ConditionExpression: Invalid function name; function: foo",
    ],
    [
      "an update function in a condition",
      condition("list_append(a, b) = :l"),
      "Invalid ConditionExpression: The function is not allowed in a condition expression; function: list_append",
    ],
    [
      "a condition function in an update",
      update("SET a = size(b)"),
      "Invalid UpdateExpression: The function is not allowed in an update expression; function: size",
    ],
    [
      "size() as a condition",
      condition("size(a)"),
      "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size",
    ],
    [
      "a boolean function as an operand",
      condition("attribute_exists(a) = :bool"),
      "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists",
    ],
    [
      "list_append nested in list_append",
      update("SET a = list_append(list_append(a, :l), :l)"),
      "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append",
    ],
    [
      "list_append inside arithmetic",
      update("SET a = list_append(a, :l) + :n"),
      "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; function: list_append",
    ],
    [
      "a repeated section",
      update("SET a = :v REMOVE b SET c = :w"),
      'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
    ],
    [
      "a repeated ADD section",
      update("ADD a :n SET b = :v ADD c :n"),
      'Invalid UpdateExpression: The "ADD" section can only be used once in an update expression;',
    ],
    [
      "a list index beyond a Java int",
      projection("a[99999999999]"),
      "Invalid ProjectionExpression: List index is not within the allowable range; index: [99999999999]",
    ],
    [
      "the reserved word before a later unknown function",
      condition("status = :v AND foo(a)"),
      "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status",
    ],
    [
      "a syntax error before an earlier reserved word",
      condition("status = :v AND"),
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND"',
    ],
  ];
  for (const [what, run, message] of cases) {
    it(`reports ${what}`, () => {
      assertValidation(run, message);
    });
  }

  it("reports an expression over 4 KB with its size in bytes", () => {
    const text = `a = :v${" ".repeat(4091)}`;
    assertValidation(
      () => parseCondition(text, usage(undefined, { ":v": { S: "x" } })),
      "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097",
    );
  });

  it("accepts an expression of exactly 4 KB", () => {
    assert.ok(parseCondition(`a${" ".repeat(4091)}= :v`, usage(undefined, { ":v": { S: "x" } })));
  });
});

describe("operand and operator errors", () => {
  const cases: Array<[string, () => unknown, string]> = [
    [
      "an unordered operand of <",
      condition("a < :bool"),
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL",
    ],
    [
      "a number for begins_with",
      condition("begins_with(a, :n)"),
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
    ],
    [
      "size() of size()",
      condition("a < size(size(b))"),
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N",
    ],
    [
      "a string for +",
      update("SET a = a + :v"),
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S",
    ],
    [
      "a number for list_append",
      update("SET a = list_append(a, :n)"),
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: N",
    ],
    [
      "a path as attribute_type's type",
      condition("attribute_type(a, b)"),
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}",
    ],
    [
      "an unknown type name",
      condition("attribute_type(a, :t)"),
      "Invalid ConditionExpression: Invalid attribute type name found; type: Q, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
    ],
    [
      "too many operands",
      condition("begins_with(a, :v, :w)"),
      "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 3",
    ],
    [
      "too few operands",
      update("SET a = if_not_exists(c)"),
      "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1",
    ],
    [
      "a value where a path is required",
      condition("attribute_exists(:v)"),
      "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists",
    ],
    [
      "a value as if_not_exists's path",
      update("SET a = if_not_exists(:v, c)"),
      "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists",
    ],
    [
      "the same path twice",
      condition("contains(#a, #a)"),
      "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [a]",
    ],
    [
      "the same path on both sides of =",
      condition("a.b[1] = a.b[1]"),
      "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a, b, [1]]",
    ],
    [
      "BETWEEN bounds of different types",
      condition("a BETWEEN :n AND :a"),
      "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}",
    ],
    [
      "BETWEEN bounds out of order",
      condition("a BETWEEN :b AND :a"),
      "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}",
    ],
    [
      "ADD of a string",
      update("ADD a :v"),
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING",
    ],
    [
      "DELETE of a number",
      update("DELETE a :n"),
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER",
    ],
    [
      "ADD of a list",
      update("ADD a :l"),
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: LIST",
    ],
    [
      "ADD before a bad function elsewhere",
      update("SET b = list_append(:v, a), c = if_not_exists(a) ADD a.b :v"),
      "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING",
    ],
    [
      "overlapping update paths",
      update("SET a = :v, a.b = :w"),
      "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]",
    ],
    [
      "an overlap before an earlier conflict",
      update("SET d[1] = :v, d.b = :v, c[1].a = :v, c = :v"),
      "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [c, [1], a], path two: [c]",
    ],
    [
      "conflicting update paths",
      update("REMOVE a.c SET a[1] = :v"),
      "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, c], path two: [a, [1]]",
    ],
    [
      "a document path 33 deep",
      projection(Array.from({ length: 33 }, () => "a").join(".")),
      "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33",
    ],
  ];
  for (const [what, run, message] of cases) {
    it(`reports ${what}`, () => {
      assertValidation(run, message);
    });
  }

  it("allows 300 operators and rejects the 301st", () => {
    const allowed = `a<b ${"or (a<b ".repeat(149)}${")".repeat(149)}`;
    assert.ok(parseCondition(allowed, usage()));
    const tooMany = `a<b ${"or (a<b ".repeat(454)}${")".repeat(454)}`;
    assertValidation(
      () => parseCondition(tooMany, usage()),
      "Invalid ConditionExpression: The expression contains too many operators; operator count: 301",
    );
  });

  it("allows 100 IN operands and rejects 101", () => {
    const list = (count: number) => Array.from({ length: count }, () => ":v").join(", ");
    assert.ok(parseCondition(`a IN (${list(100)})`, usage(undefined, { ":v": { S: "x" } })));
    assertValidation(
      () => parseCondition(`a IN (${list(101)})`, usage(undefined, { ":v": { S: "x" } })),
      "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101",
    );
  });
});

describe("hostile input", () => {
  const cases: Array<[string, string, string]> = [
    [
      "4,000 opening parentheses",
      "(".repeat(4000),
      'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("',
    ],
    [
      "2,046 parentheses around a comparison",
      `${"(".repeat(2046)}a<b${")".repeat(2046)}`,
      "Invalid ConditionExpression: The expression has redundant parentheses;",
    ],
    [
      "1,000 NOTs",
      `${"not ".repeat(1000)}a<b`,
      "Invalid ConditionExpression: The expression contains too many operators; operator count: 301",
    ],
    [
      "1,355 nested function calls",
      `a < ${"f(".repeat(1355)}b${")".repeat(1355)}`,
      "Invalid ConditionExpression: Invalid function name; function: f",
    ],
    [
      "680 nested size() calls",
      `a < ${"size(".repeat(680)}b${")".repeat(680)}`,
      "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N",
    ],
    [
      "200 KB of nesting",
      `a<b ${"and (a<b ".repeat(20000)}${")".repeat(20000)}`,
      "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 200004",
    ],
  ];
  for (const [what, text, message] of cases) {
    it(`rejects ${what} cleanly`, () => {
      assertValidation(() => parseCondition(text, usage()), message);
    });
  }

  it("rejects 2,000 parentheses around a SET value cleanly", () => {
    assertValidation(
      () => parseUpdate(`SET a = ${"(".repeat(2000)}b + c${")".repeat(2000)}`, usage()),
      "Invalid UpdateExpression: The expression has redundant parentheses;",
    );
  });
});

describe("placeholders", () => {
  it("rejects an undefined name", () => {
    assertValidation(
      () => parseCondition("#missing = :v", usage(undefined, { ":v": { S: "x" } })),
      "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #missing",
    );
  });

  it("rejects an undefined value", () => {
    assertValidation(
      () => parseUpdate("SET attr1 = :v", usage()),
      "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v",
    );
  });

  it("reports undefined names before undefined values in an update", () => {
    assertValidation(
      () => parseUpdate("SET a = :undefined, #undefined = :v", usage(undefined, { ":v": { S: "x" } })),
      "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #undefined",
    );
  });

  it("reports unused names, then unused values, across all expressions of a request", () => {
    const shared = usage({ "#a": "a", "#unused": "u" }, { ":v": { S: "x" }, ":unused": { S: "y" } });
    parseCondition("#a = :v", shared);
    assertValidation(
      () => shared.assertAllUsed(),
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}",
    );
    const onlyValues = usage(undefined, { ":v": { S: "x" }, ":c": { S: "y" }, ":d": { S: "z" } });
    parseUpdate("SET a = :v", onlyValues);
    assertValidation(
      () => onlyValues.assertAllUsed(),
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:c, :d}",
    );
  });

  it("counts a placeholder used by any expression of the request", () => {
    const shared = usage({ "#a": "a" }, { ":v": { S: "x" } });
    parseUpdate("SET #a = :v", shared);
    parseCondition("attribute_exists(#a)", shared);
    shared.assertAllUsed();
  });

  const maps: Array<[string, () => unknown, string]> = [
    ["empty names", () => usage({}, { ":v": { S: "x" } }), "ExpressionAttributeNames must not be empty"],
    ["empty values", () => usage(undefined, {}), "ExpressionAttributeValues must not be empty"],
    [
      "a name key without #",
      () => usage({ a: "a" }),
      'ExpressionAttributeNames contains invalid key: Syntax error; key: "a"',
    ],
    [
      "a value key without :",
      () => usage(undefined, { b: { S: "a" } }),
      'ExpressionAttributeValues contains invalid key: Syntax error; key: "b"',
    ],
    [
      "an invalid value",
      () => usage(undefined, { ":b": { SS: [] } }),
      "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :b",
    ],
    [
      "an empty value",
      () => usage(undefined, { ":b": {} }),
      "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes for key :b",
    ],
  ];
  it("reports a value nested too deep without wrapping it", () => {
    let deep: AttributeValueInput = { S: "leaf" };
    for (let i = 0; i < 32; i++) deep = { M: { n: deep } };
    assertValidation(
      () => usage(undefined, { ":deep": deep }),
      "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit",
    );
  });

  for (const [what, run, message] of maps) {
    it(`rejects ${what}`, () => {
      assertValidation(run, message);
    });
  }
});

describe("reserved words", () => {
  it("lists AWS's 573 words", () => {
    assert.equal(RESERVED_WORDS.size, 573);
  });

  it("matches case-insensitively", () => {
    assert.ok(isReservedWord("Status") && isReservedWord("zone") && !isReservedWord("statuses"));
  });
});
