/**
 * DynamoDB's and DynamoDB Streams' actions and resources (AWS: Service Authorization Reference,
 * Amazon DynamoDB; Developer Guide, "Using IAM with DynamoDB transactions" and "IAM policies with
 * PartiQL"). A table is `…:table/<name>`, an index `…:table/<name>/index/<index>`; a batch needs
 * its action on every table it names; a transaction needs each item's own action (PutItem,
 * UpdateItem, DeleteItem, ConditionCheckItem, GetItem); PartiQL statements need
 * dynamodb:PartiQL<Select|Insert|Update|Delete> on their table (or index).
 */
import { decodeShardIterator } from "../../dynamodbstreams/shard-iterator.ts";
import type { AccessCheck, Scope, ServiceAccess } from "./types.ts";
import { text } from "./types.ts";

/** Operations that name no resource. */
const ACCOUNT_WIDE = new Set([
  "ListTables",
  "DescribeLimits",
  "DescribeEndpoints",
  "ListBackups",
  "ListGlobalTables",
  "ListExports",
  "ListImports",
  "ListContributorInsights",
  "ListStreams",
]);

const TRANSACT_WRITE_ACTIONS: Readonly<Record<string, string>> = {
  Put: "PutItem",
  Update: "UpdateItem",
  Delete: "DeleteItem",
  ConditionCheck: "ConditionCheckItem",
};

/** DynamoDB accepts a table's ARN wherever it takes its name. */
const tableArn = (scope: Scope, nameOrArn: string) =>
  nameOrArn.startsWith("arn:")
    ? nameOrArn
    : `arn:aws:dynamodb:${scope.region}:${scope.accountId}:table/${nameOrArn}`;

const records = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value)
    ? value.filter((v): v is Record<string, unknown> => v !== null && typeof v === "object")
    : [];

/** The PartiQL action and target of a statement: `SELECT … FROM "T"."I"`, `INSERT INTO "T"`, … */
export function partiqlTarget(
  statement: string,
): { verb: string; table: string; index?: string } | undefined {
  const name = `(?:"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_-]*))`;
  const verbMatch = /^\s*(SELECT|INSERT|UPDATE|DELETE|EXISTS)\b/i.exec(statement);
  if (!verbMatch) return undefined;
  const verb = verbMatch[1]!.toUpperCase();
  const pattern =
    verb === "INSERT"
      ? new RegExp(String.raw`^\s*INSERT\s+INTO\s+${name}`, "i")
      : verb === "UPDATE"
        ? new RegExp(String.raw`^\s*UPDATE\s+${name}`, "i")
        : new RegExp(String.raw`\bFROM\s+${name}(?:\s*\.\s*${name})?`, "i");
  const match = pattern.exec(statement);
  if (!match) return undefined;
  const unquote = (quoted?: string, bare?: string) => quoted?.replace(/""/g, '"') ?? bare;
  const table = unquote(match[1], match[2]);
  if (table === undefined) return undefined;
  const index = unquote(match[3], match[4]);
  return { verb: verb === "EXISTS" ? "SELECT" : verb, table, ...(index !== undefined && { index }) };
}

function partiqlCheck(scope: Scope, statement: unknown): AccessCheck {
  const target = typeof statement === "string" ? partiqlTarget(statement) : undefined;
  if (!target) return { action: "dynamodb:PartiQLSelect", resource: "*" };
  const verb = `${target.verb.charAt(0)}${target.verb.slice(1).toLowerCase()}`;
  const table = tableArn(scope, target.table);
  return {
    action: `dynamodb:PartiQL${verb}`,
    resource: target.index ? `${table}/index/${target.index}` : table,
  };
}

function tableOrIndex(scope: Scope, input: Record<string, unknown>): string {
  const table = text(input.TableName);
  if (table === undefined) return "*";
  const index = text(input.IndexName);
  return index === undefined ? tableArn(scope, table) : `${tableArn(scope, table)}/index/${index}`;
}

export const dynamodbAccess: ServiceAccess = {
  prefix: "dynamodb",
  checks(operation, input, scope): AccessCheck[] {
    const action = `dynamodb:${operation}`;
    if (ACCOUNT_WIDE.has(operation)) return [{ action, resource: "*" }];
    switch (operation) {
      case "BatchGetItem":
      case "BatchWriteItem":
        return Object.keys((input.RequestItems as Record<string, unknown> | undefined) ?? {}).map((t) => ({
          action,
          resource: tableArn(scope, t),
        }));
      case "TransactGetItems":
        return records(input.TransactItems).map((item) => ({
          action: "dynamodb:GetItem",
          resource: tableArn(
            scope,
            text((item.Get as Record<string, unknown> | undefined)?.TableName) ?? "*",
          ),
        }));
      case "TransactWriteItems":
        return records(input.TransactItems).flatMap((item) =>
          Object.entries(TRANSACT_WRITE_ACTIONS)
            .filter(([member]) => item[member] !== undefined)
            .map(([member, itemAction]) => ({
              action: `dynamodb:${itemAction}`,
              resource: tableArn(scope, text((item[member] as Record<string, unknown>).TableName) ?? "*"),
            })),
        );
      case "ExecuteStatement":
        return [partiqlCheck(scope, input.Statement)];
      case "BatchExecuteStatement":
        return records(input.Statements).map((s) => partiqlCheck(scope, s.Statement));
      case "ExecuteTransaction":
        return records(input.TransactStatements).map((s) => partiqlCheck(scope, s.Statement));
      case "DescribeStream":
      case "GetShardIterator":
        return [{ action, resource: text(input.StreamArn) ?? "*" }];
      case "GetRecords": {
        const iterator = text(input.ShardIterator);
        const decoded = iterator === undefined ? undefined : decodeShardIterator(iterator);
        return [{ action, resource: decoded?.streamArn ?? "*" }];
      }
    }
    const named = text(input.ResourceArn) ?? text(input.BackupArn);
    return [{ action, resource: named ?? tableOrIndex(scope, input) }];
  },
};
