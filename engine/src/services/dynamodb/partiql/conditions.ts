/**
 * A WHERE clause as a DynamoDB condition. AWS translates PartiQL's WHERE into the same condition
 * tree a ConditionExpression compiles to, so the same evaluator answers both, and an operand AWS
 * refuses is refused with the expression language's words (without its "Invalid …Expression: "
 * prefix): "Incorrect operand type for operator or function; operator or function: <, operand
 * type: BOOL".
 */
import { ValidationException } from "../errors.ts";
import type { Condition, DocumentPath, Operand } from "../expressions/index.ts";
import { ATTRIBUTE_TYPES, type AttributeType, type AttributeValue, typeOf } from "../values/index.ts";
import type { Expr } from "./ast.ts";
import { IS_TYPES } from "./keywords.ts";
import { constantValue, isConstant } from "./literals.ts";
import { at, MESSAGES } from "./messages.ts";
import { documentPath, isPath } from "./paths.ts";

const COMPARATORS = new Set(["=", "<>", "<", "<=", ">", ">="]);
const ORDERED: readonly AttributeType[] = ["S", "N", "B"];
const SIZED: readonly AttributeType[] = ["S", "B", "SS", "NS", "BS", "L", "M"];
/** AWS lists the valid type names of attribute_type() in this order. */
const VALID_TYPE_NAMES = "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}";
const IS_SUPPORTED = "[MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]";

export function compileCondition(expr: Expr, parameters: readonly AttributeValue[]): Condition {
  return new ConditionCompiler(parameters).condition(expr);
}

class ConditionCompiler {
  constructor(private readonly parameters: readonly AttributeValue[]) {}

  condition(expr: Expr): Condition {
    switch (expr.kind) {
      case "binary":
        return this.binary(expr);
      case "unary":
        if (expr.op !== "not") throw unsupportedOperator(expr.op);
        return { kind: "not", operand: this.condition(expr.operand) };
      case "between": {
        const operands = [expr.operand, expr.lower, expr.upper].map((e) => this.operand(e));
        checkTypes("BETWEEN", operands, ORDERED);
        const between: Condition = {
          kind: "between",
          operand: operands[0]!,
          lower: operands[1]!,
          upper: operands[2]!,
        };
        return expr.negated ? { kind: "not", operand: between } : between;
      }
      case "is":
        return this.is(expr);
      case "call":
        return this.function(expr);
      default:
        throw new ValidationException(MESSAGES.booleanWhere);
    }
  }

  private binary(expr: Extract<Expr, { kind: "binary" }>): Condition {
    if (expr.op === "and" || expr.op === "or") {
      return { kind: expr.op, left: this.condition(expr.left), right: this.condition(expr.right) };
    }
    if (COMPARATORS.has(expr.op)) {
      const left = this.operand(expr.left);
      const right = this.operand(expr.right);
      if (expr.op !== "=" && expr.op !== "<>") checkTypes(expr.op, [left, right], ORDERED);
      return { kind: "compare", op: expr.op as "=", left, right };
    }
    if (expr.op === "in" || expr.op === "not_in") {
      if (!isPath(expr.left) || expr.right.kind !== "list" || expr.right.items.length === 0) {
        throw new ValidationException(MESSAGES.inOperator);
      }
      const condition: Condition = {
        kind: "in",
        operand: this.operand(expr.left),
        candidates: expr.right.items.map((item) => this.operand(item)),
      };
      return expr.op === "in" ? condition : { kind: "not", operand: condition };
    }
    throw unsupportedOperator(expr.op);
  }

  private is(expr: Extract<Expr, { kind: "is" }>): Condition {
    if (!isPath(expr.operand) && !isConstant(expr.operand)) {
      throw new ValidationException(
        "The left hand side argument to IS must be a Variable Reference, Literal, or Path",
      );
    }
    const operand = this.operand(expr.operand);
    let condition: Condition;
    if (expr.type === "missing") {
      // AWS: IS MISSING is attribute_not_exists; a literal is never missing.
      condition =
        operand.kind === "path"
          ? { kind: "attribute_not_exists", path: operand.path }
          : { kind: "compare", op: "<>", left: operand, right: operand };
    } else {
      const type = IS_TYPES[expr.type];
      if (type === undefined) {
        throw new ValidationException(
          `Unsupported data type for IS operator: ${expr.type.toUpperCase()}. Supported data types are ${IS_SUPPORTED}`,
        );
      }
      condition = { kind: "attribute_type", target: operand, type };
    }
    return expr.negated ? { kind: "not", operand: condition } : condition;
  }

  private function(call: Extract<Expr, { kind: "call" }>): Condition {
    const name = call.name.toLowerCase();
    switch (name) {
      case "attribute_exists":
      case "attribute_not_exists": {
        const [target] = this.arguments(name, call.args, 1);
        if (target!.kind !== "path") {
          throw new ValidationException(
            `Operator or function requires a document path; operator or function: ${name}`,
          );
        }
        return { kind: name, path: target!.path };
      }
      case "attribute_type": {
        const [target, type] = this.arguments(name, call.args, 2);
        if (type!.kind !== "value" || !("S" in type!.value)) {
          throw incorrectOperandType(name, type!.kind === "value" ? typeOf(type!.value) : "ALL");
        }
        if (!(ATTRIBUTE_TYPES as readonly string[]).includes(type!.value.S)) {
          throw new ValidationException(
            `Invalid attribute type name found; type: ${type!.value.S}, valid types: ${VALID_TYPE_NAMES}`,
          );
        }
        return { kind: "attribute_type", target: target!, type: type!.value.S };
      }
      case "begins_with": {
        const [target, prefix] = this.arguments(name, call.args, 2);
        checkTypes(name, [target!, prefix!], ["S", "B"]);
        return { kind: "begins_with", target: target!, prefix: prefix! };
      }
      case "contains": {
        const [target, operand] = this.arguments(name, call.args, 2);
        return { kind: "contains", target: target!, operand: operand! };
      }
      default:
        throw at(`Unrecognized function: ${name}`, call.position);
    }
  }

  private arguments(name: string, args: readonly Expr[], arity: number): Operand[] {
    if (args.length !== arity) {
      throw new ValidationException(
        `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`,
      );
    }
    return args.map((arg) => this.operand(arg));
  }

  operand(expr: Expr): Operand {
    if (isPath(expr)) return { kind: "path", path: this.path(expr) };
    if (isConstant(expr)) return { kind: "value", value: constantValue(expr, this.parameters) };
    if (expr.kind === "call" && expr.name.toLowerCase() === "size") {
      const [target] = this.arguments("size", expr.args, 1);
      checkTypes("size", [target!], SIZED);
      return { kind: "size", operand: target! };
    }
    if (expr.kind === "call") throw at(`Unrecognized function: ${expr.name.toLowerCase()}`, expr.position);
    if (expr.kind === "binary" || expr.kind === "unary") throw unsupportedOperator(expr.op);
    throw at("Unexpected path component", expr.position);
  }

  private path(expr: Expr): DocumentPath {
    return documentPath(expr, this.parameters);
  }
}

/** Literal operands of an operator must have one of its operand types. */
function checkTypes(name: string, operands: readonly Operand[], allowed: readonly AttributeType[]): void {
  for (const operand of operands) {
    if (operand.kind === "value" && !allowed.includes(typeOf(operand.value))) {
      throw incorrectOperandType(name, typeOf(operand.value));
    }
  }
}

const incorrectOperandType = (name: string, type: string) =>
  new ValidationException(
    `Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${type === "ALL" ? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}" : type}`,
  );

const unsupportedOperator = (op: string) =>
  new ValidationException(
    `Unsupported operator in Condition Expression. Operator: ${op.replace("_", " ").toUpperCase()}`,
  );
