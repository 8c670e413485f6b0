/**
 * A strict JSON reader for patterns. `JSON.parse` will not do: a pattern's duplicate keys must all
 * be seen (event-ruler merges `{"a": {"b": …}, "a": {"c": …}}` into both paths; the last value
 * of one path wins), and a number's own text decides how it compares (`1.5000000` vs `1.5`).
 *
 * Errors use the words of Jackson, the parser event-ruler reads patterns with (EventBridge echoes
 * them, e.g. "Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token
 * 'null', 'true' or 'false')" in LocalStack's recorded `test_invalid_json_event_pattern`), without
 * Jackson's " at [Source: …; line: …, column: …]" suffix. Like event-ruler, reading stops at the
 * end of the top-level value: whatever follows it is never looked at.
 */
import { InvalidEventPattern } from "./errors.ts";

export type JsonNode =
  | { readonly kind: "object"; readonly entries: ReadonlyArray<readonly [string, JsonNode]> }
  | { readonly kind: "array"; readonly items: readonly JsonNode[] }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "number"; readonly text: string; readonly value: number }
  | { readonly kind: "true" | "false" | "null" };

export type JsonObject = Extract<JsonNode, { kind: "object" }>;

const EXPECTED_VALUE = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

/** Jackson's description of a character in its messages. */
function describeChar(code: number): string {
  if (code < 0x20) return `(CTRL-CHAR, code ${code})`;
  const char = String.fromCodePoint(code);
  if (code > 255) return `'${char}' (code ${code} / 0x${code.toString(16)})`;
  return `'${char}' (code ${code})`;
}

const isWhitespace = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\n" || c === "\r";
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isTokenChar = (c: string | undefined): boolean => c !== undefined && /^[\p{L}\p{N}_$]$/u.test(c);

class Reader {
  private pos = 0;
  constructor(private readonly text: string) {}

  /** The first non-blank character, if any, without consuming it. */
  peekStart(): string | undefined {
    this.skipWhitespace();
    return this.text[this.pos];
  }

  readValue(): JsonNode {
    this.skipWhitespace();
    const c = this.text[this.pos];
    switch (c) {
      case undefined:
        throw this.fail("Unexpected end-of-input: expected a value");
      case "{":
        return this.readObject();
      case "[":
        return this.readArray();
      case '"':
        return { kind: "string", value: this.readString() };
      case "t":
        return this.readLiteral("true");
      case "f":
        return this.readLiteral("false");
      case "n":
        return this.readLiteral("null");
      default:
        if (c === "-" || isDigit(c)) return this.readNumber();
        if (isTokenChar(c)) throw this.unrecognizedToken();
        throw this.unexpected(`expected a valid value ${EXPECTED_VALUE}`);
    }
  }

  private readObject(): JsonNode {
    this.pos++;
    const entries: Array<readonly [string, JsonNode]> = [];
    this.skipWhitespace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return { kind: "object", entries };
    }
    for (;;) {
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === undefined) throw this.fail("Unexpected end-of-input: expected close marker for Object");
      if (c !== '"') throw this.unexpected("was expecting double-quote to start field name");
      const key = this.readString();
      this.skipWhitespace();
      if (this.text[this.pos] === undefined) {
        throw this.fail("Unexpected end-of-input: expected close marker for Object");
      }
      if (this.text[this.pos] !== ":") {
        throw this.unexpected("was expecting a colon to separate field name and value");
      }
      this.pos++;
      entries.push([key, this.readValue()]);
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ",") {
        this.pos++;
        continue;
      }
      if (next === "}") {
        this.pos++;
        return { kind: "object", entries };
      }
      if (next === undefined) throw this.fail("Unexpected end-of-input: expected close marker for Object");
      throw this.unexpected("was expecting comma to separate Object entries");
    }
  }

  private readArray(): JsonNode {
    this.pos++;
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return { kind: "array", items };
    }
    for (;;) {
      if (this.peekStart() === undefined) {
        throw this.fail("Unexpected end-of-input: expected close marker for Array");
      }
      items.push(this.readValue());
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ",") {
        this.pos++;
        continue;
      }
      if (next === "]") {
        this.pos++;
        return { kind: "array", items };
      }
      if (next === undefined) throw this.fail("Unexpected end-of-input: expected close marker for Array");
      throw this.unexpected("was expecting comma to separate Array entries");
    }
  }

  private readString(): string {
    this.pos++;
    let out = "";
    let runStart = this.pos;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) {
        throw this.fail("Unexpected end-of-input: was expecting closing quote for a string value");
      }
      if (c === '"') {
        out += this.text.slice(runStart, this.pos);
        this.pos++;
        return out;
      }
      const code = c.charCodeAt(0);
      if (code < 0x20) {
        throw this.fail(
          `Illegal unquoted character (${describeChar(code)}): has to be escaped using backslash to be included in string value`,
        );
      }
      if (c !== "\\") {
        this.pos++;
        continue;
      }
      out += this.text.slice(runStart, this.pos);
      out += this.readEscape();
      runStart = this.pos;
    }
  }

  private readEscape(): string {
    const c = this.text[this.pos + 1];
    this.pos += 2;
    switch (c) {
      case '"':
        return '"';
      case "\\":
        return "\\";
      case "/":
        return "/";
      case "b":
        return "\b";
      case "f":
        return "\f";
      case "n":
        return "\n";
      case "r":
        return "\r";
      case "t":
        return "\t";
      case "u": {
        for (let i = 0; i < 4; i++) {
          const h = this.text[this.pos + i];
          if (h === undefined) throw this.fail("Unexpected end-of-input within/between String entries");
          if (!isHex(h)) {
            throw this.fail(
              `Unexpected character (${describeChar(h.codePointAt(0)!)}): expected a hex-digit for character escape sequence`,
            );
          }
        }
        const unit = Number.parseInt(this.text.slice(this.pos, this.pos + 4), 16);
        this.pos += 4;
        return String.fromCharCode(unit);
      }
      case undefined:
        throw this.fail("Unexpected end-of-input in character escape sequence");
      default:
        throw this.fail(`Unrecognized character escape ${describeChar(c.codePointAt(0)!)}`);
    }
  }

  private readNumber(): JsonNode {
    const start = this.pos;
    if (this.text[this.pos] === "-") {
      this.pos++;
      if (!isDigit(this.text[this.pos])) {
        throw this.numberFault("expected digit (0-9) to follow minus sign, for valid numeric value");
      }
    }
    if (this.text[this.pos] === "0" && isDigit(this.text[this.pos + 1])) {
      throw this.fail("Invalid numeric value: Leading zeroes not allowed");
    }
    while (isDigit(this.text[this.pos])) this.pos++;
    if (this.text[this.pos] === ".") {
      this.pos++;
      if (!isDigit(this.text[this.pos])) throw this.numberFault("Decimal point not followed by a digit");
      while (isDigit(this.text[this.pos])) this.pos++;
    }
    if (this.text[this.pos] === "e" || this.text[this.pos] === "E") {
      this.pos++;
      if (this.text[this.pos] === "+" || this.text[this.pos] === "-") this.pos++;
      if (!isDigit(this.text[this.pos])) throw this.numberFault("Exponent indicator not followed by a digit");
      while (isDigit(this.text[this.pos])) this.pos++;
    }
    const text = this.text.slice(start, this.pos);
    return { kind: "number", text, value: Number(text) };
  }

  private readLiteral(word: "true" | "false" | "null"): JsonNode {
    if (this.text.startsWith(word, this.pos) && !isTokenChar(this.text[this.pos + word.length])) {
      this.pos += word.length;
      return { kind: word };
    }
    throw this.unrecognizedToken();
  }

  private numberFault(reason: string): InvalidEventPattern {
    const c = this.text[this.pos];
    if (c === undefined) return this.fail("Unexpected end-of-input in a Number value");
    return this.fail(`Unexpected character (${describeChar(c.codePointAt(0)!)}) in numeric value: ${reason}`);
  }

  private unrecognizedToken(): InvalidEventPattern {
    let end = this.pos;
    while (isTokenChar(this.text[end])) end++;
    const token = this.text.slice(this.pos, end);
    return this.fail(`Unrecognized token '${token}': was expecting ${EXPECTED_VALUE}`);
  }

  private unexpected(reason: string): InvalidEventPattern {
    return this.fail(`Unexpected character (${describeChar(this.text.codePointAt(this.pos)!)}): ${reason}`);
  }

  private fail(message: string): InvalidEventPattern {
    return new InvalidEventPattern(message);
  }

  private skipWhitespace(): void {
    while (isWhitespace(this.text[this.pos])) this.pos++;
  }
}

/**
 * Reads a pattern's top-level object. event-ruler asks for an object before reading anything
 * else, so any other well-formed start (an array, a string, a number, a literal, nothing) is
 * "Filter is not an object" even when the rest would not parse.
 */
export function readPatternObject(text: string): JsonObject {
  const reader = new Reader(text);
  const first = reader.peekStart();
  if (first !== "{") {
    const startsAValue =
      first === undefined ||
      first === "[" ||
      first === '"' ||
      first === "-" ||
      isDigit(first) ||
      /^\s*(true|false|null)(?![\p{L}\p{N}_$])/u.test(text);
    if (startsAValue) throw new InvalidEventPattern("Filter is not an object");
  }
  const node = reader.readValue();
  if (node.kind !== "object") throw new InvalidEventPattern("Filter is not an object");
  return node;
}

/** What Jackson's `getText()` answers for a token, as event-ruler quotes it in messages. */
export function tokenText(node: JsonNode | undefined, closing: "]" | "}"): string {
  if (node === undefined) return closing;
  switch (node.kind) {
    case "object":
      return "{";
    case "array":
      return "[";
    case "string":
      return node.value;
    case "number":
      return node.text;
    default:
      return node.kind;
  }
}
