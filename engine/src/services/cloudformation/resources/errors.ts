/**
 * Why a resource handler failed, worded as CloudFormation words it in a resource's status reason:
 *
 *   Resource handler returned message: "One or more parameter values were invalid: … (Service:
 *   DynamoDb, Status Code: 400, Request ID: …)" (RequestToken: …, HandlerErrorCode: InvalidRequest)
 *
 * A service's error carries the service, its status and a request id inside the quotes (the AWS
 * SDK for Java's wording, which the handlers use); the handler error code is the registry
 * contract's (InvalidRequest, AlreadyExists, NotFound, ServiceLimitExceeded, Throttling,
 * ServiceInternalError, GeneralServiceException). "Resource of type '…' with identifier '…' already
 * exists." / "… was not found." are the handler framework's own texts.
 */
import { randomUUID } from "node:crypto";
import { ServiceError } from "../../../protocol/errors.ts";

export type HandlerErrorCode =
  | "InvalidRequest"
  | "AlreadyExists"
  | "NotFound"
  | "ServiceLimitExceeded"
  | "Throttling"
  | "ServiceInternalError"
  | "GeneralServiceException"
  | "NotStabilized";

/** The SDK for Java's service names, as they appear in handler messages. */
const SERVICE_NAMES: Record<string, string> = {
  sqs: "Sqs",
  dynamodb: "DynamoDb",
  lambda: "Lambda",
  logs: "CloudWatchLogs",
  iam: "Iam",
};

export class ResourceHandlerError extends Error {
  constructor(
    /** The text inside the quotes. */
    readonly handlerMessage: string,
    readonly handlerErrorCode: HandlerErrorCode,
    /** The service's own error code, when a service call failed. */
    readonly serviceCode?: string,
  ) {
    super(
      `Resource handler returned message: "${handlerMessage}" (RequestToken: ${randomUUID()}, HandlerErrorCode: ${handlerErrorCode})`,
    );
    this.name = "ResourceHandlerError";
  }
}

const NOT_FOUND = /NotFound|NoSuchEntity|DoesNotExist|NonExistent/;
const ALREADY_EXISTS = /AlreadyExists|ResourceConflict|QueueNameExists|ResourceInUse/;

function handlerCodeOf(error: ServiceError): HandlerErrorCode {
  const code = error.queryCode ?? error.code;
  if (error.status === 404 || NOT_FOUND.test(code)) return "NotFound";
  if (ALREADY_EXISTS.test(code)) return "AlreadyExists";
  if (/Throttl|TooManyRequests|RequestLimitExceeded/.test(code)) return "Throttling";
  if (/LimitExceeded/.test(code)) return "ServiceLimitExceeded";
  if (error.status >= 500) return "ServiceInternalError";
  return "InvalidRequest";
}

/** A service call's failure as the handler reports it. */
export function fromServiceError(service: string, error: ServiceError): ResourceHandlerError {
  const name = SERVICE_NAMES[service] ?? service;
  return new ResourceHandlerError(
    `${error.message} (Service: ${name}, Status Code: ${error.status}, Request ID: ${randomUUID()})`,
    handlerCodeOf(error),
    error.queryCode ?? error.code,
  );
}

export const asHandlerError = (service: string, error: unknown): unknown =>
  error instanceof ServiceError ? fromServiceError(service, error) : error;

export const invalidRequest = (message: string) => new ResourceHandlerError(message, "InvalidRequest");

export const alreadyExists = (type: string, identifier: string) =>
  new ResourceHandlerError(
    `Resource of type '${type}' with identifier '${identifier}' already exists.`,
    "AlreadyExists",
  );

export const notFound = (type: string, identifier: string) =>
  new ResourceHandlerError(
    `Resource of type '${type}' with identifier '${identifier}' was not found.`,
    "NotFound",
  );

export const isNotFound = (error: unknown): boolean =>
  error instanceof ResourceHandlerError && error.handlerErrorCode === "NotFound";

export const isAlreadyExists = (error: unknown): boolean =>
  error instanceof ResourceHandlerError && error.handlerErrorCode === "AlreadyExists";

/** A create call's "already exists" failure in the handler framework's words; other errors unchanged. */
export const existing =
  (type: string, identifier: string) =>
  (error: unknown): never => {
    throw isAlreadyExists(error) ? alreadyExists(type, identifier) : error;
  };
