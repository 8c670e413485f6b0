/**
 * Write plans: each statement is one conditional item write, as AWS runs it. INSERT is a put on
 * condition that no item has the key; UPDATE an update on condition that it has (and that the rest
 * of the WHERE holds); DELETE a delete on condition that the rest of the WHERE holds, when there is
 * an item; `EXISTS(SELECT …)` in a transaction a check that writes nothing.
 */
import { ValidationException } from "../errors.ts";
import { applyUpdate, type Condition, evaluateCondition } from "../expressions/index.ts";
import { keyAttributes } from "../items.ts";
import { checkItem } from "../key-validation.ts";
import type { Table } from "../table-definition.ts";
import { type Item, typeOf } from "../values/index.ts";
import type {
  DeleteStatement,
  InsertStatement,
  SelectStatement,
  Source,
  Statement,
  UpdateStatement,
} from "./ast.ts";
import { compileCondition } from "./conditions.ts";
import { extractKey } from "./keys.ts";
import { itemValue } from "./literals.ts";
import {
  invalidReturningForDelete,
  keyAbsent,
  keyTypeMismatch,
  MESSAGES,
  unsupportedClause,
} from "./messages.ts";
import { sourceNames } from "./paths.ts";
import type { Environment, WritePlan } from "./plan.ts";
import { compileUpdate } from "./updates.ts";

export function planWrite(statement: Statement, env: Environment): WritePlan {
  switch (statement.kind) {
    case "insert":
      return planInsert(statement, env);
    case "update":
      return planUpdate(statement, env);
    case "delete":
      return planDelete(statement, env);
    default:
      throw new ValidationException(MESSAGES.transactionUnsupported);
  }
}

function tableOf(source: Source, env: Environment): Table {
  const names = sourceNames(source);
  if (names.index !== undefined) throw new ValidationException(MESSAGES.operationOnIndex);
  return env.plane.tables.forDataPlane(names.table, env.context);
}

function planInsert(statement: InsertStatement, env: Environment): WritePlan {
  if (!statement.single) throw new ValidationException(MESSAGES.insertMultiple);
  if (statement.at) throw new ValidationException("AT is not supported in insert statements.");
  if (statement.onConflict) throw unsupportedClause("ON CONFLICT");
  if (statement.value.kind !== "struct") throw new ValidationException(MESSAGES.insertStruct);
  const item = itemValue(statement.value, env.parameters);
  const table = tableOf(statement.source, env);
  if (statement.returning) throw new ValidationException(MESSAGES.insertReturning);
  const { hashKey, rangeKey } = table.definition.key;
  for (const name of rangeKey ? [hashKey, rangeKey] : [hashKey]) {
    const attribute = item[name];
    if (attribute === undefined) throw keyAbsent(name);
    if (typeOf(attribute) !== table.definition.attributeDefinitions[name]) throw keyTypeMismatch(name);
  }
  checkItem(table, item);
  return {
    kind: "write",
    statement: "insert",
    table,
    key: keyAttributes(item, table.definition.key),
    holds: (current) => current === undefined,
    compute: () => item,
    failure: "DuplicateItem",
    returning: undefined,
    update: undefined,
  };
}

function planUpdate(statement: UpdateStatement, env: Environment): WritePlan {
  const where = statement.where ? compileCondition(statement.where, env.parameters) : undefined;
  const table = tableOf(statement.source, env);
  const update = compileUpdate(table, statement.clauses, env.parameters);
  const { key, rest } = extractKey(table, where);
  return {
    kind: "write",
    statement: "update",
    table,
    key,
    // AWS: UPDATE is not an upsert; its condition is that the item exists.
    holds: (current) => current !== undefined && (!rest || holds(rest, current)),
    compute: (current) => {
      const next = applyUpdate(update, current ?? { ...key });
      checkItem(table, next);
      return next;
    },
    failure: "ConditionalCheckFailed",
    returning: statement.returning,
    update,
  };
}

function planDelete(statement: DeleteStatement, env: Environment): WritePlan {
  if (!statement.where) throw new ValidationException(MESSAGES.incompleteKey);
  const where = compileCondition(statement.where, env.parameters);
  const table = tableOf(statement.source, env);
  const { key, rest } = extractKey(table, where);
  if (statement.returning && statement.returning !== "ALL OLD") {
    throw invalidReturningForDelete(`${statement.returning} *`);
  }
  return {
    kind: "write",
    statement: "delete",
    table,
    key,
    // AWS: deleting an item that is not there succeeds whatever the rest of the WHERE says.
    holds: (current) => current === undefined || !rest || holds(rest, current),
    compute: () => undefined,
    failure: "ConditionalCheckFailed",
    returning: statement.returning,
    update: undefined,
  };
}

/** `EXISTS(SELECT … WHERE <full key> AND <condition>)` in ExecuteTransaction: a condition check. */
export function planExistsCheck(select: SelectStatement, env: Environment): WritePlan {
  const names = sourceNames(select.source);
  const filter = select.where ? compileCondition(select.where, env.parameters) : undefined;
  if (names.index !== undefined)
    throw new ValidationException("Operations on indices are not supported in transactions");
  const table = env.plane.tables.forDataPlane(names.table, env.context);
  let extracted: ReturnType<typeof extractKey> | undefined;
  try {
    extracted = extractKey(table, filter);
  } catch {
    extracted = undefined;
  }
  const rest = extracted?.rest;
  if (!extracted || !rest) throw new ValidationException(MESSAGES.transactionExists);
  return {
    kind: "write",
    statement: "check",
    table,
    key: extracted.key,
    holds: (current) => current !== undefined && holds(rest, current),
    compute: undefined,
    failure: "ConditionalCheckFailed",
    returning: undefined,
    update: undefined,
  };
}

const holds = (condition: Condition, item: Item): boolean =>
  evaluateCondition({ condition, paths: [] }, item);
