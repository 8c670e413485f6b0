/**
 * What every answer must be: a well-formed AWS error in the request's protocol, or a success of
 * that protocol; never a 500 (an InternalFailure is a bug to fix, its cause in the engine's log),
 * never silence. HTTP-level garbage may instead get node's bare 4xx with the connection closed.
 */
import type { RawRequest } from "./raw-request.ts";
import type { Outcome, RawResponse } from "./transport.ts";

export type WireProtocol = "json" | "query" | "rest" | "control";

/** The request target as a URL, the way http-server.ts reads it. */
function requestUrl(target: string): URL {
  try {
    return new URL(`http://engine${target.startsWith("/") ? target : `/${target}`}`);
  } catch {
    return new URL("http://engine/");
  }
}

/** The protocol the engine routes a request by, as http-server.ts decides it from the same bytes. */
export function expectedProtocol(request: RawRequest): WireProtocol {
  const first = (name: string) => request.headers.find(([n]) => n.toLowerCase() === name)?.[1];
  const url = requestUrl(request.path);
  if (url.pathname.startsWith("/_orderflow/")) return "control";
  const hasTarget = request.headers.some(([n]) => n.toLowerCase() === "x-amz-target");
  const contentType = first("content-type") ?? "";
  if (hasTarget || contentType.startsWith("application/x-amz-json-")) return "json";
  if (contentType.startsWith("application/x-www-form-urlencoded") || url.searchParams.has("Action"))
    return "query";
  return "rest";
}

const QUERY_ERROR =
  /^<\?xml version="1\.0"\?><ErrorResponse( xmlns="[^"]+")?><Error><Type>(Sender|Receiver)<\/Type><Code>([^<]+)<\/Code><Message>[^<]*<\/Message><Detail\/><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/;
const QUERY_RESULT = /^<\?xml version="1\.0"\?><(\w+)Response( xmlns="[^"]+")?>[\s\S]*<\/\1Response>$/;
/** Statuses node itself answers unparseable HTTP with (an empty body, the connection closed). */
const HTTP_LEVEL = new Set([400, 405, 408, 413, 431, 505]);

export interface Verdict {
  /** Undefined when the answer is acceptable. */
  finding?: string;
  /** What the answer was, for the run's tallies (e.g. "json 400 ValidationException"). */
  label: string;
}

function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** `mayClose`: the request was incomplete on the wire, so a close without an answer is right. */
export function judge(request: RawRequest, outcome: Outcome, mayClose: boolean): Verdict {
  if (outcome.kind === "hung-up") return { label: "client hung up" };
  if (outcome.kind === "timeout") return { label: "timeout", finding: `no answer within ${outcome.ms} ms` };
  if (outcome.kind === "closed")
    return mayClose
      ? { label: "closed (incomplete request)" }
      : { label: "closed", finding: `connection closed without an answer after ${outcome.ms} ms` };
  return judgeResponse(request, outcome.response);
}

function judgeResponse(request: RawRequest, response: RawResponse): Verdict {
  const { status, headers, body } = response;
  const contentType = headers["content-type"] ?? "";
  const protocol = expectedProtocol(request);
  if (HTTP_LEVEL.has(status) && body.length === 0 && !contentType && headers.connection === "close")
    return { label: `http ${status}` };
  if (protocol === "control") return { label: `control ${status}` };
  // A HEAD answer has its headers only.
  if (request.method === "HEAD") return { label: `${protocol} HEAD ${status}` };
  const fail = (why: string): Verdict => ({
    label: `${protocol} ${status} malformed`,
    finding: `${why}: ${status} ${contentType} ${body.subarray(0, 200).toString("utf8")}`,
  });
  if (!/^[0-9a-f-]{36}$/.test(headers["x-amzn-requestid"] ?? "") && !(protocol === "rest" && status === 404))
    return fail("no x-amzn-requestid");
  let code = "";
  if (protocol === "json") {
    if (!contentType.startsWith("application/x-amz-json-"))
      return fail("a JSON request answered without a JSON content type");
    const parsed = parseJsonObject(body);
    if (!parsed) return fail("unparseable JSON");
    if (status >= 300) {
      const type = parsed.__type;
      if (typeof type !== "string" || !type.includes("#")) return fail("a JSON error without __type");
      code = type.slice(type.indexOf("#") + 1);
    }
  } else if (protocol === "query") {
    if (contentType !== "text/xml") return fail("a query request answered without text/xml");
    const text = body.toString("utf8");
    if (status >= 300) {
      const match = QUERY_ERROR.exec(text);
      if (!match) return fail("not an awsQuery ErrorResponse");
      code = match[3]!;
    } else if (!QUERY_RESULT.test(text)) return fail("not an awsQuery result");
  } else if (status >= 300) {
    const parsed = parseJsonObject(body);
    if (status === 404 && !headers["x-amzn-errortype"] && typeof parsed?.message === "string")
      return { label: "rest 404 no route" };
    if (!headers["x-amzn-errortype"]) return fail("a restJson error without x-amzn-errortype");
    if (!parsed) return fail("a restJson error with an unparseable body");
    code = headers["x-amzn-errortype"];
  }
  const label = `${protocol} ${status}${code ? ` ${code}` : ""}`;
  if (
    status >= 500 &&
    !(status === 501 && code === "NotImplemented") &&
    !(status === 503 && code === "ServiceUnavailable")
  )
    return { label, finding: `a ${status} ${code} answer` };
  return { label };
}
