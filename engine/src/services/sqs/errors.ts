/**
 * SQS errors. Codes, legacy query codes and HTTP statuses come from the SQS model (the query-era
 * model carries the `AWS.SimpleQueueService.*` codes); messages are the ones SQS returns.
 * Errors SQS does not model (InvalidParameterValue, MissingParameter, …) are Coral's generic ones:
 * `com.amazon.coral.service#<Exception>` in JSON, their short code in `x-amzn-query-error`.
 */
import sqsModel from "../../models/sqs.json" with { type: "json" };
import { ServiceError } from "../../protocol/errors.ts";
import type { ServiceModel } from "../../protocol/model.ts";

const model = sqsModel as unknown as ServiceModel;

export class SqsError extends ServiceError {
  constructor(code: string, message: string, options: { status?: number; queryMessage?: string } = {}) {
    const modelled = model.shapes[code]?.error;
    super(code, message, {
      status: options.status ?? modelled?.httpStatusCode ?? 400,
      queryCode: modelled?.code,
      queryMessage: options.queryMessage,
    });
  }
}

/** Coral's generic errors: `com.amazon.coral.service#<Exception>` in JSON, the short code in query. */
class CoralError extends ServiceError {
  constructor(exception: string, queryCode: string, message: string) {
    super(exception, message, { typeNamespace: "com.amazon.coral.service", queryCode });
  }
}

export class QueueDoesNotExist extends SqsError {
  constructor() {
    super("QueueDoesNotExist", "The specified queue does not exist.", {
      queryMessage: "The specified queue does not exist for this wsdl version.",
    });
  }
}

export class QueueNameExists extends SqsError {
  constructor(name: string) {
    super(
      "QueueNameExists",
      `A queue already exists with the same name and a different value for attribute ${name}`,
    );
  }
}

export class QueueDeletedRecently extends SqsError {
  constructor() {
    super(
      "QueueDeletedRecently",
      "You must wait 60 seconds after deleting a queue before you can create another with the same name.",
    );
  }
}

export class InvalidAttributeName extends SqsError {
  constructor(message: string) {
    super("InvalidAttributeName", message);
  }
}

/** `Unknown Attribute <name>.` — also SQS's answer for an attribute the queue type does not have. */
export const unknownAttribute = (name: string): InvalidAttributeName =>
  new InvalidAttributeName(`Unknown Attribute ${name}.`);

export class InvalidAttributeValue extends SqsError {
  constructor(message: string) {
    super("InvalidAttributeValue", message);
  }
}

export class InvalidParameterValue extends CoralError {
  constructor(message: string) {
    super("InvalidParameterValueException", "InvalidParameterValue", message);
  }
}

export class MissingParameter extends CoralError {
  constructor(name: string) {
    super(
      "MissingRequiredParameterException",
      "MissingParameter",
      `The request must contain the parameter ${name}.`,
    );
  }
}

/** A JSON member of the wrong type; Coral rejects it before SQS sees the request. */
export class SqsSerializationException extends CoralError {
  constructor(message: string) {
    super("SerializationException", "MalformedInput", message);
  }
}

export class InvalidAction extends CoralError {
  constructor(action: string) {
    super(
      "UnknownOperationException",
      "InvalidAction",
      `The action ${action} is not valid for this web service.`,
    );
  }
}

export class InvalidMessageContents extends SqsError {
  constructor(message: string) {
    super("InvalidMessageContents", message);
  }
}

export class ReceiptHandleIsInvalid extends SqsError {
  constructor(handle: string) {
    // AWS answers 404 for this one although the model gives no status (seen in SDK logs).
    super("ReceiptHandleIsInvalid", `The input receipt handle "${handle}" is not a valid receipt handle.`, {
      status: 404,
    });
  }
}

export class ReceiptHandleForOtherQueue extends SqsError {
  constructor(handle: string) {
    super("ReceiptHandleIsInvalid", `The receipt handle "${handle}" is not valid for this queue.`, {
      status: 404,
    });
  }
}

export class MessageNotInflight extends SqsError {
  constructor() {
    super("MessageNotInflight", "The message referred to isn't in flight.");
  }
}

export class PurgeQueueInProgress extends SqsError {
  constructor(queueName: string) {
    super(
      "PurgeQueueInProgress",
      `Only one PurgeQueue operation on ${queueName} is allowed every 60 seconds.`,
    );
  }
}

export class EmptyBatchRequest extends SqsError {
  constructor(entryName: string) {
    super("EmptyBatchRequest", `There should be at least one ${entryName} in the request.`);
  }
}

export class TooManyEntriesInBatchRequest extends SqsError {
  constructor(count: number) {
    super(
      "TooManyEntriesInBatchRequest",
      `Maximum number of entries per request are 10. You have sent ${count}.`,
    );
  }
}

export class BatchEntryIdsNotDistinct extends SqsError {
  constructor(id: string) {
    super("BatchEntryIdsNotDistinct", `Id ${id} repeated.`);
  }
}

export class InvalidBatchEntryId extends SqsError {
  constructor() {
    super(
      "InvalidBatchEntryId",
      "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
    );
  }
}

export class BatchRequestTooLong extends SqsError {
  constructor(limit: number, size: number) {
    super(
      "BatchRequestTooLong",
      `Batch requests cannot be longer than ${limit} bytes. You have sent ${size} bytes.`,
    );
  }
}

export class OverLimit extends SqsError {
  constructor(message: string) {
    super("OverLimit", message);
  }
}

export class UnsupportedOperation extends SqsError {
  constructor(message: string) {
    super("UnsupportedOperation", message);
  }
}

export class ResourceNotFoundException extends SqsError {
  constructor(message: string) {
    super("ResourceNotFoundException", message);
  }
}

export class InvalidAddress extends SqsError {
  constructor(url: string) {
    super("InvalidAddress", `The address ${url} is not valid for this endpoint.`);
  }
}

/** `Value <v> for parameter <p> is invalid. Reason: <why>` — SQS's usual InvalidParameterValue text. */
export const invalidParameter = (parameter: string, value: unknown, reason: string): InvalidParameterValue =>
  new InvalidParameterValue(
    `Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`,
  );
