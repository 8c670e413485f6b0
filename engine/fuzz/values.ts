/**
 * Valid-looking input values drawn from a service's model: required members always, optional ones
 * sometimes, strings within their length bounds, numbers within their range, enums from the enum.
 * Hints (by member name) supply values that name real resources (the queue, table and function
 * the run created), so requests get past "not found" into the operations' deeper paths.
 */
import type { ServiceModel, Shape } from "../src/protocol/model.ts";
import { shapeOf } from "../src/protocol/model.ts";
import type { Random } from "./prng.ts";

/** A value for a member, by member name; `undefined` falls back to the model. */
export type Hints = Record<string, (rng: Random) => unknown>;

/** Shapes that are unions on the wire (exactly one member set). */
const UNION_SHAPES = new Set(["AttributeValue"]);
const MAX_DEPTH = 8;
const MAX_LIST_ITEMS = 4;

export function generateValue(
  model: ServiceModel,
  shapeName: string,
  rng: Random,
  hints: Hints,
  memberName?: string,
  depth = 0,
): unknown {
  const hinted = memberName ? hints[memberName] : undefined;
  if (hinted) {
    const value = hinted(rng);
    if (value !== undefined) return value;
  }
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case "structure":
      return structure(model, shapeName, shape, rng, hints, depth);
    case "list": {
      const count =
        depth >= MAX_DEPTH
          ? 0
          : rng.int(shape.min ?? 0, Math.min(shape.max ?? MAX_LIST_ITEMS, MAX_LIST_ITEMS));
      return Array.from({ length: count }, () =>
        generateValue(model, shape.member!.shape, rng, hints, undefined, depth + 1),
      );
    }
    case "map": {
      const count = depth >= MAX_DEPTH ? 0 : rng.int(0, 3);
      const out: Record<string, unknown> = {};
      for (let i = 0; i < count; i++) {
        const key = generateValue(model, shape.key!.shape, rng, hints, undefined, depth + 1);
        out[String(key)] = generateValue(model, shape.value!.shape, rng, hints, undefined, depth + 1);
      }
      return out;
    }
    case "string":
      return string(shape, rng);
    case "integer":
    case "long":
      return rng.int(shape.min ?? 0, Math.min(shape.max ?? 1000, (shape.min ?? 0) + 1000));
    case "double":
    case "float":
      return rng.next() * 100;
    case "boolean":
      return rng.chance(0.5);
    case "timestamp":
      return Math.floor(Date.now() / 1000) - rng.int(0, 3600);
    case "blob":
      return rng.bytes(rng.int(1, 32)).toString("base64");
  }
}

function structure(
  model: ServiceModel,
  shapeName: string,
  shape: Shape,
  rng: Random,
  hints: Hints,
  depth: number,
): Record<string, unknown> {
  const members = Object.entries(shape.members ?? {});
  const out: Record<string, unknown> = {};
  if (UNION_SHAPES.has(shapeName)) {
    const leaves = members.filter(([name]) => depth < MAX_DEPTH || !["M", "L"].includes(name));
    const [name, ref] = rng.pick(leaves);
    out[name] = generateValue(model, ref.shape, rng, hints, name, depth + 1);
    return out;
  }
  const required = new Set(shape.required ?? []);
  const optionalChance = depth === 0 ? 0.4 : 0.2;
  for (const [name, ref] of members) {
    if (!required.has(name) && !(depth < MAX_DEPTH && rng.chance(optionalChance))) continue;
    if (ref.location === "statusCode") continue;
    out[name] = generateValue(model, ref.shape, rng, hints, name, depth + 1);
  }
  return out;
}

function string(shape: Shape, rng: Random): string {
  if (shape.enum && shape.enum.length > 0 && rng.chance(0.9)) return rng.pick(shape.enum);
  const min = shape.min ?? 0;
  const max = Math.min(shape.max ?? 24, min + 24);
  const length = rng.int(min, Math.max(min, max));
  let out = "";
  for (let i = 0; i < length; i++) out += String.fromCharCode(rng.int(0x61, 0x7a));
  return out;
}
