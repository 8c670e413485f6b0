/**
 * Condition, filter and key-condition expressions:
 *
 *   condition : operand comparator operand | operand IN '(' operand (',' operand)* ')'
 *             | operand BETWEEN operand AND operand | function | '(' condition ')'
 *             | NOT condition | condition AND condition | condition OR condition
 *
 * Precedence, high to low: NOT, AND, OR (AWS: Expressions.OperatorsAndFunctions). Parsed with an
 * explicit operator stack rather than recursion, so thousands of parentheses or NOTs cannot exhaust
 * the stack. A parenthesised condition wrapped again is "redundant" (AWS: "((a = :v))").
 */
import type { Comparator, ConditionNode, OperandNode } from "./ast.ts";
import { parseOperand } from "./parse-operand.ts";
import type { Parser } from "./parser.ts";
import type { TokenType } from "./tokenize.ts";

const COMPARATORS = new Set<TokenType>(["=", "<>", "<", "<=", ">", ">="]);
/** Tokens that can follow an operand that starts a comparison, IN or BETWEEN. */
const AFTER_OPERAND = new Set<TokenType>([...COMPARATORS, "IN", "BETWEEN"]);
const PRECEDENCE = { NOT: 3, AND: 2, OR: 1 } as const;

type StackOperator = "(" | "NOT" | "AND" | "OR";
interface Operand {
  node: ConditionNode;
  /** The condition is a parenthesised group (AWS's hasOuterParens). */
  grouped: boolean;
}

export function parseConditionTokens(parser: Parser): ConditionNode {
  const operands: Operand[] = [];
  const operators: StackOperator[] = [];

  const reduce = () => {
    const op = operators.pop();
    if (op === "NOT") {
      operands.push({ node: { kind: "not", operand: operands.pop()!.node }, grouped: false });
    } else if (op === "AND" || op === "OR") {
      const right = operands.pop()!.node;
      const left = operands.pop()!.node;
      operands.push({ node: { kind: op === "AND" ? "and" : "or", left, right }, grouped: false });
    }
  };

  let expectingCondition = true;
  for (;;) {
    const token = parser.peek();
    if (expectingCondition) {
      if (token.type === "NOT") {
        parser.next();
        operators.push("NOT");
      } else if (token.type === "(" && !opensOperand(parser)) {
        parser.next();
        operators.push("(");
      } else {
        operands.push({ node: parseComparison(parser), grouped: false });
        expectingCondition = false;
      }
      continue;
    }
    if (token.type === "AND" || token.type === "OR") {
      while (
        operators.length > 0 &&
        operators.at(-1) !== "(" &&
        rank(operators.at(-1)!) >= PRECEDENCE[token.type]
      ) {
        reduce();
      }
      parser.next();
      operators.push(token.type);
      expectingCondition = true;
    } else if (token.type === ")" && operators.includes("(")) {
      while (operators.at(-1) !== "(") reduce();
      operators.pop();
      parser.next();
      const group = operands.at(-1)!;
      if (group.grouped) throw parser.redundantParentheses();
      group.grouped = true;
    } else if (token.type === "EOF" && !operators.includes("(")) {
      while (operators.length > 0) reduce();
      return operands[0]!.node;
    } else {
      throw parser.syntaxError();
    }
  }
}

const rank = (op: StackOperator): number => (op === "(" ? 0 : PRECEDENCE[op]);

/**
 * At the start of a condition, "(" either groups a condition or wraps the first operand of a
 * comparison, "(a) = :v"; the token after the matching ")" tells which.
 */
function opensOperand(parser: Parser): boolean {
  const closer = parser.closerOf(parser.index);
  return closer !== undefined && AFTER_OPERAND.has(parser.tokenAt(closer + 1).type);
}

/** One comparison, IN, BETWEEN or function condition. */
function parseComparison(parser: Parser): ConditionNode {
  const operandContext = { category: "condition", nested: true } as const;
  const left = parser.nest(() => parseOperand(parser, operandContext));
  const token = parser.peek();
  const operand = (): OperandNode => parser.nest(() => parseOperand(parser, operandContext));
  if (COMPARATORS.has(token.type)) {
    parser.next();
    return { kind: "compare", op: token.type as Comparator, left, right: operand() };
  }
  if (token.type === "BETWEEN") {
    parser.next();
    const lower = operand();
    parser.expect("AND");
    return { kind: "between", operand: left, lower, upper: operand() };
  }
  if (token.type === "IN") {
    parser.next();
    parser.expect("(");
    const candidates: OperandNode[] = [];
    do candidates.push(operand());
    while (parser.accept(","));
    parser.expect(")");
    return { kind: "in", operand: left, candidates };
  }
  // A function standing alone is a condition (attribute_exists(a)); AWS then requires it to return a boolean.
  if (left.kind === "call") {
    left.nested = false;
    return { kind: "function", call: left };
  }
  throw parser.syntaxError();
}
