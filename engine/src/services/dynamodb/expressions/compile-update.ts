/**
 * Validates a parsed update expression and compiles its actions. AWS's order, as dynalite recorded it
 * against live DynamoDB (db/updateParser.pegjs): undefined attribute names, then undefined values,
 * then overlapping or conflicting paths, then ADD/DELETE operand types, then the operators and
 * functions of the SET values.
 */
import type { AttributeType } from "../values/index.ts";
import { typeOf } from "../values/index.ts";
import type { OperandNode, PathNode, UpdateActionNode, ValueNode } from "./ast.ts";
import { checkDistinctPaths } from "./document-path.ts";
import type { UpdateAction } from "./model.ts";
import type { Scope } from "./scope.ts";

/** ADD and DELETE name the literal's type in long form. */
const TYPE_WORDS: Partial<Record<AttributeType, string>> = {
  S: "STRING",
  N: "NUMBER",
  B: "BINARY",
  NULL: "NULL",
  BOOL: "BOOLEAN",
  L: "LIST",
  M: "MAP",
};
const ADD_TYPES: readonly AttributeType[] = ["N", "SS", "NS", "BS"];
const DELETE_TYPES: readonly AttributeType[] = ["SS", "NS", "BS"];

export function compileUpdate(scope: Scope, actions: readonly UpdateActionNode[]): UpdateAction[] {
  const paths: PathNode[] = [];
  const values: ValueNode[] = [];
  for (const action of actions) {
    paths.push(action.path);
    if (action.kind !== "REMOVE") collect(action.value, paths, values);
  }
  for (const path of paths) scope.path(path);
  for (const value of values) scope.value(value);
  checkDistinctPaths(
    scope.kind,
    actions.map((action) => scope.path(action.path)),
  );
  for (const action of actions) {
    if (action.kind !== "ADD" && action.kind !== "DELETE") continue;
    const type = typeOf(scope.value(action.value));
    if (!(action.kind === "ADD" ? ADD_TYPES : DELETE_TYPES).includes(type)) {
      throw scope.fail(
        `Incorrect operand type for operator or function; operator: ${action.kind}, operand type: ${TYPE_WORDS[type] ?? type}`,
      );
    }
  }
  return actions.map((action): UpdateAction => {
    const path = scope.path(action.path);
    switch (action.kind) {
      case "SET":
        return { kind: "SET", path, value: scope.operand(action.value).operand };
      case "REMOVE":
        return { kind: "REMOVE", path };
      default:
        return { kind: action.kind, path, value: scope.value(action.value) };
    }
  });
}

/** Paths and values of an operand, in source order. */
function collect(node: OperandNode, paths: PathNode[], values: ValueNode[]): void {
  const pending: OperandNode[] = [node];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.kind === "path") paths.push(next);
    else if (next.kind === "value") values.push(next);
    else if (next.kind === "arithmetic") pending.push(next.right, next.left);
    else pending.push(...[...next.args].reverse());
  }
}
