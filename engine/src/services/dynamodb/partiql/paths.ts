/**
 * Attribute paths in a statement (`a`, `"a".b`, `a.b[2]`, `a['b']`) as DynamoDB document paths,
 * and the FROM source as table and index names.
 */
import { ValidationException } from "../errors.ts";
import type { DocumentPath } from "../expressions/index.ts";
import type { AttributeValue } from "../values/index.ts";
import type { Expr, Source } from "./ast.ts";
import { at, MESSAGES } from "./messages.ts";

/** A list index must fit a Java int (DynamoDB's limit for document paths). */
const MAX_LIST_INDEX = 2_147_483_647;

export const isPath = (expr: Expr): boolean => expr.kind === "identifier" || expr.kind === "path";

/** The document path `expr` names; throws for anything that is not an attribute path. */
export function documentPath(expr: Expr, parameters: readonly AttributeValue[]): DocumentPath {
  if (expr.kind === "identifier") return [expr.name];
  if (expr.kind !== "path") throw at("Unexpected path component", expr.position);
  if (expr.root.kind !== "identifier") {
    if (expr.root.kind === "literal" && expr.root.type === "number") {
      throw new ValidationException(MESSAGES.pathStartsWithIndex);
    }
    throw at("Unexpected path component", expr.root.position);
  }
  const path: (string | number)[] = [expr.root.name];
  for (const step of expr.steps) {
    if (step.kind === "name") {
      path.push(step.name);
      continue;
    }
    if (step.kind === "wildcard") {
      throw new ValidationException("Wildcard path component like a[*].b are not supported");
    }
    const index = step.index;
    const value: AttributeValue | undefined =
      index.kind === "parameter"
        ? parameters[index.index]
        : index.kind === "literal" && (index.type === "string" || index.type === "number")
          ? index.type === "string"
            ? { S: index.text }
            : { N: index.text }
          : undefined;
    if (value !== undefined && "S" in value) {
      path.push(value.S);
    } else if (value !== undefined && "N" in value) {
      const n = Number(value.N);
      if (!Number.isInteger(n) || n < 0 || n > MAX_LIST_INDEX) {
        throw new ValidationException(`List index is not within the allowable range; index: [${value.N}]`);
      }
      path.push(n);
    } else {
      throw at("Unexpected path component", step.position);
    }
  }
  return path;
}

/** The FROM source's table and optional index name. */
export function sourceNames(source: Source): { table: string; index: string | undefined } {
  if (source.joined) throw new ValidationException("Only select from a single table or index is supported.");
  const components: string[] = [];
  const expr = source.expr;
  if (expr.kind === "path") {
    if (expr.root.kind !== "identifier") throw new ValidationException("Unexpected from source");
    components.push(expr.root.name);
    for (const step of expr.steps) {
      if (step.kind !== "name") throw new ValidationException("Invalid list expression in source.");
      components.push(step.name);
    }
  } else if (expr.kind === "identifier") {
    components.push(expr.name);
  } else {
    throw new ValidationException("Unexpected from source");
  }
  if (components.some((name) => name === "")) throw new ValidationException(MESSAGES.emptyPathComponent);
  if (components.length > 2) throw new ValidationException(MESSAGES.tooManyFromComponents);
  if (source.alias !== undefined) throw new ValidationException(MESSAGES.aliasing);
  return { table: components[0]!, index: components[1] };
}
