/**
 * Query and Scan. AWS: both read at most 1 MB (or Limit items) per call *before* the filter is
 * applied, charge the summed size of what they read rounded up once to 4 KB, and return
 * LastEvaluatedKey when they stopped early.
 */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../../../server/context.ts";
import { consumedCapacity, emptyCharge, readUnits } from "../capacity.ts";
import { MAX_PAGE_BYTES } from "../constants.ts";
import { ValidationException } from "../errors.ts";
import {
  evaluateCondition,
  type ParsedCondition,
  type ParsedProjection,
  project,
} from "../expressions/index.ts";
import { encodeItem } from "../item-json.ts";
import type { Page } from "../items.ts";
import type { IndexDefinition, Table } from "../table-definition.ts";
import { findIndex } from "../table-definition.ts";
import type { Item } from "../values/index.ts";
import type { DataPlane } from "./context.ts";
import { compileExpressions, type ExpressionRequest } from "./request-expressions.ts";
import { readItem } from "./single-item.ts";

type Handler = (input: never, context: RequestContext) => unknown;

interface ReadRequest {
  TableName?: string;
  IndexName?: string;
  Select?: string;
  AttributesToGet?: string[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  FilterExpression?: string;
  ReturnConsumedCapacity?: string;
  ExclusiveStartKey?: Record<string, unknown>;
}

function resolveIndex(table: Table, request: ReadRequest): IndexDefinition | undefined {
  if (request.IndexName === undefined) return undefined;
  const index = findIndex(table.definition, request.IndexName);
  if (!index)
    throw new ValidationException(`The table does not have the specified index: ${request.IndexName}`);
  if (index.kind === "GSI" && request.ConsistentRead) {
    throw new ValidationException("Consistent reads are not supported on global secondary indexes");
  }
  if (request.Select === "ALL_ATTRIBUTES" && index.kind === "GSI" && index.projection.type !== "ALL") {
    throw new ValidationException(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`,
    );
  }
  return index;
}

function checkSelect(request: ReadRequest): void {
  const specific = request.AttributesToGet !== undefined || request.ProjectionExpression !== undefined;
  if (request.Select === "SPECIFIC_ATTRIBUTES" && !specific) {
    throw new ValidationException(
      "One or more parameter values were invalid: Select type SPECIFIC_ATTRIBUTES requires either AttributesToGet or ProjectionExpression",
    );
  }
  if (request.Select !== undefined && request.Select !== "SPECIFIC_ATTRIBUTES" && specific) {
    throw new ValidationException(
      `One or more parameter values were invalid: Cannot specify the AttributesToGet or ProjectionExpression when choosing to get ${request.Select}`,
    );
  }
}

/** Applies the filter and projection to a page and builds the common response members. */
function respond(
  plane: DataPlane,
  table: Table,
  request: ReadRequest,
  page: Page,
  compiled: { filter?: ParsedCondition; projection?: ParsedProjection },
  operation: string,
) {
  const charge = {
    ...emptyCharge("read"),
    table: readUnits(page.bytesRead, request.ConsistentRead ? "strong" : "eventual"),
  };
  if (request.IndexName) {
    const index = findIndex(table.definition, request.IndexName)!;
    const section = index.kind === "GSI" ? charge.globalIndexes : charge.localIndexes;
    section[index.name] = charge.table;
    charge.table = 0;
  }
  plane.capacity.consume(table, charge, operation);
  const { filter, projection } = compiled;
  const matched: Item[] = page.items
    .map((s) => s.item)
    .filter((item) => !filter || evaluateCondition(filter, item));
  const result: Record<string, unknown> = { Count: matched.length, ScannedCount: page.items.length };
  if (request.Select !== "COUNT")
    result.Items = matched.map((item) => encodeItem(projection ? project(item, projection) : item));
  if (page.lastEvaluated) result.LastEvaluatedKey = encodeItem(page.lastEvaluated);
  const consumed = consumedCapacity(table, charge, request.ReturnConsumedCapacity);
  if (consumed) result.ConsumedCapacity = consumed;
  return result;
}

/** AWS: a Query's filter may not read the key attributes it is keyed on. */
function forbidKeyFilter(
  schema: { hashKey: string; rangeKey?: string },
  filter: ParsedCondition | undefined,
): void {
  for (const path of filter?.paths ?? []) {
    const top = path[0];
    if (top === schema.hashKey || top === schema.rangeKey) {
      throw new ValidationException(
        `Filter Expression can only contain non-primary key attributes: Primary key attribute: ${String(top)}`,
      );
    }
  }
}

export function queryScanOperations(plane: DataPlane): Record<string, Handler> {
  return {
    Query(input: Ddb.QueryInput, ctx) {
      const table = plane.tables.forDataPlane(input.TableName!, ctx);
      const index = resolveIndex(table, input);
      checkSelect(input);
      if (input.KeyConditionExpression === undefined && input.KeyConditions === undefined) {
        throw new ValidationException(
          "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
        );
      }
      const schema = index?.key ?? table.definition.key;
      const attributeTypes = table.definition.attributeDefinitions;
      const compiled = compileExpressions(input as ExpressionRequest, ["key", "filter", "projection"], {
        keySchema: {
          hashKey: schema.hashKey,
          rangeKey: schema.rangeKey,
          hashType: attributeTypes[schema.hashKey],
          rangeType: schema.rangeKey ? attributeTypes[schema.rangeKey] : undefined,
        },
        filterParameter: "QueryFilter",
      });
      forbidKeyFilter(schema, compiled.filter);
      const keyCondition = compiled.keyCondition!;
      const page = plane.items.query(table, index, keyCondition.hash, keyCondition.range, {
        forward: input.ScanIndexForward !== false,
        startAfter: input.ExclusiveStartKey ? readItem(input.ExclusiveStartKey) : undefined,
        limit: input.Limit,
        maxBytes: MAX_PAGE_BYTES,
      });
      return respond(plane, table, input, page, compiled, "Query");
    },

    Scan(input: Ddb.ScanInput, ctx) {
      const table = plane.tables.forDataPlane(input.TableName!, ctx);
      const index = resolveIndex(table, input);
      checkSelect(input);
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
      const compiled = compileExpressions(input as ExpressionRequest, ["filter", "projection"], {
        filterParameter: "ScanFilter",
      });
      const page = plane.items.scan(
        table,
        index,
        segment !== undefined ? { segment, total: total! } : undefined,
        {
          forward: true,
          startAfter: input.ExclusiveStartKey ? readItem(input.ExclusiveStartKey) : undefined,
          limit: input.Limit,
          maxBytes: MAX_PAGE_BYTES,
        },
      );
      return respond(plane, table, input, page, compiled, "Scan");
    },
  };
}
