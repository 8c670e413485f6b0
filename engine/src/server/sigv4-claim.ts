/**
 * What a request claims about its signature, read from the Authorization header or from a
 * presigned URL's query parameters. Missing or malformed parts are refused here, with the
 * IncompleteSignature wording AWS uses.
 * AWS: messages recorded against DynamoDB in dynalite's index.js (Authorization header form);
 * "AWS query-string parameters must include …" for the presigned form.
 */

import type { ReceivedRequest } from "./auth.ts";
import { AuthFailure } from "./auth-errors.ts";

/** AWS: a presigned URL is valid for at most 7 days (SigV4 query-string authentication, X-Amz-Expires). */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 7 * 24 * 60 * 60;

export interface SignatureClaim {
  presigned: boolean;
  algorithm: string;
  /** `keyid/date/region/service/aws4_request`, as sent. */
  credential: string;
  signedHeaders: string[];
  signature: string;
  /** ISO 8601 basic format, e.g. 20150830T123600Z. */
  amzDate: string;
  /** Presigned only: seconds after amzDate the URL stays valid. */
  expiresSeconds?: number;
  securityToken?: string;
  /** The payload hash the client declares (x-amz-content-sha256 / X-Amz-Content-Sha256). */
  declaredPayloadHash?: string;
}

const BASIC_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Epoch ms of an ISO 8601 basic-format time, or undefined when it is not one. */
export function parseAmzDate(value: string): number | undefined {
  const m = BASIC_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  return back.getUTCDate() === d && back.getUTCMonth() === mo - 1 && h < 24 && mi < 60 && s < 60
    ? ms
    : undefined;
}

export function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function badDate(value: string): AuthFailure {
  return new AuthFailure(
    "incomplete",
    `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
  );
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The request's claim, or undefined when it carries no SigV4 material at all. */
export function readClaim(request: ReceivedRequest, search: URLSearchParams): SignatureClaim | undefined {
  const authorization = single(request.headers.authorization)?.trim();
  if (authorization)
    return authorization.startsWith("AWS4-") ? fromHeader(request, authorization) : undefined;
  if (search.has("X-Amz-Algorithm") || search.has("X-Amz-Signature") || search.has("X-Amz-Credential"))
    return fromQuery(search);
  return undefined;
}

function fromHeader(request: ReceivedRequest, authorization: string): SignatureClaim {
  const space = authorization.indexOf(" ");
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  const params = new Map<string, string>();
  for (const part of (space < 0 ? "" : authorization.slice(space + 1)).split(",")) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf("=");
    if (eq < 0)
      throw new AuthFailure(
        "incomplete",
        `'${trimmed}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
      );
    params.set(trimmed.slice(0, eq), trimmed.slice(eq + 1));
  }
  const amzDate = single(request.headers["x-amz-date"]);
  const httpDate = single(request.headers.date);
  let missing = "";
  for (const name of ["Credential", "Signature", "SignedHeaders"]) {
    if (!params.get(name)) missing += `Authorization header requires '${name}' parameter. `;
  }
  if (!amzDate && !httpDate)
    missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (missing) throw new AuthFailure("incomplete", `${missing}Authorization=${authorization}`);
  let date: string;
  if (amzDate) {
    if (parseAmzDate(amzDate) === undefined) throw badDate(amzDate);
    date = amzDate;
  } else {
    const ms = Date.parse(httpDate ?? "");
    if (Number.isNaN(ms)) throw badDate(httpDate ?? "");
    date = formatAmzDate(ms);
  }
  const token = single(request.headers["x-amz-security-token"]);
  const declared = single(request.headers["x-amz-content-sha256"]);
  return {
    presigned: false,
    algorithm,
    credential: params.get("Credential") ?? "",
    signedHeaders: (params.get("SignedHeaders") ?? "").split(";"),
    signature: params.get("Signature") ?? "",
    amzDate: date,
    ...(token !== undefined && { securityToken: token }),
    ...(declared !== undefined && { declaredPayloadHash: declared }),
  };
}

function fromQuery(search: URLSearchParams): SignatureClaim {
  let missing = "";
  for (const name of [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Signature",
    "X-Amz-SignedHeaders",
    "X-Amz-Date",
  ]) {
    if (!search.get(name)) missing += `AWS query-string parameters must include '${name}'. `;
  }
  if (missing) throw new AuthFailure("incomplete", `${missing}Re-examine the query-string parameters.`);
  const amzDate = search.get("X-Amz-Date") ?? "";
  if (parseAmzDate(amzDate) === undefined) throw badDate(amzDate);
  const expires = search.get("X-Amz-Expires");
  let expiresSeconds: number | undefined;
  if (expires !== null) {
    // AWS: S3's wording for the same limits (AuthorizationQueryParametersError).
    if (!/^\d+$/.test(expires)) throw new AuthFailure("incomplete", "X-Amz-Expires should be a number");
    expiresSeconds = Number(expires);
    if (expiresSeconds > MAX_PRESIGNED_EXPIRES_SECONDS)
      throw new AuthFailure(
        "incomplete",
        `X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGNED_EXPIRES_SECONDS}`,
      );
  }
  const token = search.get("X-Amz-Security-Token");
  const declared = search.get("X-Amz-Content-Sha256");
  return {
    presigned: true,
    algorithm: search.get("X-Amz-Algorithm") ?? "",
    credential: search.get("X-Amz-Credential") ?? "",
    signedHeaders: (search.get("X-Amz-SignedHeaders") ?? "").split(";"),
    signature: search.get("X-Amz-Signature") ?? "",
    amzDate,
    ...(expiresSeconds !== undefined && { expiresSeconds }),
    ...(token !== null && { securityToken: token }),
    ...(declared !== null && { declaredPayloadHash: declared }),
  };
}
