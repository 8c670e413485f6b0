/**
 * CreateStack (and executing a CREATE change set): every resource in dependency order, then the
 * outputs. On a failure the resources still being created are cancelled and, unless rollback is
 * disabled, everything created is deleted again: ROLLBACK_IN_PROGRESS → ROLLBACK_COMPLETE.
 */
import { parameterRecords } from "../template/parameters.ts";
import { deleteResources, failedToDelete } from "./delete.ts";
import { type Deployment, errorMessage, listing } from "./deployment.ts";
import { checkExports, resolveOutputs } from "./outputs.ts";
import { createResource, recordUnsupported } from "./resource-actions.ts";
import { runInOrder } from "./scheduler.ts";

export const ROLLBACK_REQUESTED = "Rollback requested by user.";

export async function runCreate(d: Deployment): Promise<void> {
  const prepared = d.prepared!;
  const ids = [...prepared.resources.keys()];
  const typeOf = (id: string) => prepared.template.Resources![id]!.Type;
  // A type CloudFormation knows but the engine cannot create fails before anything is created.
  const failed = ids.filter((id) => !d.provider(typeOf(id)));
  recordUnsupported(d, failed);
  if (failed.length === 0) {
    let stopping = false;
    const result = await runInOrder(
      ids,
      (id) => prepared.resources.get(id) ?? [],
      async (id) => {
        try {
          await createResource(d, id, () => stopping);
        } catch (error) {
          stopping = true;
          throw error;
        }
      },
    );
    failed.push(...result.failed);
  }
  if (failed.length > 0) {
    await rollBackCreation(d, `The following resource(s) failed to create: ${listing(failed)}. `);
    return;
  }
  try {
    const outputs = resolveOutputs(d);
    checkExports(d, outputs);
    d.setStatus("CREATE_COMPLETE", undefined, {
      outputs,
      imports: prepared.imports,
      parameters: parameterRecords(prepared.parameters),
    });
  } catch (error) {
    await rollBackCreation(d, `${errorMessage(error)}. `);
  }
}

/** After a failed creation: CREATE_FAILED when rollback is disabled, else delete what was created. */
async function rollBackCreation(d: Deployment, cause: string): Promise<void> {
  if (d.stack.disableRollback) {
    d.setStatus("CREATE_FAILED", cause);
    return;
  }
  const reason = `${cause}${ROLLBACK_REQUESTED}`;
  d.setStatus("ROLLBACK_IN_PROGRESS", reason);
  const failed = await deleteResources(d, d.services.store.resources(d.stack.stackId), {
    record: "mark",
    rollbackOfCreate: true,
  });
  if (failed.length > 0) d.setStatus("ROLLBACK_FAILED", failedToDelete(failed));
  else d.setStatus("ROLLBACK_COMPLETE", undefined, { statusReason: reason });
}
