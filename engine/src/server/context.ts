/**
 * Per-request context: request id, the caller's account and the region from the SigV4 credential
 * scope (`Credential=<key>/<date>/<region>/<service>/aws4_request`, in the Authorization header or
 * a presigned query string), and the principal the request runs as once it is authenticated.
 */
import type { IncomingHttpHeaders } from "node:http";
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from "../shared/arn.ts";
import { newRequestId } from "../shared/ids.ts";
import type { Principal } from "./credentials.ts";

export interface RequestContext {
  requestId: string;
  accountId: string;
  region: string;
  accessKeyId: string | undefined;
  /** The service name from the credential scope (e.g. "sqs"), when the request was signed. */
  signingService: string | undefined;
  /** scheme://host[:port] the client used to reach the engine, for URLs the engine hands out. */
  baseUrl: string;
  protocol: "json" | "query" | "rest";
  /**
   * Who the request runs as, set once it is authenticated. Undefined for the engine's own
   * in-process calls (pollers, destinations, stack deployments), which IAM does not evaluate.
   */
  principal?: Principal;
  /** The caller gave up — an in-process caller, or an HTTP client that went away (a long poll ends at once, empty). */
  signal?: AbortSignal;
}

export interface CredentialScope {
  accessKeyId: string;
  region: string;
  service: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

export function parseCredentialScope(
  headers: IncomingHttpHeaders,
  search: URLSearchParams,
): CredentialScope | undefined {
  const authorization = headers.authorization;
  const source = authorization
    ? authorization
    : search.has("X-Amz-Credential")
      ? `Credential=${search.get("X-Amz-Credential")}`
      : "";
  const match = CREDENTIAL.exec(source);
  if (!match) return undefined;
  return { accessKeyId: match[1]!, region: match[3]!, service: match[4]! };
}

export function createContext(
  headers: IncomingHttpHeaders,
  scope: CredentialScope | undefined,
  fallbackBaseUrl: string,
  protocol: RequestContext["protocol"],
): RequestContext {
  const host = headers.host;
  return {
    requestId: newRequestId(),
    accountId: DEFAULT_ACCOUNT_ID,
    region: scope?.region ?? DEFAULT_REGION,
    accessKeyId: scope?.accessKeyId,
    signingService: scope?.service,
    baseUrl: host && /^[A-Za-z0-9.\-[\]:]+$/.test(host) ? `http://${host}` : fallbackBaseUrl,
    protocol,
  };
}
