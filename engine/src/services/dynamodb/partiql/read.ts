/**
 * Runs a SELECT: one Query per pinned partition key (or one Scan), each reading at most Limit
 * items and 1 MB before the WHERE is applied, as Query and Scan do, and charged like them (the
 * summed size of what each read, rounded up once to 4 KB). A page that stops early carries the
 * position to continue from, which the operation turns into NextToken.
 */
import { type Charge, emptyCharge, readUnits } from "../capacity.ts";
import { MAX_PAGE_BYTES } from "../constants.ts";
import { evaluateCondition } from "../expressions/index.ts";
import { keyAttributes } from "../items.ts";
import type { DataPlane } from "../operations/context.ts";
import type { Item } from "../values/index.ts";
import type { ReadPlan } from "./plan.ts";
import { applySelectList } from "./projection.ts";

/** Where a paginated SELECT continues: the partition it was reading and the last key it read. */
export interface ReadPosition {
  readonly partition: number;
  readonly after: Item | undefined;
}

export interface ReadResult {
  readonly items: Item[];
  readonly charge: Charge;
  readonly next: ReadPosition | undefined;
}

export function executeRead(
  plane: DataPlane,
  plan: ReadPlan,
  options: {
    limit: number | undefined;
    consistent: boolean;
    from: ReadPosition | undefined;
    operation: string;
  },
): ReadResult {
  const { table, index } = plan;
  const mode = options.consistent ? "strong" : "eventual";
  const charge = emptyCharge("read");
  const items: Item[] = [];
  const partitions = plan.partitions ?? [undefined];
  let remaining = options.limit;
  let bytesLeft = MAX_PAGE_BYTES;
  let next: ReadPosition | undefined;

  for (let partition = options.from?.partition ?? 0; partition < partitions.length; partition++) {
    const hash = partitions[partition];
    const page = {
      forward: plan.forward,
      startAfter: partition === options.from?.partition ? options.from.after : undefined,
      limit: remaining,
      maxBytes: bytesLeft,
    };
    const result =
      hash === undefined
        ? plane.items.scan(table, index, undefined, page)
        : plane.items.query(table, index, hash, plan.range, page);
    const units = readUnits(result.bytesRead, mode);
    if (!index) charge.table += units;
    else {
      const section = index.kind === "GSI" ? charge.globalIndexes : charge.localIndexes;
      section[index.name] = (section[index.name] ?? 0) + units;
    }
    let fetchedBytes = 0;
    for (const stored of result.items) {
      let item = stored.item;
      if (plan.reachBack) {
        // AWS: an LSI fetches what it does not project from the table, for every row it walks,
        // charged to the table.
        const base = plane.items.get(table, keyAttributes(item, table.definition.key));
        fetchedBytes += base?.size ?? 0;
        if (plan.filter && !evaluateCondition({ condition: plan.filter, paths: [] }, item)) continue;
        item = base?.item ?? item;
      } else if (plan.filter && !evaluateCondition({ condition: plan.filter, paths: [] }, item)) {
        continue;
      }
      items.push(applySelectList(item, plan.select));
    }
    if (plan.reachBack && result.items.length > 0) charge.table += readUnits(fetchedBytes, mode);
    if (remaining !== undefined) remaining -= result.items.length;
    bytesLeft -= result.bytesRead;
    if (result.lastEvaluated) {
      next = { partition, after: result.lastEvaluated };
      break;
    }
    if ((remaining === 0 || bytesLeft <= 0) && partition + 1 < partitions.length) {
      next = { partition: partition + 1, after: undefined };
      break;
    }
  }
  plane.capacity.consume(table, charge, options.operation);
  return { items, charge, next };
}
