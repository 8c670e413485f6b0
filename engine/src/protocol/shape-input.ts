/**
 * Model-driven input decoding. Both protocols produce the same plain object for an operation's
 * input shape, so a service operation never knows which protocol a request came in on.
 */
import type { MemberRef, ServiceModel, Shape } from "./model.ts";
import { shapeOf } from "./model.ts";

/** How a service reports a request that does not fit its model (codes differ per service). */
export interface InputErrors {
  /** A member has the wrong type: JSON value of another type, or an unparseable query value. */
  invalidType(path: string, expected: Shape["type"], value: unknown, protocol: "json" | "query"): Error;
  /**
   * Whether a JSON number or boolean is read as its text where a string is expected. SQS's
   * front end does this (Attributes {"DelaySeconds": 5} is "5"); DynamoDB's rejects it.
   */
  scalarsAsStrings?: boolean;
  /** The error for a body that is empty or not JSON at all, when the service words it its own way. */
  malformedBody?(): Error;
}

/**
 * Deepest shape nesting decoded. DynamoDB items nest 32 levels, and each level is two shapes
 * (AttributeValue and its map or list), so the limit sits well above that; the service gives its
 * own error for depth it does not allow.
 */
const MAX_DEPTH = 100;

/** Checks a parsed JSON document against the input shape; unknown members are dropped, as AWS does. */
export function decodeJson(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  errors: InputErrors,
  path = "",
  depth = 0,
): unknown {
  if (value === null || value === undefined) return undefined;
  if (depth > MAX_DEPTH) throw errors.invalidType(path, "structure", value, "json");
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || Array.isArray(value))
        throw errors.invalidType(path, shape.type, value, "json");
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const raw = (value as Record<string, unknown>)[name];
        if (raw === undefined || raw === null) continue;
        out[name] = decodeJson(model, ref.shape, raw, errors, join(path, name), depth + 1);
      }
      return out;
    }
    case "list": {
      if (!Array.isArray(value)) throw errors.invalidType(path, shape.type, value, "json");
      const member = shape.member!.shape;
      return value.map((item, i) => decodeJson(model, member, item, errors, `${path}[${i}]`, depth + 1));
    }
    case "map": {
      if (typeof value !== "object" || Array.isArray(value))
        throw errors.invalidType(path, shape.type, value, "json");
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        setEntry(out, key, decodeJson(model, shape.value!.shape, item, errors, `${path}.${key}`, depth + 1));
      }
      return out;
    }
    case "string":
      if (errors.scalarsAsStrings && (typeof value === "number" || typeof value === "boolean"))
        return String(value);
      if (typeof value !== "string") throw errors.invalidType(path, shape.type, value, "json");
      return value;
    case "integer":
    case "long":
      if (typeof value !== "number" || !Number.isInteger(value))
        throw errors.invalidType(path, shape.type, value, "json");
      return value;
    case "double":
    case "float":
    case "timestamp":
      if (typeof value !== "number") throw errors.invalidType(path, shape.type, value, "json");
      return value;
    case "boolean":
      if (typeof value !== "boolean") throw errors.invalidType(path, shape.type, value, "json");
      return value;
    case "blob":
      if (typeof value !== "string") throw errors.invalidType(path, shape.type, value, "json");
      return Buffer.from(value, "base64");
  }
}

/** Map keys are client data: `__proto__` must become an entry, not the object's prototype. */
function setEntry(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

const join = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);

/** The name a member has on the query wire: the member's own locationName, else its shape's. */
function serializedName(model: ServiceModel, ref: MemberRef, fallback: string): string {
  return ref.locationName ?? shapeOf(model, ref.shape).locationName ?? fallback;
}

/**
 * Decodes awsQuery form parameters (`Attribute.1.Name=…`) into the input shape, following the
 * same naming rules the SDKs use to build them (flattened lists and maps, member locationNames).
 */
export function decodeQuery(
  model: ServiceModel,
  shapeName: string,
  params: Map<string, string>,
  errors: InputErrors,
): Record<string, unknown> {
  const index = new QueryIndex(params);
  return (readQueryValue(model, { shape: shapeName }, "", index, errors, 0) as Record<string, unknown>) ?? {};
}

/** No key built from a model's member names comes near these; longer keys cannot match and are not indexed. */
const MAX_QUERY_KEY_LENGTH = 1024;
const MAX_QUERY_KEY_SEGMENTS = 16;
/** A list or map position: `Attribute.3.Name`. Positions need not be contiguous and are read in order. */
const POSITION = /^[1-9][0-9]*$/;

/**
 * Every dotted prefix of the form keys and the numeric positions under each, built once in one
 * pass, so decoding stays linear in the number of keys however many a client sends.
 */
class QueryIndex {
  private readonly prefixes = new Set<string>();
  private readonly children = new Map<string, Set<number>>();

  constructor(readonly params: Map<string, string>) {
    for (const key of params.keys()) {
      if (key.length > MAX_QUERY_KEY_LENGTH) continue;
      let dot = key.indexOf(".");
      for (let segments = 1; dot !== -1 && segments < MAX_QUERY_KEY_SEGMENTS; segments++) {
        const prefix = key.slice(0, dot);
        this.prefixes.add(prefix);
        const next = key.indexOf(".", dot + 1);
        const segment = key.slice(dot + 1, next === -1 ? undefined : next);
        const position = POSITION.test(segment) ? Number(segment) : Number.NaN;
        if (Number.isSafeInteger(position)) {
          const positions = this.children.get(prefix);
          if (positions) positions.add(position);
          else this.children.set(prefix, new Set([position]));
        }
        dot = next;
      }
    }
  }

  hasPrefix(prefix: string): boolean {
    return this.params.has(prefix) || this.prefixes.has(prefix);
  }

  /** Numeric positions present under `prefix.N`, ascending. */
  positions(prefix: string): number[] {
    return [...(this.children.get(prefix) ?? [])].sort((a, b) => a - b);
  }
}

function readQueryValue(
  model: ServiceModel,
  ref: MemberRef,
  prefix: string,
  index: QueryIndex,
  errors: InputErrors,
  depth: number,
): unknown {
  const shape = shapeOf(model, ref.shape);
  if (depth > MAX_DEPTH) return undefined;
  switch (shape.type) {
    case "structure": {
      if (prefix && !index.hasPrefix(prefix)) return undefined;
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const key = join(prefix, serializedName(model, member, name));
        const value = readQueryValue(model, member, key, index, errors, depth + 1);
        if (value !== undefined) out[name] = value;
      }
      return out;
    }
    case "list": {
      const member = shape.member!;
      let listPrefix: string;
      if (shape.flattened || ref.flattened) {
        const name = member.locationName;
        listPrefix = name ? [...prefix.split(".").slice(0, -1), name].join(".") : prefix;
      } else {
        listPrefix = `${prefix}.${member.locationName ?? "member"}`;
      }
      const positions = index.positions(listPrefix);
      if (positions.length === 0) return index.params.get(prefix) === "" ? [] : undefined;
      return positions.map((i) =>
        readQueryValue(model, member, `${listPrefix}.${i}`, index, errors, depth + 1),
      );
    }
    case "map": {
      const base = shape.flattened || ref.flattened ? prefix : `${prefix}.entry`;
      const keyName = shape.key!.locationName ?? "key";
      const valueName = shape.value!.locationName ?? "value";
      const positions = index.positions(base);
      if (positions.length === 0) return undefined;
      const out: Record<string, unknown> = {};
      for (const i of positions) {
        const key = index.params.get(`${base}.${i}.${keyName}`);
        if (key === undefined) continue;
        setEntry(
          out,
          key,
          readQueryValue(model, shape.value!, `${base}.${i}.${valueName}`, index, errors, depth + 1),
        );
      }
      return out;
    }
    default: {
      const raw = index.params.get(prefix);
      if (raw === undefined) return undefined;
      return parseScalar(shape.type, raw, prefix, errors);
    }
  }
}

function parseScalar(type: Shape["type"], raw: string, path: string, errors: InputErrors): unknown {
  switch (type) {
    case "integer":
    case "long": {
      const trimmed = raw.trim();
      if (!/^[+-]?\d+$/.test(trimmed)) throw errors.invalidType(path, type, raw, "query");
      const n = Number(trimmed);
      if (!Number.isSafeInteger(n)) throw errors.invalidType(path, type, raw, "query");
      return n;
    }
    case "double":
    case "float":
    case "timestamp": {
      const n = Number(raw);
      if (raw.trim() === "" || Number.isNaN(n)) throw errors.invalidType(path, type, raw, "query");
      return n;
    }
    case "boolean": {
      const lower = raw.toLowerCase();
      if (lower !== "true" && lower !== "false") throw errors.invalidType(path, type, raw, "query");
      return lower === "true";
    }
    case "blob":
      return Buffer.from(raw, "base64");
    default:
      return raw;
  }
}
