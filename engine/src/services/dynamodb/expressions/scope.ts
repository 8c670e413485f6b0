/**
 * Validation of one parsed expression: resolving placeholders, counting operators, and the operand
 * rules AWS applies to each operator (DynamoDB Local's OperatorValidator): operand count, operand
 * types, and "the first operand must be distinct from the remaining operands".
 */
import type { AttributeValue } from "../values/index.ts";
import { renderAttributeValue, typeOf } from "../values/index.ts";
import type { OperandNode, PathNode, ValueNode } from "./ast.ts";
import { renderPath } from "./document-path.ts";
import { allows, FUNCTIONS, OPERATOR_OPERAND_TYPES, renderTypes, type TypeSet } from "./functions.ts";
import { type ExpressionKind, invalidExpression } from "./kinds.ts";
import { MAX_DOCUMENT_PATH_DEPTH, MAX_IN_OPERANDS, MAX_OPERATORS } from "./limits.ts";
import type { DocumentPath, Operand } from "./model.ts";
import type { ExpressionUsage } from "./usage.ts";

/** An operand after validation, with the types it may have at run time. */
export interface Checked {
  readonly operand: Operand;
  readonly types: TypeSet;
}

export class Scope {
  private operators = 0;
  private readonly resolvedPaths = new Map<PathNode, DocumentPath>();
  private readonly resolvedValues = new Map<ValueNode, AttributeValue>();
  /** Every path the expression reads or writes, in the order first seen. */
  readonly paths: DocumentPath[] = [];

  constructor(
    readonly kind: ExpressionKind,
    readonly usage: ExpressionUsage,
  ) {}

  fail(message: string) {
    return invalidExpression(this.kind, message);
  }

  path(node: PathNode): DocumentPath {
    const known = this.resolvedPaths.get(node);
    if (known) return known;
    if (node.segments.length > MAX_DOCUMENT_PATH_DEPTH) {
      throw this.fail(
        `The document path has too many nesting levels; nesting levels: ${node.segments.length}`,
      );
    }
    const path = node.segments.map((segment) =>
      segment.kind === "index"
        ? segment.index
        : segment.kind === "placeholder"
          ? this.usage.resolveName(this.kind, segment.name)
          : segment.name,
    );
    this.resolvedPaths.set(node, path);
    this.paths.push(path);
    return path;
  }

  value(node: ValueNode): AttributeValue {
    const known = this.resolvedValues.get(node);
    if (known) return known;
    const value = this.usage.resolveValue(this.kind, node.name);
    this.resolvedValues.set(node, value);
    return value;
  }

  /** AWS counts operators and functions as it validates them and stops at the first one over the limit. */
  countOperator(): void {
    if (++this.operators > MAX_OPERATORS) {
      throw this.fail(`The expression contains too many operators; operator count: ${this.operators}`);
    }
  }

  /** Validates an operand bottom-up, as AWS does. */
  operand(node: OperandNode): Checked {
    switch (node.kind) {
      case "path":
        return { operand: { kind: "path", path: this.path(node) }, types: "ALL" };
      case "value": {
        const value = this.value(node);
        return { operand: { kind: "value", value }, types: [typeOf(value)] };
      }
      case "arithmetic": {
        const args = [this.operand(node.left), this.operand(node.right)];
        this.checkOperator(node.op, OPERATOR_OPERAND_TYPES[node.op]!, args, { arity: 2, distinct: false });
        this.countOperator();
        return {
          operand: { kind: "arithmetic", op: node.op, left: args[0]!.operand, right: args[1]!.operand },
          types: ["N"],
        };
      }
      case "call":
        return this.call(
          node.name,
          node.args.map((arg) => this.operand(arg)),
        );
    }
  }

  /** A function used as a value: size() in conditions, if_not_exists() and list_append() in updates. */
  private call(name: string, args: Checked[]): Checked {
    const spec = FUNCTIONS[name]!;
    this.checkOperator(name, spec.operandTypes, args, { arity: spec.arity, distinct: spec.distinctOperands });
    let checked: Checked;
    if (name === "size") {
      checked = { operand: { kind: "size", operand: args[0]!.operand }, types: ["N"] };
    } else if (name === "if_not_exists") {
      const first = args[0]!.operand;
      if (first.kind !== "path")
        throw this.fail(`Operator or function requires a document path; operator or function: ${name}`);
      checked = {
        operand: { kind: "if_not_exists", path: first.path, fallback: args[1]!.operand },
        types: "ALL",
      };
    } else {
      checked = {
        operand: { kind: "list_append", left: args[0]!.operand, right: args[1]!.operand },
        types: ["L"],
      };
    }
    this.countOperator();
    return checked;
  }

  /** The checks every operator shares: operand count, operand types, distinct first operand. */
  checkOperator(
    name: string,
    operandTypes: TypeSet,
    args: readonly Checked[],
    rule: { arity: number; distinct: boolean },
  ): void {
    if (args.length !== rule.arity) {
      throw this.fail(
        `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`,
      );
    }
    for (const arg of args) {
      if (!overlaps(arg.types, operandTypes)) {
        throw this.fail(
          `Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${renderTypes(arg.types)}`,
        );
      }
    }
    if (rule.distinct) this.checkDistinct(name, args);
  }

  checkDistinct(name: string, args: readonly Checked[]): void {
    const first = args[0]?.operand;
    if (first?.kind !== "path" || args.length < 2) return;
    for (const later of args.slice(1)) {
      if (later.operand.kind === "path" && samePath(first.path, later.operand.path)) {
        throw this.fail(
          `The first operand must be distinct from the remaining operands for this operator or function; operator: ${name}, first operand: ${renderPath(first.path)}`,
        );
      }
    }
  }

  /** BETWEEN with two literal bounds: same type, lower ≤ upper. */
  checkBetweenBounds(
    lower: Operand,
    upper: Operand,
    compare: (a: AttributeValue, b: AttributeValue) => number,
  ): void {
    if (lower.kind !== "value" || upper.kind !== "value") return;
    const bounds = `lower bound operand: AttributeValue: ${renderAttributeValue(lower.value)}, upper bound operand: AttributeValue: ${renderAttributeValue(upper.value)}`;
    if (typeOf(lower.value) !== typeOf(upper.value)) {
      throw this.fail(`The BETWEEN operator requires same data type for lower and upper bounds; ${bounds}`);
    }
    if (compare(lower.value, upper.value) > 0) {
      throw this.fail(
        `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; ${bounds}`,
      );
    }
  }

  checkInOperands(candidates: number): void {
    if (candidates > MAX_IN_OPERANDS) {
      throw this.fail(
        `The IN operator is provided with too many operands; number of operands: ${candidates}`,
      );
    }
  }
}

function overlaps(types: TypeSet, allowed: TypeSet): boolean {
  if (types === "ALL" || allowed === "ALL") return true;
  return types.some((type) => allows(allowed, type));
}

export const samePath = (a: DocumentPath, b: DocumentPath): boolean =>
  a.length === b.length && a.every((step, i) => step === b[i]);
