/**
 * Space-delimited filter patterns (AWS, "Using filter patterns to match terms in space-delimited
 * log events"): `[ip, user, ..., status_code = 4*, bytes > 1000]`. The event is split on spaces,
 * a `"quoted"` or `[bracketed]` run counting as one field (without its delimiters); each pattern
 * field names one event field and may test it with `=`, `!=`, `<`, `<=`, `>`, `>=` (joined by
 * `&&` / `||`); `...` stands for any number of fields. The counts must match unless `...` is used.
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

type Condition = { comparison: Comparison; operand: Operand };
/** Conditions in disjunctive form: any group whose conditions all hold. */
type FieldSpec = { kind: "ellipsis" } | { kind: "field"; anyOf: Condition[][] };

const COMPARISONS = ["!=", "<=", ">=", "=", "<", ">"] as const;

function parseField(spec: string): FieldSpec {
  const text = spec.trim();
  if (text === "...") return { kind: "ellipsis" };
  const name = /^[A-Za-z0-9_$@.-]+/.exec(text)?.[0];
  if (!name) throw new InvalidFilterPattern();
  const anyOf: Condition[][] = [[]];
  let i = name.length;
  const skipSpaces = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  skipSpaces();
  while (i < text.length) {
    const comparison = COMPARISONS.find((op) => text.startsWith(op, i));
    if (!comparison) throw new InvalidFilterPattern();
    i += comparison.length;
    skipSpaces();
    let operand: Operand;
    if (text[i] === '"') {
      const quoted = readQuoted(text, i);
      operand = stringOperand(quoted.value);
      i = quoted.end;
    } else if (text[i] === "%") {
      const regex = readRegex(text, i);
      operand = { kind: "regex", regex: regex.regex };
      i = regex.end;
    } else {
      const bare = /^[^\s&|]+/.exec(text.slice(i))?.[0];
      if (!bare) throw new InvalidFilterPattern();
      operand = bareOperand(bare);
      i += bare.length;
    }
    checkComparison(comparison, operand);
    anyOf.at(-1)!.push({ comparison, operand });
    skipSpaces();
    if (i >= text.length) break;
    const joiner = text.slice(i, i + 2);
    if (joiner !== "&&" && joiner !== "||") throw new InvalidFilterPattern();
    if (joiner === "||") anyOf.push([]);
    i += 2;
    skipSpaces();
    // A condition may repeat the field's name: `status >= 400 && status < 500`.
    if (text.startsWith(name, i)) {
      i += name.length;
      skipSpaces();
    }
  }
  return { kind: "field", anyOf };
}

/** Splits the pattern's fields on commas outside quotes. */
function splitSpecs(body: string): string[] {
  const specs: string[] = [];
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '"') i = readQuoted(body, i).end - 1;
    else if (body[i] === ",") {
      specs.push(body.slice(start, i));
      start = i + 1;
    }
  }
  specs.push(body.slice(start));
  return specs;
}

/** Splits an event into fields: spaces separate them, `"…"` and `[…]` hold one together. */
export function splitEventFields(message: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i < message.length) {
    const c = message[i]!;
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    const close = c === '"' ? '"' : c === "[" ? "]" : undefined;
    const end = close ? message.indexOf(close, i + 1) : -1;
    if (close && end > 0) {
      fields.push(message.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    let stop = i;
    while (stop < message.length && message[stop] !== " " && message[stop] !== "\t") stop++;
    fields.push(message.slice(i, stop));
    i = stop;
  }
  return fields;
}

function fieldMatches(spec: Extract<FieldSpec, { kind: "field" }>, value: string): boolean {
  return spec.anyOf.some((all) => all.every((c) => compareValue(value, c.comparison, c.operand)));
}

function matchFrom(specs: readonly FieldSpec[], s: number, fields: readonly string[], f: number): boolean {
  if (s === specs.length) return f === fields.length;
  const spec = specs[s]!;
  if (spec.kind === "ellipsis") {
    for (let skip = f; skip <= fields.length; skip++) if (matchFrom(specs, s + 1, fields, skip)) return true;
    return false;
  }
  return f < fields.length && fieldMatches(spec, fields[f]!) && matchFrom(specs, s + 1, fields, f + 1);
}

/** Compiles the text between the brackets of a space-delimited pattern. */
export function compileDelimited(body: string): (message: string) => boolean {
  const specs = splitSpecs(body).map(parseField);
  return (message) => matchFrom(specs, 0, splitEventFields(message), 0);
}
