/**
 * Why `--auth strict` refused a request, and the error each AWS service answers with for it.
 *
 * Services answer authentication failures from their front end, in their protocol's words:
 * - awsJson services (DynamoDB, Streams, CloudWatch Logs) use Coral's exception names in the
 *   `com.amazon.coral.service` namespace, all with status 400.
 *   AWS: dynalite's index.js (recorded against DynamoDB) and boto3#509 (UnrecognizedClientException, 400).
 * - awsQuery services (SQS's query protocol, IAM, CloudFormation) use the query CommonErrors codes,
 *   403 except IncompleteSignature (400).
 *   AWS: CommonErrors (e.g. docs.aws.amazon.com/AmazonRDS/latest/APIReference/CommonErrors.html);
 *   SQS 403 InvalidClientTokenId body in aws/aws-sdk-php-symfony#41, SignatureDoesNotMatch
 *   "Signature expired" from SQS in aws/aws-sdk-js#401.
 * - SQS over JSON (awsQueryCompatible) keeps its query codes and statuses, so SDKs that read
 *   `x-amzn-query-error` see the same code on either protocol. No recording of SQS's JSON body
 *   (`__type`) for these was found; the query code under Coral's namespace is our choice.
 * - MissingAuthenticationToken's text for query services is DynamoDB's; no query recording found.
 * - restJson services (Lambda) answer 403 with the Coral names.
 *   AWS: Lambda InvalidSignatureException 403 in serverless/serverless#27; unsigned Invoke 403
 *   MissingAuthenticationTokenException "Missing Authentication Token" in brefphp/bref#1250.
 */
import { ServiceError } from "../protocol/errors.ts";
import type { ServiceDefinition } from "../services/service.ts";
import type { RequestContext } from "./context.ts";

export type AuthFailureKind =
  /** Neither an Authorization header nor presigned query parameters. */
  | "missing"
  /** The signature's parts are missing or malformed. */
  | "incomplete"
  /** The access key is unknown, or a session token is missing or wrong. */
  | "invalid-token"
  | "expired-token"
  /** Wrong signature, stale or future date, or a credential scope that does not fit. */
  | "signature";

/** A refusal, worded once; `authError` gives it the addressed service's code and status. */
export class AuthFailure extends Error {
  constructor(
    readonly kind: AuthFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** AWS: the messages services send, identical across protocols. */
export const AUTH_MESSAGES = {
  missing: "Request is missing Authentication Token",
  // AWS: Lambda (API Gateway-style front end) words it without "Request is".
  missingRest: "Missing Authentication Token",
  invalidToken: "The security token included in the request is invalid.",
  expiredToken: "The security token included in the request is expired",
  signature:
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
} as const;

const CORAL = "com.amazon.coral.service";

type Family = "json" | "query" | "rest";

const CODES: Record<Family, Record<AuthFailureKind, { code: string; status: number }>> = {
  json: {
    missing: { code: "MissingAuthenticationTokenException", status: 400 },
    incomplete: { code: "IncompleteSignatureException", status: 400 },
    "invalid-token": { code: "UnrecognizedClientException", status: 400 },
    "expired-token": { code: "ExpiredTokenException", status: 400 },
    signature: { code: "InvalidSignatureException", status: 400 },
  },
  query: {
    missing: { code: "MissingAuthenticationToken", status: 403 },
    incomplete: { code: "IncompleteSignature", status: 400 },
    "invalid-token": { code: "InvalidClientTokenId", status: 403 },
    "expired-token": { code: "ExpiredToken", status: 403 },
    signature: { code: "SignatureDoesNotMatch", status: 403 },
  },
  rest: {
    missing: { code: "MissingAuthenticationTokenException", status: 403 },
    incomplete: { code: "IncompleteSignatureException", status: 403 },
    "invalid-token": { code: "UnrecognizedClientException", status: 403 },
    "expired-token": { code: "ExpiredTokenException", status: 403 },
    signature: { code: "InvalidSignatureException", status: 403 },
  },
};

function familyOf(service: ServiceDefinition | undefined, protocol: RequestContext["protocol"]): Family {
  if (protocol === "rest") return "rest";
  if (protocol === "query" || service?.model.metadata.awsQueryCompatible) return "query";
  return "json";
}

/** The error `service` returns on AWS for `failure`, for a request in `protocol`. */
export function authError(
  failure: AuthFailure,
  service: ServiceDefinition | undefined,
  protocol: RequestContext["protocol"],
): ServiceError {
  const family = familyOf(service, protocol);
  const { code, status } = CODES[family][failure.kind];
  const message =
    failure.kind === "missing" && family === "rest" ? AUTH_MESSAGES.missingRest : failure.message;
  return new ServiceError(code, message, {
    status,
    fault: "Sender",
    typeNamespace: CORAL,
    ...(family === "query" && { queryCode: code }),
  });
}
