/**
 * Statements translated into what the item store does, with DynamoDB's checks in its order: the
 * statement's own clauses, then the table (ResourceNotFoundException), then the key and schema
 * rules. A write becomes one conditional item write, as AWS runs it: INSERT is a put on condition
 * that no item has the key; UPDATE an update on condition that it has (and that the rest of the
 * WHERE holds); DELETE a delete on condition that the rest of the WHERE holds, when there is an item.
 */
import type { RequestContext } from "../../../server/context.ts";
import { ValidationException } from "../errors.ts";
import {
  applyUpdate,
  type Condition,
  type DocumentPath,
  evaluateCondition,
  type Operand,
  type ParsedUpdate,
} from "../expressions/index.ts";
import { keyAttributes, type RangeCondition } from "../items.ts";
import { checkItem } from "../key-validation.ts";
import type { DataPlane } from "../operations/context.ts";
import { findIndex, type IndexDefinition, type Table } from "../table-definition.ts";
import { type AttributeValue, compareOrdered, type Item, typeOf } from "../values/index.ts";
import type {
  DeleteStatement,
  Expr,
  InsertStatement,
  ReturnValues,
  SelectStatement,
  Source,
  Statement,
  UpdateStatement,
} from "./ast.ts";
import { compileCondition } from "./conditions.ts";
import { checkKeyTypes, conjuncts, extractKey, partitionValues, rangeCondition } from "./keys.ts";
import { constantValue } from "./literals.ts";
import {
  invalidReturningForDelete,
  keyAbsent,
  keyTypeMismatch,
  MESSAGES,
  unsupportedClause,
} from "./messages.ts";
import { sourceNames } from "./paths.ts";
import { compileSelectList, type SelectList } from "./projection.ts";
import { compileUpdate } from "./updates.ts";

/** AWS decomposes `pk IN [...]` and ORs of partition keys into one Query each, up to a limit. */
export const MAX_DECOMPOSED_READS = 100;

export interface Environment {
  plane: DataPlane;
  context: RequestContext;
  parameters: readonly AttributeValue[];
}

export interface ReadPlan {
  readonly kind: "read";
  readonly table: Table;
  readonly index: IndexDefinition | undefined;
  readonly select: SelectList | undefined;
  readonly filter: Condition | undefined;
  /** Partition-key values to Query, in order; undefined for a Scan. */
  readonly partitions: readonly AttributeValue[] | undefined;
  readonly range: RangeCondition | undefined;
  readonly forward: boolean;
  /** An LSI read that selects attributes the index does not project fetches them from the table. */
  readonly reachBack: boolean;
}

export interface GetPlan {
  readonly kind: "get";
  readonly table: Table;
  readonly key: Item;
  readonly select: SelectList | undefined;
}

export interface WritePlan {
  readonly kind: "write";
  readonly statement: "insert" | "update" | "delete" | "check";
  readonly table: Table;
  readonly key: Item;
  readonly holds: (current: Item | undefined) => boolean;
  /** The item after the write (undefined deletes); absent for an EXISTS check, which writes nothing. */
  readonly compute: ((current: Item | undefined) => Item | undefined) | undefined;
  /** What a failed condition means: an existing key for INSERT, else a failed condition. */
  readonly failure: "DuplicateItem" | "ConditionalCheckFailed";
  readonly returning: ReturnValues | undefined;
  readonly update: ParsedUpdate | undefined;
}

export type StatementClass = "read" | "write" | "exists" | "other";

export function classify(statement: Statement): StatementClass {
  if (statement.kind === "select") return "read";
  if (statement.kind !== "expression") return "write";
  return existsSelect(statement.expr) ? "exists" : "other";
}

/** The SELECT of `EXISTS(SELECT …)`, when that is what the expression is. */
export function existsSelect(expr: Expr): SelectStatement | undefined {
  if (expr.kind !== "call" || expr.name.toLowerCase() !== "exists" || expr.args.length !== 1) return undefined;
  const arg = expr.args[0]!;
  return arg.kind === "statement" && arg.statement.kind === "select" ? arg.statement : undefined;
}

// ── SELECT ────────────────────────────────────────────────────────────────

function checkSelectClauses(statement: SelectStatement): void {
  const [clause] = statement.unsupported;
  if (clause) throw unsupportedClause(clause);
  if (statement.distinct) throw new ValidationException("Unsupported token in expression: DISTINCT");
  if (statement.value) throw new ValidationException("Select projection doesn't support value or pivot keywords");
}

/** ExecuteStatement's SELECT: a Query when the WHERE pins the partition key, else a Scan. */
export function planRead(statement: SelectStatement, env: Environment, consistentRead: boolean): ReadPlan {
  checkSelectClauses(statement);
  const names = sourceNames(statement.source);
  const select = compileSelectList(statement.projection, env.parameters);
  const filter = statement.where ? compileCondition(statement.where, env.parameters) : undefined;
  const table = env.plane.tables.forDataPlane(names.table, env.context);
  const index = names.index === undefined ? undefined : findIndex(table.definition, names.index);
  if (names.index !== undefined && !index) throw new ValidationException(MESSAGES.noSuchIndex);
  if (index?.kind === "GSI" && consistentRead) throw new ValidationException(MESSAGES.consistentReadOnGsi);
  const schema = index?.key ?? table.definition.key;
  const types = table.definition.attributeDefinitions;

  const partitions = partitionValues(filter, schema.hashKey, schema.rangeKey);
  for (const value of partitions ?? []) if (typeOf(value) !== types[schema.hashKey]) throw keyTypeMismatch(schema.hashKey);
  if (partitions && partitions.length > MAX_DECOMPOSED_READS) throw new ValidationException(MESSAGES.tooManyReads);

  let forward = true;
  let ordered = partitions;
  if (statement.orderBy) {
    if (!filter) throw new ValidationException(MESSAGES.orderByWithoutWhere);
    if (!partitions) throw new ValidationException(MESSAGES.orderByWithoutHashKey);
    for (const { expr, descending } of statement.orderBy) {
      const name = expr.kind === "identifier" ? expr.name : undefined;
      if (name === undefined || (name !== schema.hashKey && name !== schema.rangeKey)) {
        throw new ValidationException(
          `Variable reference ${name ?? expr.kind} in ORDER BY clause must be part of the primary key`,
        );
      }
      if (name === schema.rangeKey) forward = !descending;
      else ordered = sortPartitions(partitions, descending);
    }
  }

  let reachBack = false;
  if (index && index.projection.type !== "ALL") {
    const projected = projectedNames(table, index);
    const unprojected = (paths: readonly DocumentPath[]) => [
      ...new Set(paths.map((path) => String(path[0])).filter((name) => !projected.has(name))),
    ];
    const selected = unprojected(select?.items.map((item) => item.path) ?? []);
    if (selected.length > 0) {
      if (index.kind === "GSI") {
        throw new ValidationException(
          `One or more parameter values were invalid: Global secondary index ${index.name} does not project [${selected.join(", ")}]`,
        );
      }
      reachBack = true;
    }
    const filtered = partitions ? unprojected(conditionPaths(filter)) : [];
    if (filtered.length > 0) {
      throw new ValidationException(
        `One or more parameter values were invalid: Secondary index ${index.name} does not project one or more filter attributes: [${filtered.join(", ")}]`,
      );
    }
  }
  const range = partitions ? rangeCondition(filter, schema.rangeKey, schema.rangeKey && types[schema.rangeKey]) : undefined;
  return { kind: "read", table, index, select, filter, partitions: ordered, range, forward, reachBack };
}

/** A SELECT inside BatchExecuteStatement or ExecuteTransaction: one item, by its full key. */
export function planGet(statement: SelectStatement, env: Environment, within: "batch" | "transaction"): GetPlan {
  const keyMessage = within === "batch" ? MESSAGES.batchSelectKey : MESSAGES.transactionSelectKey;
  checkSelectClauses(statement);
  const names = sourceNames(statement.source);
  const select = compileSelectList(statement.projection, env.parameters);
  const filter = statement.where ? compileCondition(statement.where, env.parameters) : undefined;
  if (names.index !== undefined) {
    throw new ValidationException(within === "batch" ? keyMessage : MESSAGES.transactionIndexRead);
  }
  const table = env.plane.tables.forDataPlane(names.table, env.context);
  let extracted: ReturnType<typeof extractKey> | undefined;
  try {
    extracted = extractKey(table, filter, { checkTypes: false });
  } catch {
    extracted = undefined;
  }
  if (!extracted || extracted.rest) throw new ValidationException(keyMessage);
  checkKeyTypes(table, extracted.key);
  return { kind: "get", table, key: extracted.key, select };
}

// ── Writes ────────────────────────────────────────────────────────────────

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
  const value = constantValue(statement.value, env.parameters);
  const item = "M" in value ? value.M : {};
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
  if (names.index !== undefined) throw new ValidationException("Operations on indices are not supported in transactions");
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

const holds = (condition: Condition, item: Item): boolean => evaluateCondition({ condition, paths: [] }, item);

/** Attribute names an index returns: the table's and the index's keys and its projected attributes. */
function projectedNames(table: Table, index: IndexDefinition): Set<string> {
  const names = new Set([table.definition.key.hashKey, index.key.hashKey]);
  for (const name of [table.definition.key.rangeKey, index.key.rangeKey, ...(index.projection.nonKeyAttributes ?? [])]) {
    if (name) names.add(name);
  }
  return names;
}

/** Every document path a condition reads (iteratively: conditions can nest deeply). */
function conditionPaths(condition: Condition | undefined): DocumentPath[] {
  const paths: DocumentPath[] = [];
  const pending: Condition[] = conjuncts(condition);
  const operand = (o: Operand): void => {
    if (o.kind === "path") paths.push(o.path);
    else if (o.kind === "size") operand(o.operand);
  };
  while (pending.length > 0) {
    const next = pending.pop()!;
    switch (next.kind) {
      case "and":
      case "or":
        pending.push(next.left, next.right);
        break;
      case "not":
        pending.push(next.operand);
        break;
      case "compare":
        operand(next.left);
        operand(next.right);
        break;
      case "between":
        [next.operand, next.lower, next.upper].forEach(operand);
        break;
      case "in":
        [next.operand, ...next.candidates].forEach(operand);
        break;
      case "attribute_exists":
      case "attribute_not_exists":
        paths.push(next.path);
        break;
      case "attribute_type":
        operand(next.target);
        break;
      case "begins_with":
        operand(next.target);
        operand(next.prefix);
        break;
      case "contains":
        operand(next.target);
        operand(next.operand);
        break;
    }
  }
  return paths;
}

/** Partition keys share one type (the schema's), so they always have an order. */
function sortPartitions(partitions: readonly AttributeValue[], descending: boolean): AttributeValue[] {
  const sorted = [...partitions].sort((a, b) => compareOrdered(a, b) ?? 0);
  return descending ? sorted.reverse() : sorted;
}
