/** Renders values the way DynamoDB quotes them inside error messages. */
import type { AttributeValue } from "./types.ts";
import { typeOf } from "./types.ts";

/** "{N:1}", "{S:a}" — as in the BETWEEN bound messages. */
export function renderAttributeValue(value: AttributeValue): string {
  const type = typeOf(value);
  return `{${type}:${renderPayload(value)}}`;
}

function renderPayload(value: AttributeValue): string {
  if ("S" in value) return value.S;
  if ("N" in value) return value.N;
  if ("B" in value) return value.B.toString("base64");
  if ("BOOL" in value) return String(value.BOOL);
  if ("NULL" in value) return "true";
  if ("SS" in value) return `[${value.SS.join(", ")}]`;
  if ("NS" in value) return `[${value.NS.join(", ")}]`;
  if ("BS" in value) return `[${value.BS.map((b) => b.toString("base64")).join(", ")}]`;
  if ("L" in value) return `[${value.L.map(renderAttributeValue).join(", ")}]`;
  return `{${Object.entries(value.M)
    .map(([k, v]) => `${k}=${renderAttributeValue(v)}`)
    .join(", ")}}`;
}
