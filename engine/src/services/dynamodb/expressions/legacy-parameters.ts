/**
 * AttributeUpdates and AttributesToGet compiled to the forms the expressions produce, and the rules
 * for mixing legacy and expression parameters in one request. Message texts as recorded by dynalite
 * against DynamoDB (validations/updateItem.js, query.js, index.js validateExpressionParams).
 */
import { ValidationException } from "../errors.ts";
import { type AttributeValueInput, typeOf, validateAttributeValue } from "../values/index.ts";
import type { ParsedProjection, ParsedUpdate, UpdateAction } from "./model.ts";

const INVALID = "One or more parameter values were invalid:";

export interface AttributeValueUpdateInput {
  readonly Action?: string;
  readonly Value?: AttributeValueInput;
}

/** AttributeUpdates: PUT (the default) sets, DELETE without a value removes, ADD adds, DELETE with a set removes members. */
export function updateFromAttributeUpdates(
  updates: Readonly<Record<string, AttributeValueUpdateInput>>,
): ParsedUpdate {
  const actions: UpdateAction[] = Object.entries(updates).map(([name, update]) => {
    const action = update.Action ?? "PUT";
    const path = [name];
    if (update.Value === undefined) {
      if (action !== "DELETE") {
        throw new ValidationException(
          `${INVALID} Only DELETE action is allowed when no attribute value is specified`,
        );
      }
      return { kind: "REMOVE", path };
    }
    const value = validateAttributeValue(update.Value);
    const type = typeOf(value);
    if (action === "DELETE") {
      if (type !== "SS" && type !== "NS" && type !== "BS") {
        throw new ValidationException(
          `${INVALID} DELETE action with value is not supported for the type ${type}`,
        );
      }
      return { kind: "DELETE", path, value };
    }
    if (action === "ADD") {
      if (!["L", "SS", "NS", "BS", "N"].includes(type)) {
        throw new ValidationException(`${INVALID} ADD action is not supported for the type ${type}`);
      }
      return { kind: "ADD", path, value };
    }
    return { kind: "SET", path, value: { kind: "value", value } };
  });
  return { actions, legacy: true, paths: actions.map((action) => action.path) };
}

/** AttributesToGet as a projection of top-level attributes. */
export function projectionFromAttributesToGet(names: readonly string[]): ParsedProjection {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name))
      throw new ValidationException(`${INVALID} Duplicate value in attribute name: ${name}`);
    seen.add(name);
  }
  return { paths: names.map((name) => [name]) };
}

/**
 * AWS rejects a request that mixes expression and legacy parameters, and placeholder maps without
 * an expression to use them. `expressions` lists the operation's expression parameters in AWS's
 * order (e.g. Query: ProjectionExpression, FilterExpression, KeyConditionExpression), `legacy` its
 * legacy ones (AttributesToGet, QueryFilter, ConditionalOperator, KeyConditions).
 */
export function checkExpressionParameters(
  request: Readonly<Record<string, unknown>>,
  expressions: readonly string[],
  legacy: readonly string[],
): void {
  const present = (name: string) => request[name] !== undefined && request[name] !== null;
  const usedExpressions = expressions.filter(present);
  if (usedExpressions.length > 0) {
    // KeyConditions may accompany a FilterExpression or ProjectionExpression when no KeyConditionExpression is given.
    const usedLegacy = legacy.filter(
      (name) => present(name) && !(name === "KeyConditions" && !present("KeyConditionExpression")),
    );
    if (usedLegacy.length > 0) {
      throw new ValidationException(
        `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${usedLegacy.join(", ")}} Expression parameters: {${usedExpressions.join(", ")}}`,
      );
    }
  }
  if (present("ExpressionAttributeNames") && usedExpressions.length === 0) {
    throw new ValidationException("ExpressionAttributeNames can only be specified when using expressions");
  }
  const valueExpressions = expressions.filter((name) => name !== "ProjectionExpression");
  if (
    present("ExpressionAttributeValues") &&
    valueExpressions.length > 0 &&
    !valueExpressions.some(present)
  ) {
    throw new ValidationException(
      `ExpressionAttributeValues can only be specified when using expressions: ${valueExpressions.join(" and ")} ${valueExpressions.length > 1 ? "are" : "is"} null`,
    );
  }
}
