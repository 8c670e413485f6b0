/**
 * `wildcard` values: `*` stands for any run of characters (none included), `\*` for a star and
 * `\\` for a backslash; any other backslash, and two stars in a row, are refused with
 * event-ruler's WildcardParser messages. Its positions count UTF-8 bytes of the value as it sits
 * in the rule, quoted: the first character of the value is at position 1.
 *
 * Not reproduced: EventBridge's "Rule is too complex - try using fewer wildcard characters or
 * fewer repeating character sequences after a wildcard character", which comes from event-ruler's
 * MachineComplexityEvaluator with a threshold AWS does not publish.
 */
import { InvalidEventPattern } from "./errors.ts";

/** The literal runs between the stars: `a*b*` is ["a", "b", ""]. */
export type Wildcard = readonly string[];

const utf8Length = (text: string): number => Buffer.byteLength(text, "utf8");

export function parseWildcard(value: string): Wildcard {
  const pieces: string[] = [];
  let current = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    const position = (): number => 1 + utf8Length(value.slice(0, i));
    if (c === "*") {
      if (value[i + 1] === "*") {
        throw new InvalidEventPattern(`Consecutive wildcard characters at pos ${position()}`);
      }
      pieces.push(current);
      current = "";
    } else if (c === "\\") {
      const next = value[i + 1];
      if (next !== "*" && next !== "\\") {
        throw new InvalidEventPattern(`Invalid escape character at pos ${position()}`);
      }
      current += next;
      i++;
    } else {
      current += c;
    }
  }
  pieces.push(current);
  return pieces;
}

/** Linear in practice: each literal run is found left to right once, never backtracked. */
export function matchesWildcard(pieces: Wildcard, text: string): boolean {
  const first = pieces[0] ?? "";
  if (pieces.length === 1) return text === first;
  const last = pieces[pieces.length - 1] ?? "";
  if (first.length + last.length > text.length) return false;
  if (!text.startsWith(first) || !text.endsWith(last)) return false;
  let from = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] ?? "";
    const at = text.indexOf(piece, from);
    if (at < 0 || at + piece.length > end) return false;
    from = at + piece.length;
  }
  return true;
}
