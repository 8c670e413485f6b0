/** The expression parameters, as DynamoDB names them in "Invalid <kind>: …" messages. */
import { ValidationException } from "../errors.ts";

export type ExpressionKind =
  | "ConditionExpression"
  | "FilterExpression"
  | "KeyConditionExpression"
  | "UpdateExpression"
  | "ProjectionExpression";

/** AWS prefixes every parse and validation error of an expression with "Invalid <kind>: ". */
export const invalidExpression = (kind: ExpressionKind, message: string): ValidationException =>
  new ValidationException(`Invalid ${kind}: ${message}`);
