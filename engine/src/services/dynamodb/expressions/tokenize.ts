/**
 * The expression lexer. Token rules follow DynamoDB's own grammar (the Tokens.g4 shipped in Amazon's
 * DAX client): keywords are case-insensitive and only whole words; identifiers start with a letter;
 * a list index is "0" or a number without leading zeros; "#x" and ":x" need at least one character
 * from [A-Za-z0-9_]; anything else is a one-character UNKNOWN token that the parser reports as a
 * syntax error ("token: \"#\"").
 */
export type TokenType =
  | "="
  | "<>"
  | "<"
  | "<="
  | ">"
  | ">="
  | "+"
  | "-"
  | "("
  | ")"
  | "["
  | "]"
  | ","
  | "."
  | "IN"
  | "BETWEEN"
  | "NOT"
  | "AND"
  | "OR"
  | "SET"
  | "ADD"
  | "DELETE"
  | "REMOVE"
  | "INDEX"
  | "ID"
  | "NAME"
  | "VALUE"
  | "STRING"
  | "UNKNOWN"
  | "EOF";

export interface Token {
  readonly type: TokenType;
  readonly text: string;
  /** UTF-16 offsets into the expression; whitespace between tokens is not a token. */
  readonly start: number;
  readonly end: number;
}

const KEYWORDS = new Set<TokenType>(["IN", "BETWEEN", "NOT", "AND", "OR", "SET", "ADD", "DELETE", "REMOVE"]);
const PUNCTUATION = new Set(["=", "+", "-", "(", ")", "[", "]", ",", "."]);

const isWhitespace = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r";
const isLetter = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
const isDigit = (c: string) => c >= "0" && c <= "9";
const isIdChar = (c: string) => isLetter(c) || isDigit(c) || c === "_";

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (type: TokenType, end: number) => {
    tokens.push({ type, text: source.slice(i, end), start: i, end });
    i = end;
  };
  while (i < source.length) {
    const c = source[i]!;
    if (isWhitespace(c)) {
      i++;
    } else if (c === "<") {
      const next = source[i + 1];
      if (next === ">") push("<>", i + 2);
      else if (next === "=") push("<=", i + 2);
      else push("<", i + 1);
    } else if (c === ">") {
      push(source[i + 1] === "=" ? ">=" : ">", source[i + 1] === "=" ? i + 2 : i + 1);
    } else if (PUNCTUATION.has(c)) {
      push(c as TokenType, i + 1);
    } else if (isLetter(c)) {
      const end = scan(source, i + 1, isIdChar);
      const word = source.slice(i, end).toUpperCase() as TokenType;
      push(KEYWORDS.has(word) ? word : "ID", end);
    } else if (isDigit(c)) {
      push("INDEX", c === "0" ? i + 1 : scan(source, i + 1, isDigit));
    } else if (c === "#" || c === ":") {
      const end = scan(source, i + 1, isIdChar);
      if (end > i + 1) push(c === "#" ? "NAME" : "VALUE", end);
      else push("UNKNOWN", i + 1);
    } else if (c === '"' || c === "'") {
      const end = stringEnd(source, i, c);
      push(end > 0 ? "STRING" : "UNKNOWN", end > 0 ? end : i + 1);
    } else {
      const codePoint = source.codePointAt(i)!;
      push("UNKNOWN", i + (codePoint > 0xffff ? 2 : 1));
    }
  }
  tokens.push({ type: "EOF", text: "<EOF>", start: source.length, end: source.length });
  return tokens;
}

function scan(source: string, from: number, accept: (c: string) => boolean): number {
  let end = from;
  while (end < source.length && accept(source[end]!)) end++;
  return end;
}

/** A quoted string literal (never valid in an expression, but one token in DynamoDB's lexer). */
function stringEnd(source: string, start: number, quote: string): number {
  for (let j = start + 1; j < source.length; j++) {
    if (source[j] === "\\" && source[j + 1] === quote) j++;
    else if (source[j] === quote) return j + 1;
  }
  return -1;
}
