/**
 * PartiQL expressions, parsed as DynamoDB's parser does (partiql-lang-kotlin's Pratt parser): the
 * infix operators by precedence, unary NOT and signs, path steps, literals, calls, and statements
 * where a term may be one (a sub-SELECT, a FROM-first DML).
 */
import type { Expr, PathStep, Statement } from "./ast.ts";
import { FUNCTION_KEYWORDS, TYPE_NAMES } from "./keywords.ts";
import { malformed, type Position } from "./messages.ts";
import { TokenCursor } from "./token-cursor.ts";
import type { Token } from "./tokenize.ts";

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

/** AWS's lexer types these words as operators, so they fail where a term should start. */
const OPERATOR_KEYWORDS = new Set(["and", "or", "is", "in", "like", "between"]);

export abstract class ExpressionParser extends TokenCursor {
  parameters = 0;

  /** A statement where a term starts with SELECT or FROM. */
  protected abstract subStatement(keyword: "select" | "from"): Statement;

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

  protected expressionList(): Expr[] {
    const items: Expr[] = [];
    do items.push(this.expression());
    while (this.acceptSymbol(","));
    return items;
  }

  /** The operator at the cursor, if any, with the number of tokens it spans ("NOT IN", "IS NOT"). */
  protected infixOperator(): { name: string; width: number } | undefined {
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
    return ["and", "or", "in", "like", "between"].includes(token.text)
      ? { name: token.text, width: 1 }
      : undefined;
  }

  protected infix(name: string, left: Expr, position: Position): Expr {
    const precedence = INFIX_PRECEDENCE[name]!;
    if (name === "is" || name === "is_not") {
      return { kind: "is", negated: name === "is_not", operand: left, type: this.typeName(), position };
    }
    if (
      (name === "in" || name === "not_in") &&
      this.isSymbol("(") &&
      !this.isKeyword("select", this.peek())
    ) {
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
      return {
        kind: "between",
        negated: name === "not_between",
        operand: left,
        lower: right,
        upper,
        position,
      };
    }
    if (name === "like" || name === "not_like") {
      if (this.acceptKeyword("escape")) this.expression(precedence);
    }
    return { kind: "binary", op: name, left, right, position };
  }

  protected rightOperand(precedence: number): Expr {
    if (this.current.kind === "eof") throw malformed("Missing right-hand side expression of infix operator");
    return this.expression(precedence);
  }

  protected typeName(): string {
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

  protected unary(): Expr {
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

  protected pathTerm(): Expr {
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

  protected term(): Expr {
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
        if (this.isSymbol("("))
          return this.call(token.kind === "identifier" ? token.text.toLowerCase() : token.text, token);
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

  protected keywordTerm(token: Token): Expr {
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
      case "from":
        this.index++;
        return {
          kind: "statement",
          statement: this.nested(() => this.subStatement(token.text as "select" | "from")),
          position: token,
        };
    }
    if (OPERATOR_KEYWORDS.has(token.text)) throw malformed("Unexpected operator");
    if (FUNCTION_KEYWORDS.has(token.text) && this.isSymbol("(", this.peek())) {
      this.index++;
      return this.call(token.text, token);
    }
    throw malformed("Unexpected keyword");
  }

  protected call(name: string, position: Position): Expr {
    this.index++; // (
    const args = this.isSymbol(")") ? [] : this.nested(() => this.expressionList());
    this.expectSymbol(")", "RIGHT_PAREN");
    return { kind: "call", name, args, position };
  }

  protected bracketed(token: Token): Expr {
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
}

export function literalOf(token: Token): Expr {
  return {
    kind: "literal",
    type: token.kind === "string" ? "string" : "number",
    text: token.text,
    position: token,
  };
}

const negate = (text: string): string => (text.startsWith("-") ? text.slice(1) : `-${text}`);
