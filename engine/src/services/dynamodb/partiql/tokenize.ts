/**
 * The PartiQL lexer, as DynamoDB's parser reads a statement: `--` and `/* *\/` comments, 'string'
 * and "quoted identifier" with doubled-quote escapes, Ion-style decimal numbers, `?` parameters,
 * `<<` `>>` bag brackets. AWS answers anything the lexer cannot read (an unterminated literal or
 * comment, `#`, a backtick Ion literal, an exponent beyond a 32-bit integer) with the well-formed
 * envelope and no detail.
 */
import { KEYWORDS } from "./keywords.ts";
import { malformed, type Position } from "./messages.ts";

export type TokenKind =
  | "identifier"
  | "quoted"
  | "keyword"
  | "string"
  | "number"
  | "parameter"
  | "punctuation"
  | "operator"
  | "eof";

export interface Token extends Position {
  readonly kind: TokenKind;
  /** Identifiers and strings as written (unescaped); keywords lower-cased; symbols as written. */
  readonly text: string;
}

const INT32_MAX = 2_147_483_647;
const INT32_MIN = -2_147_483_648;

const TWO_CHAR_SYMBOLS = new Map<string, TokenKind>([
  ["<<", "punctuation"],
  [">>", "punctuation"],
  ["<=", "operator"],
  [">=", "operator"],
  ["<>", "operator"],
  ["!=", "operator"],
  ["||", "operator"],
]);
const ONE_CHAR_SYMBOLS = new Map<string, TokenKind>([
  ["(", "punctuation"],
  [")", "punctuation"],
  ["[", "punctuation"],
  ["]", "punctuation"],
  ["{", "punctuation"],
  ["}", "punctuation"],
  [",", "punctuation"],
  [".", "punctuation"],
  [":", "punctuation"],
  [";", "punctuation"],
  ["=", "operator"],
  ["<", "operator"],
  [">", "operator"],
  ["+", "operator"],
  ["-", "operator"],
  ["*", "operator"],
  ["/", "operator"],
  ["%", "operator"],
  ["@", "operator"],
]);

const IDENTIFIER_START = /[A-Za-z_$]/;
const IDENTIFIER_PART = /[A-Za-z0-9_$]/;
const DIGIT = /[0-9]/;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  let line = 1;
  let lineStart = 0;

  const push = (kind: TokenKind, text: string, start: number, length: number) =>
    tokens.push({ kind, text, line, column: start - lineStart + 1, length });
  /** Advances over `source[from, to)`, counting lines. */
  const advance = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      if (source[i] === "\n") {
        line++;
        lineStart = i + 1;
      }
    }
  };

  while (index < source.length) {
    const char = source[index]!;
    const next = source[index + 1];
    if (char === " " || char === "\t" || char === "\r" || char === "\n" || char === "\f") {
      advance(index, index + 1);
      index++;
      continue;
    }
    if (char === "-" && next === "-") {
      const end = source.indexOf("\n", index);
      index = end < 0 ? source.length : end;
      continue;
    }
    if (char === "/" && next === "*") {
      const end = source.indexOf("*/", index + 2);
      if (end < 0) throw malformed();
      advance(index, end + 2);
      index = end + 2;
      continue;
    }
    if (char === "'" || char === '"') {
      const { text, end } = readQuoted(source, index, char);
      const startLine = line;
      const column = index - lineStart + 1;
      advance(index, end);
      tokens.push({
        kind: char === "'" ? "string" : "quoted",
        text,
        line: startLine,
        column,
        length: end - index,
      });
      index = end;
      continue;
    }
    if (DIGIT.test(char) || (char === "." && next !== undefined && DIGIT.test(next))) {
      const end = readNumber(source, index);
      push("number", source.slice(index, end), index, end - index);
      index = end;
      continue;
    }
    if (IDENTIFIER_START.test(char)) {
      let end = index + 1;
      while (end < source.length && IDENTIFIER_PART.test(source[end]!)) end++;
      const word = source.slice(index, end);
      const lower = word.toLowerCase();
      push(
        KEYWORDS.has(lower) ? "keyword" : "identifier",
        KEYWORDS.has(lower) ? lower : word,
        index,
        end - index,
      );
      index = end;
      continue;
    }
    if (char === "?") {
      push("parameter", "?", index, 1);
      index++;
      continue;
    }
    const pair = source.slice(index, index + 2);
    const pairKind = TWO_CHAR_SYMBOLS.get(pair);
    if (pairKind) {
      push(pairKind, pair, index, 2);
      index += 2;
      continue;
    }
    const kind = ONE_CHAR_SYMBOLS.get(char);
    if (!kind) throw malformed();
    push(kind, char, index, 1);
    index++;
  }
  tokens.push({ kind: "eof", text: "", line, column: index - lineStart + 1, length: 0 });
  return tokens;
}

function readQuoted(source: string, start: number, quote: string): { text: string; end: number } {
  let text = "";
  let index = start + 1;
  for (;;) {
    const close = source.indexOf(quote, index);
    if (close < 0) throw malformed();
    text += source.slice(index, close);
    if (source[close + 1] === quote) {
      text += quote;
      index = close + 2;
      continue;
    }
    return { text, end: close + 1 };
  }
}

/**
 * digits [. digits] [e [+-] digits], or . digits [...]. The value must be representable as a
 * Java BigDecimal: its exponent and its scale (fraction digits less the exponent) fit an int.
 */
function readNumber(source: string, start: number): number {
  let index = start;
  while (index < source.length && DIGIT.test(source[index]!)) index++;
  let fractionDigits = 0;
  if (source[index] === ".") {
    index++;
    while (index < source.length && DIGIT.test(source[index]!)) {
      index++;
      fractionDigits++;
    }
  }
  if (source[index] === "e" || source[index] === "E") {
    let cursor = index + 1;
    if (source[cursor] === "+" || source[cursor] === "-") cursor++;
    const digitsStart = cursor;
    while (cursor < source.length && DIGIT.test(source[cursor]!)) cursor++;
    if (cursor === digitsStart) throw malformed();
    const exponent = Number(source.slice(index + 1, cursor));
    if (exponent > INT32_MAX || exponent < INT32_MIN) throw malformed();
    const scale = fractionDigits - exponent;
    if (scale > INT32_MAX || scale < INT32_MIN) throw malformed();
    index = cursor;
  }
  return index;
}
