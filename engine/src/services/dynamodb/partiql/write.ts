/**
 * Runs one INSERT, UPDATE or DELETE as the conditional item write it is, charged like PutItem,
 * UpdateItem and DeleteItem, and answers its RETURNING clause: ALL OLD / ALL NEW are the whole
 * item, MODIFIED OLD / MODIFIED NEW only the paths the statement wrote (an empty result is no row).
 */
import type { Charge } from "../capacity.ts";
import { ConditionalCheckFailedException } from "../errors.ts";
import { project } from "../expressions/index.ts";
import type { DataPlane } from "../operations/context.ts";
import { performWrite } from "../operations/item-writes.ts";
import type { Item } from "../values/index.ts";
import { DuplicateItemException } from "./messages.ts";
import type { WritePlan } from "./plan.ts";

export interface WriteResult {
  /** The RETURNING item, if the clause asked for one and it is not empty. */
  readonly item: Item | undefined;
  readonly charge: Charge;
}

export function executeWrite(
  plane: DataPlane,
  plan: WritePlan,
  options: { operation: string; returnOldOnFailure: boolean },
): WriteResult {
  let outcome: ReturnType<typeof performWrite>;
  try {
    outcome = plane.items.transaction(() =>
      performWrite(plane, plan.table, plan.key, {
        operation: options.operation,
        condition: plan.holds,
        compute: (current) => plan.compute?.(current) ?? undefined,
        returnOldOnConditionFailure: options.returnOldOnFailure && plan.failure !== "DuplicateItem",
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException && plan.failure === "DuplicateItem") {
      throw new DuplicateItemException();
    }
    throw error;
  }
  return { item: returnedItem(plan, outcome.before, outcome.after), charge: outcome.charge };
}

export function returnedItem(
  plan: WritePlan,
  before: Item | undefined,
  after: Item | undefined,
): Item | undefined {
  let item: Item | undefined;
  const modified = (source: Item | undefined) =>
    source && plan.update ? project(source, { paths: plan.update.paths }) : undefined;
  switch (plan.returning) {
    case "ALL OLD":
      item = before;
      break;
    case "ALL NEW":
      item = after;
      break;
    case "MODIFIED OLD":
      item = modified(before);
      break;
    case "MODIFIED NEW":
      item = modified(after);
      break;
  }
  return item && Object.keys(item).length > 0 ? item : undefined;
}
