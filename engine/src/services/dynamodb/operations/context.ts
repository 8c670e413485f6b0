/** What the data-plane operations share: the table registry, the item store and capacity. */
import type { RequestContext } from "../../../server/context.ts";
import type { Clock } from "../../../shared/clock.ts";
import type { CapacityTracker } from "../capacity.ts";
import type { ItemStore } from "../items.ts";
import type { Table } from "../table-definition.ts";

export interface TableLookup {
  /** The table or ResourceNotFoundException ("Requested resource not found"). TableName may be an ARN. */
  forDataPlane(name: string, context: RequestContext): Table;
}

export interface DataPlane {
  clock: Clock;
  tables: TableLookup;
  items: ItemStore;
  capacity: CapacityTracker;
}
