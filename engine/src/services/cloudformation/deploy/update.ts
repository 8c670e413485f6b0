/**
 * UpdateStack (and executing an UPDATE change set). New and changed resources are handled in the
 * new template's dependency order (created, updated in place, or replaced when the provider says
 * so); then, in UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, replaced and removed resources are deleted in
 * reverse order. On a failure the update is rolled back: in-place changes reverted, replacements
 * and new resources deleted (UPDATE_ROLLBACK_* statuses). AWS: using-cfn-updating-stacks.
 */
import type { StackResource } from "../model.ts";
import { parameterRecords } from "../template/parameters.ts";
import { deleteResources } from "./delete.ts";
import { type Deployment, errorMessage, listing, stateOf } from "./deployment.ts";
import { checkExports, resolveOutputs } from "./outputs.ts";
import {
  createResource,
  deleteResource,
  recordUnsupported,
  type UpdateOutcome,
  unsupportedType,
  updateResource,
} from "./resource-actions.ts";
import { runInOrder } from "./scheduler.ts";

/** What an update changed, in the order it happened, so a rollback can undo it. */
interface UpdateLog {
  created: string[];
  /** Resources changed in place or replaced, with their records from before the update. */
  changed: { before: StackResource; outcome: Exclude<UpdateOutcome, "unchanged"> }[];
}

export async function runUpdate(d: Deployment): Promise<void> {
  const prepared = d.prepared!;
  const { store } = d.services;
  const current = new Map(store.resources(d.stack.stackId).map((r) => [r.logicalId, r]));
  for (const [id, resource] of current) d.states.set(id, stateOf(resource));
  const ids = [...prepared.resources.keys()];
  const typeOf = (id: string) => prepared.template.Resources![id]!.Type;
  const log: UpdateLog = { created: [], changed: [] };

  const unsupported = ids.filter((id) => !current.has(id) && !d.provider(typeOf(id)));
  if (unsupported.length > 0) {
    recordUnsupported(d, unsupported);
    log.created.push(...unsupported);
    await rollBackUpdate(
      d,
      log,
      current,
      `The following resource(s) failed to create: ${listing(unsupported)}. `,
    );
    return;
  }
  let stopping = false;
  let anyUpdateFailed = false;
  const result = await runInOrder(
    ids,
    (id) => prepared.resources.get(id) ?? [],
    async (id) => {
      const before = current.get(id);
      let applied = false;
      try {
        if (!before) {
          log.created.push(id);
          await createResource(d, id, () => stopping);
        } else {
          await updateResource(
            d,
            before,
            () => stopping,
            (outcome) => {
              applied = true;
              log.changed.push({ before, outcome });
            },
          );
        }
      } catch (error) {
        if (before) {
          anyUpdateFailed = true;
          // A failed in-place update may have applied part of the change: it is reverted too.
          if (!applied) log.changed.push({ before, outcome: "updated" });
        }
        stopping = true;
        throw error;
      }
    },
  );
  if (result.failed.length > 0) {
    const verb = anyUpdateFailed ? "update" : "create";
    await rollBackUpdate(
      d,
      log,
      current,
      `The following resource(s) failed to ${verb}: ${listing(result.failed)}. `,
    );
    return;
  }
  let outputs: ReturnType<typeof resolveOutputs>;
  try {
    outputs = resolveOutputs(d);
    checkExports(d, outputs);
  } catch (error) {
    await rollBackUpdate(d, log, current, `${errorMessage(error)}. `);
    return;
  }

  // The update has taken effect: the stack describes the new template from here on.
  d.setStatus("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", undefined, {
    template: prepared.source,
    description:
      typeof prepared.template.Description === "string" ? prepared.template.Description : undefined,
    parameters: parameterRecords(prepared.parameters),
    outputs,
    imports: prepared.imports,
  });
  // Old physical resources of replacements, then resources the new template no longer has.
  for (const { before, outcome } of [...log.changed].reverse()) {
    if (outcome !== "replaced") continue;
    await deleteResource(d, before, {
      retain: before.updateReplacePolicy === "Retain",
      record: "none",
    }).catch(() => undefined);
  }
  const removed = [...current.values()].filter((r) => !prepared.resources.has(r.logicalId));
  await deleteResources(d, removed, { record: "remove" });
  d.setStatus("UPDATE_COMPLETE");
}

async function rollBackUpdate(
  d: Deployment,
  log: UpdateLog,
  current: ReadonlyMap<string, StackResource>,
  cause: string,
): Promise<void> {
  const { store, journal } = d.services;
  if (d.stack.disableRollback) {
    d.setStatus("UPDATE_FAILED", cause);
    return;
  }
  d.setStatus("UPDATE_ROLLBACK_IN_PROGRESS", cause);
  const failed: string[] = [];
  // Back to the previous state, last change first. A replaced resource's record points at its old
  // physical resource again; the new one is deleted in the cleanup below.
  const replacements: StackResource[] = [];
  for (const { before, outcome } of [...log.changed].reverse()) {
    const now = store.resources(d.stack.stackId).find((r) => r.logicalId === before.logicalId);
    if (outcome === "replaced") {
      if (now?.physicalId && now.physicalId !== before.physicalId) replacements.push(now);
      journal.resourceEvent(before, "UPDATE_COMPLETE", { record: { ...before, status: "UPDATE_COMPLETE" } });
      continue;
    }
    try {
      await revertInPlace(d, before, now ?? before);
    } catch {
      failed.push(before.logicalId);
    }
  }
  const rollbackReason = d.stack.statusReason;
  d.setStatus("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS");
  for (const replacement of replacements) {
    await deleteResource(d, replacement, { retain: false, record: "none" }).catch(() => undefined);
  }
  const created = store.resources(d.stack.stackId).filter((r) => log.created.includes(r.logicalId));
  await deleteResources(d, created, { record: "remove" });
  // Resources created by the failed update that never got an id are dropped from the stack too.
  for (const id of log.created) if (!current.has(id)) store.deleteResource(d.stack.stackId, id);
  if (failed.length > 0)
    d.setStatus("UPDATE_ROLLBACK_FAILED", `The following resource(s) failed to update: ${listing(failed)}. `);
  else d.setStatus("UPDATE_ROLLBACK_COMPLETE", undefined, { statusReason: rollbackReason });
}

/** Applies the previous properties again to a resource an update changed in place. */
async function revertInPlace(d: Deployment, before: StackResource, now: StackResource): Promise<void> {
  const { journal } = d.services;
  const provider = d.provider(before.type);
  journal.resourceEvent({ ...before, physicalId: now.physicalId }, "UPDATE_IN_PROGRESS", {
    record: { ...now, status: "UPDATE_IN_PROGRESS" },
  });
  try {
    if (!provider) throw new Error(unsupportedType(before.type));
    const result = await provider.update(
      stateOf(now),
      before.properties,
      now.properties,
      d.resourceContext(before.logicalId, before.metadata),
    );
    if (result === "replace") throw new Error("The previous properties cannot be applied in place");
    const restored = { ...before, physicalId: result.physicalId, attributes: result.attributes };
    journal.resourceEvent(restored, "UPDATE_COMPLETE", {
      record: { ...restored, status: "UPDATE_COMPLETE" },
    });
  } catch (error) {
    journal.resourceEvent(before, "UPDATE_FAILED", {
      reason: errorMessage(error),
      record: { ...now, status: "UPDATE_FAILED", statusReason: errorMessage(error) },
    });
    throw error;
  }
}
