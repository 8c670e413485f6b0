/**
 * `npm run status`: what seed 000 tells its reader to watch in the console, in one screen — the
 * ingress queue and its DLQ (visible, in flight), the orders table (items, consumed capacity,
 * throttles) and the buffer writer (invocations, errors, throttles). Reads the stack's outputs, then
 * the services through the SDK; capacity and function figures come from the engine's metrics route
 * (what AWS publishes to CloudWatch). `--watch` redraws every second.
 *
 *   npm run status [-- --watch] [--stack Orderflow] [--endpoint-url http://127.0.0.1:4566]
 */
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetFunctionConfigurationCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";

const argv = process.argv.slice(2);
const option = (name: string) => {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
};
const endpoint = option("--endpoint-url") ?? process.env.AWS_ENDPOINT_URL ?? "http://127.0.0.1:4566";
const stackName = option("--stack") ?? "Orderflow";
const watch = argv.includes("--watch");

const config = {
  endpoint,
  region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "test",
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "test",
  },
};
const cloudformation = new CloudFormationClient(config);
const sqs = new SQSClient(config);
const dynamodb = new DynamoDBClient(config);
const lambda = new LambdaClient(config);

async function metrics(arn: string): Promise<Record<string, unknown> | undefined> {
  const response = await fetch(`${endpoint}/_orderflow/metrics?arn=${encodeURIComponent(arn)}`).catch(
    () => undefined,
  );
  return response?.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
}

async function queueLine(label: string, url: string | undefined): Promise<string> {
  if (!url) return `${label}: not in the stack's outputs`;
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return `${label}: ${Attributes.ApproximateNumberOfMessages} visible, ${Attributes.ApproximateNumberOfMessagesNotVisible} in flight`;
}

async function report(): Promise<string> {
  const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
  const lines = [`${stackName} on ${endpoint} — ${new Date().toISOString()}`];
  lines.push(await queueLine("ingress queue", outputs.IngressQueueUrl));
  lines.push(await queueLine("dead-letter queue", outputs.DeadLetterQueueUrl));
  if (outputs.OrdersTableName) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: outputs.OrdersTableName }));
    const capacity = Table?.TableArn ? await metrics(Table.TableArn) : undefined;
    const throughput = Table?.ProvisionedThroughput;
    lines.push(
      `orders table ${outputs.OrdersTableName}: ${Table?.ItemCount ?? 0} items; provisioned ${throughput?.ReadCapacityUnits} RCU / ${throughput?.WriteCapacityUnits} WCU` +
        (capacity
          ? `; consumed ${capacity.consumedWrite} WCU, ${capacity.consumedRead} RCU; throttled writes ${capacity.writeThrottleEvents}, reads ${capacity.readThrottleEvents}`
          : ""),
    );
  }
  if (outputs.BufferWriterFunctionName) {
    const fn = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: outputs.BufferWriterFunctionName }),
    );
    const figures = fn.FunctionArn ? await metrics(fn.FunctionArn) : undefined;
    lines.push(
      `buffer writer ${outputs.BufferWriterFunctionName}: ` +
        (figures
          ? `${figures.invocations} invocations, ${figures.errors} errors, ${figures.throttles} throttles, ${figures.concurrentExecutions} running`
          : "no metrics (not running on the Orderflow engine)"),
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  if (!watch) {
    console.log(await report());
    return;
  }
  for (;;) {
    const text = await report();
    process.stdout.write(`\x1b[2J\x1b[H${text}\n\n(Ctrl+C stops)\n`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

main().catch((error: unknown) => {
  console.error(`status: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
