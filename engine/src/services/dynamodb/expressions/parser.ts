/**
 * The token cursor shared by the expression parsers, with DynamoDB's error shapes:
 *
 * - Syntax errors name the offending token and quote the source from the previous token to the
 *   next one ('Syntax error; token: ":", near: "hits : incr"'; "<EOF>" at the end). This is how
 *   DynamoDB Local's ExpressionErrorListener builds it and what AWS returns.
 * - Checks AWS makes while walking the parse tree (reserved words, function names, repeated
 *   sections) are queued in source order and run only once the whole expression has parsed, so a
 *   syntax error anywhere wins over them, as in AWS.
 */
import type { ValidationException } from "../errors.ts";
import { type ExpressionKind, invalidExpression } from "./kinds.ts";
import { MAX_PARSE_DEPTH } from "./limits.ts";
import { type Token, type TokenType, tokenize } from "./tokenize.ts";

export const REDUNDANT_PARENTHESES = "The expression has redundant parentheses;";

export class Parser {
  readonly tokens: Token[];
  private position = 0;
  private depth = 0;
  private readonly walkChecks: Array<() => void> = [];
  /** Matching ")" for each "(" (by token index), found once up front so lookahead stays linear. */
  private readonly closers = new Map<number, number>();

  constructor(
    readonly source: string,
    readonly kind: ExpressionKind,
  ) {
    this.tokens = tokenize(source);
    const open: number[] = [];
    this.tokens.forEach((token, index) => {
      if (token.type === "(") open.push(index);
      else if (token.type === ")" && open.length > 0) this.closers.set(open.pop()!, index);
    });
  }

  get index(): number {
    return this.position;
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)]!;
  }

  at(type: TokenType): boolean {
    return this.peek().type === type;
  }

  next(): Token {
    const token = this.peek();
    if (token.type !== "EOF") this.position++;
    return token;
  }

  accept(type: TokenType): Token | undefined {
    return this.at(type) ? this.next() : undefined;
  }

  expect(type: TokenType): Token {
    if (!this.at(type)) throw this.syntaxError();
    return this.next();
  }

  /** The index of the ")" closing the "(" at `index`, if it is closed at all. */
  closerOf(index: number): number | undefined {
    return this.closers.get(index);
  }

  tokenAt(index: number): Token {
    return this.tokens[Math.min(index, this.tokens.length - 1)]!;
  }

  /** A syntax error at the current token. */
  syntaxError(): ValidationException {
    const index = Math.min(this.position, this.tokens.length - 1);
    const token = this.tokens[index]!;
    const previous = index > 0 ? this.tokens[index - 1] : undefined;
    const following = token.type === "EOF" ? undefined : this.tokens[index + 1];
    const start = previous ? previous.start : 0;
    const end = following === undefined || following.type === "EOF" ? this.source.length : following.end;
    const near = this.source.slice(start, end);
    return invalidExpression(this.kind, `Syntax error; token: "${token.text}", near: "${near}"`);
  }

  redundantParentheses(): ValidationException {
    return invalidExpression(this.kind, REDUNDANT_PARENTHESES);
  }

  fail(message: string): ValidationException {
    return invalidExpression(this.kind, message);
  }

  /** Queues a check AWS makes while walking the finished parse tree. */
  onWalk(check: () => void): void {
    this.walkChecks.push(check);
  }

  runWalkChecks(): void {
    for (const check of this.walkChecks) check();
  }

  /** Guards recursion; a 4 KB expression never gets near the bound, hostile input reports a syntax error. */
  nest<T>(parse: () => T): T {
    if (++this.depth > MAX_PARSE_DEPTH) throw this.syntaxError();
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  expectEnd(): void {
    if (!this.at("EOF")) throw this.syntaxError();
  }
}
