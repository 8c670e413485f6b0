/**
 * Turns an operation's input value into a request of each protocol, the way the SDKs serialize
 * it: awsJson (target header, JSON body), awsQuery (form body with the model's member names) and
 * restJson (path labels, query string, headers, JSON or raw payload). Values may hold the
 * mutators' placeholders: text spliced into the body as is (numbers JSON cannot print, nesting
 * deeper than JSON.stringify can recurse).
 */
import type { MemberRef, ServiceModel, Shape } from "../src/protocol/model.ts";
import { shapeOf } from "../src/protocol/model.ts";
import type { RawRequest } from "./raw-request.ts";

/** Text written into a JSON body verbatim where the value stood. */
export class Verbatim {
  constructor(readonly text: string) {}
}

/** `depth` levels of `open` … `close` around `core`, built without recursion. */
export function nested(depth: number, open: string, close: string, core = ""): Verbatim {
  return new Verbatim(`${open.repeat(depth)}${core}${close.repeat(depth)}`);
}

export function toJson(value: unknown): string {
  const spliced: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Verbatim) {
      spliced.push(v.text);
      return `\u0000verbatim${spliced.length - 1}\u0000`;
    }
    return v;
  });
  if (spliced.length === 0) return text ?? "null";
  return (text ?? "null").replace(/"\\u0000verbatim(\d+)\\u0000"/g, (_m, i: string) => spliced[Number(i)]!);
}

export function jsonRequest(
  model: ServiceModel,
  operation: string,
  value: unknown,
  authorization: string,
): RawRequest {
  const { targetPrefix, jsonVersion } = model.metadata;
  return {
    method: "POST",
    path: "/",
    headers: [
      ["Content-Type", `application/x-amz-json-${jsonVersion ?? "1.0"}`],
      ["X-Amz-Target", `${targetPrefix}.${operation}`],
      ["Authorization", authorization],
    ],
    body: Buffer.from(toJson(value)),
  };
}

/** Form parameters for a value of `shapeName`, named as decodeQuery (and botocore) name them. */
export function queryParams(model: ServiceModel, shapeName: string, value: unknown): [string, string][] {
  const out: [string, string][] = [];
  writeQuery(model, { shape: shapeName }, "", value, out);
  return out;
}

function memberName(model: ServiceModel, ref: MemberRef, fallback: string): string {
  return ref.locationName ?? shapeOf(model, ref.shape).locationName ?? fallback;
}

function writeQuery(
  model: ServiceModel,
  ref: MemberRef,
  prefix: string,
  value: unknown,
  out: [string, string][],
): void {
  if (value === undefined || value === null) return;
  const shape = shapeOf(model, ref.shape);
  const join = (name: string) => (prefix ? `${prefix}.${name}` : name);
  if (value instanceof Verbatim) {
    out.push([prefix, value.text]);
    return;
  }
  if (shape.type === "structure" && typeof value === "object" && !Array.isArray(value)) {
    const members = shape.members ?? {};
    for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
      const member = Object.hasOwn(members, name) ? members[name] : undefined;
      if (member) writeQuery(model, member, join(memberName(model, member, name)), item, out);
      else out.push([join(name), typeof item === "string" ? item : (JSON.stringify(item) ?? "")]);
    }
    return;
  }
  if (shape.type === "list" && Array.isArray(value)) {
    const member = shape.member!;
    const listPrefix =
      shape.flattened || ref.flattened
        ? member.locationName
          ? [...prefix.split(".").slice(0, -1), member.locationName].join(".")
          : prefix
        : `${prefix}.${member.locationName ?? "member"}`;
    if (value.length === 0) out.push([prefix, ""]);
    for (const [i, item] of value.entries()) writeQuery(model, member, `${listPrefix}.${i + 1}`, item, out);
    return;
  }
  if (shape.type === "map" && typeof value === "object" && !Array.isArray(value)) {
    const base = shape.flattened || ref.flattened ? prefix : `${prefix}.entry`;
    const keyName = shape.key!.locationName ?? "key";
    const valueName = shape.value!.locationName ?? "value";
    Object.entries(value as Record<string, unknown>).forEach(([key, item], i) => {
      out.push([`${base}.${i + 1}.${keyName}`, key]);
      writeQuery(model, shape.value!, `${base}.${i + 1}.${valueName}`, item, out);
    });
    return;
  }
  out.push([prefix, scalarText(shape.type, value)]);
}

function scalarText(type: string, value: unknown): string {
  if (type === "timestamp" && typeof value === "number") return new Date(value * 1000).toISOString();
  if (typeof value === "object") return JSON.stringify(value) ?? "";
  return String(value);
}

export function queryRequest(
  model: ServiceModel,
  operation: string,
  value: unknown,
  authorization: string,
  path = "/",
): RawRequest {
  const op = model.operations[operation];
  const params = op?.input ? queryParams(model, op.input, value) : [];
  const form = new URLSearchParams([
    ["Action", operation],
    ["Version", model.metadata.apiVersion],
    ...params,
  ]);
  return {
    method: "POST",
    path,
    headers: [
      ["Content-Type", "application/x-www-form-urlencoded; charset=utf-8"],
      ["Authorization", authorization],
    ],
    body: Buffer.from(form.toString()),
  };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** encodeURIComponent, except that a lone surrogate goes out as U+FFFD instead of throwing. */
function percentEncode(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, "\ufffd"));
}

/** A restJson request: the operation's method and URI with its labels, query, headers and body. */
export function restRequest(
  model: ServiceModel,
  operation: string,
  value: Record<string, unknown>,
  authorization: string,
): RawRequest {
  const op = model.operations[operation]!;
  const shape: Shape = op.input ? shapeOf(model, op.input) : { type: "structure", members: {} };
  const [pathTemplate = "/", fixedQuery = ""] = op.http.requestUri.split("?");
  const search = new URLSearchParams(fixedQuery);
  const headers: [string, string][] = [["Authorization", authorization]];
  const body: Record<string, unknown> = {};
  let payload: Buffer | undefined;
  const labels: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    const ref = shape.members && Object.hasOwn(shape.members, name) ? shape.members[name] : undefined;
    if (!ref) {
      body[name] = item;
      continue;
    }
    const wire = ref.locationName ?? name;
    const text =
      typeof item === "object" && !(item instanceof Verbatim)
        ? JSON.stringify(item)
        : String(item instanceof Verbatim ? item.text : item);
    if (ref.location === "uri") labels[wire] = text;
    else if (ref.location === "querystring") {
      if (Array.isArray(item)) for (const part of item) search.append(wire, String(part));
      else if (typeof item === "object" && item !== null && !(item instanceof Verbatim))
        for (const [k, v] of Object.entries(item)) search.append(k, String(v));
      else search.append(wire, text);
    } else if (ref.location === "header") headers.push([wire, text]);
    else if (ref.location === "headers" && typeof item === "object" && item !== null)
      for (const [k, v] of Object.entries(item)) headers.push([`${wire}${k}`, String(v)]);
    else if (name === shape.payload)
      payload =
        typeof item === "string" && shapeOf(model, ref.shape).type === "blob"
          ? Buffer.from(item, "base64")
          : Buffer.from(typeof item === "string" ? item : toJson(item));
    else body[name] = item;
  }
  const path = pathTemplate.replace(/\{([^}+]+)(\+?)\}/g, (_m, label: string, greedy: string) => {
    const text = labels[label] ?? "";
    return greedy ? text.split("/").map(percentEncode).join("/") : percentEncode(text);
  });
  const query = search.toString();
  const hasBody = payload !== undefined || Object.keys(body).length > 0;
  if (hasBody)
    headers.push(["Content-Type", payload !== undefined ? "application/octet-stream" : "application/json"]);
  return {
    method: op.http.method,
    path: query ? `${path}?${query}` : path,
    headers,
    body: payload ?? (Object.keys(body).length > 0 ? Buffer.from(toJson(body)) : Buffer.alloc(0)),
  };
}
