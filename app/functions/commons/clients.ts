/**
 * AWS SDK clients for the handlers, created once per execution environment (outside the handler,
 * so warm invocations reuse their connections). Region, credentials and endpoint come from the
 * environment: Lambda sets AWS_REGION and the credentials; the engine adds AWS_ENDPOINT_URL.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/**
 * One attempt, no SDK retries: the SDK's standard mode would retry a throttled write up to three
 * times with backoff, pressing on a table that is already short of capacity and spending the
 * invocation's time. The queue is the retry: a failed record becomes visible again after the
 * visibility timeout, by which time the table has earned capacity (the pattern of seed 001).
 */
export const DYNAMODB_MAX_ATTEMPTS = 1;

export const createDynamoDbClient = (): DynamoDBClient =>
  new DynamoDBClient({ maxAttempts: DYNAMODB_MAX_ATTEMPTS });
