/**
 * Turns a routed request into an operation call and the result (or error) into protocol bytes.
 * The same path serves JSON and query, so each operation is written once.
 */
import {
  type EncodedResponse,
  encodeJsonError,
  encodeJsonResult,
  parseJsonBody,
} from "../protocol/aws-json.ts";
import { encodeQueryError, encodeQueryResult } from "../protocol/aws-query.ts";
import { InternalFailure, ServiceError } from "../protocol/errors.ts";
import type { ServiceModel } from "../protocol/model.ts";
import { shapeOf } from "../protocol/model.ts";
import {
  decodeRestInput,
  encodeRestJsonError,
  encodeRestResult,
  type RestRequestParts,
} from "../protocol/rest-json.ts";
import { decodeJson, decodeQuery } from "../protocol/shape-input.ts";
import type { RequestContext } from "../server/context.ts";
import type { Logger } from "../shared/logger.ts";
import type { Authorizer } from "./iam/enforcement.ts";
import type { ServiceDefinition } from "./service.ts";

/**
 * The first required top-level member that is absent. Nested entries (batch items) are validated
 * by the operation, because AWS reports them per entry.
 */
export function findMissingMember(
  model: ServiceModel,
  shapeName: string,
  value: Record<string, unknown>,
): string | undefined {
  const shape = shapeOf(model, shapeName);
  return shape.required?.find((name) => value[name] === undefined);
}

/** A service's error in the protocol the request came in on, as that service words it. */
export function encodeServiceError(
  service: ServiceDefinition,
  context: Pick<RequestContext, "protocol" | "requestId">,
  error: ServiceError,
): EncodedResponse {
  const { metadata } = service.model;
  if (context.protocol === "rest") return encodeRestJsonError(error);
  return context.protocol === "query"
    ? encodeQueryError(error, context.requestId, metadata.xmlNamespace)
    : encodeJsonError(error, {
        namespace: service.jsonErrorNamespace,
        jsonVersion: metadata.jsonVersion ?? "1.0",
        queryCompatible: metadata.awsQueryCompatible,
      });
}

export async function invokeOperation(
  service: ServiceDefinition,
  operation: string,
  readInput: () => Record<string, unknown>,
  context: RequestContext,
  logger: Logger,
  authorizer?: Authorizer,
): Promise<EncodedResponse> {
  const { model } = service;
  const encodeError = (error: ServiceError) => encodeServiceError(service, context, error);
  try {
    // The name comes from the wire: `constructor` or `valueOf` must not reach Object.prototype.
    const known = Object.hasOwn(model.operations, operation) && Object.hasOwn(service.operations, operation);
    const opModel = known ? model.operations[operation] : undefined;
    const handler = known ? service.operations[operation] : undefined;
    if (!opModel || !handler)
      throw service.unknownOperation(operation, context.protocol === "query" ? "query" : "json");
    const input = readInput();
    // AWS authorizes a call before it validates the request's parameters.
    authorizer?.authorize(service, operation, input, context);
    if (service.validateInput) service.validateInput(operation, input);
    else if (opModel.input) {
      const missing = findMissingMember(model, opModel.input, input);
      if (missing) throw service.missingParameter(missing);
    }
    const result = await handler(input, context);
    if (context.protocol === "rest")
      return encodeRestResult(model, operation, result as Record<string, unknown> | undefined);
    return context.protocol === "query"
      ? encodeQueryResult(model, operation, result, context.requestId)
      : encodeJsonResult(result, model.metadata.jsonVersion ?? "1.0");
  } catch (error) {
    if (error instanceof ServiceError) return encodeError(error);
    logger.error(`${service.name}.${operation} failed`, {
      requestId: context.requestId,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return encodeError(new InternalFailure());
  }
}

export const jsonInputReader =
  (service: ServiceDefinition, operation: string, body: Buffer) => (): Record<string, unknown> => {
    const parsed = parseJsonBody(body, service.inputErrors.malformedBody?.bind(service.inputErrors));
    const shape = service.model.operations[operation]?.input;
    if (!shape) return {};
    return (decodeJson(service.model, shape, parsed, service.inputErrors) ?? {}) as Record<string, unknown>;
  };

export const queryInputReader =
  (service: ServiceDefinition, operation: string, params: Map<string, string>) =>
  (): Record<string, unknown> => {
    const shape = service.model.operations[operation]?.input;
    if (!shape) return {};
    return decodeQuery(service.model, shape, params, service.inputErrors);
  };

export const restInputReader =
  (service: ServiceDefinition, operation: string, request: RestRequestParts) =>
  (): Record<string, unknown> => {
    const shape = service.model.operations[operation]?.input;
    if (!shape) return {};
    return decodeRestInput(service.model, shape, request, service.inputErrors);
  };
