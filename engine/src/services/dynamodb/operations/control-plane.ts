/**
 * DynamoDB's control plane: tables (create, describe, update, delete, list), time to live, tags,
 * limits and endpoint discovery. Handlers map the SDK's wire shapes to the table registry; the
 * checks live in table-validation/, the response shapes in table-description.ts.
 */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../../../server/context.ts";
import type { Clock } from "../../../shared/clock.ts";
import type { OperationHandler } from "../../service.ts";
import {
  ACCOUNT_MAX_READ_CAPACITY_UNITS,
  ACCOUNT_MAX_WRITE_CAPACITY_UNITS,
  TABLE_MAX_READ_CAPACITY_UNITS,
  TABLE_MAX_WRITE_CAPACITY_UNITS,
} from "../constants.ts";
import { ResourceInUseException, ValidationException } from "../errors.ts";
import type { Table } from "../table-definition.ts";
import { type DescribeView, describeTable, type Wire } from "../table-description.ts";
import { checkCreateQuotas, tableFromCreateRequest } from "../table-validation/create-table.ts";
import {
  checkResourceArn,
  checkTagCount,
  tableOfResource,
  tagKeysToRemove,
  tagsToAdd,
} from "../table-validation/tags.ts";
import { checkUpdateRequest, planUpdate } from "../table-validation/update-table.ts";
import type { TableRegistry } from "../tables.ts";

export interface ControlPlane {
  tables: TableRegistry;
  clock: Clock;
}

export const LIST_TABLES_DEFAULT_LIMIT = 100;
/** DescribeEndpoints: how long SDKs may cache the answer (AWS returns 1440 minutes). */
export const ENDPOINT_CACHE_PERIOD_MINUTES = 1440;

type Handler = (input: never, context: RequestContext) => unknown;

export function controlPlaneOperations(plane: ControlPlane): Record<string, OperationHandler> {
  const { tables, clock } = plane;

  const describe = (table: Table, view?: DescribeView) =>
    describeTable(table, tables.stats(table), clock.now(), view);

  const operations: Record<string, Handler> = {
    CreateTable(input: Ddb.CreateTableInput, ctx): Wire<Ddb.CreateTableOutput> {
      const { definition, tags } = tableFromCreateRequest(input, {
        accountId: ctx.accountId,
        region: ctx.region,
        now: clock.now(),
      });
      if (tables.find(ctx.accountId, ctx.region, definition.name)) {
        throw new ResourceInUseException(`Table already exists: ${definition.name}`);
      }
      checkCreateQuotas(definition);
      const table = tables.create(definition, tags);
      // AWS answers CREATING (indexes too); the engine's table is ACTIVE for the next call.
      const indexStatus = Object.fromEntries(
        definition.globalIndexes.map((i) => [i.name, "CREATING" as const]),
      );
      return { TableDescription: describe(table, { status: "CREATING", indexStatus, creating: true }) };
    },

    DescribeTable(input: Ddb.DescribeTableInput, ctx): Wire<Ddb.DescribeTableOutput> {
      return { Table: describe(tables.resolve(input.TableName!, ctx, "control")) };
    },

    UpdateTable(input: Ddb.UpdateTableInput, ctx): Wire<Ddb.UpdateTableOutput> {
      checkUpdateRequest(input, ctx.accountId, ctx.region);
      const table = tables.resolve(input.TableName!, ctx, "control");
      const plan = planUpdate(table.definition, input, {
        accountId: ctx.accountId,
        region: ctx.region,
        now: clock.now(),
      });
      const updated = tables.update(table, plan.definition, plan.effects);
      return { TableDescription: describe(updated, plan.view) };
    },

    DeleteTable(input: Ddb.DeleteTableInput, ctx): Wire<Ddb.DeleteTableOutput> {
      const table = tables.resolve(input.TableName!, ctx, "control");
      if (table.definition.deletionProtection) {
        throw new ValidationException(
          "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
        );
      }
      const description = describe(table, { status: "DELETING" });
      tables.delete(table);
      return { TableDescription: description };
    },

    ListTables(input: Ddb.ListTablesInput, ctx): Ddb.ListTablesOutput {
      const start = input.ExclusiveStartTableName;
      const names = tables
        .list(ctx.accountId, ctx.region)
        .map((t) => t.definition.name)
        .filter((name) => start === undefined || name > start);
      const limit = input.Limit ?? LIST_TABLES_DEFAULT_LIMIT;
      const page = names.slice(0, limit);
      // AWS sets LastEvaluatedTableName only when more tables follow.
      return { TableNames: page, ...(names.length > limit && { LastEvaluatedTableName: page.at(-1) }) };
    },

    UpdateTimeToLive(input: Ddb.UpdateTimeToLiveInput, ctx): Ddb.UpdateTimeToLiveOutput {
      const table = tables.resolve(input.TableName!, ctx, "control");
      const spec = input.TimeToLiveSpecification!;
      const current = table.definition.ttl;
      if (spec.Enabled) {
        if (current?.enabled && current.attributeName !== spec.AttributeName) {
          throw new ValidationException(
            `TimeToLive is active on a different AttributeName: current AttributeName is ${current.attributeName}`,
          );
        }
        if (current?.enabled) throw new ValidationException("TimeToLive is already enabled");
      } else if (!current?.enabled) {
        throw new ValidationException("TimeToLive is already disabled");
      }
      tables.update(
        table,
        { ...table.definition, ttl: { attributeName: spec.AttributeName!, enabled: spec.Enabled! } },
        { ttlChanged: true },
      );
      return { TimeToLiveSpecification: { Enabled: spec.Enabled!, AttributeName: spec.AttributeName! } };
    },

    DescribeTimeToLive(input: Ddb.DescribeTimeToLiveInput, ctx): Ddb.DescribeTimeToLiveOutput {
      const ttl = tables.resolve(input.TableName!, ctx, "control").definition.ttl;
      // AWS passes through ENABLING and DISABLING (up to an hour); the engine switches at once.
      return {
        TimeToLiveDescription: ttl?.enabled
          ? { TimeToLiveStatus: "ENABLED", AttributeName: ttl.attributeName }
          : { TimeToLiveStatus: "DISABLED" },
      };
    },

    TagResource(input: Ddb.TagResourceInput, ctx): Record<string, never> {
      const resource = checkResourceArn(input.ResourceArn!, ctx);
      const added = tagsToAdd(input.Tags!);
      const table = tableOfResource(tables, input.ResourceArn!, resource, ctx);
      const merged = { ...table.tags, ...added };
      checkTagCount(merged);
      tables.setTags(table, merged);
      return {};
    },

    UntagResource(input: Ddb.UntagResourceInput, ctx): Record<string, never> {
      const resource = checkResourceArn(input.ResourceArn!, ctx);
      const keys = tagKeysToRemove(input.TagKeys!);
      const table = tableOfResource(tables, input.ResourceArn!, resource, ctx);
      const remaining = { ...table.tags };
      for (const key of keys) delete remaining[key];
      tables.setTags(table, remaining);
      return {};
    },

    ListTagsOfResource(input: Ddb.ListTagsOfResourceInput, ctx): Ddb.ListTagsOfResourceOutput {
      const resource = checkResourceArn(input.ResourceArn!, ctx);
      const table = tableOfResource(tables, input.ResourceArn!, resource, ctx);
      // At most 50 tags: AWS answers them in one page.
      return { Tags: Object.entries(table.tags).map(([Key, Value]) => ({ Key, Value })) };
    },

    DescribeLimits(): Ddb.DescribeLimitsOutput {
      return {
        AccountMaxReadCapacityUnits: ACCOUNT_MAX_READ_CAPACITY_UNITS,
        AccountMaxWriteCapacityUnits: ACCOUNT_MAX_WRITE_CAPACITY_UNITS,
        TableMaxReadCapacityUnits: TABLE_MAX_READ_CAPACITY_UNITS,
        TableMaxWriteCapacityUnits: TABLE_MAX_WRITE_CAPACITY_UNITS,
      };
    },

    /** Only SDKs doing endpoint discovery call this; the engine names AWS's regional endpoint. */
    DescribeEndpoints(_input: Ddb.DescribeEndpointsRequest, ctx): Ddb.DescribeEndpointsResponse {
      return {
        Endpoints: [
          {
            Address: `dynamodb.${ctx.region}.amazonaws.com`,
            CachePeriodInMinutes: ENDPOINT_CACHE_PERIOD_MINUTES,
          },
        ],
      };
    },
  };
  return operations as Record<string, OperationHandler>;
}
