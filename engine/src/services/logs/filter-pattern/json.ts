/**
 * JSON filter patterns (AWS, "Using filter patterns to match terms in JSON log events"):
 *
 *   { $.eventType = "UpdateTrail" }     { $.latency > 50 }      { $.user.id = 1 && $.ip != 10.0.* }
 *   { ($.a = 1 || $.b = 2) && $.c IS TRUE }     { $.x IS NULL }     { $.x NOT EXISTS }
 *   { $.users[0].name = %^Jo% }          { $.tags[*] = "blue" }
 *
 * Only events whose whole message is a JSON object or array can match. A comparison with a
 * field the event lacks is false (whatever the operator); `[*]` matches when any element does.
 */
import { InvalidFilterPattern } from "./errors.ts";
import {
  bareOperand,
  type Comparison,
  checkComparison,
  compareValue,
  type Operand,
  readQuoted,
  readRegex,
  stringOperand,
} from "./values.ts";

type Step = { kind: "key"; name: string } | { kind: "index"; index: number } | { kind: "any" };

type Expr =
  | { kind: "and" | "or"; left: Expr; right: Expr }
  | { kind: "compare"; path: Step[]; comparison: Comparison; operand: Operand }
  | { kind: "test"; path: Step[]; test: "null" | "true" | "false" | "not-exists" };

type Token =
  | { kind: "punct"; text: "(" | ")" | "&&" | "||" }
  | { kind: "op"; text: Comparison }
  | { kind: "selector"; path: Step[] }
  | { kind: "operand"; operand: Operand }
  | { kind: "word"; text: string };

const STRUCTURAL = /[\s()&|=!<>"]/;

function readSelector(text: string, start: number): { path: Step[]; end: number } {
  const path: Step[] = [];
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === ".") {
      let end = i + 1;
      while (end < text.length && !STRUCTURAL.test(text[end]!) && text[end] !== "." && text[end] !== "[")
        end++;
      if (end === i + 1) throw new InvalidFilterPattern();
      path.push({ kind: "key", name: text.slice(i + 1, end) });
      i = end;
    } else if (text[i] === "[") {
      const close = text.indexOf("]", i);
      const inside = close < 0 ? "" : text.slice(i + 1, close);
      if (inside === "*") path.push({ kind: "any" });
      else if (/^\d+$/.test(inside)) path.push({ kind: "index", index: Number(inside) });
      else throw new InvalidFilterPattern();
      i = close + 1;
    } else break;
  }
  if (path.length === 0) throw new InvalidFilterPattern();
  return { path, end: i };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const two = text.slice(i, i + 2);
    if (/\s/.test(c)) i++;
    else if (c === "(" || c === ")") {
      tokens.push({ kind: "punct", text: c });
      i++;
    } else if (two === "&&" || two === "||") {
      tokens.push({ kind: "punct", text: two });
      i += 2;
    } else if (two === "!=" || two === "<=" || two === ">=") {
      tokens.push({ kind: "op", text: two });
      i += 2;
    } else if (c === "=" || c === "<" || c === ">") {
      tokens.push({ kind: "op", text: c });
      i++;
    } else if (c === "$") {
      const { path, end } = readSelector(text, i);
      tokens.push({ kind: "selector", path });
      i = end;
    } else if (c === '"') {
      const { value, end } = readQuoted(text, i);
      tokens.push({ kind: "operand", operand: stringOperand(value) });
      i = end;
    } else if (c === "%") {
      const { regex, end } = readRegex(text, i);
      tokens.push({ kind: "operand", operand: { kind: "regex", regex } });
      i = end;
    } else {
      let end = i;
      while (end < text.length && !STRUCTURAL.test(text[end]!)) end++;
      if (end === i) throw new InvalidFilterPattern();
      tokens.push({ kind: "word", text: text.slice(i, end) });
      i = end;
    }
  }
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Expr {
    const expr = this.or();
    if (this.position !== this.tokens.length) throw new InvalidFilterPattern();
    return expr;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position++];
    if (!token) throw new InvalidFilterPattern();
    return token;
  }

  private isPunct(text: string): boolean {
    const token = this.peek();
    return token?.kind === "punct" && token.text === text;
  }

  private or(): Expr {
    let left = this.and();
    while (this.isPunct("||")) {
      this.position++;
      left = { kind: "or", left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.primary();
    while (this.isPunct("&&")) {
      this.position++;
      left = { kind: "and", left, right: this.primary() };
    }
    return left;
  }

  private word(): string | undefined {
    const token = this.peek();
    if (token?.kind !== "word") return undefined;
    this.position++;
    return token.text.toUpperCase();
  }

  private primary(): Expr {
    if (this.isPunct("(")) {
      this.position++;
      const inner = this.or();
      if (!this.isPunct(")")) throw new InvalidFilterPattern();
      this.position++;
      return inner;
    }
    const selector = this.next();
    if (selector.kind !== "selector") throw new InvalidFilterPattern();
    const path = selector.path;
    const keyword = this.word();
    if (keyword === "IS") {
      const value = this.word();
      if (value === "NULL") return { kind: "test", path, test: "null" };
      if (value === "TRUE") return { kind: "test", path, test: "true" };
      if (value === "FALSE") return { kind: "test", path, test: "false" };
      throw new InvalidFilterPattern();
    }
    if (keyword === "NOT") {
      if (this.word() !== "EXISTS") throw new InvalidFilterPattern();
      return { kind: "test", path, test: "not-exists" };
    }
    if (keyword !== undefined) throw new InvalidFilterPattern();
    const op = this.next();
    if (op.kind !== "op") throw new InvalidFilterPattern();
    const value = this.next();
    let operand: Operand;
    if (value.kind === "operand") operand = value.operand;
    else if (value.kind === "word") operand = bareOperand(value.text);
    else throw new InvalidFilterPattern();
    checkComparison(op.text, operand);
    return { kind: "compare", path, comparison: op.text, operand };
  }
}

const MISSING = Symbol("missing");

/** The values the path reaches (several through `[*]`); MISSING where a step finds nothing. */
function select(document: unknown, path: readonly Step[]): unknown[] {
  let current: unknown[] = [document];
  for (const step of path) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step.kind === "key") {
        if (
          value !== null &&
          typeof value === "object" &&
          !Array.isArray(value) &&
          Object.hasOwn(value, step.name)
        )
          next.push((value as Record<string, unknown>)[step.name]);
        else next.push(MISSING);
      } else if (step.kind === "index") {
        next.push(Array.isArray(value) && step.index < value.length ? value[step.index] : MISSING);
      } else if (Array.isArray(value)) next.push(...value);
      else next.push(MISSING);
    }
    current = next;
  }
  return current;
}

function evaluate(expr: Expr, document: unknown): boolean {
  switch (expr.kind) {
    case "and":
      return evaluate(expr.left, document) && evaluate(expr.right, document);
    case "or":
      return evaluate(expr.left, document) || evaluate(expr.right, document);
    case "test": {
      const values = select(document, expr.path);
      if (expr.test === "not-exists") return values.every((v) => v === MISSING);
      const wanted = expr.test === "null" ? null : expr.test === "true";
      return values.some((v) => v === wanted);
    }
    case "compare":
      return select(document, expr.path).some(
        (v) => v !== MISSING && compareValue(v, expr.comparison, expr.operand),
      );
  }
}

/** Compiles the text between the braces of a JSON pattern. */
export function compileJson(body: string): (message: string) => boolean {
  const expr = new Parser(tokenize(body)).parse();
  return (message) => {
    const text = message.trimStart();
    if (text[0] !== "{" && text[0] !== "[") return false;
    let document: unknown;
    try {
      document = JSON.parse(message);
    } catch {
      return false;
    }
    return evaluate(expr, document);
  };
}
