/**
 * What a template's values refer to (Ref, Fn::GetAtt, Fn::Sub variables, DependsOn, Fn::If
 * conditions), and the checks CloudFormation makes on them before deploying: every name resolves,
 * Fn::GetAtt reads an attribute the type has, the Conditions block refers only to parameters.
 */
import { supportsAttribute } from "../catalog/index.ts";
import { ValidationError } from "../errors.ts";
import { getAttTarget, intrinsicName, PSEUDO_PARAMETERS } from "./intrinsics.ts";
import { subVariables } from "./sub.ts";
import { isRecord, type ResourceDeclaration, type Template } from "./types.ts";

export interface References {
  /** Names used with Ref or as plain Fn::Sub variables, in order of appearance. */
  refs: string[];
  /** Fn::GetAtt (and dotted Fn::Sub) targets: the resource and the attribute when it is literal. */
  getAtts: { resource: string; attribute?: string }[];
  /** Conditions named by Fn::If. */
  conditions: string[];
  /** Literal export names of Fn::ImportValue. */
  imports: string[];
}

export function collectReferences(node: unknown, out: References = emptyReferences()): References {
  if (Array.isArray(node)) {
    for (const item of node) collectReferences(item, out);
    return out;
  }
  if (!isRecord(node)) return out;
  const fn = intrinsicName(node);
  const arg = fn ? node[fn] : undefined;
  if (fn === "Ref" && typeof arg === "string") out.refs.push(arg);
  else if (fn === "Fn::GetAtt") {
    const target = getAttTarget(arg);
    if (target) {
      const [resource, attribute] = target;
      out.getAtts.push({ resource, attribute: typeof attribute === "string" ? attribute : undefined });
      if (typeof attribute !== "string") collectReferences(attribute, out);
    }
  } else if (fn === "Fn::Sub") {
    const [text, locals] = Array.isArray(arg) ? arg : [arg, undefined];
    if (typeof text === "string") {
      const localNames = isRecord(locals) ? new Set(Object.keys(locals)) : new Set<string>();
      for (const name of subVariables(text)) {
        if (localNames.has(name)) continue;
        const dot = name.indexOf(".");
        if (dot > 0 && !name.startsWith("AWS::"))
          out.getAtts.push({ resource: name.slice(0, dot), attribute: name.slice(dot + 1) });
        else out.refs.push(name);
      }
    }
    collectReferences(locals, out);
  } else if (fn === "Fn::If" && Array.isArray(arg)) {
    if (typeof arg[0] === "string") out.conditions.push(arg[0]);
    collectReferences(arg.slice(1), out);
  } else if (fn === "Fn::ImportValue") {
    if (typeof arg === "string") out.imports.push(arg);
    else collectReferences(arg, out);
  } else {
    for (const value of Object.values(node)) collectReferences(value, out);
  }
  return out;
}

export const emptyReferences = (): References => ({ refs: [], getAtts: [], conditions: [], imports: [] });

export function dependsOnList(resource: ResourceDeclaration): string[] {
  const value = resource.DependsOn;
  if (value === undefined) return [];
  return typeof value === "string" ? [value] : (value as string[]);
}

/** The resources a resource needs before it: DependsOn, and whatever its properties refer to. */
export function resourceDependencies(template: Template, logicalId: string): string[] {
  const resources = template.Resources ?? {};
  const resource = resources[logicalId]!;
  const refs = collectReferences(resource.Properties);
  const names = [...dependsOnList(resource), ...refs.refs, ...refs.getAtts.map((g) => g.resource)];
  return [...new Set(names)].filter((name) => name !== logicalId && Object.hasOwn(resources, name));
}

/** Every check on names; throws the first problem as CloudFormation words it. */
export function checkReferences(template: Template): void {
  const resources = template.Resources ?? {};
  const parameters = template.Parameters ?? {};
  const conditions = template.Conditions ?? {};
  const isValue = (name: string) =>
    PSEUDO_PARAMETERS.has(name) || Object.hasOwn(parameters, name) || Object.hasOwn(resources, name);

  checkConditionsBlock(template);
  checkBlock("Resources", template, isValue);
  checkBlock("Outputs", template, isValue);

  for (const resource of Object.values(resources)) {
    const condition = resource.Condition;
    if (typeof condition === "string" && !Object.hasOwn(conditions, condition)) {
      throw new ValidationError(
        `Template format error: Unresolved condition dependency ${condition} in the Resources block of the template`,
      );
    }
  }
  for (const output of Object.values(template.Outputs ?? {})) {
    const condition = output.Condition;
    if (typeof condition === "string" && !Object.hasOwn(conditions, condition)) {
      throw new ValidationError(
        `Template format error: Unresolved condition dependency ${condition} in the Outputs block of the template`,
      );
    }
  }
}

function checkBlock(
  block: "Resources" | "Outputs",
  template: Template,
  isValue: (name: string) => boolean,
): void {
  const resources = template.Resources ?? {};
  const conditions = template.Conditions ?? {};
  const unresolved: string[] = [];
  const entries =
    block === "Resources"
      ? Object.values(resources).map((r) => ({ values: [r.Properties], dependsOn: dependsOnList(r) }))
      : Object.values(template.Outputs ?? {}).map((o) => ({
          values: [o.Value, o.Export?.Name],
          dependsOn: [],
        }));
  for (const { values, dependsOn } of entries) {
    const refs = collectReferences(values);
    for (const name of refs.refs) if (!isValue(name)) unresolved.push(name);
    for (const name of dependsOn) if (!Object.hasOwn(resources, name)) unresolved.push(name);
    for (const { resource, attribute } of refs.getAtts) {
      const target = resources[resource];
      if (!target) {
        throw new ValidationError(
          `Template error: instance of Fn::GetAtt references undefined resource ${resource}`,
        );
      }
      if (attribute !== undefined && !supportsAttribute(target.Type, attribute)) {
        throw new ValidationError(
          `Template error: resource ${resource} does not support attribute type ${attribute} in Fn::GetAtt`,
        );
      }
    }
    for (const name of refs.conditions) {
      if (!Object.hasOwn(conditions, name)) {
        throw new ValidationError(`Template error: unresolved condition dependency ${name} in Fn::If`);
      }
    }
  }
  if (unresolved.length > 0) {
    throw new ValidationError(
      `Template format error: Unresolved resource dependencies [${[...new Set(unresolved)].join(", ")}] in the ${block} block of the template`,
    );
  }
}

/** Conditions may use parameters and other conditions only, without cycles. */
function checkConditionsBlock(template: Template): void {
  const conditions = template.Conditions ?? {};
  const parameters = template.Parameters ?? {};
  const bad: string[] = [];
  const graph = new Map<string, string[]>();
  for (const [name, definition] of Object.entries(conditions)) {
    const refs = collectReferences(definition);
    for (const ref of refs.refs) {
      if (!PSEUDO_PARAMETERS.has(ref) && !Object.hasOwn(parameters, ref)) bad.push(ref);
    }
    if (refs.getAtts.length > 0) bad.push(...refs.getAtts.map((g) => g.resource));
    const named = conditionNames(definition);
    for (const other of named) {
      if (!Object.hasOwn(conditions, other)) {
        throw new ValidationError(
          `Template error: unresolved condition dependency ${other} in Fn::Condition`,
        );
      }
    }
    graph.set(name, named);
  }
  if (bad.length > 0) {
    throw new ValidationError(
      `Template format error: Unresolved dependencies [${[...new Set(bad)].join(", ")}]. Cannot reference resources in the Conditions block of the template`,
    );
  }
  const cycle = unorderable(graph);
  if (cycle.length > 0) {
    throw new ValidationError(
      `Template error: Circular dependency between conditions: [${cycle.join(", ")}]`,
    );
  }
}

/** The conditions a condition names with `{ "Condition": … }`. */
function conditionNames(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) conditionNames(item, out);
  else if (isRecord(node)) {
    const keys = Object.keys(node);
    if (keys.length === 1 && keys[0] === "Condition" && typeof node.Condition === "string")
      out.push(node.Condition);
    else for (const value of Object.values(node)) conditionNames(value, out);
  }
  return out;
}

/**
 * The nodes that cannot be put in order (members of a cycle, and whatever waits on one), in the
 * graph's own order; empty when the graph is acyclic. `graph` maps a node to what it depends on.
 */
export function unorderable(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const remaining = new Map<string, Set<string>>();
  for (const [node, deps] of graph) remaining.set(node, new Set(deps.filter((d) => graph.has(d))));
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const [node, deps] of remaining) {
      if ([...deps].every((d) => !remaining.has(d))) {
        remaining.delete(node);
        progressed = true;
      }
    }
  }
  return [...remaining.keys()];
}

/** Resource dependencies for the whole template; rejects a cycle as CloudFormation does. */
export function dependencyGraph(template: Template): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const logicalId of Object.keys(template.Resources ?? {})) {
    graph.set(logicalId, resourceDependencies(template, logicalId));
  }
  const cycle = unorderable(graph);
  if (cycle.length > 0) {
    throw new ValidationError(`Circular dependency between resources: [${cycle.join(", ")}]`);
  }
  return graph;
}
