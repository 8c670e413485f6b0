/**
 * What deploying a template would change, worked out before anything is touched: the Changes of
 * a change set, and the "nothing to do" answer CloudFormation gives when there are none.
 * A property whose value only deployment can tell (it reads a resource being added or replaced)
 * counts as changed, with a Dynamic evaluation, as AWS reports it.
 */
import { replacingProperties } from "../catalog/index.ts";
import { ValidationError } from "../errors.ts";
import type { ResourceChange, Stack, StackOutput, StackResource } from "../model.ts";
import { containsUnknown, type ResolveContext, resolveValue, Unknown } from "../template/intrinsics.ts";
import type { PreparedTemplate } from "../template/prepare.ts";
import { pseudoParameters } from "./deployment.ts";
import { canonicalJson } from "./resource-actions.ts";

export interface Plan {
  changes: ResourceChange[];
  /** Whether anything at all would change (resources, outputs, parameters, tags). */
  empty: boolean;
}

export interface PlanInput {
  stack: Stack;
  current: readonly StackResource[];
  prepared: PreparedTemplate;
  exportValue(name: string): string | undefined;
  /** The stack's tags after the deployment. */
  tags: Stack["tags"];
}

export function planChanges(input: PlanInput): Plan {
  const { prepared, stack } = input;
  const current = new Map(input.current.map((r) => [r.logicalId, r]));
  const resources = prepared.template.Resources ?? {};
  const typeChanged = [...prepared.resources.keys()].filter(
    (id) => current.has(id) && current.get(id)!.type !== resources[id]!.Type,
  );
  if (typeChanged.length > 0) {
    throw new ValidationError(
      `Update of resource type is not permitted. The new template modifies resource type of the following resources: [${typeChanged.join(", ")}]`,
    );
  }

  /** Resources whose id or attributes are not known before deployment. */
  const unsettled = new Set<string>();
  const ctx: ResolveContext = {
    parameters: prepared.parameters,
    pseudo: pseudoParameters(stack),
    mappings: prepared.template.Mappings,
    condition: (name) => prepared.conditions.get(name) === true,
    resources: {
      has: (id) => prepared.resources.has(id),
      ref: (id) =>
        unsettled.has(id) || !current.has(id) ? new Unknown(id) : (current.get(id)!.physicalId ?? ""),
      getAtt: (id, attribute) =>
        unsettled.has(id) || !current.has(id)
          ? new Unknown(`${id}.${attribute}`)
          : (current.get(id)!.attributes[attribute] ?? new Unknown(`${id}.${attribute}`)),
    },
    importValue: (name) => input.exportValue(name) ?? new Unknown(name),
  };

  const byId = new Map<string, ResourceChange>();
  for (const id of topologicalOrder(prepared)) {
    const resource = resources[id]!;
    const before = current.get(id);
    if (!before) {
      unsettled.add(id);
      byId.set(id, {
        Action: "Add",
        LogicalResourceId: id,
        ResourceType: resource.Type,
        Scope: [],
        Details: [],
      });
      continue;
    }
    const change = modification(before, resolveValue(resource.Properties ?? {}, ctx), resource.Metadata);
    if (!change) continue;
    if (change.Replacement !== "False") unsettled.add(id);
    byId.set(id, change);
  }
  for (const [id, before] of current) {
    if (prepared.resources.has(id)) continue;
    byId.set(id, {
      Action: "Remove",
      LogicalResourceId: id,
      ...(before.physicalId !== undefined && { PhysicalResourceId: before.physicalId }),
      ResourceType: before.type,
      PolicyAction:
        before.deletionPolicy === "Retain" || before.deletionPolicy === "RetainExceptOnCreate"
          ? "Retain"
          : "Delete",
      Scope: [],
      Details: [],
    });
  }
  const changes = [...prepared.resources.keys(), ...current.keys()]
    .filter((id, i, all) => all.indexOf(id) === i && byId.has(id))
    .map((id) => byId.get(id)!);

  const empty =
    changes.length === 0 &&
    sameOutputs(stack.outputs, plannedOutputs(prepared, ctx)) &&
    canonicalJson(stack.parameters.map((p) => [p.key, p.value])) ===
      canonicalJson([...prepared.parameters].map(([key, p]) => [key, p.text])) &&
    canonicalJson(stack.tags) === canonicalJson(input.tags);
  return { changes, empty };
}

function modification(
  before: StackResource,
  properties: unknown,
  metadata: unknown,
): ResourceChange | undefined {
  const after = (properties ?? {}) as Record<string, unknown>;
  const names = [...new Set([...Object.keys(before.properties), ...Object.keys(after)])];
  const changed = names.filter(
    (name) =>
      containsUnknown(after[name]) || canonicalJson(after[name]) !== canonicalJson(before.properties[name]),
  );
  const metadataChanged = canonicalJson(metadata) !== canonicalJson(before.metadata);
  if (changed.length === 0 && !metadataChanged) return undefined;
  const replacing = replacingProperties(before.type);
  const details = changed.map((name) => ({
    Target: {
      Attribute: "Properties",
      Name: name,
      RequiresRecreation: replacing.includes(name) ? "Always" : "Never",
    },
    Evaluation: containsUnknown(after[name]) ? "Dynamic" : "Static",
    ChangeSource: containsUnknown(after[name]) ? "ResourceReference" : "DirectModification",
  }));
  return {
    Action: "Modify",
    LogicalResourceId: before.logicalId,
    ...(before.physicalId !== undefined && { PhysicalResourceId: before.physicalId }),
    ResourceType: before.type,
    Replacement: changed.some((name) => replacing.includes(name)) ? "True" : "False",
    Scope: [...(changed.length > 0 ? ["Properties"] : []), ...(metadataChanged ? ["Metadata"] : [])],
    Details: details,
  };
}

/** The template's resources, each after those it waits for (ties in template order). */
function topologicalOrder(prepared: PreparedTemplate): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  const visit = (id: string) => {
    if (placed.has(id)) return;
    placed.add(id);
    for (const dep of prepared.resources.get(id) ?? []) visit(dep);
    order.push(id);
  };
  for (const id of prepared.resources.keys()) visit(id);
  return order;
}

function plannedOutputs(prepared: PreparedTemplate, ctx: ResolveContext): unknown[] {
  return prepared.outputs.map(([key, output]) => [
    key,
    resolveValue(output.Value, ctx),
    output.Export ? resolveValue(output.Export.Name, ctx) : undefined,
  ]);
}

const asText = (value: unknown): string =>
  Array.isArray(value)
    ? value.map(asText).join(",")
    : typeof value === "object" && value !== null
      ? JSON.stringify(value)
      : String(value);

function sameOutputs(current: readonly StackOutput[], planned: unknown[]): boolean {
  if (containsUnknown(planned)) return false;
  const normalized = planned.map((entry) => {
    const [key, value, exportName] = entry as [string, unknown, unknown];
    return [key, asText(value), exportName === undefined ? null : asText(exportName)];
  });
  const existing = current.map((o) => [o.key, o.value, o.exportName ?? null]);
  return canonicalJson(normalized) === canonicalJson(existing);
}
