/**
 * DynamoDB errors. JSON `__type` is `com.amazonaws.dynamodb.v20120810#<Code>`, except Coral's
 * request validation, which is `com.amazon.coral.validate#ValidationException` (as DynamoDB sends
 * it). Messages are DynamoDB's own texts.
 */
import { ServiceError } from "../../protocol/errors.ts";

export const DYNAMODB_ERROR_NAMESPACE = "com.amazonaws.dynamodb.v20120810";

export class DynamoDbError extends ServiceError {
  constructor(
    code: string,
    message: string,
    options: { status?: number; fields?: Record<string, unknown> } = {},
  ) {
    super(code, message, { status: options.status ?? 400, fields: options.fields });
  }
}

export class ValidationException extends ServiceError {
  constructor(message: string) {
    super("ValidationException", message, { typeNamespace: "com.amazon.coral.validate" });
  }
}

export class ResourceNotFoundException extends DynamoDbError {
  constructor(message = "Requested resource not found") {
    super("ResourceNotFoundException", message);
  }
}

export class ResourceInUseException extends DynamoDbError {
  constructor(message: string) {
    super("ResourceInUseException", message);
  }
}

export class ConditionalCheckFailedException extends DynamoDbError {
  constructor(item?: Record<string, unknown>) {
    super("ConditionalCheckFailedException", "The conditional request failed", {
      fields: item ? { Item: item } : undefined,
    });
  }
}

export class LimitExceededException extends DynamoDbError {
  constructor(message: string) {
    super("LimitExceededException", message);
  }
}

export class ProvisionedThroughputExceededException extends DynamoDbError {
  constructor(reasons: Array<{ reason: string; resource: string }>) {
    super(
      "ProvisionedThroughputExceededException",
      "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.",
      { fields: { ThrottlingReasons: reasons } },
    );
  }
}

export class ThrottlingException extends DynamoDbError {
  constructor(message: string, reasons: Array<{ reason: string; resource: string }>) {
    super("ThrottlingException", message, { fields: { ThrottlingReasons: reasons } });
  }
}

export class TransactionCanceledException extends DynamoDbError {
  constructor(reasons: Array<{ Code: string; Message?: string; Item?: Record<string, unknown> }>) {
    const codes = reasons.map((r) => r.Code).join(", ");
    super(
      "TransactionCanceledException",
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
      {
        fields: { CancellationReasons: reasons },
      },
    );
  }
}

export class IdempotentParameterMismatchException extends DynamoDbError {
  constructor() {
    super(
      "IdempotentParameterMismatchException",
      "Request parameters do not match the parameters of the previous request with the same client token.",
    );
  }
}

export class ItemCollectionSizeLimitExceededException extends DynamoDbError {
  constructor() {
    super("ItemCollectionSizeLimitExceededException", "Item collection size limit exceeded.");
  }
}
