/**
 * awsQuery: form-encoded `Action=…&Version=…` in, XML out.
 *
 *   <{Op}Response xmlns="…"><{Op}Result>…</{Op}Result><ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></{Op}Response>
 *   <ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message><Detail/></Error><RequestId>…</RequestId></ErrorResponse>
 *
 * Element names follow the model: a member's locationName, flattened lists and maps repeated in
 * place, non-flattened ones wrapped in `member` / `entry` elements.
 */
import type { EncodedResponse } from "./aws-json.ts";
import type { ServiceError } from "./errors.ts";
import type { MemberRef, ServiceModel } from "./model.ts";
import { shapeOf } from "./model.ts";
import { escapeXml } from "./xml.ts";

export function parseForm(body: Buffer, search: string): Map<string, string> {
  const params = new Map<string, string>();
  const add = (text: string) => {
    for (const [k, v] of new URLSearchParams(text)) params.set(k, v);
  };
  if (search) add(search);
  if (body.length > 0) add(body.toString("utf8"));
  return params;
}

function serializedName(model: ServiceModel, ref: MemberRef, fallback: string): string {
  return ref.locationName ?? shapeOf(model, ref.shape).locationName ?? fallback;
}

function writeValue(model: ServiceModel, ref: MemberRef, name: string, value: unknown, out: string[]): void {
  if (value === undefined || value === null) return;
  const shape = shapeOf(model, ref.shape);
  switch (shape.type) {
    case "structure":
      out.push(`<${name}>`);
      writeMembers(model, ref.shape, value as Record<string, unknown>, out);
      out.push(`</${name}>`);
      return;
    case "list": {
      const member = shape.member!;
      const items = value as unknown[];
      if (shape.flattened || ref.flattened) {
        const itemName = member.locationName ?? name;
        for (const item of items) writeValue(model, member, itemName, item, out);
      } else {
        out.push(`<${name}>`);
        for (const item of items) writeValue(model, member, member.locationName ?? "member", item, out);
        out.push(`</${name}>`);
      }
      return;
    }
    case "map": {
      const keyName = shape.key!.locationName ?? "key";
      const valueName = shape.value!.locationName ?? "value";
      const flattened = shape.flattened || ref.flattened;
      if (!flattened) out.push(`<${name}>`);
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        out.push(flattened ? `<${name}>` : "<entry>");
        out.push(`<${keyName}>${escapeXml(key)}</${keyName}>`);
        writeValue(model, shape.value!, valueName, item, out);
        out.push(flattened ? `</${name}>` : "</entry>");
      }
      if (!flattened) out.push(`</${name}>`);
      return;
    }
    case "blob":
      out.push(
        `<${name}>${Buffer.isBuffer(value) ? value.toString("base64") : escapeXml(String(value))}</${name}>`,
      );
      return;
    case "timestamp":
      out.push(
        `<${name}>${new Date(typeof value === "number" ? value * 1000 : String(value)).toISOString()}</${name}>`,
      );
      return;
    default:
      out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
  }
}

function writeMembers(
  model: ServiceModel,
  shapeName: string,
  value: Record<string, unknown>,
  out: string[],
): void {
  for (const [memberName, ref] of Object.entries(shapeOf(model, shapeName).members ?? {})) {
    writeValue(model, ref, serializedName(model, ref, memberName), value[memberName], out);
  }
}

export function encodeQueryResult(
  model: ServiceModel,
  operation: string,
  result: unknown,
  requestId: string,
): EncodedResponse {
  const op = model.operations[operation]!;
  const out: string[] = ['<?xml version="1.0"?>'];
  const ns = model.metadata.xmlNamespace ? ` xmlns="${model.metadata.xmlNamespace}"` : "";
  out.push(`<${operation}Response${ns}>`);
  if (op.output) {
    const wrapper = op.resultWrapper ?? `${operation}Result`;
    out.push(`<${wrapper}>`);
    writeMembers(model, op.output, (result ?? {}) as Record<string, unknown>, out);
    out.push(`</${wrapper}>`);
  }
  out.push(`<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`);
  return { status: 200, headers: { "content-type": "text/xml" }, body: out.join("") };
}

export function encodeQueryError(
  error: ServiceError,
  requestId: string,
  xmlNamespace?: string,
): EncodedResponse {
  const ns = xmlNamespace ? ` xmlns="${xmlNamespace}"` : "";
  const body =
    `<?xml version="1.0"?><ErrorResponse${ns}><Error><Type>${error.fault}</Type>` +
    `<Code>${escapeXml(error.queryCode ?? error.code)}</Code><Message>${escapeXml(error.queryMessage ?? error.message)}</Message><Detail/></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: error.status, headers: { "content-type": "text/xml" }, body };
}
