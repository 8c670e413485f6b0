/**
 * What every emulated service hands the server: its AWS model, how it speaks on the wire, and one
 * handler per operation. Handlers receive the decoded input shape (blobs as Buffers) and return the
 * output shape with blobs as base64 text; they never see HTTP or protocol details.
 */
import { NotImplemented, type ServiceError } from "../protocol/errors.ts";
import type { ServiceModel } from "../protocol/model.ts";
import type { InputErrors } from "../protocol/shape-input.ts";
import type { RequestContext } from "../server/context.ts";

export type OperationHandler = (input: Record<string, unknown>, context: RequestContext) => unknown;

export interface ServiceDefinition {
  /** Short name, used in logs and the registry ("sqs"). */
  name: string;
  /** SigV4 credential-scope service names that address this service. */
  signingNames: readonly string[];
  model: ServiceModel;
  /** Namespace of `__type` in JSON errors, e.g. "com.amazonaws.sqs". */
  jsonErrorNamespace: string;
  /** Whether the legacy awsQuery protocol is also served. */
  query: boolean;
  /** Largest request body accepted, in bytes. */
  maxRequestBytes: number;
  inputErrors: InputErrors;
  /**
   * Validates the decoded input before the handler runs. Without it, only required top-level
   * members are checked, reported through `missingParameter`.
   */
  validateInput?(operation: string, input: Record<string, unknown>): void;
  /** The error for a required member that is absent (path like `Entries.1.Id`). */
  missingParameter(path: string): ServiceError;
  /** The error for an operation the service does not know. */
  unknownOperation(name: string, protocol: "json" | "query"): ServiceError;
  /** Claims query requests by path when the request is unsigned (e.g. SQS queue URLs). */
  ownsQueryPath?(path: string): boolean;
  operations: Record<string, OperationHandler>;
  /** Fills query parameters the protocol lets a client put in the path (SQS: QueueUrl). */
  completeQueryParams?(params: Map<string, string>, path: string, context: RequestContext): void;
  /** Stops timers and waiters; the database is closed by the engine. */
  close?(): void;
}

/**
 * A handler for every operation of the model: the implemented ones, and for the rest one that
 * answers NotImplemented (501), so an operation AWS has is never mistaken for an unknown one.
 */
export function everyOperation(
  serviceName: string,
  model: ServiceModel,
  implemented: Record<string, OperationHandler>,
): Record<string, OperationHandler> {
  const operations: Record<string, OperationHandler> = {};
  for (const name of Object.keys(model.operations)) {
    operations[name] =
      implemented[name] ??
      (() => {
        throw new NotImplemented(serviceName, name);
      });
  }
  return operations;
}
