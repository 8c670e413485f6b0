/**
 * Document paths and operands, per DynamoDB's grammar:
 *
 *   path     : id ('.' id | '[' INDEX ']')*        id : ID | #name
 *   operand  : path | :value | ID '(' operand (',' operand)* ')' | '(' operand ')'
 *
 * Two nested parentheses around one operand are "redundant" (AWS raises it when the outer one closes).
 */
import type { CallNode, OperandNode, PathNode, PathSegment } from "./ast.ts";
import { checkFunctionUse } from "./functions.ts";
import { MAX_LIST_INDEX } from "./limits.ts";
import type { Parser } from "./parser.ts";
import { isReservedWord } from "./reserved-words.ts";

export interface OperandContext {
  readonly category: "condition" | "update";
  /** Inside an operator or another function. */
  readonly nested: boolean;
}

export function parsePath(parser: Parser): PathNode {
  const segments: PathSegment[] = [parseId(parser)];
  for (;;) {
    if (parser.accept(".")) {
      segments.push(parseId(parser));
    } else if (parser.accept("[")) {
      const index = parser.expect("INDEX");
      parser.expect("]");
      segments.push({ kind: "index", index: Number(index.text) });
      if (Number(index.text) > MAX_LIST_INDEX) {
        parser.onWalk(() => {
          throw parser.fail(`List index is not within the allowable range; index: [${index.text}]`);
        });
      }
    } else {
      return { kind: "path", segments };
    }
  }
}

function parseId(parser: Parser): PathSegment {
  const token = parser.peek();
  if (token.type === "NAME") {
    parser.next();
    return { kind: "placeholder", name: token.text };
  }
  if (token.type !== "ID") throw parser.syntaxError();
  parser.next();
  if (isReservedWord(token.text)) {
    parser.onWalk(() => {
      throw parser.fail(`Attribute name is a reserved keyword; reserved keyword: ${token.text}`);
    });
  }
  return { kind: "name", name: token.text };
}

export function parseOperand(parser: Parser, context: OperandContext): OperandNode {
  let wrapping = 0;
  while (parser.accept("(")) wrapping++;
  const operand = parseBareOperand(parser, context);
  for (let closed = 1; closed <= wrapping; closed++) {
    parser.expect(")");
    if (closed >= 2) throw parser.redundantParentheses();
  }
  return operand;
}

function parseBareOperand(parser: Parser, context: OperandContext): OperandNode {
  const token = parser.peek();
  if (token.type === "VALUE") {
    parser.next();
    return { kind: "value", name: token.text };
  }
  if (token.type === "ID" && parser.peek(1).type === "(") return parseCall(parser, context);
  if (token.type === "ID" || token.type === "NAME") return parsePath(parser);
  throw parser.syntaxError();
}

function parseCall(parser: Parser, context: OperandContext): CallNode {
  const name = parser.next().text;
  parser.next();
  const args: OperandNode[] = [];
  const call: CallNode = { kind: "call", name, args, nested: context.nested };
  // AWS checks the function when it enters the call, before anything inside it.
  parser.onWalk(() => checkFunctionUse(parser, call, context.category));
  parser.nest(() => {
    do args.push(parseOperand(parser, { category: context.category, nested: true }));
    while (parser.accept(","));
  });
  parser.expect(")");
  return call;
}
