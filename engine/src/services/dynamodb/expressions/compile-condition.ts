/** Validates a parsed condition bottom-up, as AWS does, and compiles it for evaluation. */
import { ATTRIBUTE_TYPES, compareOrdered } from "../values/index.ts";
import type { CallNode, ConditionNode } from "./ast.ts";
import { FUNCTIONS, OPERATOR_OPERAND_TYPES, renderTypes } from "./functions.ts";
import type { Condition } from "./model.ts";
import type { Scope } from "./scope.ts";

/** AWS lists the valid type names in this order. */
const VALID_TYPE_NAMES = "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}";

export function compileCondition(scope: Scope, node: ConditionNode): Condition {
  switch (node.kind) {
    case "compare": {
      const args = [scope.operand(node.left), scope.operand(node.right)];
      scope.checkOperator(node.op, OPERATOR_OPERAND_TYPES[node.op]!, args, { arity: 2, distinct: true });
      scope.countOperator();
      return { kind: "compare", op: node.op, left: args[0]!.operand, right: args[1]!.operand };
    }
    case "between": {
      const args = [scope.operand(node.operand), scope.operand(node.lower), scope.operand(node.upper)];
      scope.checkOperator("BETWEEN", OPERATOR_OPERAND_TYPES.BETWEEN!, args, { arity: 3, distinct: true });
      scope.checkBetweenBounds(args[1]!.operand, args[2]!.operand, (a, b) => compareOrdered(a, b) ?? 0);
      scope.countOperator();
      return { kind: "between", operand: args[0]!.operand, lower: args[1]!.operand, upper: args[2]!.operand };
    }
    case "in": {
      const args = [
        scope.operand(node.operand),
        ...node.candidates.map((candidate) => scope.operand(candidate)),
      ];
      scope.checkOperator("IN", OPERATOR_OPERAND_TYPES.IN!, args, { arity: args.length, distinct: true });
      scope.checkInOperands(args.length - 1);
      scope.countOperator();
      return { kind: "in", operand: args[0]!.operand, candidates: args.slice(1).map((arg) => arg.operand) };
    }
    case "function":
      return compileFunction(scope, node.call);
    case "not": {
      const operand = compileCondition(scope, node.operand);
      scope.countOperator();
      return { kind: "not", operand };
    }
    case "and":
    case "or": {
      const left = compileCondition(scope, node.left);
      const right = compileCondition(scope, node.right);
      scope.countOperator();
      return { kind: node.kind, left, right };
    }
  }
}

function compileFunction(scope: Scope, call: CallNode): Condition {
  const spec = FUNCTIONS[call.name]!;
  const args = call.args.map((arg) => scope.operand(arg));
  scope.checkOperator(call.name, spec.operandTypes, args, {
    arity: spec.arity,
    distinct: spec.distinctOperands,
  });
  const [first, second] = [args[0]!.operand, args[1]?.operand];
  let condition: Condition;
  switch (call.name) {
    case "attribute_exists":
    case "attribute_not_exists":
      if (first.kind !== "path") {
        throw scope.fail(`Operator or function requires a document path; operator or function: ${call.name}`);
      }
      condition = { kind: call.name, path: first.path };
      break;
    case "attribute_type": {
      if (second?.kind !== "value" || !("S" in second.value)) {
        throw scope.fail(
          `Incorrect operand type for operator or function; operator or function: attribute_type, operand type: ${renderTypes(args[1]!.types)}`,
        );
      }
      const type = second.value.S;
      if (!(ATTRIBUTE_TYPES as readonly string[]).includes(type)) {
        throw scope.fail(
          `Invalid attribute type name found; type: ${type}, valid types: ${VALID_TYPE_NAMES}`,
        );
      }
      condition = { kind: "attribute_type", target: first, type };
      break;
    }
    case "begins_with":
      condition = { kind: "begins_with", target: first, prefix: second! };
      break;
    default:
      condition = { kind: "contains", target: first, operand: second! };
  }
  scope.countOperator();
  return condition;
}
