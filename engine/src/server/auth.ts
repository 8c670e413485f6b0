/**
 * Authentication: who sent a request. `off` (the default, as local tools are) believes the access
 * key a request names; `strict` verifies its Signature Version 4 (server/sigv4.ts) and refuses
 * what AWS would refuse.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { ServiceDefinition } from "../services/service.ts";
import type { CredentialScope, RequestContext } from "./context.ts";
import type { CredentialStore, Principal } from "./credentials.ts";

export type AuthMode = "off" | "strict";

/** A request as received, once its body is read: everything a signature covers. */
export interface ReceivedRequest {
  method: string;
  /** The request target exactly as sent (path and query string, still percent-encoded). */
  rawUrl: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Authenticator {
  /**
   * The caller of `request`, or throws the ServiceError the addressed service returns on AWS
   * (`service` is undefined when no service claimed the request).
   */
  authenticate(
    request: ReceivedRequest,
    scope: CredentialScope | undefined,
    service: ServiceDefinition | undefined,
    protocol: RequestContext["protocol"],
  ): Principal;
}

export function createTrustingAuthenticator(store: CredentialStore): Authenticator {
  return { authenticate: (_request, scope) => store.principalFor(scope?.accessKeyId) };
}
