/**
 * The PartiQL parser, shaped like the one DynamoDB runs (partiql-lang-kotlin's SqlParser: a Pratt
 * expression parser under SELECT / INSERT / UPDATE / DELETE / FROM-first statements), so that a
 * malformed statement fails with the same detail AWS prints after "Statement wasn't well formed,
 * can't be processed: " ("Unexpected term", "Unexpected keyword", "Unexpected token after
 * expression", "Missing right-hand side expression of infix operator", …).
 *
 * Recursion is bounded (MAX_PARSE_DEPTH) so hostile nesting fails as a syntax error instead of
 * exhausting the stack.
 */
import { ValidationException } from "../errors.ts";
import type {
  Expr,
  OrderItem,
  ParsedStatement,
  PathStep,
  ReturnValues,
  SelectStatement,
  Source,
  Statement,
  UpdateClause,
} from "./ast.ts";
import { malformed } from "./messages.ts";
import { ExpressionParser, literalOf } from "./parse-expression.ts";
import { tokenize } from "./tokenize.ts";

export { MAX_PARSE_DEPTH } from "./token-cursor.ts";

export function parseStatement(text: string): ParsedStatement {
  const parser = new StatementParser(tokenize(text));
  const statement = parser.statement();
  return { statement, parameterCount: parser.parameters };
}

const STAR_NOT_ALONE =
  "Other expressions may not be present in the select list when '*' is used without dot notation.";

class StatementParser extends ExpressionParser {
  statement(): Statement {
    let statement: Statement;
    if (this.isKeyword("select")) {
      this.index++;
      statement = this.select();
    } else if (this.isKeyword("insert") && this.isKeyword("into", this.peek())) {
      this.index += 2;
      statement = this.insert();
    } else if (this.isKeyword("update")) {
      this.index++;
      statement = this.update();
    } else if (this.isKeyword("delete")) {
      this.index++;
      statement = this.delete();
    } else if (this.isKeyword("from")) {
      this.index++;
      statement = this.fromFirst();
    } else {
      statement = { kind: "expression", expr: this.expression() };
    }
    if (this.isSymbol(";")) this.index++;
    // AWS: the parser stops at the first token no rule continues with.
    if (this.current.kind !== "eof") throw malformed("Unexpected token after expression");
    return statement;
  }

  protected subStatement(keyword: "select" | "from"): Statement {
    return keyword === "select" ? this.select() : this.fromFirst();
  }

  private select(): SelectStatement {
    const distinct = this.acceptKeyword("distinct");
    if (!distinct) this.acceptKeyword("all");
    let projection: SelectStatement["projection"];
    const value = this.acceptKeyword("value");
    if (value) {
      projection = [{ expr: this.expression(), alias: undefined }];
    } else if (this.isSymbol("*")) {
      this.index++;
      if (this.isSymbol(",")) throw malformed(STAR_NOT_ALONE);
      projection = undefined;
    } else {
      if (this.isKeyword("from")) throw malformed("Cannot have empty SELECT list");
      const items: { expr: Expr; alias: string | undefined }[] = [];
      do {
        if (this.isSymbol("*")) throw malformed(STAR_NOT_ALONE);
        const expr = this.expression();
        items.push({ expr, alias: this.alias() });
      } while (this.acceptSymbol(","));
      projection = items;
    }
    this.expectKeyword("from");
    const source = this.source(true);
    const where = this.acceptKeyword("where") ? this.expression() : undefined;
    const unsupported: SelectStatement["unsupported"][number][] = [];
    if (this.isKeyword("group") && this.isKeyword("by", this.peek())) {
      this.index += 2;
      this.expressionList();
      unsupported.push("GROUP BY");
    }
    if (this.acceptKeyword("having")) {
      this.expression();
      unsupported.push("HAVING");
    }
    let orderBy: OrderItem[] | undefined;
    if (this.isKeyword("order") && this.isKeyword("by", this.peek())) {
      this.index += 2;
      orderBy = [];
      do {
        const expr = this.expression();
        const descending = this.acceptKeyword("desc");
        if (!descending) this.acceptKeyword("asc");
        orderBy.push({ expr, descending });
      } while (this.acceptSymbol(","));
    }
    if (this.acceptKeyword("limit")) {
      this.expression();
      unsupported.push("LIMIT");
    }
    if (this.acceptKeyword("offset")) {
      this.expression();
      unsupported.push("OFFSET");
    }
    return { kind: "select", projection, value, distinct, source, where, orderBy, unsupported };
  }

  private insert(): Statement {
    const source: Source = { expr: this.simplePath(), alias: undefined, joined: false };
    if (!this.acceptKeyword("value")) {
      // `INSERT INTO t <<{…}, {…}>>`: parsed, then refused by DynamoDB.
      return {
        kind: "insert",
        source,
        value: this.expression(),
        single: false,
        at: false,
        onConflict: false,
        returning: undefined,
      };
    }
    const value = this.expression();
    const at = this.acceptKeyword("at");
    if (at) this.expression();
    let onConflict = false;
    if (this.isKeyword("on") && this.isKeyword("conflict", this.peek())) {
      this.index += 2;
      onConflict = true;
      if (this.acceptKeyword("where")) this.expression();
      this.expectKeyword("do");
      this.expectKeyword("nothing");
    }
    return { kind: "insert", source, value, single: true, at, onConflict, returning: this.returning() };
  }

  private update(): Statement {
    const source = this.dmlSource();
    const clauses = this.updateClauses();
    const where = this.acceptKeyword("where") ? this.expression() : undefined;
    return { kind: "update", source, clauses, where, returning: this.returning() };
  }

  private delete(): Statement {
    if (!this.acceptKeyword("from")) throw malformed("Expected FROM after DELETE");
    const source = this.dmlSource();
    const where = this.acceptKeyword("where") ? this.expression() : undefined;
    return { kind: "delete", source, where, returning: this.returning() };
  }

  /** `FROM t [WHERE …] SET …|REMOVE …`, PartiQL's FROM-first form of UPDATE. */
  private fromFirst(): Statement {
    const source = this.source(false);
    const where = this.acceptKeyword("where") ? this.expression() : undefined;
    const clauses = this.updateClauses();
    return { kind: "update", source, clauses, where, returning: this.returning() };
  }

  private updateClauses(): UpdateClause[] {
    const clauses: UpdateClause[] = [];
    for (;;) {
      if (this.isKeyword("set")) {
        const position = this.next();
        do {
          const target = this.simplePath();
          this.expectSymbol("=", "EQ");
          clauses.push({ kind: "SET", target, value: this.expression(), position });
        } while (this.acceptSymbol(","));
      } else if (this.isKeyword("remove")) {
        const position = this.next();
        clauses.push({ kind: "REMOVE", target: this.simplePath(), position });
      } else {
        break;
      }
    }
    if (clauses.length === 0) throw malformed("Expected data manipulation");
    return clauses;
  }

  private returning(): ReturnValues | undefined {
    if (!this.acceptKeyword("returning")) return undefined;
    const mapping = this.acceptKeyword("all")
      ? "ALL"
      : this.acceptKeyword("modified")
        ? "MODIFIED"
        : undefined;
    const age = this.acceptKeyword("old") ? "OLD" : this.acceptKeyword("new") ? "NEW" : undefined;
    if (!mapping || !age) throw malformed("Expected ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
    if (!this.acceptSymbol("*")) {
      throw new ValidationException(
        "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause",
      );
    }
    if (this.isSymbol(",")) {
      throw new ValidationException("Invalid syntax with multiple returning elements in RETURNING clause");
    }
    return `${mapping} ${age}` as ReturnValues;
  }

  /** The target of UPDATE/DELETE: a simple path and the aliases PartiQL allows (DynamoDB refuses them). */
  private dmlSource(): Source {
    const expr = this.simplePath();
    let alias: string | undefined;
    if (this.acceptKeyword("as")) alias = this.aliasName();
    else if (this.current.kind === "identifier" || this.current.kind === "quoted") alias = this.next().text;
    if (this.acceptKeyword("at")) alias ??= this.aliasName();
    if (this.acceptKeyword("by")) alias ??= this.aliasName();
    return { expr, alias, joined: false };
  }

  /** A FROM source: any expression (a path, for DynamoDB), an optional alias, and further sources. */
  private source(allowJoin: boolean): Source {
    const expr = this.expression();
    const alias = this.alias() ?? (this.acceptKeyword("at") ? this.aliasName() : undefined);
    let joined = false;
    while (allowJoin && this.acceptSymbol(",")) {
      joined = true;
      this.expression();
      this.alias();
    }
    return { expr, alias, joined };
  }

  private alias(): string | undefined {
    if (this.acceptKeyword("as")) return this.aliasName();
    if (this.current.kind === "identifier" || this.current.kind === "quoted") return this.next().text;
    return undefined;
  }

  private aliasName(): string {
    if (this.current.kind !== "identifier" && this.current.kind !== "quoted")
      throw malformed("Expected identifier for alias");
    return this.next().text;
  }

  /** An identifier with `.name` and `[literal]` steps: the target of INSERT, UPDATE, SET, REMOVE. */
  private simplePath(): Expr {
    const head = this.current;
    if (head.kind !== "identifier" && head.kind !== "quoted")
      throw malformed("Expected identifier for simple path");
    this.index++;
    const root: Expr = {
      kind: "identifier",
      name: head.text,
      quoted: head.kind === "quoted",
      position: head,
    };
    const steps: PathStep[] = [];
    for (;;) {
      if (this.isSymbol(".")) {
        this.index++;
        const part = this.current;
        if (part.kind === "identifier" || part.kind === "quoted") {
          steps.push({ kind: "name", name: this.next().text, position: part });
        } else if (this.isSymbol("*")) {
          throw malformed("Invalid path dot component for simple path");
        } else {
          throw malformed("Invalid path dot component");
        }
      } else if (this.isSymbol("[")) {
        const bracket = this.next();
        const index = this.current;
        if (index.kind !== "number" && index.kind !== "string")
          throw malformed("Invalid path component for simple path");
        this.index++;
        this.expectSymbol("]", "RIGHT_BRACKET");
        steps.push({ kind: "index", index: literalOf(index), position: bracket });
      } else {
        break;
      }
    }
    return steps.length === 0 ? root : { kind: "path", root, steps, position: head };
  }
}
