/**
 * awsJson 1.0 / 1.1: `X-Amz-Target: <Prefix>.<Operation>`, a JSON body in and out, errors as
 * `{"__type": "<namespace>#<Code>", "message": …}`. Query-compatible services (SQS) also send the
 * legacy code in `x-amzn-query-error: <code>;<Sender|Receiver>`, which the SDKs read as the code.
 */
import type { ServiceError } from "./errors.ts";
import { SerializationException } from "./errors.ts";

export interface EncodedResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/**
 * Parses a JSON request body. `malformed` lets a service answer an unparseable (or empty) body
 * its own way; by default an empty body reads as `{}` and a broken one gets Coral's text.
 */
export function parseJsonBody(body: Buffer, malformed?: () => Error): unknown {
  if (body.length === 0) {
    if (malformed) throw malformed();
    return {};
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw malformed?.() ?? new SerializationException("Request body is not valid UTF-8");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed?.() ?? new SerializationException("Start of structure or map found where not expected.");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new SerializationException("Start of structure or map found where not expected.");
  }
  return parsed;
}

/*
 * Results and error fields carry blob members as base64 text already (services encode them), so
 * the body is a plain JSON.stringify: a replacer function would force V8 off its fast path, which
 * measured ~8% of a large DynamoDB Query.
 */
/**
 * A list member whose elements are already JSON text in their wire form (DynamoDB items as they
 * are stored): the answer splices them in rather than parse and re-serialize each. Only as a
 * top-level member of a result; `toJSON` and `parsed` give the plain list to anyone else.
 */
export class RawJsonList {
  constructor(readonly elements: readonly string[]) {}
  parsed(): unknown[] {
    return this.elements.map((element) => JSON.parse(element) as unknown);
  }
  toJSON(): unknown[] {
    return this.parsed();
  }
}

function serializeResult(result: unknown): string {
  if (result === null || typeof result !== "object") return JSON.stringify(result ?? {});
  let spliced = "";
  let rest: Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(result)) {
    if (!(value instanceof RawJsonList)) continue;
    rest ??= { ...(result as Record<string, unknown>) };
    delete rest[name];
    spliced += `${JSON.stringify(name)}:[${value.elements.join(",")}],`;
  }
  if (!rest) return JSON.stringify(result);
  const others = JSON.stringify(rest);
  return others === "{}" ? `{${spliced.slice(0, -1)}}` : `{${spliced}${others.slice(1)}`;
}

export function encodeJsonResult(result: unknown, jsonVersion: string): EncodedResponse {
  return {
    status: 200,
    headers: { "content-type": `application/x-amz-json-${jsonVersion}` },
    body: serializeResult(result),
  };
}

export function encodeJsonError(
  error: ServiceError,
  options: { namespace: string; jsonVersion: string; queryCompatible: boolean },
): EncodedResponse {
  const headers: Record<string, string> = {
    "content-type": `application/x-amz-json-${options.jsonVersion}`,
    "x-amzn-errortype": error.code,
  };
  if (options.queryCompatible)
    headers["x-amzn-query-error"] = `${error.queryCode ?? error.code};${error.fault}`;
  const body: Record<string, unknown> = {
    __type: `${error.typeNamespace ?? options.namespace}#${error.code}`,
  };
  if (error.message) body.message = error.message;
  if (error.fields) Object.assign(body, error.fields);
  return { status: error.status, headers, body: JSON.stringify(body) };
}
