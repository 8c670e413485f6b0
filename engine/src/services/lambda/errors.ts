/** Lambda's errors (API model, and the messages AWS returns for them). */
import { ServiceError } from "../../protocol/errors.ts";

/** Lambda's errors say whose fault they are: `"Type": "User"` (4xx) or `"Service"` (5xx). */
const USER = { Type: "User" } as const;

export class ResourceNotFoundException extends ServiceError {
  constructor(message: string) {
    super("ResourceNotFoundException", message, { status: 404, fields: USER });
  }
}

export class ResourceConflictException extends ServiceError {
  constructor(message: string) {
    super("ResourceConflictException", message, { status: 409, fields: USER });
  }
}

export class InvalidParameterValueException extends ServiceError {
  constructor(message: string) {
    super("InvalidParameterValueException", message, { status: 400, fields: USER });
  }
}

export class InvalidRequestContentException extends ServiceError {
  constructor(message: string) {
    super("InvalidRequestContentException", message, { status: 400, fields: USER });
  }
}

export class ValidationException extends ServiceError {
  constructor(message: string) {
    super("ValidationException", message, { status: 400 });
  }
}

export class RequestTooLargeException extends ServiceError {
  constructor(message: string) {
    super("RequestTooLargeException", message, { status: 413, fields: USER });
  }
}

export class PreconditionFailedException extends ServiceError {
  constructor(message: string) {
    super("PreconditionFailedException", message, { status: 412, fields: USER });
  }
}

/** AWS: 429 with Reason ReservedFunctionConcurrentInvocationLimitExceeded or ConcurrentInvocationLimitExceeded. */
export class TooManyRequestsException extends ServiceError {
  constructor(reason: string) {
    super("TooManyRequestsException", "Rate Exceeded.", { status: 429, fields: { ...USER, Reason: reason } });
  }
}

/** A failure inside the service (AWS: ServiceException, Type Service). */
export class ServiceException extends ServiceError {
  constructor(message: string) {
    super("ServiceException", message, { status: 500, fields: { Type: "Service" } });
  }
}

export const functionNotFound = (arn: string) => new ResourceNotFoundException(`Function not found: ${arn}`);
