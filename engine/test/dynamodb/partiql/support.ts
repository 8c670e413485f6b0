/**
 * PartiQL test support: tables with the key shapes the statements need, item seeding, and the
 * statement runners every PartiQL suite uses.
 */
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  type ExecuteStatementCommandOutput,
  GetItemCommand,
} from "@aws-sdk/client-dynamodb";
import { attribute, createTable, hashKey, rangeKey, tableInput } from "../control-plane/support.ts";

export type Item = Record<string, AttributeValue>;

/** An on-demand table keyed on `pk` (S). */
export const hashTable = async (client: DynamoDBClient): Promise<string> =>
  (await createTable(client, tableInput())).TableName!;

/** An on-demand table keyed on `pk` (S) and `sk` (N). */
export const compositeTable = async (
  client: DynamoDBClient,
  overrides: Partial<CreateTableCommandInput> = {},
): Promise<string> =>
  (
    await createTable(
      client,
      tableInput({
        AttributeDefinitions: [attribute("pk"), attribute("sk", "N")],
        KeySchema: [hashKey("pk"), rangeKey("sk")],
        ...overrides,
      }),
    )
  ).TableName!;

/** Writes items with BatchWriteItem (25 at a time). */
export async function seed(client: DynamoDBClient, table: string, items: readonly Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
}

export const getItem = async (client: DynamoDBClient, table: string, Key: Item): Promise<Item | undefined> =>
  (await client.send(new GetItemCommand({ TableName: table, Key, ConsistentRead: true }))).Item;

export const statement = (
  client: DynamoDBClient,
  Statement: string,
  extra: Omit<ExecuteStatementCommandInput, "Statement"> = {},
): Promise<ExecuteStatementCommandOutput> =>
  client.send(new ExecuteStatementCommand({ Statement, ...extra }));

export const S = (value: string): AttributeValue => ({ S: value });
export const N = (value: number | string): AttributeValue => ({ N: String(value) });
