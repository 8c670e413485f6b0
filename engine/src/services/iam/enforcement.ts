/**
 * `--iam enforce | warn | off`: evaluates calls made with a role session's credentials against the
 * role's policies and the resource's policy. (Being written for issue 6.)
 */
import type { RequestContext } from "../../server/context.ts";
import type { Logger } from "../../shared/logger.ts";
import type { ServiceDefinition } from "../service.ts";
import type { IamCore } from "./core.ts";

export type IamMode = "off" | "warn" | "enforce";

export interface Authorizer {
  /** Throws the service's AccessDenied error when `enforce` denies the call; `warn` logs it. */
  authorize(
    service: ServiceDefinition,
    operation: string,
    input: Record<string, unknown>,
    context: RequestContext,
  ): void;
}

export interface AuthorizerDeps {
  mode: IamMode;
  iam: IamCore;
  logger: Logger;
}

export function createAuthorizer(_deps: AuthorizerDeps): Authorizer {
  return { authorize: () => {} };
}
