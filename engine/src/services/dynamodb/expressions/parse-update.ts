/**
 * Update expressions:
 *
 *   update     : (SET set_action (',' set_action)* | REMOVE path (',' path)*
 *                | ADD path :value (',' …)* | DELETE path :value (',' …)*)+
 *   set_action : path '=' (operand | arithmetic)
 *   arithmetic : operand ('+' | '-') operand | '(' arithmetic ')'
 *
 * Each section may appear once, in any order (AWS: 'The "SET" section can only be used once in an
 * update expression;', raised when the repeated section ends).
 */
import type { OperandNode, UpdateActionNode } from "./ast.ts";
import { parseOperand, parsePath } from "./parse-operand.ts";
import type { Parser } from "./parser.ts";
import type { TokenType } from "./tokenize.ts";

type Section = "SET" | "REMOVE" | "ADD" | "DELETE";
const SECTIONS = new Set<TokenType>(["SET", "REMOVE", "ADD", "DELETE"]);

export function parseUpdateTokens(parser: Parser): UpdateActionNode[] {
  const actions: UpdateActionNode[] = [];
  const seen = new Set<Section>();
  do {
    const section = parser.peek().type;
    if (!SECTIONS.has(section)) throw parser.syntaxError();
    parser.next();
    do actions.push(parseAction(parser, section as Section));
    while (parser.accept(","));
    const repeated = seen.has(section as Section);
    seen.add(section as Section);
    if (repeated) {
      parser.onWalk(() => {
        throw parser.fail(`The "${section}" section can only be used once in an update expression;`);
      });
    }
  } while (!parser.at("EOF"));
  return actions;
}

function parseAction(parser: Parser, section: Section): UpdateActionNode {
  const path = parsePath(parser);
  if (section === "REMOVE") return { kind: "REMOVE", path };
  if (section === "SET") {
    parser.expect("=");
    return { kind: "SET", path, value: parseSetValue(parser) };
  }
  const token = parser.expect("VALUE");
  return { kind: section, path, value: { kind: "value", name: token.text } };
}

const TOP = { category: "update", nested: false } as const;
const IN_ARITHMETIC = { category: "update", nested: true } as const;

function parseSetValue(parser: Parser): OperandNode {
  if (parser.at("(") && opensArithmetic(parser)) {
    let wrapping = 0;
    while (parser.accept("(")) {
      wrapping++;
      if (!opensArithmeticLayer(parser)) break;
    }
    const value = parseArithmetic(
      parser,
      parser.nest(() => parseOperand(parser, IN_ARITHMETIC)),
    );
    for (let closed = 1; closed <= wrapping; closed++) {
      parser.expect(")");
      if (closed >= 2) throw parser.redundantParentheses();
    }
    return value;
  }
  const first = parser.nest(() => parseOperand(parser, TOP));
  if (!parser.at("+") && !parser.at("-")) {
    if (first.kind === "call") first.nested = false;
    return first;
  }
  if (first.kind === "call") first.nested = true;
  return parseArithmetic(parser, first);
}

function parseArithmetic(parser: Parser, left: OperandNode): OperandNode {
  const op = parser.peek().type;
  if (op !== "+" && op !== "-") throw parser.syntaxError();
  parser.next();
  const right = parser.nest(() => parseOperand(parser, IN_ARITHMETIC));
  if (left.kind === "call") left.nested = true;
  return { kind: "arithmetic", op, left, right };
}

/**
 * "(" starting a SET value wraps either an operand, "(a) + b" / "(a)", or an arithmetic,
 * "(a + b)". It is arithmetic when its content, once any further layers of parentheses that
 * wrap all of it are peeled, has a top-level "+" or "-".
 */
function opensArithmetic(parser: Parser): boolean {
  const closer = parser.closerOf(parser.index);
  if (closer === undefined) return false;
  const after = parser.tokenAt(closer + 1).type;
  if (after === "+" || after === "-") return false;
  return hasTopLevelSign(parser, parser.index, closer);
}

/** After consuming one "(", whether the next "(" is a further arithmetic layer. */
function opensArithmeticLayer(parser: Parser): boolean {
  if (!parser.at("(")) return false;
  const closer = parser.closerOf(parser.index);
  const outerCloser = parser.closerOf(parser.index - 1);
  return closer !== undefined && outerCloser === closer + 1 && hasTopLevelSign(parser, parser.index, closer);
}

function hasTopLevelSign(parser: Parser, open: number, close: number): boolean {
  let start = open;
  let end = close;
  while (parser.tokenAt(start + 1).type === "(" && parser.closerOf(start + 1) === end - 1) {
    start++;
    end--;
  }
  let depth = 0;
  for (let i = start + 1; i < end; i++) {
    const type = parser.tokenAt(i).type;
    if (type === "(") depth++;
    else if (type === ")") depth--;
    else if (depth === 0 && (type === "+" || type === "-")) return true;
  }
  return false;
}
