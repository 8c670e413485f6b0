/**
 * Deleting a stack's resources in reverse dependency order (each waits for everything that depends
 * on it), honouring DeletionPolicy; and the DeleteStack operation built on it.
 */
import type { StackResource } from "../model.ts";
import { type Deployment, errorMessage, listing, stackScope } from "./deployment.ts";
import { deleteResource, type RecordMode } from "./resource-actions.ts";
import { dependents, runInOrder } from "./scheduler.ts";

export interface DeleteOptions {
  record: RecordMode;
  /** Rolling back a creation: RetainExceptOnCreate resources are deleted too. */
  rollbackOfCreate?: boolean;
  /** Logical ids to keep (DeleteStack's RetainResources). */
  retain?: ReadonlySet<string>;
}

/** Deletes what still exists of `resources`; returns the logical ids that could not be deleted. */
export async function deleteResources(
  d: Deployment,
  resources: readonly StackResource[],
  options: DeleteOptions,
): Promise<string[]> {
  const live = resources.filter((r) => r.status !== "DELETE_COMPLETE" && r.status !== "DELETE_SKIPPED");
  const byId = new Map(live.map((r) => [r.logicalId, r]));
  const reverse = dependents(new Map(live.map((r) => [r.logicalId, r.dependsOn])));
  const retained = (r: StackResource) =>
    options.retain?.has(r.logicalId) === true ||
    r.deletionPolicy === "Retain" ||
    (r.deletionPolicy === "RetainExceptOnCreate" && !options.rollbackOfCreate);
  const result = await runInOrder(
    [...byId.keys()].reverse(),
    (id) => reverse.get(id) ?? [],
    (id) => {
      const resource = byId.get(id)!;
      return deleteResource(d, resource, { retain: retained(resource), record: options.record });
    },
    { continueAfterFailure: true },
  );
  return [...result.failed, ...result.skipped];
}

export const failedToDelete = (ids: readonly string[]) =>
  `The following resource(s) failed to delete: ${listing(ids)}. `;

/** DeleteStack, from DELETE_IN_PROGRESS (already recorded) to DELETE_COMPLETE or DELETE_FAILED. */
export async function runDelete(d: Deployment, retain: ReadonlySet<string>): Promise<void> {
  const { exports, store, journal } = d.services;
  for (const output of d.stack.outputs) {
    if (output.exportName === undefined) continue;
    const importers = exports.importers(stackScope(d.stack), output.exportName, d.stack.stackId);
    if (importers.length > 0) {
      d.setStatus(
        "DELETE_FAILED",
        `Export ${output.exportName} cannot be deleted as it is in use by ${importers.join(", ")}`,
      );
      return;
    }
  }
  let failed: string[];
  try {
    failed = await deleteResources(d, store.resources(d.stack.stackId), { record: "mark", retain });
  } catch (error) {
    d.setStatus("DELETE_FAILED", errorMessage(error));
    return;
  }
  if (failed.length > 0) {
    d.setStatus("DELETE_FAILED", failedToDelete(failed));
    return;
  }
  d.setStatus("DELETE_COMPLETE", undefined, { deletedAt: journal.now() });
}
