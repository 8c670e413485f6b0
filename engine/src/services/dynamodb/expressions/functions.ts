/**
 * The expression functions and the operand rules of every operator, as DynamoDB's operator table
 * defines them (DynamoDB Local's Operator enum; AWS: Expressions.OperatorsAndFunctions): how many
 * operands, which operand types, what it returns, and where it may appear.
 */
import type { AttributeType } from "../values/index.ts";
import type { CallNode } from "./ast.ts";
import type { Parser } from "./parser.ts";

export type TypeSet = readonly AttributeType[] | "ALL";

const ORDERED: TypeSet = ["S", "N", "B"];
const STRING_OR_BINARY: TypeSet = ["S", "B"];
const SIZED: TypeSet = ["S", "B", "SS", "NS", "BS", "L", "M"];

export interface FunctionSpec {
  readonly arity: number;
  /** Condition functions and update (value) functions are not interchangeable. */
  readonly category: "condition" | "update";
  readonly operandTypes: TypeSet;
  readonly returns: TypeSet;
  /** AWS rejects f(x, x) for these ("The first operand must be distinct …"). */
  readonly distinctOperands: boolean;
}

export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  attribute_exists: {
    arity: 1,
    category: "condition",
    operandTypes: "ALL",
    returns: ["BOOL"],
    distinctOperands: true,
  },
  attribute_not_exists: {
    arity: 1,
    category: "condition",
    operandTypes: "ALL",
    returns: ["BOOL"],
    distinctOperands: true,
  },
  attribute_type: {
    arity: 2,
    category: "condition",
    operandTypes: "ALL",
    returns: ["BOOL"],
    distinctOperands: true,
  },
  begins_with: {
    arity: 2,
    category: "condition",
    operandTypes: STRING_OR_BINARY,
    returns: ["BOOL"],
    distinctOperands: true,
  },
  contains: {
    arity: 2,
    category: "condition",
    operandTypes: "ALL",
    returns: ["BOOL"],
    distinctOperands: true,
  },
  size: { arity: 1, category: "condition", operandTypes: SIZED, returns: ["N"], distinctOperands: true },
  if_not_exists: {
    arity: 2,
    category: "update",
    operandTypes: "ALL",
    returns: "ALL",
    distinctOperands: true,
  },
  list_append: { arity: 2, category: "update", operandTypes: ["L"], returns: ["L"], distinctOperands: false },
};

/** Operand types of the comparison and arithmetic operators. */
export const OPERATOR_OPERAND_TYPES: Readonly<Record<string, TypeSet>> = {
  "=": "ALL",
  "<>": "ALL",
  "<": ORDERED,
  "<=": ORDERED,
  ">": ORDERED,
  ">=": ORDERED,
  BETWEEN: ORDERED,
  IN: "ALL",
  "+": ["N"],
  "-": ["N"],
};

/** The only function allowed inside another operator: size() in conditions, if_not_exists() in updates. */
const NESTABLE = { condition: "size", update: "if_not_exists" } as const;

/**
 * The checks AWS makes on entering a function call while walking the parse tree, in its order:
 * the name, then the expression kind it belongs to, then where it sits.
 */
export function checkFunctionUse(parser: Parser, call: CallNode, category: "condition" | "update"): void {
  const spec = FUNCTIONS[call.name];
  if (!spec) throw parser.fail(`Invalid function name; function: ${call.name}`);
  if (spec.category !== category) {
    const where = category === "condition" ? "a condition expression" : "an update expression";
    throw parser.fail(`The function is not allowed in ${where}; function: ${call.name}`);
  }
  const misplaced = call.nested
    ? call.name !== NESTABLE[category]
    : category === "condition" && !returnsBoolean(spec);
  if (misplaced)
    throw parser.fail(
      `The function is not allowed to be used this way in an expression; function: ${call.name}`,
    );
}

const returnsBoolean = (spec: FunctionSpec): boolean =>
  spec.returns !== "ALL" && spec.returns.includes("BOOL");

export const allows = (types: TypeSet, type: AttributeType): boolean =>
  types === "ALL" || types.includes(type);

/**
 * How AWS prints a set of possible types in "operand type: …"; a document path may be any type,
 * which AWS prints in this (hash) order.
 */
export function renderTypes(types: TypeSet): string {
  if (types === "ALL") return "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}";
  return types.length === 1 ? types[0]! : `{${types.join(",")}}`;
}
