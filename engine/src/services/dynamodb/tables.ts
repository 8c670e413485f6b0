/**
 * The table registry: every DynamoDB table by (account, region, name) and by row id, cached in
 * memory and kept in SQLite (`ddb_tables.definition` as JSON). A change is one transaction that
 * also runs the data plane's hooks; the cache is swapped only once that transaction committed.
 */
import type { RequestContext } from "../../server/context.ts";
import { buildArn, parseArn } from "../../shared/arn.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Db } from "../../storage/database.ts";
import { ResourceNotFoundException, ValidationException } from "./errors.ts";
import type { IndexDefinition, Table, TableDefinition } from "./table-definition.ts";

export interface TableStats {
  itemCount: number;
  sizeBytes: number;
  indexes: Record<string, { itemCount: number; sizeBytes: number }>;
}

/** What the data plane is told, inside the transaction that makes the change. */
export interface TableHooks {
  stats(tableId: number): TableStats;
  /** After a stream is enabled (new stream ARN/label already set in definition.stream). */
  streamEnabled(table: Table): void;
  /** After it is disabled. */
  streamDisabled(table: Table): void;
  /** Before the row goes (data plane drops items, capacity, closes stream shards). */
  tableDeleted(table: Table): void;
  /** After a GSI is added by UpdateTable (data plane backfills). */
  indexCreated(table: Table, index: IndexDefinition): void;
  indexDeleted(table: Table, index: IndexDefinition): void;
  /** After billing mode, provisioned or on-demand throughput of the table or a GSI changed. */
  throughputChanged(table: Table): void;
  /** After UpdateTimeToLive enabled or disabled TTL (definition.ttl already set). */
  ttlChanged?(table: Table): void;
}

/** Which hooks a change fires, in this order: streams, indexes, throughput. */
export interface TableEffects {
  streamDisabled?: boolean;
  streamEnabled?: boolean;
  indexDeleted?: IndexDefinition;
  indexCreated?: IndexDefinition;
  throughputChanged?: boolean;
  ttlChanged?: boolean;
}

/**
 * DynamoDB words a missing table differently per operation: the control plane (DescribeTable,
 * UpdateTable, DeleteTable, *TimeToLive) says "Requested resource not found: Table: <name> not
 * found", the data plane only "Requested resource not found".
 */
export type NotFoundWording = "control" | "data";

export const tableNotFound = (name: string, wording: NotFoundWording): ResourceNotFoundException =>
  new ResourceNotFoundException(
    wording === "control" ? `Requested resource not found: Table: ${name} not found` : undefined,
  );

export const tableArn = (region: string, accountId: string, name: string): string =>
  buildArn("dynamodb", region, accountId, `table/${name}`);
export const indexArn = (table: string, indexName: string): string => `${table}/index/${indexName}`;
export const streamArn = (table: string, label: string): string => `${table}/stream/${label}`;

export interface TableAddress {
  accountId: string;
  region: string;
  name: string;
}

/** A table ARN (`arn:aws:dynamodb:<region>:<account>:table/<name>`), or undefined. */
export function parseTableArn(arn: string): TableAddress | undefined {
  const parsed = parseArn(arn);
  if (parsed?.service !== "dynamodb") return undefined;
  const match = /^table\/([^/]+)$/.exec(parsed.resource);
  if (!match) return undefined;
  return { accountId: parsed.accountId, region: parsed.region, name: match[1]! };
}

interface TableRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  definition: string;
  tags: string;
}

const key = (accountId: string, region: string, name: string) => `${accountId}\u0000${region}\u0000${name}`;

export class TableRegistry {
  private readonly byKey = new Map<string, Table>();
  private readonly byRowId = new Map<number, Table>();
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly hooks: TableHooks,
  ) {
    this.statements = {
      insert: db.prepare(
        "INSERT INTO ddb_tables (account_id, region, name, definition, tags, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      updateDefinition: db.prepare("UPDATE ddb_tables SET definition = ? WHERE id = ?"),
      updateTags: db.prepare("UPDATE ddb_tables SET tags = ? WHERE id = ?"),
      delete: db.prepare("DELETE FROM ddb_tables WHERE id = ?"),
    };
    for (const row of db
      .prepare("SELECT id, account_id, region, name, definition, tags FROM ddb_tables")
      .all() as TableRow[]) {
      this.remember({
        id: row.id,
        definition: JSON.parse(row.definition) as TableDefinition,
        tags: JSON.parse(row.tags) as Record<string, string>,
      });
    }
  }

  private remember(table: Table): void {
    const { accountId, region, name } = table.definition;
    this.byKey.set(key(accountId, region, name), table);
    this.byRowId.set(table.id, table);
  }

  private forget(table: Table): void {
    const { accountId, region, name } = table.definition;
    this.byKey.delete(key(accountId, region, name));
    this.byRowId.delete(table.id);
  }

  find(accountId: string, region: string, name: string): Table | undefined {
    return this.byKey.get(key(accountId, region, name));
  }

  /** The table, or ResourceNotFoundException worded for the calling operation. */
  get(accountId: string, region: string, name: string, wording: NotFoundWording = "data"): Table {
    const table = this.find(accountId, region, name);
    if (!table) throw tableNotFound(name, wording);
    return table;
  }

  /**
   * Resolves a TableName as a request gives it: a name in the caller's account and region, or the
   * table's ARN (AWS accepts either wherever the model types TableName as TableArn).
   */
  resolve(
    nameOrArn: string,
    context: Pick<RequestContext, "accountId" | "region">,
    wording: NotFoundWording,
  ): Table {
    if (!nameOrArn.startsWith("arn:")) return this.get(context.accountId, context.region, nameOrArn, wording);
    const address = parseTableArn(nameOrArn);
    // Unverified wording: AWS answers a malformed table ARN with a Coral-style validation message.
    if (!address)
      throw new ValidationException(`1 validation error detected: Invalid resource type in '${nameOrArn}'`);
    if (address.accountId !== context.accountId || address.region !== context.region) {
      throw tableNotFound(address.name, wording);
    }
    return this.get(address.accountId, address.region, address.name, wording);
  }

  /** The data plane's lookup: "Requested resource not found" when absent. */
  forDataPlane(nameOrArn: string, context: Pick<RequestContext, "accountId" | "region">): Table {
    return this.resolve(nameOrArn, context, "data");
  }

  byId(id: number): Table | undefined {
    return this.byRowId.get(id);
  }

  byArn(arn: string): Table | undefined {
    const address = parseTableArn(arn);
    return address && this.find(address.accountId, address.region, address.name);
  }

  /** Every table of every account and region (the TTL sweeper's round). */
  all(): Table[] {
    return [...this.byKey.values()];
  }

  /** Tables of one account and region, by name in byte order (ListTables' order). */
  list(accountId: string, region: string): Table[] {
    return [...this.byKey.values()]
      .filter((t) => t.definition.accountId === accountId && t.definition.region === region)
      .sort((a, b) =>
        a.definition.name < b.definition.name ? -1 : a.definition.name > b.definition.name ? 1 : 0,
      );
  }

  stats(table: Table): TableStats {
    return this.hooks.stats(table.id);
  }

  create(definition: TableDefinition, tags: Record<string, string>): Table {
    const table = this.db.transaction((): Table => {
      const info = this.statements.insert.run(
        definition.accountId,
        definition.region,
        definition.name,
        JSON.stringify(definition),
        JSON.stringify(tags),
        this.clock.now(),
      );
      const created: Table = { id: Number(info.lastInsertRowid), definition, tags };
      if (definition.stream?.enabled) this.hooks.streamEnabled(created);
      return created;
    })();
    this.remember(table);
    return table;
  }

  /** Replaces the table's definition and fires the hooks its effects name. */
  update(table: Table, definition: TableDefinition, effects: TableEffects = {}): Table {
    const updated: Table = { ...table, definition };
    this.db.transaction(() => {
      this.statements.updateDefinition.run(JSON.stringify(definition), table.id);
      if (effects.streamDisabled) this.hooks.streamDisabled(updated);
      if (effects.streamEnabled) this.hooks.streamEnabled(updated);
      if (effects.indexDeleted) this.hooks.indexDeleted(updated, effects.indexDeleted);
      if (effects.indexCreated) this.hooks.indexCreated(updated, effects.indexCreated);
      if (effects.throughputChanged) this.hooks.throughputChanged(updated);
      if (effects.ttlChanged) this.hooks.ttlChanged?.(updated);
    })();
    this.remember(updated);
    return updated;
  }

  setTags(table: Table, tags: Record<string, string>): Table {
    const updated: Table = { ...table, tags };
    this.statements.updateTags.run(JSON.stringify(tags), table.id);
    this.remember(updated);
    return updated;
  }

  delete(table: Table): void {
    this.db.transaction(() => {
      this.hooks.tableDeleted(table);
      this.statements.delete.run(table.id);
    })();
    this.forget(table);
  }
}
