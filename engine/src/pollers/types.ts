/**
 * The contract between the Lambda service (which stores event source mappings and runs functions)
 * and the pollers that feed them. The service hands each mapping's configuration to the poller
 * manager whenever it changes; a poller reads its source through the in-process client, invokes
 * the function through `MappingInvoker`, and reports its progress back.
 */
import type { EventSourceMappingConfiguration } from "@aws-sdk/client-lambda";
import type { Principal } from "../server/credentials.ts";

/** A mapping as the Lambda API describes it, with the fields pollers rely on always present. */
export type MappingConfig = EventSourceMappingConfiguration & {
  UUID: string;
  EventSourceArn: string;
  FunctionArn: string;
  /** "Enabled" pollers run; every other state stops them. */
  State: string;
  BatchSize: number;
};

/** The result of a synchronous invocation of the mapped function. */
export interface MappingInvocationResult {
  /** The function's response (or error) document, JSON text. */
  payload: Buffer;
  /** "Unhandled" when the function failed (threw, timed out, crashed), as X-Amz-Function-Error. */
  functionError?: string;
  /** The invocation's request id; stream on-failure records quote it (a new one is made if absent). */
  requestId?: string;
  /** "$LATEST" or the version number that ran, as X-Amz-Executed-Version. Default "$LATEST". */
  executedVersion?: string;
  /** The Invoke status code. Default 200. */
  statusCode?: number;
}

/** The function was throttled (reserved or account concurrency exhausted): retry later. */
export class InvocationThrottled extends Error {
  constructor() {
    super("Rate Exceeded.");
  }
}

export interface MappingInvoker {
  /**
   * Invokes the mapping's function synchronously (RequestResponse). Throws InvocationThrottled when
   * no concurrency is free; any other throw is an infrastructure failure (treat like a function error).
   */
  invoke(
    functionArn: string,
    payload: Buffer,
    meta: { mappingUuid: string; iteratorAgeMs?: number },
  ): Promise<MappingInvocationResult>;
  /**
   * Who the mapping acts as when it reads its source and sends to its on-failure destination: a
   * session of the function's execution role (Lambda guide: "An event source mapping uses
   * permissions in the function's execution role to read and manage items in the event source").
   * Undefined when the function is gone.
   */
  executionRole(functionArn: string): Principal | undefined;
}

/** What the pollers tell the Lambda service (it shows them in GetEventSourceMapping). */
export interface MappingStatusSink {
  /** AWS's LastProcessingResult texts: "OK", "PROBLEM: Function call failed", "No records processed", … */
  processingResult(uuid: string, result: string): void;
}

export interface PollerManager {
  /** Starts, reconfigures or stops the poller of a mapping to match its configuration. */
  apply(mapping: MappingConfig): void;
  /** Stops and forgets a deleted mapping (its checkpoints too). */
  remove(uuid: string): void;
  close(): Promise<void>;
}
