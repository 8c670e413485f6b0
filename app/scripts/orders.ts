/**
 * The load generator: `npm run orders -- --queue-url … [--rate 10 | --interval 0.1]
 * [--duration 60s | --count N]`, or `--file batch.json --repeat 5` (usage in orders/options.ts).
 * Seed 000's orders.py and seed 001's test.sh in one tool. Reaches the engine or AWS as any SDK
 * program does: AWS_ENDPOINT_URL (or --endpoint-url), region and credentials from the environment.
 * Exits 0 when every message was acknowledged, 1 when some were not, 2 on a usage error.
 */
import { GetQueueUrlCommand, SQSClient } from "@aws-sdk/client-sqs";
import { parseOrdersArgs, USAGE, UsageError } from "./orders/options.ts";
import { showProgress } from "./orders/progress.ts";
import { startSending } from "./orders/send.ts";
import { randomOrders, readBatchFile, repeated } from "./orders/sources.ts";

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseOrdersArgs>;
  try {
    // npm runs a workspace's scripts in the workspace; a relative --file means the caller's directory.
    options = parseOrdersArgs(argv, process.env.INIT_CWD ?? process.cwd());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  const sqs = new SQSClient({
    ...(options.endpointUrl && { endpoint: options.endpointUrl }),
    ...(options.region && { region: options.region }),
  });
  try {
    const queueUrl =
      options.queueUrl ??
      (await sqs.send(new GetQueueUrlCommand({ QueueName: options.queueName }))).QueueUrl!;
    const messages = options.file ? repeated(readBatchFile(options.file), options.repeat) : randomOrders();
    const pace =
      options.ratePerSecond === undefined ? "as fast as SQS takes them" : `${options.ratePerSecond}/s`;
    const what = options.file ? `${options.file} × ${options.repeat}` : "random orders";
    console.error(`sending ${what} to ${queueUrl} ${pace} (Ctrl+C stops)`);

    const controller = new AbortController();
    process.once("SIGINT", () => {
      controller.abort();
      process.once("SIGINT", () => process.exit(130));
    });
    const sending = startSending({
      sqs,
      queueUrl,
      messages,
      ratePerSecond: options.ratePerSecond,
      count: options.count,
      durationMs: options.durationMs,
      signal: controller.signal,
    });
    const progress = showProgress(process.stderr, () => sending.stats);
    const final = await sending.done;
    progress.stop(final);
    return final.errors > 0 ? 1 : 0;
  } finally {
    sqs.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  },
);
