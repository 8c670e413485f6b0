/** What a reader of the seeds watches in the console: queue depths, the function's log lines. */
import { type CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetFunctionConfigurationCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";

export interface QueueDepth {
  visible: number;
  inFlight: number;
  delayed: number;
}

export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<QueueDepth> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
      ],
    }),
  );
  return {
    visible: Number(Attributes.ApproximateNumberOfMessages),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible),
    delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed),
  };
}

export const isEmpty = (depth: QueueDepth) => depth.visible + depth.inFlight + depth.delayed === 0;

/** The log group a function writes to: its LoggingConfig's, else Lambda's default. */
export async function logGroupOf(lambda: LambdaClient, functionName: string): Promise<string> {
  const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
  return config.LoggingConfig?.LogGroup ?? `/aws/lambda/${functionName}`;
}

/** Every event of the group matching a CloudWatch Logs filter pattern, oldest first. */
export async function logMessages(
  logs: CloudWatchLogsClient,
  logGroupName: string,
  filterPattern: string,
): Promise<string[]> {
  const messages: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern, nextToken }));
    messages.push(...(page.events ?? []).map((event) => event.message ?? ""));
    nextToken = page.nextToken;
  } while (nextToken);
  return messages;
}

/**
 * The engine's metrics route (GET /_orderflow/metrics?arn=…): what AWS would publish to
 * CloudWatch for a function or a table, until the engine serves CloudWatch.
 */
export async function engineMetrics<T>(endpoint: string, arn: string): Promise<T> {
  const response = await fetch(`${endpoint}/_orderflow/metrics?arn=${encodeURIComponent(arn)}`);
  if (!response.ok) throw new Error(`reading metrics of ${arn}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export interface TableMetrics {
  consumedWrite: number;
  writeThrottleEvents: number;
}

export interface FunctionMetrics {
  concurrentExecutions: number;
}
