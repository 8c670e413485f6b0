/** Capacity summed per table across the statements of one BatchExecuteStatement or ExecuteTransaction. */
import { type Charge, consumedCapacity, emptyCharge } from "../capacity.ts";
import type { Table } from "../table-definition.ts";

export class CapacityTotals {
  private readonly totals = new Map<Table, Charge>();

  add(table: Table, charge: Charge): void {
    const total = this.totals.get(table) ?? emptyCharge(charge.kind);
    total.table += charge.table;
    for (const [name, units] of Object.entries(charge.globalIndexes)) {
      total.globalIndexes[name] = (total.globalIndexes[name] ?? 0) + units;
    }
    for (const [name, units] of Object.entries(charge.localIndexes)) {
      total.localIndexes[name] = (total.localIndexes[name] ?? 0) + units;
    }
    this.totals.set(table, total);
  }

  /** The ConsumedCapacity list of the response, for ReturnConsumedCapacity TOTAL or INDEXES. */
  report(mode: string | undefined): unknown[] | undefined {
    if (mode !== "TOTAL" && mode !== "INDEXES") return undefined;
    return [...this.totals.entries()].map(([table, charge]) => consumedCapacity(table, charge, mode));
  }
}
