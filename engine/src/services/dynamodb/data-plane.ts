/**
 * The data plane: item store, capacity, streams and TTL, and the hooks the control plane calls
 * when tables change. Its operations are merged into the DynamoDB service beside the control
 * plane's.
 */
import type { RequestContext } from "../../server/context.ts";
import type { Clock, TimerHandle } from "../../shared/clock.ts";
import type { Db } from "../../storage/database.ts";
import type { OperationHandler } from "../service.ts";
import { CapacityTracker } from "./capacity.ts";
import { TTL_SWEEP_INTERVAL_MS } from "./constants.ts";
import { ItemStore } from "./items.ts";
import { batchOperations } from "./operations/batch.ts";
import type { DataPlane, TableLookup } from "./operations/context.ts";
import { partiqlOperations } from "./operations/partiql.ts";
import { queryScanOperations } from "./operations/query-scan.ts";
import { singleItemOperations } from "./operations/single-item.ts";
import { sqliteTransactionTokens, transactionOperations } from "./operations/transactions.ts";
import { StreamStore } from "./stream-store.ts";
import type { Table } from "./table-definition.ts";
import type { TableHooks } from "./tables.ts";

/** Expired items deleted per table and sweep (the rest go on the next sweeps). */
const TTL_DELETES_PER_SWEEP = 1000;

export interface DataPlaneService {
  plane: DataPlane;
  streams: StreamStore;
  operations: Record<string, OperationHandler>;
  /** The control plane's hooks into the data plane (every one implemented, TTL included). */
  hooks: Required<TableHooks>;
  /** Starts the TTL sweeper over the tables `list` returns. */
  startTtl(list: () => Table[]): void;
  close(): void;
}

export function createDataPlane(deps: { db: Db; clock: Clock; tables: () => TableLookup }): DataPlaneService {
  const { db, clock } = deps;
  const streams = new StreamStore(db, clock);
  const items = new ItemStore(db, clock, streams);
  const capacity = new CapacityTracker(clock);
  const plane: DataPlane = {
    clock,
    items,
    capacity,
    // Resolved lazily: the table registry is built after the data plane it reports to.
    tables: {
      forDataPlane: (name: string, context: RequestContext) => deps.tables().forDataPlane(name, context),
    },
  };
  const tokens = sqliteTransactionTokens(db, clock);
  let ttlTimer: TimerHandle | undefined;

  return {
    plane,
    streams,
    operations: {
      ...singleItemOperations(plane),
      ...queryScanOperations(plane),
      ...batchOperations(plane),
      ...transactionOperations(plane, tokens),
      ...partiqlOperations(plane, tokens),
    } as Record<string, OperationHandler>,
    hooks: {
      stats: (tableId) => items.stats(tableId),
      streamEnabled: (table) => {
        if (table.definition.stream) streams.open(table, table.definition.stream.arn);
      },
      streamDisabled: (table) => {
        if (table.definition.stream) streams.close(table.definition.stream.arn);
      },
      tableDeleted: (table) => {
        if (table.definition.stream) streams.close(table.definition.stream.arn);
        items.dropTable(table.id);
        capacity.forget(table);
      },
      indexCreated: (table, index) => {
        capacity.indexCreated(index);
        items.backfill(table, index);
      },
      indexDeleted: (table, index) => items.dropIndex(table, index),
      throughputChanged: (table) => capacity.throughputChanged(table),
      ttlChanged: (table) => items.refreshExpiry(table),
    },
    startTtl(list) {
      // AWS deletes expired items in the background, "typically within two days of expiration";
      // the engine sweeps every minute on the clock, so tests see expiry by advancing it.
      // Stream retention rides on the same timer.
      const sweep = () => {
        ttlTimer = clock.setTimer(TTL_SWEEP_INTERVAL_MS, sweep);
        streams.trim();
        for (const table of list())
          if (table.definition.ttl?.enabled) items.expire(table, TTL_DELETES_PER_SWEEP);
      };
      ttlTimer = clock.setTimer(TTL_SWEEP_INTERVAL_MS, sweep);
    },
    close() {
      ttlTimer?.cancel();
    },
  };
}
