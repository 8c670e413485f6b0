/**
 * What a request asks IAM for: each (action, resource) pair it needs, as AWS's Service
 * Authorization Reference lists them per operation. Most operations are one pair named after the
 * operation; batch and transaction operations need one per resource they touch, and some
 * operations are authorized under another action's name (SendMessageBatch → sqs:SendMessage).
 */
import type { RequestContext } from "../../../server/context.ts";
import type { ServiceDefinition } from "../../service.ts";

export interface AccessCheck {
  /** `sqs:SendMessage` */
  action: string;
  /** The resource's ARN, or `*` for actions that name none (List* operations). */
  resource: string;
  /** Service-specific condition keys this request supplies (e.g. `lambda:FunctionArn`). */
  context?: Record<string, string>;
}

export type Scope = Pick<RequestContext, "accountId" | "region">;

export interface ServiceAccess {
  /** The IAM service prefix (`dynamodb` for DynamoDB Streams too). */
  prefix: string;
  checks(operation: string, input: Record<string, unknown>, scope: Scope): AccessCheck[];
  /**
   * The policy attached to a resource (queue policy, function policy), read through the owning
   * service's own operation; undefined when it has none.
   */
  resourcePolicy?(service: ServiceDefinition, resource: string, context: RequestContext): string | undefined;
}

export const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** An operation of a service through its handler, synchronously, as the engine itself (no principal). */
export function readThrough(
  service: ServiceDefinition,
  operation: string,
  input: Record<string, unknown>,
  context: RequestContext,
): Record<string, unknown> | undefined {
  const handler = service.operations[operation];
  if (!handler) return undefined;
  const internal: RequestContext = { ...context, principal: undefined };
  try {
    const result = handler(input, internal);
    return result instanceof Promise ? undefined : (result as Record<string, unknown> | undefined);
  } catch {
    return undefined;
  }
}
