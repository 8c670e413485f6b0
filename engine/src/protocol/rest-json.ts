/**
 * restJson1 (Lambda): the operation is named by method and path (`POST
 * /2015-03-31/functions/{FunctionName}/invocations`), inputs come from path labels, the query
 * string, headers and a JSON body (or a raw `payload` member), and outputs go back the same way.
 * Errors carry their code in `x-amzn-errortype` and a JSON body with the message and the error
 * shape's other members, as botocore's restJson parser reads them.
 */

import type { EncodedResponse } from "./aws-json.ts";
import { parseJsonBody } from "./aws-json.ts";
import type { ServiceError } from "./errors.ts";
import type { MemberRef, ServiceModel, Shape } from "./model.ts";
import { shapeOf } from "./model.ts";
import { decodeJson, type InputErrors } from "./shape-input.ts";

type Segment = { literal: string } | { label: string; greedy: boolean };

export interface RestRoute {
  operation: string;
  method: string;
  segments: Segment[];
  /** Query parameters the request URI fixes (`?find=LayerVersion`), which pick between routes. */
  fixedQuery: [string, string][];
}

export interface RestMatch {
  operation: string;
  labels: Record<string, string>;
}

const compiled = new WeakMap<ServiceModel, RestRoute[]>();

/** Every operation's route, most specific first: more literal segments, then more fixed query. */
export function restRoutes(model: ServiceModel): RestRoute[] {
  const cached = compiled.get(model);
  if (cached) return cached;
  const routes: RestRoute[] = [];
  for (const [operation, op] of Object.entries(model.operations)) {
    const [path = "", query = ""] = op.http.requestUri.split("?");
    const segments: Segment[] = path
      .split("/")
      .filter((part) => part !== "")
      .map((part) => {
        const label = /^\{([^}+]+)(\+?)\}$/.exec(part);
        return label ? { label: label[1]!, greedy: label[2] === "+" } : { literal: part };
      });
    const fixedQuery = [...new URLSearchParams(query)].filter(([, value]) => value !== "");
    routes.push({ operation, method: op.http.method, segments, fixedQuery });
  }
  const literals = (route: RestRoute) => route.segments.filter((s) => "literal" in s).length;
  routes.sort((a, b) => literals(b) - literals(a) || b.fixedQuery.length - a.fixedQuery.length);
  compiled.set(model, routes);
  return routes;
}

function decodeSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  for (const [index, segment] of segments.entries()) {
    if ("literal" in segment) {
      if (parts[i] !== segment.literal) return undefined;
      i++;
      continue;
    }
    if (segment.greedy) {
      const rest = segments.length - index - 1;
      const taken = parts.slice(i, parts.length - rest);
      if (taken.length === 0) return undefined;
      const value = decodeSegment(taken.join("/"));
      if (value === undefined) return undefined;
      labels[segment.label] = value;
      i += taken.length;
      continue;
    }
    const raw = parts[i];
    const value = raw === undefined ? undefined : decodeSegment(raw);
    if (value === undefined || value === "") return undefined;
    labels[segment.label] = value;
    i++;
  }
  return i === parts.length ? labels : undefined;
}

/**
 * The operation a request names. `undefined` when no route has this path; `"method"` when a route
 * has the path but not the method.
 */
export function matchRestRoute(
  model: ServiceModel,
  method: string,
  pathname: string,
  search: URLSearchParams,
): RestMatch | "method" | undefined {
  const parts = pathname.split("/").filter((part) => part !== "");
  let pathMatched = false;
  for (const route of restRoutes(model)) {
    if (!route.fixedQuery.every(([name, value]) => search.get(name) === value)) continue;
    const labels = matchSegments(route.segments, parts);
    if (!labels) continue;
    if (route.method !== method) {
      pathMatched = true;
      continue;
    }
    return { operation: route.operation, labels };
  }
  return pathMatched ? "method" : undefined;
}

export interface RestRequestParts {
  labels: Record<string, string>;
  search: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A text value from the path, query string or a header, read as the member's type. */
function scalarFromText(
  shape: Shape,
  text: string,
  path: string,
  errors: InputErrors,
): string | number | boolean | Buffer {
  switch (shape.type) {
    case "integer":
    case "long":
      if (!/^-?\d+$/.test(text)) throw errors.invalidType(path, shape.type, text, "json");
      return Number(text);
    case "double":
    case "float":
      if (Number.isNaN(Number(text)) || text.trim() === "")
        throw errors.invalidType(path, shape.type, text, "json");
      return Number(text);
    case "boolean":
      if (text !== "true" && text !== "false") throw errors.invalidType(path, shape.type, text, "json");
      return text === "true";
    case "timestamp": {
      const ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
      if (Number.isNaN(ms)) throw errors.invalidType(path, shape.type, text, "json");
      return ms / 1000;
    }
    case "blob":
      return Buffer.from(text, "base64");
    default:
      return text;
  }
}

const headerText = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value.join(",") : value;

/** The decoded input: every member from wherever the model puts it on the wire. */
export function decodeRestInput(
  model: ServiceModel,
  shapeName: string,
  request: RestRequestParts,
  errors: InputErrors,
): Record<string, unknown> {
  const shape = shapeOf(model, shapeName);
  const members = shape.members ?? {};
  let out: Record<string, unknown> = {};
  const payloadName = shape.payload;
  if (payloadName) {
    const ref = members[payloadName]!;
    const target = shapeOf(model, ref.shape);
    if (target.type === "blob" || target.type === "string") {
      if (request.body.length > 0)
        out[payloadName] = target.type === "blob" ? request.body : request.body.toString("utf8");
    } else if (request.body.length > 0) {
      const parsed = parseJsonBody(request.body, errors.malformedBody?.bind(errors));
      out[payloadName] = decodeJson(model, ref.shape, parsed, errors, payloadName);
    }
  } else if (Object.values(members).some((ref) => ref.location === undefined) && request.body.length > 0) {
    const parsed = parseJsonBody(request.body, errors.malformedBody?.bind(errors));
    out = (decodeJson(model, shapeName, parsed, errors) ?? {}) as Record<string, unknown>;
  }
  for (const [name, ref] of Object.entries(members)) {
    if (ref.location === undefined) continue;
    delete out[name];
    const value = locatedValue(model, name, ref, request, errors);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function locatedValue(
  model: ServiceModel,
  name: string,
  ref: MemberRef,
  request: RestRequestParts,
  errors: InputErrors,
): unknown {
  const wireName = ref.locationName ?? name;
  const target = shapeOf(model, ref.shape);
  switch (ref.location) {
    case "uri": {
      const text = request.labels[wireName];
      return text === undefined ? undefined : scalarFromText(target, text, name, errors);
    }
    case "querystring": {
      if (target.type === "list") {
        const values = request.search.getAll(wireName);
        if (values.length === 0) return undefined;
        const member = shapeOf(model, target.member!.shape);
        return values.map((text) => scalarFromText(member, text, name, errors));
      }
      if (target.type === "map") {
        const map: Record<string, string> = {};
        for (const [key, value] of request.search) map[key] = value;
        return map;
      }
      const text = request.search.get(wireName);
      return text === null ? undefined : scalarFromText(target, text, name, errors);
    }
    case "header": {
      const text = headerText(request.headers[wireName.toLowerCase()]);
      return text === undefined ? undefined : scalarFromText(target, text, name, errors);
    }
    case "headers": {
      const prefix = wireName.toLowerCase();
      const map: Record<string, string> = {};
      for (const [header, value] of Object.entries(request.headers)) {
        const text = headerText(value);
        if (header.startsWith(prefix) && text !== undefined) map[header.slice(prefix.length)] = text;
      }
      return Object.keys(map).length > 0 ? map : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Encodes a result: header members as headers, a `statusCode` member as the status, a payload
 * member as the raw body (a Buffer or text), everything else as the JSON body. Blob members inside
 * the JSON body are base64 text already, as every service returns them.
 */
export function encodeRestResult(
  model: ServiceModel,
  operation: string,
  result: Record<string, unknown> | undefined,
): EncodedResponse {
  const op = model.operations[operation]!;
  let status = op.http.responseCode ?? 200;
  const headers: Record<string, string> = {};
  const values = result ?? {};
  if (!op.output) return { status, headers, body: "" };
  const shape = shapeOf(model, op.output);
  const members = shape.members ?? {};
  const json: Record<string, unknown> = {};
  let raw: Buffer | undefined;
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const ref = members[name];
    if (!ref) continue;
    if (ref.location === "header") headers[(ref.locationName ?? name).toLowerCase()] = String(value);
    else if (ref.location === "statusCode") status = Number(value);
    else if (name === shape.payload)
      raw = Buffer.isBuffer(value)
        ? value
        : Buffer.from(typeof value === "string" ? value : JSON.stringify(value));
    else json[name] = value;
  }
  if (shape.payload) {
    headers["content-type"] ??= "application/json";
    return { status, headers, body: raw ?? Buffer.alloc(0) };
  }
  if (status === 204) return { status, headers, body: "" };
  headers["content-type"] = "application/json";
  return { status, headers, body: JSON.stringify(json) };
}

/**
 * `{"message": …}` plus the error's own members. Lambda's modelled errors carry `"Type": "User"`
 * among them, as its responses do (LocalStack's recordings of AWS: `"Type": "User", "message": …`).
 */
export function encodeRestJsonError(error: ServiceError): EncodedResponse {
  const body: Record<string, unknown> = {};
  if (error.fields) Object.assign(body, error.fields);
  if (error.message) body.message = error.message;
  return {
    status: error.status,
    headers: { "content-type": "application/json", "x-amzn-errortype": error.code },
    body: JSON.stringify(body),
  };
}
