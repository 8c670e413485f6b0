/**
 * CloudWatch Logs errors (JSON `__type` namespace com.amazonaws.cloudwatchlogs, all HTTP 400).
 * Messages marked "AWS" were recorded from the service (LocalStack's snapshots of real responses);
 * the others follow AWS's wording where it could not be pinned down.
 */
import { ServiceError } from "../../protocol/errors.ts";

export const LOGS_ERROR_NAMESPACE = "com.amazonaws.cloudwatchlogs";

export class InvalidParameterException extends ServiceError {
  constructor(message: string) {
    super("InvalidParameterException", message);
  }
}

export class ResourceNotFoundException extends ServiceError {
  constructor(message: string) {
    super("ResourceNotFoundException", message);
  }
}

export class ResourceAlreadyExistsException extends ServiceError {
  constructor(message: string) {
    super("ResourceAlreadyExistsException", message);
  }
}

export class ValidationException extends ServiceError {
  constructor(message: string) {
    super("ValidationException", message);
  }
}

export class TooManyTagsException extends ServiceError {
  constructor(resourceArn: string) {
    // Unverified wording; the model gives the exception a resourceName member.
    super("TooManyTagsException", `A resource can have no more than 50 tags.`, {
      fields: { resourceName: resourceArn },
    });
  }
}

// AWS (LocalStack snapshots, 2026).
export const logGroupNotFound = () =>
  new ResourceNotFoundException("The specified log group does not exist.");
export const logStreamNotFound = () =>
  new ResourceNotFoundException("The specified log stream does not exist.");
export const logGroupExists = () =>
  new ResourceAlreadyExistsException("The specified log group already exists");
export const logStreamExists = () =>
  new ResourceAlreadyExistsException("The specified log stream already exists");
export const invalidNextToken = () => new InvalidParameterException("The specified nextToken is invalid.");
export const nameTooLong = () =>
  new InvalidParameterException(
    "Invalid LogGroup or LogStream, both must have length less than or equal to 512.",
  );
export const nameAndIdentifierGiven = () =>
  new ValidationException("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
export const prefixAndPatternGiven = () =>
  new InvalidParameterException(
    "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
  );
export const eventsOutOfOrder = () =>
  new InvalidParameterException(
    "Log events in a single PutLogEvents request must be in chronological order.",
  );

// AWS (moto, matching the service).
export const prefixWithLastEventTime = () =>
  new InvalidParameterException("Cannot order by LastEventTime with a logStreamNamePrefix.");

// AWS (as SDK users report it): "Log event too large: 262145 bytes exceeds limit of 262144".
export const eventTooLarge = (bytes: number, limit: number) =>
  new InvalidParameterException(`Log event too large: ${bytes} bytes exceeds limit of ${limit}`);

// Unverified wording.
export const batchTooLarge = (bytes: number, limit: number) =>
  new InvalidParameterException(`Upload too large: ${bytes} bytes exceeds limit of ${limit}`);
export const batchSpanTooLong = () =>
  new InvalidParameterException(
    "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.",
  );
export const neitherNameNorIdentifier = () =>
  new InvalidParameterException("Either logGroupName or logGroupIdentifier must be specified.");
export const streamNamesAndPrefixGiven = () =>
  new InvalidParameterException("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
export const deletionProtected = () =>
  new ValidationException("Log group deletion is not allowed because deletion protection is enabled.");
export const invalidRetention = (days: number, allowed: readonly number[]) =>
  new InvalidParameterException(
    `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(", ")}]`,
  );
export const invalidResourceArn = (arn: string) =>
  new InvalidParameterException(`Invalid resource ARN: ${arn}`);
