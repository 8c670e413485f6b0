/**
 * Statements translated into what the item store does, with DynamoDB's checks in its order: the
 * statement's own clauses, then the table (ResourceNotFoundException), then the key and schema
 * rules. plan-read.ts plans SELECTs, plan-write.ts INSERT, UPDATE, DELETE and EXISTS checks.
 */
import type { RequestContext } from "../../../server/context.ts";
import type { Condition, ParsedUpdate } from "../expressions/index.ts";
import type { RangeCondition } from "../items.ts";
import type { DataPlane } from "../operations/context.ts";
import type { IndexDefinition, Table } from "../table-definition.ts";
import type { AttributeValue, Item } from "../values/index.ts";
import type { Expr, ReturnValues, SelectStatement, Statement } from "./ast.ts";
import type { SelectList } from "./projection.ts";

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
  if (expr.kind !== "call" || expr.name.toLowerCase() !== "exists" || expr.args.length !== 1)
    return undefined;
  const arg = expr.args[0]!;
  return arg.kind === "statement" && arg.statement.kind === "select" ? arg.statement : undefined;
}
