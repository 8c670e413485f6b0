/**
 * The intrinsic functions and pseudo parameters, evaluated over a template value.
 * AWS: intrinsic-function-reference, pseudo-parameter-reference.
 *
 * A value that cannot be known yet (a resource not created, during change-set planning) is an
 * `Unknown`; a function given one returns one. `NO_VALUE` (Ref AWS::NoValue) removes the property
 * or list element that holds it.
 */
import { MAX_CONDITION_OPERANDS, MIN_CONDITION_OPERANDS, PARTITION, URL_SUFFIX } from "../constants.ts";
import { ValidationError } from "../errors.ts";
import { base64, cidrFunction, findInMap, getAzs, importValue, join, select, split } from "./functions.ts";
import { parseSubString } from "./sub.ts";
import { isRecord } from "./types.ts";
import { containsUnknown, NO_VALUE, type ResolveContext, text, Unknown } from "./values.ts";

export {
  containsUnknown,
  NO_VALUE,
  type PseudoParameters,
  type ResolveContext,
  type ResourceLookup,
  Unknown,
} from "./values.ts";

export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  "AWS::AccountId",
  "AWS::Region",
  "AWS::StackName",
  "AWS::StackId",
  "AWS::Partition",
  "AWS::URLSuffix",
  "AWS::NoValue",
  "AWS::NotificationARNs",
]);

const FUNCTIONS = new Set([
  "Ref",
  "Fn::GetAtt",
  "Fn::Sub",
  "Fn::Join",
  "Fn::Select",
  "Fn::Split",
  "Fn::If",
  "Fn::Equals",
  "Fn::And",
  "Fn::Or",
  "Fn::Not",
  "Fn::FindInMap",
  "Fn::ImportValue",
  "Fn::GetAZs",
  "Fn::Base64",
  "Fn::Cidr",
]);

/** The function a one-key object calls, if it is one (`Fn::…` or `Ref`). */
export function intrinsicName(node: Record<string, unknown>): string | undefined {
  const keys = Object.keys(node);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  return key === "Ref" || key.startsWith("Fn::") ? key : undefined;
}

/** Evaluates every intrinsic function in `node`. */
export function resolveValue(node: unknown, ctx: ResolveContext): unknown {
  if (Array.isArray(node)) {
    const out: unknown[] = [];
    for (const item of node) {
      const value = resolveValue(item, ctx);
      if (value !== NO_VALUE) out.push(value);
    }
    return out;
  }
  if (isRecord(node)) {
    const fn = intrinsicName(node);
    if (fn) return callFunction(fn, node[fn], ctx);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(node)) {
      const value = resolveValue(item, ctx);
      if (value !== NO_VALUE) out[key] = value;
    }
    return out;
  }
  return node;
}

function callFunction(fn: string, arg: unknown, ctx: ResolveContext): unknown {
  const resolve = (node: unknown) => resolveValue(node, ctx);
  switch (fn) {
    case "Ref":
      return ref(arg, ctx);
    case "Fn::GetAtt":
      return getAtt(arg, ctx);
    case "Fn::Sub":
      return sub(arg, ctx);
    case "Fn::Join":
      return join(arg, resolve);
    case "Fn::Select":
      return select(arg, resolve);
    case "Fn::Split":
      return split(arg, resolve);
    case "Fn::If":
      return ifFunction(arg, ctx);
    case "Fn::Equals":
    case "Fn::And":
    case "Fn::Or":
    case "Fn::Not":
      return evaluateCondition({ [fn]: arg }, ctx);
    case "Fn::FindInMap":
      return findInMap(arg, ctx, resolve);
    case "Fn::ImportValue":
      return importValue(arg, ctx, resolve);
    case "Fn::GetAZs":
      return getAzs(arg, ctx, resolve);
    case "Fn::Base64":
      return base64(arg, resolve);
    case "Fn::Cidr":
      return cidrFunction(arg, resolve);
    default:
      throw new ValidationError(
        FUNCTIONS.has(fn) || fn === "Fn::Transform"
          ? `Template format error: ${fn} is not supported by the Orderflow engine (see docs/CONFORMANCE.md)`
          : `Template format error: Unrecognized function ${fn}`,
      );
  }
}

function ref(arg: unknown, ctx: ResolveContext): unknown {
  if (typeof arg !== "string") {
    throw new ValidationError("Template error: every Ref object must have a single String value.");
  }
  const pseudo = pseudoParameter(arg, ctx);
  if (pseudo !== undefined) return pseudo;
  const parameter = ctx.parameters.get(arg);
  if (parameter) return parameter.value;
  if (ctx.resources.has(arg)) return ctx.resources.ref(arg);
  throw unresolved(arg);
}

function pseudoParameter(name: string, ctx: ResolveContext): unknown {
  switch (name) {
    case "AWS::AccountId":
      return ctx.pseudo.accountId;
    case "AWS::Region":
      return ctx.pseudo.region;
    case "AWS::StackName":
      return ctx.pseudo.stackName;
    case "AWS::StackId":
      return ctx.pseudo.stackId;
    case "AWS::Partition":
      return PARTITION;
    case "AWS::URLSuffix":
      return URL_SUFFIX;
    case "AWS::NoValue":
      return NO_VALUE;
    case "AWS::NotificationARNs":
      return [...ctx.pseudo.notificationArns];
    default:
      return undefined;
  }
}

const unresolved = (name: string) =>
  new ValidationError(
    `Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`,
  );

/** `["Res", "Attr"]` or `"Res.Attr"` (the attribute after the first dot). */
export function getAttTarget(arg: unknown): [string, unknown] | undefined {
  if (typeof arg === "string") {
    const dot = arg.indexOf(".");
    return dot > 0 && dot < arg.length - 1 ? [arg.slice(0, dot), arg.slice(dot + 1)] : undefined;
  }
  if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === "string" && arg[0] !== "") {
    return [arg[0], arg[1]];
  }
  return undefined;
}

function getAtt(arg: unknown, ctx: ResolveContext): unknown {
  const target = getAttTarget(arg);
  const attribute = target && resolveValue(target[1], ctx);
  if (!target || attribute instanceof Unknown || typeof attribute !== "string" || attribute === "") {
    if (attribute instanceof Unknown) return attribute;
    throw new ValidationError(
      "Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute",
    );
  }
  const [logicalId] = target;
  if (!ctx.resources.has(logicalId)) {
    throw new ValidationError(
      `Template error: instance of Fn::GetAtt references undefined resource ${logicalId}`,
    );
  }
  return ctx.resources.getAtt(logicalId, attribute);
}

function sub(arg: unknown, ctx: ResolveContext): unknown {
  const [template, variables] = Array.isArray(arg) ? arg : [arg, undefined];
  if (typeof template !== "string" || (Array.isArray(arg) && (arg.length !== 2 || !isRecord(variables)))) {
    throw new ValidationError(
      "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string",
    );
  }
  const locals = isRecord(variables) ? (resolveValue(variables, ctx) as Record<string, unknown>) : {};
  let out = "";
  for (const part of parseSubString(template)) {
    if ("text" in part) {
      out += part.text;
      continue;
    }
    const name = part.variable;
    let value: unknown;
    if (Object.hasOwn(locals, name)) value = locals[name];
    else if (name.includes(".") && !name.startsWith("AWS::")) {
      const dot = name.indexOf(".");
      value = getAtt([name.slice(0, dot), name.slice(dot + 1)], ctx);
    } else value = ref(name, ctx);
    if (value instanceof Unknown) return value;
    const piece = text(value);
    if (piece === undefined) {
      throw new ValidationError(
        `Template error: variable ${name} in Fn::Sub expression does not resolve to a string`,
      );
    }
    out += piece;
  }
  return out;
}

function ifFunction(arg: unknown, ctx: ResolveContext): unknown {
  if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== "string") {
    throw new ValidationError(
      "Template error: Fn::If requires a list argument with three elements: the condition name, the value if true and the value if false",
    );
  }
  return resolveValue(ctx.condition(arg[0]) ? arg[1] : arg[2], ctx);
}

/** A condition: Fn::Equals, Fn::And, Fn::Or, Fn::Not or `{ "Condition": name }`. */
export function evaluateCondition(node: unknown, ctx: ResolveContext): boolean {
  if (!isRecord(node) || Object.keys(node).length !== 1) {
    throw new ValidationError("Template format error: Conditions can only be boolean operations");
  }
  const [fn, arg] = Object.entries(node)[0]!;
  switch (fn) {
    case "Condition":
      if (typeof arg !== "string") {
        throw new ValidationError("Template format error: Condition must be a string naming a condition");
      }
      return ctx.condition(arg);
    case "Fn::Equals": {
      if (!Array.isArray(arg) || arg.length !== 2) {
        throw new ValidationError("Template error: Fn::Equals requires a list argument with two elements");
      }
      const [left, right] = arg.map((a) => resolveValue(a, ctx));
      if (containsUnknown(left) || containsUnknown(right)) {
        throw new ValidationError("Template error: Fn::Equals cannot compare values of resources");
      }
      return canonical(left) === canonical(right);
    }
    case "Fn::And":
    case "Fn::Or": {
      if (!Array.isArray(arg) || arg.length < MIN_CONDITION_OPERANDS || arg.length > MAX_CONDITION_OPERANDS) {
        throw new ValidationError(
          `Template error: ${fn} requires a list of ${MIN_CONDITION_OPERANDS} to ${MAX_CONDITION_OPERANDS} conditions`,
        );
      }
      const values = arg.map((c) => evaluateCondition(c, ctx));
      return fn === "Fn::And" ? values.every(Boolean) : values.some(Boolean);
    }
    case "Fn::Not":
      if (!Array.isArray(arg) || arg.length !== 1) {
        throw new ValidationError("Template error: Fn::Not requires a list argument with one element");
      }
      return !evaluateCondition(arg[0], ctx);
    default:
      throw new ValidationError(`Template format error: ${fn} is not a condition function`);
  }
}

/** Equality as CloudFormation compares: scalars by their text. */
function canonical(value: unknown): string {
  return text(value) ?? JSON.stringify(value);
}
