/**
 * `--auth strict`: every AWS request must carry a valid Signature Version 4 — in its Authorization
 * header or as a presigned URL's query parameters — made with a key the CredentialStore holds:
 * a configured long-term key, or a role session the engine issued (whose X-Amz-Security-Token must
 * match and which expires). Anything else gets the error the addressed service returns on AWS
 * (server/auth-errors.ts).
 *
 * Checks run in the order DynamoDB applies them (dynalite's index.js records it): the signature's
 * parts, its date (the clock-skew window, or a presigned URL's X-Amz-Expires), that `host` is
 * signed, the algorithm, the credential scope, the access key, the signature itself, and finally
 * the session token. Time is the engine's Clock, so tests move it instead of waiting.
 *
 * Not authenticated: the engine's `/_orderflow/` control routes (health, clock, reset, metrics),
 * which the server answers before any service sees the request, and the engine's own in-process
 * calls.
 */
import { timingSafeEqual } from "node:crypto";
import type { ServiceDefinition } from "../services/service.ts";
import type { Clock } from "../shared/clock.ts";
import type { Authenticator, ReceivedRequest } from "./auth.ts";
import { AUTH_MESSAGES, AuthFailure, authError } from "./auth-errors.ts";
import type { Credential, CredentialStore, Principal } from "./credentials.ts";
import {
  ALGORITHM,
  canonicalRequest,
  SCOPE_TERMINATOR,
  SigningKeys,
  sha256Hex,
  signatureOf,
  stringToSign,
  UNSIGNED_PAYLOAD,
} from "./sigv4-canonical.ts";
import { formatAmzDate, parseAmzDate, readClaim, type SignatureClaim } from "./sigv4-claim.ts";

/** AWS: a signature's date may be at most 15 minutes from the service's time, either way. */
const DEFAULT_CLOCK_SKEW_MINUTES = 15;
/**
 * AWS: Lambda allows only 5 minutes ("Signature expired: … (… - 5 min.)" from Lambda in
 * serverless/serverless#27, pulumi/pulumi-aws#55).
 */
const CLOCK_SKEW_MINUTES: Readonly<Record<string, number>> = { lambda: 5 };

const MS_PER_MINUTE = 60_000;
const MS_PER_SECOND = 1000;

function expectedSigningNames(service: ServiceDefinition | undefined): string[] {
  if (!service) return [];
  const { signingName, endpointPrefix } = service.model.metadata;
  return [...service.signingNames, signingName ?? endpointPrefix];
}

/** "Signature expired: … is now earlier than …" and its future-dated twin, as AWS words them. */
function checkDate(claim: SignatureClaim, now: number, service: ServiceDefinition | undefined): void {
  const signedAt = parseAmzDate(claim.amzDate) ?? 0;
  const skewMinutes = CLOCK_SKEW_MINUTES[service?.name ?? ""] ?? DEFAULT_CLOCK_SKEW_MINUTES;
  const skewMs = skewMinutes * MS_PER_MINUTE;
  // A presigned URL lives for X-Amz-Expires; a signed header for the skew window.
  const lifetimeMs = claim.expiresSeconds !== undefined ? claim.expiresSeconds * MS_PER_SECOND : skewMs;
  const lifetime =
    claim.expiresSeconds === undefined
      ? `${skewMinutes} min.`
      : claim.expiresSeconds % 60 === 0
        ? `${claim.expiresSeconds / 60} min.`
        : `${claim.expiresSeconds} sec.`;
  if (signedAt < now - lifetimeMs)
    throw new AuthFailure(
      "signature",
      `Signature expired: ${claim.amzDate} is now earlier than ${formatAmzDate(now - lifetimeMs)} (${formatAmzDate(now)} - ${lifetime})`,
    );
  if (signedAt > now + skewMs)
    throw new AuthFailure(
      "signature",
      `Signature not yet current: ${claim.amzDate} is still later than ${formatAmzDate(now + skewMs)} (${formatAmzDate(now)} + ${skewMinutes} min.)`,
    );
}

/** The scope's parts, checked together as AWS reports them together. */
function checkScope(claim: SignatureClaim, service: ServiceDefinition | undefined): string[] {
  const credential = claim.credential.replace(/\/+$/, "");
  const parts = credential.split("/");
  if (parts.length !== 5)
    throw new AuthFailure(
      "incomplete",
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  const [, day = "", , signingName = "", terminator = ""] = parts;
  const problems: string[] = [];
  const expected = expectedSigningNames(service);
  if (expected.length > 0 && !expected.includes(signingName))
    problems.push(`Credential should be scoped to correct service: '${expected[0]}'.`);
  if (terminator !== SCOPE_TERMINATOR)
    problems.push(
      `Credential should be scoped with a valid terminator: '${SCOPE_TERMINATOR}', not '${terminator}'.`,
    );
  const dateDay = claim.amzDate.slice(0, 8);
  if (day !== dateDay)
    problems.push(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${day}' != '${dateDay}', from '${claim.amzDate}'.`,
    );
  if (problems.length > 0) throw new AuthFailure("signature", problems.join(" "));
  return parts;
}

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createSigV4Authenticator(store: CredentialStore, clock: Clock): Authenticator {
  const signingKeys = new SigningKeys();

  const verify = (request: ReceivedRequest, service: ServiceDefinition | undefined): Principal => {
    const queryAt = request.rawUrl.indexOf("?");
    const rawPath = queryAt < 0 ? request.rawUrl : request.rawUrl.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? "" : request.rawUrl.slice(queryAt + 1);
    const claim = readClaim(request, new URLSearchParams(rawQuery));
    if (!claim) throw new AuthFailure("missing", AUTH_MESSAGES.missing);
    const now = clock.now();
    checkDate(claim, now, service);
    if (!claim.signedHeaders.includes("host"))
      throw new AuthFailure("signature", "'Host' must be a 'SignedHeader' in the AWS Authorization.");
    if (claim.algorithm !== ALGORITHM)
      throw new AuthFailure(
        "incomplete",
        `Unsupported AWS 'algorithm': '${claim.algorithm}' (only ${ALGORITHM} for now). `,
      );
    const [accessKeyId = "", day = "", region = "", signingName = ""] = checkScope(claim, service);
    const credential: Credential | undefined = store.lookup(accessKeyId);
    if (!credential) throw new AuthFailure("invalid-token", AUTH_MESSAGES.invalidToken);

    const canonical = canonicalRequest({
      method: request.method,
      rawPath,
      rawQuery,
      ...(claim.presigned && { omitQuery: "X-Amz-Signature" }),
      headers: request.headers,
      signedHeaders: claim.signedHeaders,
      // A declared UNSIGNED-PAYLOAD stands in for the body's hash (AWS documents it for S3; what
      // other services do with it is unrecorded, so it is accepted). Any other declared hash must
      // be the body's, so the body's own hash is what the signature is checked against.
      payloadHash:
        claim.declaredPayloadHash === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : sha256Hex(request.body),
    });
    const scope = `${day}/${region}/${signingName}/${SCOPE_TERMINATOR}`;
    const key = signingKeys.get(credential.secretAccessKey, day, region, signingName);
    const expected = signatureOf(key, stringToSign(claim.amzDate, scope, canonical));
    if (!sameSignature(expected, claim.signature))
      throw new AuthFailure("signature", AUTH_MESSAGES.signature);

    // AWS: a missing or wrong session token reads as an invalid token (dynalite records this
    // message without the final period).
    if (claim.securityToken !== credential.sessionToken)
      throw new AuthFailure("invalid-token", AUTH_MESSAGES.invalidToken.replace(/\.$/, ""));
    if (credential.expiresAt !== undefined && now >= credential.expiresAt)
      throw new AuthFailure("expired-token", AUTH_MESSAGES.expiredToken);
    return credential.principal;
  };

  return {
    authenticate(request, _scope, service, protocol) {
      try {
        return verify(request, service);
      } catch (error) {
        if (error instanceof AuthFailure) throw authError(error, service, protocol);
        throw error;
      }
    },
  };
}
