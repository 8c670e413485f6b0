/**
 * Query and Scan. AWS: both read at most 1 MB (or Limit items) per call *before* the filter is
 * applied, charge the summed size of what they read rounded up once to 4 KB, and return
 * LastEvaluatedKey when they stopped early. The request is validated before the table is looked
 * up; the starting key and the key conditions are then checked against the table's schema.
 *
 * LIMITATIONS
 * - An LSI query that returns attributes the index does not project fetches them from the table
 *   as AWS does, but is charged for the index entries only (AWS adds the table reads).
 * - A parallel Scan does not check that ExclusiveStartKey belongs to the requested Segment.
 */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import { RawJsonList } from "../../../protocol/aws-json.ts";
import type { RequestContext } from "../../../server/context.ts";
import { consumedCapacity, emptyCharge, readUnits } from "../capacity.ts";
import { MAX_PAGE_BYTES } from "../constants.ts";
import { ValidationException } from "../errors.ts";
import {
  type AttributeKeyCondition,
  evaluateCondition,
  type KeyCondition,
  matchKeySchema,
  type ParsedCondition,
  type ParsedProjection,
  project,
} from "../expressions/index.ts";
import { encodeItem } from "../item-json.ts";
import type { Page, PageEntry } from "../items.ts";
import type { IndexDefinition, KeySchema, Table } from "../table-definition.ts";
import { findIndex } from "../table-definition.ts";
import {
  type AttributeValue,
  attributeValuesEqual,
  compareOrdered,
  type Item,
  typeOf,
} from "../values/index.ts";
import type { DataPlane } from "./context.ts";
import { checkParameterStyle, compileExpressions, type ExpressionRequest } from "./request-expressions.ts";
import { readItem } from "./single-item.ts";

type Handler = (input: never, context: RequestContext) => unknown;
type Operation = "Query" | "Scan";

interface ReadRequest {
  TableName?: string;
  IndexName?: string;
  Select?: string;
  AttributesToGet?: string[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ReturnConsumedCapacity?: string;
  ExclusiveStartKey?: Record<string, unknown>;
}

const INVALID_START_KEY = "The provided starting key is invalid";
const START_KEY_SCHEMA_MISMATCH = `${INVALID_START_KEY}: The provided key element does not match the schema`;

/** Select against the projection parameters, in AWS's words (Query wraps one of them, Scan does not). */
function checkSelect(request: ReadRequest, operation: Operation): void {
  const { Select: select } = request;
  const projection = request.ProjectionExpression !== undefined;
  const attributes = request.AttributesToGet !== undefined;
  if (select === "SPECIFIC_ATTRIBUTES" && !projection && !attributes) {
    const text =
      "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES";
    throw new ValidationException(operation === "Query" ? `1 validation error detected: ${text}` : text);
  }
  if (select !== undefined && select !== "SPECIFIC_ATTRIBUTES" && (projection || attributes)) {
    const parameter = projection ? "ProjectionExpression" : "AttributesToGet";
    const what = select === "COUNT" ? "only the Count" : select;
    throw new ValidationException(`Cannot specify the ${parameter} when choosing to get ${what}`);
  }
  // AWS says "Querying" for Scan too.
  if (select === "ALL_PROJECTED_ATTRIBUTES" && request.IndexName === undefined) {
    throw new ValidationException(
      "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
    );
  }
}

/** ExclusiveStartKey's attribute values, validated like any others but reported as a bad start key. */
function readStartKey(raw: Record<string, unknown> | undefined): Item | undefined {
  if (raw === undefined) return undefined;
  try {
    return readItem(raw);
  } catch (error) {
    if (error instanceof ValidationException)
      throw new ValidationException(`${INVALID_START_KEY}: ${error.message}`);
    throw error;
  }
}

function resolveIndex(table: Table, request: ReadRequest): IndexDefinition | undefined {
  if (request.IndexName === undefined) return undefined;
  const index = findIndex(table.definition, request.IndexName);
  if (!index)
    throw new ValidationException(`The table does not have the specified index: ${request.IndexName}`);
  if (index.kind === "GSI" && request.ConsistentRead) {
    throw new ValidationException("Consistent reads are not supported on global secondary indexes");
  }
  return index;
}

function checkAllAttributes(index: IndexDefinition | undefined, request: ReadRequest): void {
  if (request.Select === "ALL_ATTRIBUTES" && index?.kind === "GSI" && index.projection.type !== "ALL") {
    throw new ValidationException(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`,
    );
  }
}

const keyNames = (schema: KeySchema): string[] =>
  schema.rangeKey ? [schema.hashKey, schema.rangeKey] : [schema.hashKey];

/**
 * A starting key holds exactly the table's key attributes, plus the index's when reading an
 * index, each of its declared type. AWS words the attribute-set mismatch shortly for Query and for
 * index scans, and with the schema detail for a table Scan.
 */
function checkStartKey(
  table: Table,
  index: IndexDefinition | undefined,
  start: Item,
  operation: Operation,
): void {
  const names = new Set([...keyNames(table.definition.key), ...(index ? keyNames(index.key) : [])]);
  const given = Object.keys(start);
  if (given.length !== names.size || given.some((name) => !names.has(name))) {
    throw new ValidationException(
      operation === "Scan" && !index ? START_KEY_SCHEMA_MISMATCH : INVALID_START_KEY,
    );
  }
  for (const name of names) {
    if (typeOf(start[name]!) !== table.definition.attributeDefinitions[name])
      throw new ValidationException(START_KEY_SCHEMA_MISMATCH);
  }
}

function inRange(value: AttributeValue, range: NonNullable<KeyCondition["range"]>): boolean {
  const [first, second] = range.values as [AttributeValue, AttributeValue | undefined];
  const order = compareOrdered(value, first) ?? Number.NaN;
  switch (range.op) {
    case "=":
      return order === 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
    case "BETWEEN":
      return order >= 0 && (compareOrdered(value, second!) ?? Number.NaN) <= 0;
    case "BEGINS_WITH":
      if ("S" in value && "S" in first) return value.S.startsWith(first.S);
      return "B" in value && "B" in first && value.B.subarray(0, first.B.length).equals(first.B);
  }
}

/** AWS: a Query may only restart inside the partition and the range its conditions select. */
function checkStartKeyInQuery(schema: KeySchema, start: Item, condition: KeyCondition): void {
  const sameHash = attributeValuesEqual(start[schema.hashKey]!, condition.hash);
  if (!condition.range || !schema.rangeKey) {
    if (!sameHash)
      throw new ValidationException(
        "The provided starting key is outside query boundaries based on provided conditions",
      );
    return;
  }
  if (!inRange(start[schema.rangeKey]!, condition.range))
    throw new ValidationException("The provided starting key does not match the range key predicate");
  if (!sameHash)
    throw new ValidationException("The query can return at most one row and cannot be restarted");
}

/** AWS: a Query's filter may not read the key attributes it is keyed on. */
function forbidKeyFilter(schema: KeySchema, filter: ParsedCondition | undefined, parameter: string): void {
  for (const path of filter?.paths ?? []) {
    const top = path[0];
    if (top === schema.hashKey || top === schema.rangeKey) {
      throw new ValidationException(
        `${parameter} can only contain non-primary key attributes: Primary key attribute: ${String(top)}`,
      );
    }
  }
}

/** What a page entry returns: an LSI fetches what it does not project from the table; a GSI cannot. */
function sourceOf(entry: PageEntry, index: IndexDefinition | undefined, request: ReadRequest): Item {
  const fetches =
    index?.kind === "LSI" &&
    (request.Select === "ALL_ATTRIBUTES" ||
      request.Select === "SPECIFIC_ATTRIBUTES" ||
      request.ProjectionExpression !== undefined ||
      request.AttributesToGet !== undefined);
  return fetches ? entry.base : entry.item;
}

/** Applies the filter and projection to a page and builds the common response members. */
function respond(
  plane: DataPlane,
  table: Table,
  index: IndexDefinition | undefined,
  request: ReadRequest,
  page: Page,
  compiled: { filter?: ParsedCondition; projection?: ParsedProjection },
  operation: Operation,
) {
  const charge = {
    ...emptyCharge("read"),
    table: readUnits(page.bytesRead, request.ConsistentRead ? "strong" : "eventual"),
  };
  if (index) {
    const section = index.kind === "GSI" ? charge.globalIndexes : charge.localIndexes;
    section[index.name] = charge.table;
    charge.table = 0;
  }
  plane.capacity.consume(table, charge, operation);
  const { filter, projection } = compiled;
  const sources = () => page.items.map((entry) => sourceOf(entry, index, request));
  const matched = filter ? sources().filter((item) => evaluateCondition(filter, item)) : undefined;
  const result: Record<string, unknown> = {
    Count: matched?.length ?? page.items.length,
    ScannedCount: page.items.length,
  };
  if (request.Select !== "COUNT") {
    // Whole base-table items go out as stored (already their wire form), never parsed.
    const whole = !matched && !projection && page.items.every((entry) => entry.json !== undefined);
    result.Items = whole
      ? new RawJsonList(page.items.map((entry) => entry.json!))
      : (matched ?? sources()).map((item) => encodeItem(projection ? project(item, projection) : item));
  }
  if (page.lastEvaluated) result.LastEvaluatedKey = encodeItem(page.lastEvaluated);
  const consumed = consumedCapacity(table, charge, request.ReturnConsumedCapacity);
  if (consumed) result.ConsumedCapacity = consumed;
  return result;
}

function keyConditionFor(
  table: Table,
  schema: KeySchema,
  conditions: ReadonlyMap<string, AttributeKeyCondition>,
): KeyCondition {
  const types = table.definition.attributeDefinitions;
  return matchKeySchema(conditions, {
    hashKey: schema.hashKey,
    rangeKey: schema.rangeKey,
    hashType: types[schema.hashKey],
    rangeType: schema.rangeKey ? types[schema.rangeKey] : undefined,
  });
}

export function queryScanOperations(plane: DataPlane): Record<string, Handler> {
  return {
    Query(input: Ddb.QueryInput, ctx) {
      checkParameterStyle(input as ExpressionRequest, ["key", "filter", "projection"], "QueryFilter");
      const start = readStartKey(input.ExclusiveStartKey);
      if (input.KeyConditionExpression === undefined && input.KeyConditions === undefined) {
        throw new ValidationException(
          "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
        );
      }
      checkSelect(input, "Query");
      const compiled = compileExpressions(input as ExpressionRequest, ["key", "filter", "projection"], {
        filterParameter: "QueryFilter",
      });
      const table = plane.tables.forDataPlane(input.TableName!, ctx);
      const index = resolveIndex(table, input);
      const schema = index?.key ?? table.definition.key;
      if (start) checkStartKey(table, index, start, "Query");
      const keyCondition = keyConditionFor(table, schema, compiled.keyConditions!);
      if (start) checkStartKeyInQuery(schema, start, keyCondition);
      forbidKeyFilter(schema, compiled.filter, input.QueryFilter ? "QueryFilter" : "Filter Expression");
      checkAllAttributes(index, input);
      const page = plane.items.query(table, index, keyCondition.hash, keyCondition.range, {
        forward: input.ScanIndexForward !== false,
        startAfter: start,
        limit: input.Limit,
        maxBytes: MAX_PAGE_BYTES,
      });
      return respond(plane, table, index, input, page, compiled, "Query");
    },

    Scan(input: Ddb.ScanInput, ctx) {
      checkParameterStyle(input as ExpressionRequest, ["filter", "projection"], "ScanFilter");
      const start = readStartKey(input.ExclusiveStartKey);
      const { Segment: segment, TotalSegments: total } = input;
      if (segment !== undefined && total === undefined) {
        throw new ValidationException(
          "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
        );
      }
      if (total !== undefined && segment === undefined) {
        throw new ValidationException(
          "The Segment parameter is required but was not present in the request when parameter TotalSegments is present",
        );
      }
      if (segment !== undefined && total !== undefined && segment >= total) {
        throw new ValidationException(
          `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${total}`,
        );
      }
      checkSelect(input, "Scan");
      const compiled = compileExpressions(input as ExpressionRequest, ["filter", "projection"], {
        filterParameter: "ScanFilter",
      });
      const table = plane.tables.forDataPlane(input.TableName!, ctx);
      const index = resolveIndex(table, input);
      if (start) checkStartKey(table, index, start, "Scan");
      checkAllAttributes(index, input);
      const page = plane.items.scan(
        table,
        index,
        segment !== undefined ? { segment, total: total! } : undefined,
        { forward: true, startAfter: start, limit: input.Limit, maxBytes: MAX_PAGE_BYTES },
      );
      return respond(plane, table, index, input, page, compiled, "Scan");
    },
  };
}
