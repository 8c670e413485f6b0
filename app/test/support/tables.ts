/** Orders tables for the tests: seed 000's key schema, a fresh table (and burst bucket) per test. */
import { randomUUID } from "node:crypto";
import { CreateTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";

/** Enough that no test request is throttled unless the test means it to be. */
export const AMPLE_CAPACITY = 10_000;

export async function createOrdersTable(client: DynamoDBClient, writeCapacity: number): Promise<string> {
  const name = `orders-${randomUUID().slice(0, 8)}`;
  await client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [
        { AttributeName: "id", AttributeType: "S" },
        { AttributeName: "timestamp", AttributeType: "N" },
      ],
      KeySchema: [
        { AttributeName: "id", KeyType: "HASH" },
        { AttributeName: "timestamp", KeyType: "RANGE" },
      ],
      // Only writes are under test: reads are ample so checking the table never throttles.
      ProvisionedThroughput: { ReadCapacityUnits: AMPLE_CAPACITY, WriteCapacityUnits: writeCapacity },
    }),
  );
  return name;
}

/** Every item in the table. */
export async function itemsOf(client: DynamoDBClient, table: string): Promise<Record<string, unknown>[]> {
  const documents = DynamoDBDocumentClient.from(client);
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: table, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
