/**
 * Validation of the configuration CreateFunction and UpdateFunctionConfiguration accept, beyond
 * what the model's constraints catch, with the errors Lambda answers.
 */
import type { CreateFunctionRequest, UpdateFunctionConfigurationRequest } from "@aws-sdk/client-lambda";
import {
  DEPRECATED_RUNTIMES,
  MAX_ENVIRONMENT_BYTES,
  MAX_MEMORY_MB,
  MAX_TIMEOUT_SECONDS,
  SUPPORTED_RUNTIMES,
} from "./constants.ts";
import { InvalidParameterValueException, ValidationException } from "./errors.ts";

/** Variables Lambda sets itself and refuses from users (Lambda guide, "Defined runtime environment variables"). */
const RESERVED_ENVIRONMENT_KEYS = new Set([
  "_HANDLER",
  "_X_AMZN_TRACE_ID",
  "AWS_DEFAULT_REGION",
  "AWS_REGION",
  "AWS_EXECUTION_ENV",
  "AWS_LAMBDA_FUNCTION_NAME",
  "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
  "AWS_LAMBDA_FUNCTION_VERSION",
  "AWS_LAMBDA_INITIALIZATION_TYPE",
  "AWS_LAMBDA_LOG_GROUP_NAME",
  "AWS_LAMBDA_LOG_STREAM_NAME",
  "AWS_ACCESS_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_LAMBDA_RUNTIME_API",
  "LAMBDA_TASK_ROOT",
  "LAMBDA_RUNTIME_DIR",
]);

/** Node handlers are `file.export`; Python `module.function`: at least one dot, nothing empty. */
const HANDLER_SHAPE = /^[^\s.][^\s]*\.[^\s.]+$/;

type ConfigInput = Pick<
  CreateFunctionRequest & UpdateFunctionConfigurationRequest,
  "Runtime" | "Handler" | "Timeout" | "MemorySize" | "Environment" | "DeadLetterConfig"
>;

export function validateRuntime(runtime: string): void {
  const recommended = DEPRECATED_RUNTIMES[runtime];
  if (recommended) {
    // AWS's wording when a runtime is past its block-create date.
    throw new InvalidParameterValueException(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use the new runtime (${recommended}) while creating or updating functions.`,
    );
  }
  if (!SUPPORTED_RUNTIMES.includes(runtime)) {
    throw new InvalidParameterValueException(
      `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${SUPPORTED_RUNTIMES.join(", ")}] or be a valid ARN`,
    );
  }
}

export function validateConfig(input: ConfigInput): void {
  if (input.Runtime !== undefined) validateRuntime(input.Runtime);
  if (input.Handler !== undefined && !HANDLER_SHAPE.test(input.Handler)) {
    // The model allows any non-blank string; a handler without a module part can never load.
    throw new InvalidParameterValueException(
      `Value ${input.Handler} at 'handler' failed to satisfy constraint: Handler must be of the form file.function`,
    );
  }
  if (input.Timeout !== undefined && input.Timeout > MAX_TIMEOUT_SECONDS) {
    throw new ValidationException(
      `1 validation error detected: Value '${input.Timeout}' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to ${MAX_TIMEOUT_SECONDS}`,
    );
  }
  if (input.MemorySize !== undefined && input.MemorySize > MAX_MEMORY_MB) {
    throw new InvalidParameterValueException(
      `'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to ${MAX_MEMORY_MB}`,
    );
  }
  const variables = input.Environment?.Variables;
  if (variables) {
    const reserved = Object.keys(variables).filter((k) => RESERVED_ENVIRONMENT_KEYS.has(k));
    if (reserved.length > 0) {
      throw new InvalidParameterValueException(
        `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(", ")}`,
      );
    }
    const measured = JSON.stringify(variables);
    if (Buffer.byteLength(measured) > MAX_ENVIRONMENT_BYTES) {
      throw new InvalidParameterValueException(
        `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`,
      );
    }
  }
  const target = input.DeadLetterConfig?.TargetArn;
  if (target && !/^arn:aws[a-zA-Z-]*:(sqs|sns):/.test(target)) {
    throw new InvalidParameterValueException(
      "The provided DLQ target ARN is not valid. It must be an SQS queue or an SNS topic.",
    );
  }
}
