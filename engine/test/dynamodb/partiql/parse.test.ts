import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Expr, Statement } from "../../../src/services/dynamodb/partiql/ast.ts";
import { MAX_PARSE_DEPTH, parseStatement } from "../../../src/services/dynamodb/partiql/parse.ts";
import { assertValidation } from "../unit/support.ts";

const NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed: ";
const parse = (text: string): Statement => parseStatement(text).statement;
const malformed = (text: string, detail: string) =>
  assertValidation(() => parse(text), NOT_WELL_FORMED + detail);

function where(text: string): Expr {
  const statement = parse(`SELECT * FROM "tbl" WHERE ${text}`);
  assert.equal(statement.kind, "select");
  return (statement as Extract<Statement, { kind: "select" }>).where!;
}

describe("PartiQL parser: statements", () => {
  it("reads a SELECT with a projection list, an index source, a WHERE and an ORDER BY", () => {
    const statement = parse(`SELECT a, b.c[0] FROM "tbl"."idx" WHERE pk = 'x' ORDER BY sk DESC`);

    assert.equal(statement.kind, "select");
    if (statement.kind !== "select") return;
    assert.equal(statement.projection?.length, 2);
    assert.equal(statement.source.expr.kind, "path");
    assert.deepEqual(
      statement.orderBy?.map((o) => o.descending),
      [true],
    );
  });

  it("reads SELECT * as no projection list", () => {
    const statement = parse(`select * from tbl`);

    assert.equal(statement.kind === "select" && statement.projection, undefined);
  });

  it("reads INSERT INTO … VALUE with a struct of every literal kind", () => {
    const statement = parse(
      `INSERT INTO "tbl" VALUE {'pk': ?, 'n': -1.5e3, 'b': TRUE, 'z': NULL, 'l': [1, 'x'], 'm': {'k': 'v'}, 's': <<'a', 'b'>>}`,
    );

    assert.equal(statement.kind, "insert");
    if (statement.kind !== "insert") return;
    assert.equal(statement.value.kind, "struct");
    assert.equal(statement.single, true);
  });

  it("reads UPDATE with several SET and REMOVE clauses, a WHERE and RETURNING", () => {
    const statement = parse(
      `UPDATE "tbl" SET a = a + 1, b = list_append(b, [2]) SET s = set_add(s, <<'c'>>) REMOVE d.e[1] WHERE pk = 'x' RETURNING MODIFIED NEW *`,
    );

    assert.equal(statement.kind, "update");
    if (statement.kind !== "update") return;
    assert.deepEqual(
      statement.clauses.map((c) => c.kind),
      ["SET", "SET", "SET", "REMOVE"],
    );
    assert.equal(statement.returning, "MODIFIED NEW");
  });

  it("reads the FROM-first form of UPDATE", () => {
    const statement = parse(`FROM "tbl" WHERE pk = 'x' SET c = 1 REMOVE d RETURNING ALL OLD *`);

    assert.equal(statement.kind, "update");
    assert.equal(statement.kind === "update" && statement.clauses.length, 2);
  });

  it("reads DELETE with RETURNING", () => {
    const statement = parse(`DELETE FROM "tbl" WHERE pk = 'x' RETURNING ALL OLD *`);

    assert.equal(statement.kind === "delete" && statement.returning, "ALL OLD");
  });

  it("reads EXISTS(SELECT …) as an expression statement", () => {
    const statement = parse(`EXISTS(SELECT * FROM "tbl" WHERE pk = 'x' AND a = 1)`);

    assert.equal(statement.kind, "expression");
    assert.equal(statement.kind === "expression" && statement.expr.kind, "call");
  });

  it("ignores comments and a trailing semicolon, and is case-insensitive in keywords", () => {
    const statement = parse(`-- first\nselect *\n/* a\nblock */ FROM "tbl" where pk = 'x';`);

    assert.equal(statement.kind, "select");
  });

  it("counts the ? parameters, but not a ? inside a string", () => {
    const { parameterCount } = parseStatement(`SELECT * FROM "tbl" WHERE pk = ? AND a = '?' AND b IN [?, ?]`);

    assert.equal(parameterCount, 3);
  });

  it("folds a sign into the number it precedes", () => {
    const expr = where("n = -.73e1");

    assert.equal(expr.kind === "binary" && expr.right.kind === "literal" && expr.right.text, "-.73e1");
  });

  it("unescapes doubled quotes in strings and quoted names", () => {
    const expr = where(`"it""s" = 'don''t'`);

    assert.ok(expr.kind === "binary");
    assert.equal(expr.left.kind === "identifier" && expr.left.name, 'it"s');
    assert.equal(expr.right.kind === "literal" && expr.right.text, "don't");
  });

  it("binds AND tighter than OR, and NOT to the comparison after it", () => {
    const expr = where("NOT a = 1 AND b = 2 OR c = 3");

    assert.ok(expr.kind === "binary" && expr.op === "or");
    assert.ok(expr.left.kind === "binary" && expr.left.op === "and");
    assert.equal(expr.left.left.kind, "unary");
  });

  it("reads IS [NOT] MISSING, NOT IN, BETWEEN and <> written as !=", () => {
    const expr = where("a IS NOT MISSING AND b NOT IN [1, 2] AND c BETWEEN 1 AND 5 AND d != 1");

    assert.equal(JSON.stringify(expr).includes('"kind":"is","negated":true'), true);
    assert.equal(JSON.stringify(expr).includes('"op":"not_in"'), true);
    assert.equal(JSON.stringify(expr).includes('"kind":"between"'), true);
    assert.equal(JSON.stringify(expr).includes('"op":"<>"'), true);
  });
});

describe("PartiQL parser: AWS's syntax error details", () => {
  it("a token left after a complete statement", () => {
    malformed(`SELECT * FROM "tbl" WHERE pk = 1 foo`, "Unexpected token after expression");
    malformed(`SELECT * FROM "tbl" WHERE pk = 1 e5`, "Unexpected token after expression");
    malformed(`INSERT INTO "tbl" VALUE {'pk': 1} foo`, "Unexpected token after expression");
    malformed(`DELETE FROM "tbl" WHERE pk = 1 ORDER BY pk`, "Unexpected token after expression");
    malformed(`SELECT * FROM "tbl" ORDER BY pk WHERE pk = 1`, "Unexpected token after expression");
    malformed(`SELECT * FROM "tbl" WHERE pk = 1)`, "Unexpected token after expression");
    malformed(`INSERT INTO "tbl" t VALUE {'pk': 'x'}`, "Unexpected token after expression");
    malformed(`FROM "tbl" SET c = 1 WHERE pk = 'x'`, "Unexpected token after expression");
  });

  it("nothing where a WHERE condition should start", () => {
    for (const text of [
      `SELECT * FROM "tbl" WHERE`,
      `SELECT * FROM "tbl" WHERE;`,
      `SELECT * FROM "tbl" WHERE   `,
      `UPDATE "tbl" SET a = 1 WHERE`,
      `DELETE FROM "tbl" WHERE`,
      `SELECT * FROM "tbl" WHERE NOT`,
      `SELECT * FROM "tbl" WHERE (`,
      "SELECT * FROM",
    ]) {
      malformed(text, "Unexpected term");
    }
  });

  it("a condition ending in AND or OR", () => {
    malformed(
      `SELECT * FROM "tbl" WHERE pk = 'p1' AND`,
      "Missing right-hand side expression of infix operator",
    );
    malformed(
      `SELECT * FROM "tbl" WHERE pk = 'p1' OR`,
      "Missing right-hand side expression of infix operator",
    );
  });

  it("a keyword or an operator where a term should start", () => {
    malformed(`SELECT * FROM "tbl" WHERE ORDER BY pk`, "Unexpected keyword");
    malformed(`SELECT * FROM "tbl" WHERE pad = 'none'`, "Unexpected keyword");
    malformed(`SELECT * FROM "tbl" WHERE IS NULL`, "Unexpected operator");
    malformed(`SELECT * FROM "tbl" WHERE pk = LIKE`, "Unexpected operator");
  });

  it("a DELETE with no table", () => {
    for (const text of ["DELETE FROM", "DELETE FROM   ", "DELETE FROM;", "DELETE FROM WHERE pk = 'a'"]) {
      malformed(text, "Expected identifier for simple path");
    }
  });

  it("a statement that is not one: SLECT reads as an expression whose FROM wants a data manipulation", () => {
    malformed(`SLECT * FROM "tbl" WHERE pk = 'x'`, "Expected data manipulation");
    malformed(`UPDATE "tbl" WHERE pk = 'x'`, "Expected data manipulation");
  });

  it("IS with something that is not a type name", () => {
    malformed(`SELECT * FROM "tbl" WHERE pk = 'a' AND x IS FOO`, "Expected type name");
  });

  it("a path step that is a keyword", () => {
    malformed(`SELECT * FROM "tbl" WHERE attribute_exists(m.inner)`, "Invalid path dot component");
  });

  it("what the lexer cannot read, with no detail", () => {
    for (const text of [
      `SELECT * FROM "tbl" WHERE pk = 1 # note`,
      `SELECT * FROM "tbl" WHERE pk = 1 /* note`,
      `SELECT * FROM "tbl`,
      `SELECT * FROM "tbl" WHERE pk = 'open`,
      `SELECT * FROM "tbl" WHERE pk = 1e2147483648`,
      `SELECT * FROM "tbl" WHERE pk = 1e99999999999`,
      `SELECT * FROM "tbl" WHERE pk = 1.5e-2147483647`,
      'SELECT * FROM "tbl" WHERE pk = `ion`',
    ]) {
      malformed(text, "");
    }
  });

  it("a star beside other projections", () => {
    malformed(
      `SELECT *, a FROM "tbl"`,
      "Other expressions may not be present in the select list when '*' is used without dot notation.",
    );
  });

  it("fails, without exhausting the stack, on nesting deeper than the parser's bound", () => {
    const depth = MAX_PARSE_DEPTH + 10;
    malformed(`SELECT * FROM "tbl" WHERE a = ${"(".repeat(depth)}1${")".repeat(depth)}`, "");
    malformed(`SELECT * FROM "tbl" WHERE a = ${"[".repeat(depth)}1${"]".repeat(depth)}`, "");
    malformed(`SELECT * FROM "tbl" WHERE ${"NOT ".repeat(depth)} a = 1`, "");
    malformed(`SELECT * FROM "tbl" WHERE a = ${"- ".repeat(depth)}1`, "");
  });

  it("parses a long flat chain of conditions without recursion", () => {
    const chain = Array.from({ length: 900 }, (_, i) => `a${i} = ${i}`).join(" AND ");

    assert.equal(parse(`SELECT * FROM "tbl" WHERE ${chain}`).kind, "select");
  });
});
