/**
 * Orderflow's stack. Today: the write buffer of seeds 000 and 001 — an ingress queue (with a
 * dead-letter queue) drained by the buffer writer into an orders table provisioned at a low write
 * capacity, so that writes throttle and the queue absorbs the difference.
 */
import { fileURLToPath } from "node:url";
import {
  CfnOutput,
  CfnParameter,
  type CfnResource,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
} from "aws-cdk-lib";
import { AttributeType, BillingMode, Table } from "aws-cdk-lib/aws-dynamodb";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Queue } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FUNCTIONS_DIR = fileURLToPath(new URL("../functions/", import.meta.url));

/** Seed 000 provisions the orders table at 1 WCU "on purpose", so that writes throttle. */
export const DEFAULT_ORDERS_TABLE_WRITE_CAPACITY = 1;
export const ORDERS_TABLE_READ_CAPACITY = 1;

/**
 * Seed 001: "big enough to allow for multiple retries due to DDB throttling". Every receive of a
 * record returned after a throttle counts, so a record waits at most about
 * maxReceiveCount × visibility timeout (20 × 62 s) for capacity before it is dead-lettered.
 */
export const INGRESS_MAX_RECEIVE_COUNT = 20;

/** Seed 001 gives the writer 10 s; a batch of ten single puts without SDK retries needs far less. */
export const BUFFER_WRITER_TIMEOUT = Duration.seconds(10);
/** Seed 001's batching window: batches fill up while the table is throttled. */
export const BUFFER_WRITER_BATCHING_WINDOW = Duration.seconds(2);
/** Lambda's default for SQS; a throttle returns at most this many records. */
export const BUFFER_WRITER_BATCH_SIZE = 10;
/**
 * The least Lambda allows (AWS: MaximumConcurrency 2–1000). Seed 001: "so that multiple Lambda
 * functions are not invoked and throttled in parallel" — more writers cannot add capacity.
 */
export const BUFFER_WRITER_MAX_CONCURRENCY = 2;

/**
 * AWS (Lambda Developer Guide, "Using Lambda with Amazon SQS"): set the queue's visibility timeout
 * to at least six times the function timeout, plus the batching window. Seed 001 writes that rule
 * beside its 20 s but does not follow it. Returned records wait this long before they are tried
 * again; the table meanwhile banks unused capacity (up to 300 s of it), so the wait costs no
 * throughput, and each waiting record is received less often. Seed 000's minute of orders at
 * 10/s into 1 WCU, measured on the engine: drained in about 740 s with nothing dead-lettered at
 * 62 s; 203 of the 600 orders dead-lettered at seed 001's 20 s.
 */
export const INGRESS_VISIBILITY_TIMEOUT = Duration.seconds(
  6 * BUFFER_WRITER_TIMEOUT.toSeconds() + BUFFER_WRITER_BATCHING_WINDOW.toSeconds(),
);
/** Long enough to look back at a demo run; CDK's default for a function's logs is two years. */
export const LOG_RETENTION = RetentionDays.ONE_WEEK;
/** SQS's default, stated: days of orders the buffer holds should the table stay out of reach. */
export const INGRESS_RETENTION = Duration.days(4);
/**
 * The longest SQS keeps a message, for inspecting and redriving what could not be written. AWS:
 * a message's age counts from its first enqueue, so a dead-letter queue keeps messages longer
 * than its source (SQS Developer Guide, "Using dead-letter queues").
 */
export const DEAD_LETTER_RETENTION = Duration.days(14);

export class OrderflowStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const writeCapacity = new CfnParameter(this, "OrdersTableWriteCapacity", {
      type: "Number",
      default: DEFAULT_ORDERS_TABLE_WRITE_CAPACITY,
      minValue: 1,
      description:
        "Write capacity units of the orders table. Low on purpose (seed 000): writes throttle and the ingress queue buffers them.",
    });

    const deadLetterQueue = new Queue(this, "DeadLetterQueue", { retentionPeriod: DEAD_LETTER_RETENTION });
    const ingressQueue = new Queue(this, "IngressQueue", {
      visibilityTimeout: INGRESS_VISIBILITY_TIMEOUT,
      retentionPeriod: INGRESS_RETENTION,
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: INGRESS_MAX_RECEIVE_COUNT },
    });

    const ordersTable = new Table(this, "OrdersTable", {
      partitionKey: { name: "id", type: AttributeType.STRING },
      sortKey: { name: "timestamp", type: AttributeType.NUMBER },
      billingMode: BillingMode.PROVISIONED,
      readCapacity: ORDERS_TABLE_READ_CAPACITY,
      writeCapacity: writeCapacity.valueAsNumber,
      // A demo table, deleted with the stack as seed 001's SAM table is.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const bufferWriter = new NodejsFunction(this, "BufferWriter", {
      description:
        "Writes orders from the ingress queue into the orders table, stopping at the first throttle",
      entry: `${FUNCTIONS_DIR}buffer-writer.ts`,
      handler: "handler",
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: BUFFER_WRITER_TIMEOUT,
      environment: {
        ORDERS_TABLE_NAME: ordersTable.tableName,
        POWERTOOLS_LOG_LEVEL: "INFO",
      },
      logGroup: new LogGroup(this, "BufferWriterLogs", {
        retention: LOG_RETENTION,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      bundling: {
        format: OutputFormat.CJS,
        target: "node22",
        minify: true,
        // The Node.js runtimes carry the AWS SDK v3: the bundle uses theirs.
        externalModules: ["@aws-sdk/*"],
      },
    });
    // CDK makes the function depend on its role both with DependsOn and through Role's Fn::GetAtt;
    // cfn-lint flags the DependsOn as redundant (W3005). It is, and harmless: CDK emits it on
    // purpose (aws/aws-cdk#24578). Said in the template, so cfn-lint on cdk.out stays clean.
    (bufferWriter.node.defaultChild as CfnResource).addMetadata("cfn-lint", {
      config: { ignore_checks: ["W3005"] },
    });
    ordersTable.grant(bufferWriter, "dynamodb:PutItem");
    bufferWriter.addEventSource(
      new SqsEventSource(ingressQueue, {
        batchSize: BUFFER_WRITER_BATCH_SIZE,
        maxBatchingWindow: BUFFER_WRITER_BATCHING_WINDOW,
        maxConcurrency: BUFFER_WRITER_MAX_CONCURRENCY,
        reportBatchItemFailures: true,
      }),
    );

    new CfnOutput(this, "IngressQueueUrl", {
      value: ingressQueue.queueUrl,
      description: "Send orders here (npm run orders -- --queue-url …)",
    });
    new CfnOutput(this, "DeadLetterQueueUrl", {
      value: deadLetterQueue.queueUrl,
      description: `Records that could not be written after ${INGRESS_MAX_RECEIVE_COUNT} receives`,
    });
    new CfnOutput(this, "OrdersTableName", { value: ordersTable.tableName });
    new CfnOutput(this, "BufferWriterFunctionName", { value: bufferWriter.functionName });
  }
}
