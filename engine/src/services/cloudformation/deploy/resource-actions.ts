/**
 * Creating, updating and deleting one resource through its provider, with the events
 * CloudFormation reports for each step. AWS: the stack events of a deployment, e.g.
 *   CREATE_IN_PROGRESS · CREATE_IN_PROGRESS "Resource creation Initiated" · CREATE_COMPLETE
 */
import type { ResourceStatus, StackResource } from "../model.ts";
import type { ResourceState } from "../resources/types.ts";
import { resolveValue } from "../template/intrinsics.ts";
import type { ResourceDeclaration } from "../template/types.ts";
import { type Deployment, errorMessage, stateOf } from "./deployment.ts";

export const CREATION_INITIATED = "Resource creation Initiated";
export const CREATION_CANCELLED = "Resource creation cancelled";
export const UPDATE_CANCELLED = "Resource update cancelled";
export const REPLACEMENT_REASON =
  "Requested update requires the creation of a new physical resource; hence creating one.";

export const unsupportedType = (type: string) =>
  `Resource type ${type} is not supported by the Orderflow engine (see docs/CONFORMANCE.md)`;

/** A stable text for comparing resolved values (key order does not matter). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function declaration(d: Deployment, logicalId: string): ResourceDeclaration {
  const resource = d.prepared?.template.Resources?.[logicalId];
  if (!resource) throw new Error(`no declaration for ${logicalId}`);
  return resource;
}

/** The record a resource of the template being deployed gets. */
function recordFor(
  d: Deployment,
  logicalId: string,
  status: ResourceStatus,
  properties: Record<string, unknown>,
  state: ResourceState | undefined,
  reason?: string,
): StackResource {
  const resource = declaration(d, logicalId);
  return {
    stackId: d.stack.stackId,
    logicalId,
    type: resource.Type,
    status,
    ...(reason !== undefined && { statusReason: reason }),
    ...(state && { physicalId: state.physicalId }),
    attributes: state?.attributes ?? {},
    properties,
    ...(resource.Metadata !== undefined && { metadata: resource.Metadata }),
    ...(typeof resource.DeletionPolicy === "string" && { deletionPolicy: resource.DeletionPolicy }),
    ...(typeof resource.UpdateReplacePolicy === "string" && {
      updateReplacePolicy: resource.UpdateReplacePolicy,
    }),
    dependsOn: d.prepared?.resources.get(logicalId) ?? [],
    updatedAt: d.services.journal.now(),
  };
}

function resolveProperties(d: Deployment, logicalId: string): Record<string, unknown> {
  const properties = declaration(d, logicalId).Properties ?? {};
  return resolveValue(properties, d.resolveContext()) as Record<string, unknown>;
}

/** Records CREATE_FAILED for resources whose type has no provider (nothing is attempted). */
export function recordUnsupported(d: Deployment, logicalIds: readonly string[]): void {
  for (const logicalId of logicalIds) {
    const type = declaration(d, logicalId).Type;
    const reason = unsupportedType(type);
    d.services.journal.resourceEvent(
      { stackId: d.stack.stackId, logicalId, type, physicalId: undefined, properties: {} },
      "CREATE_FAILED",
      { reason, record: recordFor(d, logicalId, "CREATE_FAILED", {}, undefined, reason) },
    );
  }
}

/** Creates a template resource; throws (after recording CREATE_FAILED) when it fails or is cancelled. */
export async function createResource(
  d: Deployment,
  logicalId: string,
  cancelled: () => boolean,
): Promise<void> {
  const { journal } = d.services;
  const type = declaration(d, logicalId).Type;
  const event = (
    status: ResourceStatus,
    properties: Record<string, unknown>,
    state?: ResourceState,
    reason?: string,
  ) =>
    journal.resourceEvent(
      { stackId: d.stack.stackId, logicalId, type, physicalId: state?.physicalId, properties },
      status,
      { reason, record: recordFor(d, logicalId, status, properties, state, reason) },
    );

  let properties: Record<string, unknown> = {};
  try {
    properties = resolveProperties(d, logicalId);
  } catch (error) {
    event("CREATE_FAILED", properties, undefined, errorMessage(error));
    throw error;
  }
  event("CREATE_IN_PROGRESS", properties);
  const provider = d.provider(type);
  let state: ResourceState;
  try {
    if (!provider) throw new Error(unsupportedType(type));
    state = await provider.create(
      properties,
      d.resourceContext(logicalId, declaration(d, logicalId).Metadata),
    );
  } catch (error) {
    event("CREATE_FAILED", properties, undefined, errorMessage(error));
    throw error;
  }
  d.states.set(logicalId, state);
  event("CREATE_IN_PROGRESS", properties, state, CREATION_INITIATED);
  if (cancelled()) {
    event("CREATE_FAILED", properties, state, CREATION_CANCELLED);
    throw new Error(CREATION_CANCELLED);
  }
  event("CREATE_COMPLETE", properties, state);
}

export type UpdateOutcome = "unchanged" | "updated" | "replaced";

/**
 * Brings an existing resource to its new declaration: in place, or by creating a replacement when
 * the provider answers "replace" (the old one is deleted later, in the cleanup phase). `applied`
 * learns of every change made, before a cancellation is reported, so a rollback can undo it.
 */
export async function updateResource(
  d: Deployment,
  current: StackResource,
  cancelled: () => boolean,
  applied: (outcome: "updated" | "replaced") => void,
): Promise<UpdateOutcome> {
  const { journal } = d.services;
  const { logicalId, type } = current;
  const metadata = declaration(d, logicalId).Metadata;
  const event = (
    status: ResourceStatus,
    properties: Record<string, unknown>,
    state: ResourceState,
    reason?: string,
    save = true,
  ) =>
    journal.resourceEvent(
      { stackId: d.stack.stackId, logicalId, type, physicalId: state.physicalId, properties },
      status,
      { reason, record: save ? recordFor(d, logicalId, status, properties, state, reason) : undefined },
    );

  const before = stateOf(current);
  let properties: Record<string, unknown> = current.properties;
  try {
    properties = resolveProperties(d, logicalId);
  } catch (error) {
    event("UPDATE_FAILED", current.properties, before, errorMessage(error), false);
    throw error;
  }
  const record = recordFor(d, logicalId, current.status, properties, before);
  if (
    canonicalJson(properties) === canonicalJson(current.properties) &&
    canonicalJson(metadata) === canonicalJson(current.metadata)
  ) {
    // Nothing to apply; the record still takes the new policies and dependencies.
    d.services.store.putResource({
      ...record,
      properties: current.properties,
      statusReason: current.statusReason,
    });
    return "unchanged";
  }
  event("UPDATE_IN_PROGRESS", properties, before);
  const provider = d.provider(type);
  let state: ResourceState;
  let outcome: "updated" | "replaced";
  try {
    if (!provider) throw new Error(unsupportedType(type));
    const ctx = d.resourceContext(logicalId, metadata);
    const result = await provider.update(before, properties, current.properties, ctx);
    if (result === "replace") {
      event("UPDATE_IN_PROGRESS", properties, before, REPLACEMENT_REASON, false);
      state = await provider.create(properties, ctx);
      outcome = "replaced";
      d.states.set(logicalId, state);
      event("UPDATE_IN_PROGRESS", properties, state, CREATION_INITIATED);
    } else {
      state = result;
      outcome = "updated";
      d.states.set(logicalId, state);
    }
  } catch (error) {
    event("UPDATE_FAILED", properties, before, errorMessage(error));
    throw error;
  }
  applied(outcome);
  if (cancelled()) {
    event("UPDATE_FAILED", properties, state, UPDATE_CANCELLED);
    throw new Error(UPDATE_CANCELLED);
  }
  event("UPDATE_COMPLETE", properties, state);
  return outcome;
}

/**
 * How a deletion leaves the resource's record: `mark` keeps it with its DELETE_* status (stack
 * deletion), `remove` drops it (removed by an update), `none` leaves it alone (the old physical
 * resource of a replacement, whose record already describes the new one).
 */
export type RecordMode = "mark" | "remove" | "none";

export async function deleteResource(
  d: Deployment,
  resource: StackResource,
  options: { retain: boolean; record: RecordMode },
): Promise<void> {
  const { journal } = d.services;
  const event = (status: ResourceStatus, reason?: string, final = false) => {
    const mark = { ...resource, status, ...(reason !== undefined && { statusReason: reason }) };
    const record =
      options.record === "none"
        ? undefined
        : options.record === "remove" && final
          ? ("remove" as const)
          : mark;
    journal.resourceEvent(resource, status, { reason, record });
  };
  if (!resource.physicalId) return event("DELETE_COMPLETE", undefined, true);
  if (options.retain) return event("DELETE_SKIPPED", undefined, true);
  event("DELETE_IN_PROGRESS");
  try {
    const provider = d.provider(resource.type);
    if (!provider) throw new Error(unsupportedType(resource.type));
    await provider.delete(
      stateOf(resource),
      resource.properties,
      d.resourceContext(resource.logicalId, resource.metadata),
    );
  } catch (error) {
    event("DELETE_FAILED", errorMessage(error));
    throw error;
  }
  event("DELETE_COMPLETE", undefined, true);
}
