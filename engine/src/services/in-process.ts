/**
 * The in-process client one engine service uses to call another (a Lambda poller receiving from
 * SQS, a failure destination sending to it): the same operation handlers and validation a wire
 * request reaches, without HTTP. Input is the decoded shape (blobs as Buffers); output is the wire
 * shape (blobs as base64 text); failures throw the service's ServiceError.
 */
import { RawJsonList } from "../protocol/aws-json.ts";
import type { RequestContext } from "../server/context.ts";
import type { Principal } from "../server/credentials.ts";
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from "../shared/arn.ts";
import { newRequestId } from "../shared/ids.ts";
import { findMissingMember } from "./dispatch.ts";
import type { Authorizer } from "./iam/enforcement.ts";
import type { ServiceRegistry } from "./registry.ts";

export interface InProcessClient {
  call<T = Record<string, unknown>>(
    service: string,
    operation: string,
    input: Record<string, unknown>,
    options?: InProcessCallOptions,
  ): Promise<T>;
}

export interface InProcessCallOptions {
  region?: string;
  signal?: AbortSignal;
  /**
   * The role session the call is made as. Lambda reads a mapping's source and sends to a
   * function's destinations with the function's execution role, so under `--iam` such calls are
   * authorized as a wire call with that role's credentials would be. Without it the call is the
   * engine's own (a stack deployment), which IAM does not evaluate.
   */
  as?: Principal;
}

export function createInProcessClient(
  registry: ServiceRegistry,
  baseUrl: () => string,
  authorizer?: Authorizer,
): InProcessClient {
  return {
    async call<T>(
      serviceName: string,
      operation: string,
      input: Record<string, unknown>,
      options: InProcessCallOptions = {},
    ): Promise<T> {
      const service = registry.all.find((s) => s.name === serviceName);
      if (!service) throw new Error(`no service named ${serviceName}`);
      const handler = service.operations[operation];
      const opModel = service.model.operations[operation];
      if (!handler || !opModel) throw service.unknownOperation(operation, "json");
      const context: RequestContext = {
        requestId: newRequestId(),
        accountId: options.as?.accountId ?? DEFAULT_ACCOUNT_ID,
        region: options.region ?? DEFAULT_REGION,
        accessKeyId: undefined,
        signingService: undefined,
        baseUrl: baseUrl(),
        protocol: "json",
        signal: options.signal,
        ...(options.as && { principal: options.as }),
      };
      // As on the wire (dispatch.ts), AWS authorizes a call before it validates its parameters.
      authorizer?.authorize(service, operation, input, context);
      if (service.validateInput) service.validateInput(operation, input);
      else if (opModel.input) {
        const missing = findMissingMember(service.model, opModel.input, input);
        if (missing) throw service.missingParameter(missing);
      }
      return plainResult(await handler(input, context)) as T;
    },
  };
}

/** A result as a wire client would decode it: spliced JSON lists (aws-json.ts) become plain lists. */
function plainResult(result: unknown): unknown {
  if (result === null || typeof result !== "object") return result;
  const entries = Object.entries(result);
  if (!entries.some(([, value]) => value instanceof RawJsonList)) return result;
  return Object.fromEntries(
    entries.map(([name, value]) => [name, value instanceof RawJsonList ? value.parsed() : value]),
  );
}

/**
 * A client that makes the calls named in `operations` ("service.Operation") as `principal()`, and
 * every other call (and all of them when the principal is undefined) as the engine itself.
 */
export function actingAs(
  client: InProcessClient,
  principal: () => Principal | undefined,
  operations: ReadonlySet<string>,
): InProcessClient {
  return {
    call: (service, operation, input, options = {}) => {
      const as = operations.has(`${service}.${operation}`) ? principal() : undefined;
      return client.call(service, operation, input, as ? { ...options, as } : options);
    },
  };
}
