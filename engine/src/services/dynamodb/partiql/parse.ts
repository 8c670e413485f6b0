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
import { FUNCTION_KEYWORDS, TYPE_NAMES } from "./keywords.ts";
import { malformed, type Position } from "./messages.ts";
import { type Token, tokenize } from "./tokenize.ts";
import { ValidationException } from "../errors.ts";

/** Far above what any sensible statement nests, far below what exhausts the stack. */
export const MAX_PARSE_DEPTH = 500;

const NOT_PRECEDENCE = 30;
const INFIX_PRECEDENCE: Readonly<Record<string, number>> = {
  or: 10,
  and: 20,
  is: 40,
  is_not: 40,
  in: 40,
  not_in: 40,
  like: 40,
  not_like: 40,
  between: 40,
  not_between: 40,
  "=": 40,
  "<>": 40,
  "<": 50,
  "<=": 50,
  ">": 50,
  ">=": 50,
  "||": 60,
  "+": 70,
  "-": 70,
  "*": 80,
  "/": 80,
  "%": 80,
};

export function parseStatement(text: string): ParsedStatement {
  const parser = new Parser(tokenize(text));
  const statement = parser.statement();
  return { statement, parameterCount: parser.parameters };
}

class Parser {
  private index = 0;
  private depth = 0;
  parameters = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private get current(): Token {
    return this.tokens[this.index]!;
  }

  private peek(offset = 1): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.current;
    if (token.kind !== "eof") this.index++;
    return token;
  }

  private isKeyword(word: string, token = this.current): boolean {
    return token.kind === "keyword" && token.text === word;
  }

  private isSymbol(symbol: string, token = this.current): boolean {
    return (token.kind === "punctuation" || token.kind === "operator") && token.text === symbol;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.index++;
    return true;
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw malformed(`Expected ${word.toUpperCase()} keyword`);
  }

  private expectSymbol(symbol: string, name: string): void {
    if (!this.isSymbol(symbol)) throw malformed(`Expected ${name}`);
    this.index++;
  }

  private enter(): void {
    if (++this.depth > MAX_PARSE_DEPTH) throw malformed();
  }

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

  // ── Statements ────────────────────────────────────────────────────────────

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
    const mapping = this.acceptKeyword("all") ? "ALL" : this.acceptKeyword("modified") ? "MODIFIED" : undefined;
    const age = this.acceptKeyword("old") ? "OLD" : this.acceptKeyword("new") ? "NEW" : undefined;
    if (!mapping || !age) throw malformed("Expected ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
    if (!this.acceptSymbol("*")) {
      throw new ValidationException("Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
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
    if (this.current.kind !== "identifier" && this.current.kind !== "quoted") throw malformed("Expected identifier for alias");
    return this.next().text;
  }

  /** An identifier with `.name` and `[literal]` steps: the target of INSERT, UPDATE, SET, REMOVE. */
  private simplePath(): Expr {
    const head = this.current;
    if (head.kind !== "identifier" && head.kind !== "quoted") throw malformed("Expected identifier for simple path");
    this.index++;
    const root: Expr = { kind: "identifier", name: head.text, quoted: head.kind === "quoted", position: head };
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
        if (index.kind !== "number" && index.kind !== "string") throw malformed("Invalid path component for simple path");
        this.index++;
        this.expectSymbol("]", "RIGHT_BRACKET");
        steps.push({ kind: "index", index: literalOf(index), position: bracket });
      } else {
        break;
      }
    }
    return steps.length === 0 ? root : { kind: "path", root, steps, position: head };
  }

  // ── Expressions ───────────────────────────────────────────────────────────

  expression(precedence = -1): Expr {
    this.enter();
    let left = this.unary();
    for (;;) {
      const operator = this.infixOperator();
      if (!operator || precedence >= INFIX_PRECEDENCE[operator.name]!) break;
      const position = this.current;
      this.index += operator.width;
      left = this.infix(operator.name, left, position);
    }
    this.depth--;
    return left;
  }

  private expressionList(): Expr[] {
    const items: Expr[] = [];
    do items.push(this.expression());
    while (this.acceptSymbol(","));
    return items;
  }

  /** The operator at the cursor, if any, with the number of tokens it spans ("NOT IN", "IS NOT"). */
  private infixOperator(): { name: string; width: number } | undefined {
    const token = this.current;
    if (token.kind === "operator") {
      if (token.text === "!=") return { name: "<>", width: 1 };
      return token.text in INFIX_PRECEDENCE ? { name: token.text, width: 1 } : undefined;
    }
    if (token.kind !== "keyword") return undefined;
    if (token.text === "not") {
      const next = this.peek();
      if (next.kind === "keyword" && ["in", "like", "between"].includes(next.text)) {
        return { name: `not_${next.text}`, width: 2 };
      }
      return undefined;
    }
    if (token.text === "is") {
      return this.isKeyword("not", this.peek()) ? { name: "is_not", width: 2 } : { name: "is", width: 1 };
    }
    return ["and", "or", "in", "like", "between"].includes(token.text) ? { name: token.text, width: 1 } : undefined;
  }

  private infix(name: string, left: Expr, position: Position): Expr {
    const precedence = INFIX_PRECEDENCE[name]!;
    if (name === "is" || name === "is_not") {
      return { kind: "is", negated: name === "is_not", operand: left, type: this.typeName(), position };
    }
    if ((name === "in" || name === "not_in") && this.isSymbol("(") && !this.isKeyword("select", this.peek())) {
      const open = this.next();
      const items = this.isSymbol(")") ? [] : this.expressionList();
      this.expectSymbol(")", "RIGHT_PAREN");
      return { kind: "binary", op: name, left, right: { kind: "list", items, position: open }, position };
    }
    const right = this.rightOperand(precedence);
    if (name === "between" || name === "not_between") {
      this.expectKeyword("and");
      if (this.current.kind === "eof") throw malformed("Expected expression after AND");
      const upper = this.expression(precedence);
      return { kind: "between", negated: name === "not_between", operand: left, lower: right, upper, position };
    }
    if (name === "like" || name === "not_like") {
      if (this.acceptKeyword("escape")) this.expression(precedence);
    }
    return { kind: "binary", op: name, left, right, position };
  }

  private rightOperand(precedence: number): Expr {
    if (this.current.kind === "eof") throw malformed("Missing right-hand side expression of infix operator");
    return this.expression(precedence);
  }

  private typeName(): string {
    const token = this.current;
    const word = token.kind === "keyword" || token.kind === "identifier" ? token.text.toLowerCase() : "";
    if (!TYPE_NAMES.has(word)) throw malformed("Expected type name");
    this.index++;
    if (word === "double" && this.acceptKeyword("precision")) return "double precision";
    if (word === "character" && this.acceptKeyword("varying")) return "character varying";
    if (this.isSymbol("(")) {
      this.index++;
      this.expressionList();
      this.expectSymbol(")", "RIGHT_PAREN");
    }
    return word;
  }

  private unary(): Expr {
    const token = this.current;
    if (this.isKeyword("not")) {
      this.index++;
      const operand = this.expression(NOT_PRECEDENCE);
      return { kind: "unary", op: "not", operand, position: token };
    }
    if (this.isSymbol("-") || this.isSymbol("+")) {
      this.index++;
      this.enter();
      const operand = this.unary();
      this.depth--;
      if (operand.kind === "literal" && operand.type === "number") {
        // AWS folds a sign into the number literal it precedes.
        const text = token.text === "-" ? negate(operand.text) : operand.text;
        return { ...operand, text, position: token };
      }
      return { kind: "unary", op: token.text as "-" | "+", operand, position: token };
    }
    return this.pathTerm();
  }

  private pathTerm(): Expr {
    const root = this.term();
    const steps: PathStep[] = [];
    for (;;) {
      const token = this.current;
      if (this.isSymbol(".")) {
        this.index++;
        const part = this.current;
        if (part.kind === "identifier" || part.kind === "quoted") {
          steps.push({ kind: "name", name: this.next().text, position: part });
        } else if (this.isSymbol("*")) {
          this.index++;
          steps.push({ kind: "wildcard", position: part });
        } else {
          throw malformed("Invalid path dot component");
        }
      } else if (this.isSymbol("[")) {
        this.index++;
        if (this.isSymbol("*")) {
          this.index++;
          steps.push({ kind: "wildcard", position: token });
        } else {
          steps.push({ kind: "index", index: this.expression(), position: token });
        }
        this.expectSymbol("]", "RIGHT_BRACKET");
      } else {
        break;
      }
    }
    return steps.length === 0 ? root : { kind: "path", root, steps, position: root.position };
  }

  private term(): Expr {
    const token = this.current;
    switch (token.kind) {
      case "string":
      case "number":
        this.index++;
        return literalOf(token);
      case "parameter":
        this.index++;
        return { kind: "parameter", index: this.parameters++, position: token };
      case "identifier":
      case "quoted":
        this.index++;
        if (this.isSymbol("(")) return this.call(token.kind === "identifier" ? token.text.toLowerCase() : token.text, token);
        return { kind: "identifier", name: token.text, quoted: token.kind === "quoted", position: token };
      case "keyword":
        return this.keywordTerm(token);
      case "punctuation":
        return this.bracketed(token);
      case "operator":
        throw malformed("Unexpected operator");
      case "eof":
        throw malformed("Unexpected term");
    }
  }

  private keywordTerm(token: Token): Expr {
    switch (token.text) {
      case "true":
      case "false":
        this.index++;
        return { kind: "literal", type: "boolean", text: token.text, position: token };
      case "null":
        this.index++;
        return { kind: "literal", type: "null", text: "null", position: token };
      case "missing":
        this.index++;
        return { kind: "literal", type: "missing", text: "missing", position: token };
      case "select":
        this.index++;
        return { kind: "statement", statement: this.nested(() => this.select()), position: token };
      case "from":
        this.index++;
        return { kind: "statement", statement: this.nested(() => this.fromFirst()), position: token };
    }
    // AWS's lexer types these words as operators, so they fail where a term should start.
    if (OPERATOR_KEYWORDS.has(token.text)) throw malformed("Unexpected operator");
    if (FUNCTION_KEYWORDS.has(token.text) && this.isSymbol("(", this.peek())) {
      this.index++;
      return this.call(token.text, token);
    }
    throw malformed("Unexpected keyword");
  }

  private nested<T>(parse: () => T): T {
    this.enter();
    const result = parse();
    this.depth--;
    return result;
  }

  private call(name: string, position: Position): Expr {
    this.index++; // (
    const args = this.isSymbol(")") ? [] : this.nested(() => this.expressionList());
    this.expectSymbol(")", "RIGHT_PAREN");
    return { kind: "call", name, args, position };
  }

  private bracketed(token: Token): Expr {
    this.index++;
    switch (token.text) {
      case "(": {
        if (this.isSymbol(")")) throw malformed("Expression group cannot be empty");
        const items = this.nested(() => this.expressionList());
        this.expectSymbol(")", "RIGHT_PAREN");
        return items.length === 1 ? items[0]! : { kind: "list", items, position: token };
      }
      case "[": {
        const items = this.isSymbol("]") ? [] : this.nested(() => this.expressionList());
        this.expectSymbol("]", "RIGHT_BRACKET");
        return { kind: "list", items, position: token };
      }
      case "<<": {
        const items = this.isSymbol(">>") ? [] : this.nested(() => this.expressionList());
        this.expectSymbol(">>", "RIGHT_DOUBLE_ANGLE_BRACKET");
        return { kind: "bag", items, position: token };
      }
      case "{": {
        const fields: { key: Expr; value: Expr }[] = [];
        if (!this.isSymbol("}")) {
          this.nested(() => {
            do {
              const key = this.expression();
              this.expectSymbol(":", "COLON");
              fields.push({ key, value: this.expression() });
            } while (this.acceptSymbol(","));
          });
        }
        this.expectSymbol("}", "RIGHT_CURLY");
        return { kind: "struct", fields, position: token };
      }
      default:
        this.index--;
        throw malformed("Unexpected term");
    }
  }

  private acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.index++;
    return true;
  }
}

const OPERATOR_KEYWORDS = new Set(["and", "or", "is", "in", "like", "between"]);

const STAR_NOT_ALONE =
  "Other expressions may not be present in the select list when '*' is used without dot notation.";

function literalOf(token: Token): Expr {
  return {
    kind: "literal",
    type: token.kind === "string" ? "string" : "number",
    text: token.text,
    position: token,
  };
}

const negate = (text: string): string => (text.startsWith("-") ? text.slice(1) : `-${text}`);
