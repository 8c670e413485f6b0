/**
 * The intrinsic functions that compute over values: Fn::Join, Fn::Select, Fn::Split,
 * Fn::FindInMap, Fn::ImportValue, Fn::GetAZs, Fn::Base64 and Fn::Cidr. Each is given its
 * argument as written and the resolver for it; a function given an `Unknown` returns one.
 * AWS: intrinsic-function-reference.
 */
import { AVAILABILITY_ZONE_SUFFIXES } from "../constants.ts";
import { ValidationError } from "../errors.ts";
import { cidr } from "./cidr.ts";
import { containsUnknown, type ResolveContext, text, Unknown } from "./values.ts";

/** Resolves a nested template value (the argument of a function). */
export type Resolve = (node: unknown) => unknown;

export function join(arg: unknown, resolve: Resolve): unknown {
  const fail = () =>
    new ValidationError(
      "Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.",
    );
  if (!Array.isArray(arg) || arg.length !== 2) throw fail();
  const delimiter = resolve(arg[0]);
  const list = resolve(arg[1]);
  if (delimiter instanceof Unknown || containsUnknown(list)) return new Unknown("Fn::Join");
  if (typeof delimiter !== "string" || !Array.isArray(list)) throw fail();
  const pieces = list.map(text);
  if (pieces.some((p) => p === undefined)) throw fail();
  return pieces.join(delimiter);
}

export function select(arg: unknown, resolve: Resolve): unknown {
  if (!Array.isArray(arg) || arg.length !== 2) {
    throw new ValidationError("Template error: Fn::Select requires a list argument with two elements");
  }
  const index = resolve(arg[0]);
  const list = resolve(arg[1]);
  if (index instanceof Unknown || list instanceof Unknown) return new Unknown("Fn::Select");
  const position = typeof index === "number" ? index : Number(text(index));
  if (!Array.isArray(list) || !Number.isInteger(position)) {
    throw new ValidationError("Template error: Fn::Select requires a list argument with two elements");
  }
  if (position < 0 || position >= list.length) {
    throw new ValidationError(
      `Template error: Fn::Select cannot select nonexistent value at index ${position}`,
    );
  }
  return list[position];
}

export function split(arg: unknown, resolve: Resolve): unknown {
  const fail = () =>
    new ValidationError(
      "Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.",
    );
  if (!Array.isArray(arg) || arg.length !== 2) throw fail();
  const delimiter = resolve(arg[0]);
  const source = resolve(arg[1]);
  if (delimiter instanceof Unknown || source instanceof Unknown) return new Unknown("Fn::Split");
  if (typeof delimiter !== "string" || delimiter === "" || typeof source !== "string") throw fail();
  return source.split(delimiter);
}

export function findInMap(arg: unknown, ctx: ResolveContext, resolve: Resolve): unknown {
  if (!Array.isArray(arg) || arg.length !== 3) {
    throw new ValidationError(
      "Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value",
    );
  }
  const keys = arg.map((a) => resolve(a));
  if (keys.some((k) => k instanceof Unknown)) return new Unknown("Fn::FindInMap");
  const [mapName, topKey, secondKey] = keys.map(text);
  if (mapName === undefined || topKey === undefined || secondKey === undefined) {
    throw new ValidationError(
      "Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value",
    );
  }
  const map = ctx.mappings?.[mapName];
  if (!map) {
    throw new ValidationError(
      `Template error: Mapping named '${mapName}' is not present in the 'Mappings' section of template.`,
    );
  }
  const value = map[topKey]?.[secondKey];
  if (value === undefined) {
    throw new ValidationError(
      `Template error: Unable to get mapping for ${mapName}::${topKey}::${secondKey}`,
    );
  }
  return value;
}

export function importValue(arg: unknown, ctx: ResolveContext, resolve: Resolve): unknown {
  const name = resolve(arg);
  if (name instanceof Unknown) return name;
  if (typeof name !== "string") {
    throw new ValidationError("Template error: Fn::ImportValue requires a string export name");
  }
  return ctx.importValue(name);
}

export function getAzs(arg: unknown, ctx: ResolveContext, resolve: Resolve): unknown {
  const region = resolve(arg);
  if (region instanceof Unknown) return region;
  if (typeof region !== "string") {
    throw new ValidationError("Template error: Fn::GetAZs requires a region name or an empty string");
  }
  const name = region === "" ? ctx.pseudo.region : region;
  return AVAILABILITY_ZONE_SUFFIXES.map((suffix) => `${name}${suffix}`);
}

export function base64(arg: unknown, resolve: Resolve): unknown {
  const value = resolve(arg);
  if (value instanceof Unknown) return value;
  const source = text(value);
  if (source === undefined) throw new ValidationError("Template error: Fn::Base64 requires a string");
  return Buffer.from(source, "utf8").toString("base64");
}

export function cidrFunction(arg: unknown, resolve: Resolve): unknown {
  if (!Array.isArray(arg) || arg.length !== 3) {
    throw new ValidationError(
      "Template error: Fn::Cidr requires a list argument with three elements: ipBlock, count and cidrBits",
    );
  }
  const [block, count, bits] = arg.map((a) => resolve(a));
  if ([block, count, bits].some((v) => v instanceof Unknown)) return new Unknown("Fn::Cidr");
  return cidr(String(text(block)), Number(text(count)), Number(text(bits)));
}
