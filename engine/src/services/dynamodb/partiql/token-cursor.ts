/** A cursor over a statement's tokens, with the parser's depth bound. */
import { malformed } from "./messages.ts";
import type { Token } from "./tokenize.ts";

/** Far above what any sensible statement nests, far below what exhausts the stack. */
export const MAX_PARSE_DEPTH = 500;

export class TokenCursor {
  protected index = 0;
  protected depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  protected get current(): Token {
    return this.tokens[this.index]!;
  }

  protected peek(offset = 1): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  protected next(): Token {
    const token = this.current;
    if (token.kind !== "eof") this.index++;
    return token;
  }

  protected isKeyword(word: string, token = this.current): boolean {
    return token.kind === "keyword" && token.text === word;
  }

  protected isSymbol(symbol: string, token = this.current): boolean {
    return (token.kind === "punctuation" || token.kind === "operator") && token.text === symbol;
  }

  protected acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.index++;
    return true;
  }

  protected expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw malformed(`Expected ${word.toUpperCase()} keyword`);
  }

  protected expectSymbol(symbol: string, name: string): void {
    if (!this.isSymbol(symbol)) throw malformed(`Expected ${name}`);
    this.index++;
  }

  /** Counts one level of nesting; past MAX_PARSE_DEPTH the statement is malformed. */
  protected enter(): void {
    if (++this.depth > MAX_PARSE_DEPTH) throw malformed();
  }

  protected nested<T>(parse: () => T): T {
    this.enter();
    const result = parse();
    this.depth--;
    return result;
  }

  protected acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.index++;
    return true;
  }
}
