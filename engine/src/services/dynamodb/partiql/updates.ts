/**
 * UPDATE's SET and REMOVE clauses as DynamoDB update actions: `SET a = <value>`, `SET a = a + 1`,
 * `SET a = list_append(a, [...])`, `SET s = set_add(s, <<...>>)` (ADD), `SET s = set_delete(s,
 * <<...>>)` (DELETE), `REMOVE a.b[2]`. The run-time rules (missing operands, wrong types, paths
 * that cannot be written) are the update engine's, shared with UpdateItem.
 */
import { ValidationException } from "../errors.ts";
import type { DocumentPath, Operand, ParsedUpdate, UpdateAction } from "../expressions/index.ts";
import type { Table } from "../table-definition.ts";
import { type AttributeValue, typeOf } from "../values/index.ts";
import type { Expr, UpdateClause } from "./ast.ts";
import { constantValue, isConstant } from "./literals.ts";
import { at } from "./messages.ts";
import { documentPath, isPath } from "./paths.ts";

const SET_TYPES = new Set(["SS", "NS", "BS"]);

export function compileUpdate(
  table: Table,
  clauses: readonly UpdateClause[],
  parameters: readonly AttributeValue[],
): ParsedUpdate {
  const actions = clauses.map((clause): UpdateAction => {
    const path = documentPath(clause.target, parameters);
    if (clause.kind === "REMOVE") return { kind: "REMOVE", path };
    const value = clause.value;
    if (value.kind === "call") {
      const name = value.name.toLowerCase();
      if (name === "set_add" || name === "set_delete") return setFunction(name, value, path, parameters);
    }
    return { kind: "SET", path, value: new ValueCompiler(parameters).operand(value) };
  });
  const paths = actions.map((action) => action.path);
  checkDistinct(paths);
  forbidKeyAttributes(table, paths);
  return { actions, legacy: false, paths };
}

/** set_add(path, set) and set_delete(path, set) are ADD and DELETE of the path they assign. */
function setFunction(
  name: "set_add" | "set_delete",
  call: Extract<Expr, { kind: "call" }>,
  path: DocumentPath,
  parameters: readonly AttributeValue[],
): UpdateAction {
  const label = name.toUpperCase();
  if (call.args.length !== 2) throw at(`${label} must have exactly two arguments`, call.position);
  const [first, second] = call.args as [Expr, Expr];
  if (!isPath(first) || !samePath(documentPath(first, parameters), path)) {
    throw at(`The first argument to ${label} must equal the assignment value`, call.position);
  }
  const value = isConstant(second) ? constantValue(second, parameters) : undefined;
  if (value === undefined || !SET_TYPES.has(typeOf(value))) {
    throw at(`The second argument to ${label} must be a value with type SET`, first.position);
  }
  return { kind: name === "set_add" ? "ADD" : "DELETE", path, value };
}

class ValueCompiler {
  constructor(private readonly parameters: readonly AttributeValue[]) {}

  operand(expr: Expr): Operand {
    if (isPath(expr)) return { kind: "path", path: documentPath(expr, this.parameters) };
    if (isConstant(expr)) return { kind: "value", value: constantValue(expr, this.parameters) };
    switch (expr.kind) {
      case "binary":
        if (expr.op === "+" || expr.op === "-") {
          return {
            kind: "arithmetic",
            op: expr.op,
            left: this.operand(expr.left),
            right: this.operand(expr.right),
          };
        }
        throw new ValidationException(
          `Unsupported operator in Update Expression. Operator: ${expr.op.replace("_", " ").toUpperCase()}`,
        );
      case "call": {
        const name = expr.name.toLowerCase();
        if (name !== "list_append") throw at(`Unrecognized function: ${name}`, expr.position);
        if (expr.args.length !== 2) {
          throw new ValidationException(
            `Incorrect number of operands for operator or function; operator or function: list_append, number of operands: ${expr.args.length}`,
          );
        }
        return { kind: "list_append", left: this.operand(expr.args[0]!), right: this.operand(expr.args[1]!) };
      }
      case "is":
        throw new ValidationException("IS operator is not supported in update expressions");
      default:
        throw new ValidationException(`Unsupported data type: ${expr.kind} under key root`);
    }
  }
}

const samePath = (a: DocumentPath, b: DocumentPath) =>
  a.length === b.length && a.every((step, i) => step === b[i]);

const renderPath = (path: DocumentPath) =>
  `[${path.map((step) => (typeof step === "number" ? `[${step}]` : step)).join(", ")}]`;

/** As in an UpdateExpression, two clauses may not write overlapping paths. */
function checkDistinct(paths: readonly DocumentPath[]): void {
  for (let later = 1; later < paths.length; later++) {
    for (let earlier = 0; earlier < later; earlier++) {
      const a = paths[earlier]!;
      const b = paths[later]!;
      const common = Math.min(a.length, b.length);
      let i = 0;
      while (i < common && a[i] === b[i]) i++;
      if (i === common) {
        throw new ValidationException(
          `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${renderPath(a)}, path two: ${renderPath(b)}`,
        );
      }
    }
  }
}

function forbidKeyAttributes(table: Table, paths: readonly DocumentPath[]): void {
  const { hashKey, rangeKey } = table.definition.key;
  for (const path of paths) {
    if (path[0] === hashKey || path[0] === rangeKey) {
      throw new ValidationException(
        `One or more parameter values were invalid: Cannot update attribute ${String(path[0])}. This attribute is part of the key`,
      );
    }
  }
}
