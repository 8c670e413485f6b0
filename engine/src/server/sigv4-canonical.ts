/**
 * The Signature Version 4 calculation, as the receiving side rebuilds it from the request it got.
 * AWS: "Create a signed AWS API request" (IAM User Guide, reference_sigv4-create-signed-request):
 * canonical request → string to sign → HMAC chain over date, region, service, "aws4_request".
 *
 * The canonical URI follows what every SDK does for services other than S3: the path is
 * normalized (empty and `.` segments dropped, `..` applied) and the already percent-encoded path
 * is encoded once more, `/` kept (botocore `_normalize_url_path`, @smithy/signature-v4
 * `getCanonicalPath`).
 */
import { createHash, createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export const ALGORITHM = "AWS4-HMAC-SHA256";
export const SCOPE_TERMINATOR = "aws4_request";
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

/** RFC 3986 encoding of every byte but the unreserved characters, as SigV4 requires. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decodeOrKeep(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith("/") ? "/" : "";
  return `/${segments.map(uriEncode).join("/")}${trailing}`;
}

/** Each parameter decoded and re-encoded strictly, sorted by name then value. */
export function canonicalQuery(rawQuery: string, omit?: string): string {
  const pairs: string[][] = [];
  for (const piece of rawQuery.split("&")) {
    if (piece === "") continue;
    const eq = piece.indexOf("=");
    const name = decodeOrKeep(eq < 0 ? piece : piece.slice(0, eq));
    if (name === omit) continue;
    const value = eq < 0 ? "" : decodeOrKeep(piece.slice(eq + 1));
    pairs.push([uriEncode(name), uriEncode(value)]);
  }
  pairs.sort(([a = "", x = ""], [b = "", y = ""]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join("&");
}

/** `name:value` lines: repeated headers joined by commas, runs of whitespace folded to one space. */
export function canonicalHeaders(headers: IncomingHttpHeaders, signed: readonly string[]): string {
  let lines = "";
  for (const name of signed) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
    lines += `${name}:${value
      .replace(/[\r\n]/g, " ")
      .replace(/[ \t]+/g, " ")
      .replace(/^ | $/g, "")}\n`;
  }
  return lines;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

export interface CanonicalParts {
  method: string;
  rawPath: string;
  rawQuery: string;
  /** A query parameter the signature does not cover (presigned: X-Amz-Signature). */
  omitQuery?: string;
  headers: IncomingHttpHeaders;
  signedHeaders: readonly string[];
  payloadHash: string;
}

export function canonicalRequest(parts: CanonicalParts): string {
  return [
    parts.method,
    canonicalUri(parts.rawPath),
    canonicalQuery(parts.rawQuery, parts.omitQuery),
    canonicalHeaders(parts.headers, parts.signedHeaders),
    parts.signedHeaders.join(";"),
    parts.payloadHash,
  ].join("\n");
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}

/** Derived keys depend only on the secret and the scope, so one per day and service is reused. */
const MAX_CACHED_SIGNING_KEYS = 256;

export class SigningKeys {
  private readonly cache = new Map<string, Buffer>();

  get(secret: string, day: string, region: string, service: string): Buffer {
    const cacheKey = `${secret}\n${day}\n${region}\n${service}`;
    let key = this.cache.get(cacheKey);
    if (key) return key;
    key = createHmac("sha256", `AWS4${secret}`).update(day).digest();
    for (const part of [region, service, SCOPE_TERMINATOR])
      key = createHmac("sha256", key).update(part).digest();
    if (this.cache.size >= MAX_CACHED_SIGNING_KEYS) this.cache.clear();
    this.cache.set(cacheKey, key);
    return key;
  }
}

export function signatureOf(signingKey: Buffer, toSign: string): string {
  return createHmac("sha256", signingKey).update(toSign).digest("hex");
}
