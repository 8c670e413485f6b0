/**
 * SELECT plans. ExecuteStatement reads by Query when the WHERE pins the partition key (equality,
 * IN, or an OR of those; one Query per value) and by Scan otherwise, through the table or the
 * index the FROM names. Inside BatchExecuteStatement and ExecuteTransaction a SELECT reads one
 * item by its full key.
 */
import { ValidationException } from "../errors.ts";
import type { Condition, DocumentPath, Operand } from "../expressions/index.ts";
import { findIndex, type IndexDefinition, type Table } from "../table-definition.ts";
import { type AttributeValue, compareOrdered, typeOf } from "../values/index.ts";
import type { SelectStatement } from "./ast.ts";
import { compileCondition } from "./conditions.ts";
import { checkKeyTypes, conjuncts, extractKey, partitionValues, rangeCondition } from "./keys.ts";
import { keyTypeMismatch, MESSAGES, unsupportedClause } from "./messages.ts";
import { sourceNames } from "./paths.ts";
import { type Environment, type GetPlan, MAX_DECOMPOSED_READS, type ReadPlan } from "./plan.ts";
import { compileSelectList } from "./projection.ts";

function checkSelectClauses(statement: SelectStatement): void {
  const [clause] = statement.unsupported;
  if (clause) throw unsupportedClause(clause);
  if (statement.distinct) throw new ValidationException("Unsupported token in expression: DISTINCT");
  if (statement.value)
    throw new ValidationException("Select projection doesn't support value or pivot keywords");
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
  for (const value of partitions ?? [])
    if (typeOf(value) !== types[schema.hashKey]) throw keyTypeMismatch(schema.hashKey);
  if (partitions && partitions.length > MAX_DECOMPOSED_READS)
    throw new ValidationException(MESSAGES.tooManyReads);

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
  const range = partitions
    ? rangeCondition(filter, schema.rangeKey, schema.rangeKey && types[schema.rangeKey])
    : undefined;
  return { kind: "read", table, index, select, filter, partitions: ordered, range, forward, reachBack };
}

/** A SELECT inside BatchExecuteStatement or ExecuteTransaction: one item, by its full key. */
export function planGet(
  statement: SelectStatement,
  env: Environment,
  within: "batch" | "transaction",
): GetPlan {
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

/** Attribute names an index returns: the table's and the index's keys and its projected attributes. */
function projectedNames(table: Table, index: IndexDefinition): Set<string> {
  const names = new Set([table.definition.key.hashKey, index.key.hashKey]);
  for (const name of [
    table.definition.key.rangeKey,
    index.key.rangeKey,
    ...(index.projection.nonKeyAttributes ?? []),
  ]) {
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
