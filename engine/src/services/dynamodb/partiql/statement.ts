/**
 * ExecuteStatement: one statement, parsed, translated and run. A SELECT answers a page of Items
 * with NextToken (and LastEvaluatedKey) when it stopped early; a write answers `Items: []`, or the
 * item its RETURNING clause asks for.
 */
import { createHash } from "node:crypto";
import type * as Ddb from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../../../server/context.ts";
import { consumedCapacity } from "../capacity.ts";
import { ValidationException } from "../errors.ts";
import { decodeItem, encodeItem } from "../item-json.ts";
import type { DataPlane } from "../operations/context.ts";
import type { Statement } from "./ast.ts";
import { MESSAGES, unsupportedOperation } from "./messages.ts";
import { checkParameterCount, readParameters } from "./parameters.ts";
import { parseStatement } from "./parse.ts";
import type { Environment } from "./plan.ts";
import { planRead } from "./plan-read.ts";
import { planWrite } from "./plan-write.ts";
import { executeRead, type ReadPosition } from "./read.ts";
import { executeWrite } from "./write.ts";

const OPERATION = "ExecuteStatement";

export function executeStatement(
  plane: DataPlane,
  input: Ddb.ExecuteStatementInput,
  context: RequestContext,
): Record<string, unknown> {
  const { statement, parameterCount } = parseStatement(input.Statement!);
  if (statement.kind === "expression") throw unsupportedStatement(statement);
  const parameters = readParameters(input.Parameters);
  checkParameterCount(parameterCount, parameters.length);
  const env: Environment = { plane, context, parameters };
  const out: Record<string, unknown> = {};

  if (statement.kind === "select") {
    const consistent = input.ConsistentRead === true;
    const plan = planRead(statement, env, consistent);
    const fingerprint = requestFingerprint(input);
    const from = input.NextToken === undefined ? undefined : readToken(input.NextToken, fingerprint);
    const result = executeRead(plane, plan, { limit: input.Limit, consistent, from, operation: OPERATION });
    out.Items = result.items.map(encodeItem);
    if (result.next) {
      out.NextToken = writeToken(result.next, fingerprint);
      if (result.next.after) out.LastEvaluatedKey = encodeItem(result.next.after);
    }
    const consumed = consumedCapacity(plan.table, result.charge, input.ReturnConsumedCapacity);
    if (consumed) out.ConsumedCapacity = consumed;
    return out;
  }

  const plan = planWrite(statement, env);
  const result = executeWrite(plane, plan, {
    operation: OPERATION,
    returnOldOnFailure: input.ReturnValuesOnConditionCheckFailure === "ALL_OLD",
  });
  out.Items = result.item ? [encodeItem(result.item)] : [];
  const consumed = consumedCapacity(plan.table, result.charge, input.ReturnConsumedCapacity);
  if (consumed) out.ConsumedCapacity = consumed;
  return out;
}

/**
 * What AWS answers a statement that is not SELECT/INSERT/UPDATE/DELETE: a function call (EXISTS
 * belongs in ExecuteTransaction), or "Unsupported operation: <the expression's kind>".
 */
export function unsupportedStatement(
  statement: Extract<Statement, { kind: "expression" }>,
): ValidationException {
  const expr = statement.expr;
  if (expr.kind === "call") return new ValidationException(MESSAGES.existsOutsideTransaction);
  return unsupportedOperation(EXPRESSION_KINDS[expr.kind] ?? expr.kind);
}

const EXPRESSION_KINDS: Readonly<Record<string, string>> = {
  is: "IsType",
  identifier: "Id",
  literal: "Lit",
  parameter: "Parameter",
  path: "Path",
  list: "List",
  bag: "Bag",
  struct: "Struct",
  between: "Between",
  binary: "NAry",
  unary: "NAry",
  statement: "Select",
};

// ── NextToken ─────────────────────────────────────────────────────────────
// Opaque to callers: the position to continue from and a fingerprint of the request it belongs to.

interface TokenBody {
  f: string;
  p: number;
  k?: Record<string, unknown>;
}

function requestFingerprint(input: Ddb.ExecuteStatementInput): string {
  return createHash("sha256")
    .update(JSON.stringify([input.Statement, input.Parameters ?? null, input.ConsistentRead === true]))
    .digest("base64url")
    .slice(0, 22);
}

function writeToken(position: ReadPosition, fingerprint: string): string {
  const body: TokenBody = { f: fingerprint, p: position.partition };
  if (position.after) body.k = encodeItem(position.after);
  return Buffer.from(JSON.stringify(body)).toString("base64");
}

function readToken(token: string, fingerprint: string): ReadPosition {
  let body: TokenBody;
  try {
    body = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as TokenBody;
  } catch {
    throw new ValidationException(MESSAGES.invalidNextToken);
  }
  if (
    typeof body !== "object" ||
    body === null ||
    typeof body.f !== "string" ||
    !Number.isInteger(body.p) ||
    body.p < 0 ||
    (body.k !== undefined && (typeof body.k !== "object" || body.k === null))
  ) {
    throw new ValidationException(MESSAGES.invalidNextToken);
  }
  if (body.f !== fingerprint) throw new ValidationException(MESSAGES.nextTokenMismatch);
  try {
    return { partition: body.p, after: body.k ? decodeItem(body.k) : undefined };
  } catch {
    throw new ValidationException(MESSAGES.invalidNextToken);
  }
}
