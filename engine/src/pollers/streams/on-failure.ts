/**
 * Records a stream mapping discards (retries exhausted, or too old) are described to its
 * DestinationConfig.OnFailure destination: metadata only, never the records (Lambda developer
 * guide, services-dynamodb-errors.html "invocation record"; shape, key order and time formats as
 * AWS sent them in LocalStack's recorded snapshot
 * test_dynamodb_event_source_mapping_with_on_failure_destination_config):
 *
 *   {"requestContext": {"requestId", "functionArn", "condition", "approximateInvokeCount"},
 *    "responseContext": {"statusCode", "executedVersion", "functionError"},
 *    "version": "1.0", "timestamp": "2022-07-13T13:48:01.000Z",
 *    "DDBStreamBatchInfo": {"shardId", "startSequenceNumber", "endSequenceNumber",
 *      "approximateArrivalOfFirstRecord": "2022-07-13T13:48:01Z", "approximateArrivalOfLastRecord",
 *      "batchSize", "streamArn"}}
 *
 * `functionError` is left out when the last invocation returned normally (a partial batch
 * response), and `responseContext` when the records were discarded before any invocation.
 */
import { randomUUID } from "node:crypto";
import type { InProcessClient } from "../../services/in-process.ts";
import { parseArn } from "../../shared/arn.ts";
import type { Logger } from "../../shared/logger.ts";
import { QueueClient } from "../sqs/queue-client.ts";
import type { MappingInvocationResult } from "../types.ts";
import type { LambdaStreamRecord } from "./stream-records.ts";

export type DiscardCondition = "RetryAttemptsExhausted" | "RecordAgeExceeded";

export interface DiscardedBatch {
  functionArn: string;
  streamArn: string;
  shardId: string;
  condition: DiscardCondition;
  records: readonly LambdaStreamRecord[];
  invocations: number;
  /** The last invocation's result, if the batch reached the function. */
  lastResult: MappingInvocationResult | undefined;
  /** Clock time of the discard. */
  at: number;
}

/** AWS writes record arrival times to the second, without a fraction. */
const arrival = (record: LambdaStreamRecord): string =>
  new Date(record.dynamodb.ApproximateCreationDateTime * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

export function invocationRecord(batch: DiscardedBatch): Record<string, unknown> {
  const first = batch.records[0]!;
  const last = batch.records.at(-1)!;
  const result = batch.lastResult;
  return {
    requestContext: {
      requestId: result?.requestId ?? randomUUID(),
      functionArn: batch.functionArn,
      condition: batch.condition,
      approximateInvokeCount: batch.invocations,
    },
    ...(result && {
      responseContext: {
        statusCode: result.statusCode ?? 200,
        executedVersion: result.executedVersion ?? "$LATEST",
        ...(result.functionError && { functionError: result.functionError }),
      },
    }),
    version: "1.0",
    timestamp: new Date(batch.at).toISOString(),
    DDBStreamBatchInfo: {
      shardId: batch.shardId,
      startSequenceNumber: first.dynamodb.SequenceNumber,
      endSequenceNumber: last.dynamodb.SequenceNumber,
      approximateArrivalOfFirstRecord: arrival(first),
      approximateArrivalOfLastRecord: arrival(last),
      batchSize: batch.records.length,
      streamArn: batch.streamArn,
    },
  };
}

/** Sends invocation records to SQS queues (and SNS topics, once the engine has SNS). */
export class FailureDestinations {
  private readonly queues = new Map<string, QueueClient>();

  constructor(
    private readonly client: InProcessClient,
    private readonly logger: Logger,
  ) {}

  async send(destinationArn: string, batch: DiscardedBatch): Promise<void> {
    const body = JSON.stringify(invocationRecord(batch));
    const service = parseArn(destinationArn)?.service;
    try {
      if (service === "sqs") {
        let queue = this.queues.get(destinationArn);
        if (!queue) {
          queue = new QueueClient(this.client, destinationArn);
          this.queues.set(destinationArn, queue);
        }
        await queue.send(body);
      } else if (service === "sns") {
        await this.client.call(
          "sns",
          "Publish",
          { TopicArn: destinationArn, Message: body },
          { region: parseArn(destinationArn)?.region },
        );
      } else {
        this.logger.warn("unsupported on-failure destination", { destination: destinationArn });
      }
    } catch (error) {
      this.queues.get(destinationArn)?.reset();
      this.logger.warn("could not send an invocation record to the on-failure destination", {
        destination: destinationArn,
        error: String(error),
      });
    }
  }
}
