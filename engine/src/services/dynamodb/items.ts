/**
 * The item store: items keyed by byte-sortable encodings of their primary key, secondary-index
 * entries kept in the same transaction as the item, and one stream record per change.
 * Callers (the data-plane operations) run each request inside `transaction`.
 */
import type { Statement } from "better-sqlite3";
import type { Clock } from "../../shared/clock.ts";
import type { Db } from "../../storage/database.ts";
import { itemFromJson, itemToJson } from "./item-json.ts";
import type { StreamStore } from "./stream-store.ts";
import type { IndexDefinition, KeySchema, Table } from "./table-definition.ts";
import { allIndexes } from "./table-definition.ts";
import {
  type AttributeValue,
  attributeValuesEqual,
  encodeSortableKey,
  type Item,
  itemSize,
} from "./values/index.ts";

const EMPTY = Buffer.alloc(0);
/** AWS (Time to Live): "the TTL can't be more than five years in the past". */
const TTL_MAX_AGE_MS = 5 * 365 * 24 * 60 * 60 * 1000;

export interface StoredItem {
  item: Item;
  size: number;
}

/** One entry a Query or Scan read: the item as the table or index holds it, and the base item. */
export interface PageEntry extends StoredItem {
  /** The whole item in the base table (an LSI can fetch attributes it does not project). */
  base: Item;
  /** For a base-table entry: the item as stored, which is its wire form (item-json.ts). */
  json?: string;
}

/**
 * A base-table entry, parsed only when something reads its item: an answer that returns items
 * whole (no filter, no projection) sends the stored text as it is.
 */
class StoredEntry implements PageEntry {
  private parsed: Item | undefined;
  constructor(
    readonly json: string,
    readonly size: number,
  ) {}
  get item(): Item {
    this.parsed ??= itemFromJson(this.json);
    return this.parsed;
  }
  get base(): Item {
    return this.item;
  }
}

export type RangeOperator = "=" | "<" | "<=" | ">" | ">=" | "BETWEEN" | "BEGINS_WITH";
export interface RangeCondition {
  op: RangeOperator;
  values: AttributeValue[];
}

export interface PageOptions {
  forward: boolean;
  /** Encoded position to continue after (from ExclusiveStartKey). */
  startAfter: Item | undefined;
  /** Stop after this many items (Limit). */
  limit: number | undefined;
  /** Stop once this many bytes were read (1 MB). */
  maxBytes: number;
}

export interface Page {
  items: PageEntry[];
  /** Bytes read, for capacity (Query sums sizes, then rounds). */
  bytesRead: number;
  /** The key of the last item evaluated, when more may follow. */
  lastEvaluated: Item | undefined;
}

interface ItemRow {
  pk: Buffer;
  sk: Buffer;
  item: string;
  size: number;
}

/** What a point read selects: key blobs cost a Buffer each to materialise and are not needed. */
type ItemValueRow = Pick<ItemRow, "item" | "size">;

/** The attribute value of a key attribute, if the item has one of the right scalar type. */
function keyValue(item: Item, name: string): AttributeValue | undefined {
  const value = item[name];
  if (!value) return undefined;
  return "S" in value || "N" in value || "B" in value ? value : undefined;
}

export function keyAttributes(item: Item, schema: KeySchema): Item {
  const out: Item = {};
  const hash = item[schema.hashKey];
  if (hash) out[schema.hashKey] = hash;
  if (schema.rangeKey) {
    const range = item[schema.rangeKey];
    if (range) out[schema.rangeKey] = range;
  }
  return out;
}

/** Attributes an index returns for its projection (keys of the table and the index always). */
export function projectForIndex(item: Item, table: Table, index: IndexDefinition): Item {
  if (index.projection.type === "ALL") return item;
  const names = new Set([table.definition.key.hashKey, index.key.hashKey]);
  if (table.definition.key.rangeKey) names.add(table.definition.key.rangeKey);
  if (index.key.rangeKey) names.add(index.key.rangeKey);
  for (const name of index.projection.nonKeyAttributes ?? []) names.add(name);
  const out: Item = {};
  for (const name of names) if (item[name]) out[name] = item[name]!;
  return out;
}

const segmentOf = (pk: Buffer, totalSegments: number): number => {
  // FNV-1a over the partition key: stable, and spreads partitions across segments.
  let hash = 0x811c9dc5;
  for (const byte of pk) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash % totalSegments;
};

export class ItemStore {
  private readonly s;
  private pendingStreams = new Set<string>();
  /** One transaction function for every request (better-sqlite3 builds a wrapper per `transaction` call). */
  private readonly inTransaction: <T>(work: () => T) => T;
  /** Query and Scan statements by SQL text: a few dozen shapes at most (index, range operator, start key, direction). */
  private readonly pageStatements = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly streams: StreamStore,
  ) {
    this.s = {
      get: db.prepare("SELECT item, size FROM ddb_items WHERE table_id = ? AND pk = ? AND sk = ?"),
      upsert: db.prepare(
        "INSERT INTO ddb_items (table_id, pk, sk, item, size, expires_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (table_id, pk, sk) DO UPDATE SET item = excluded.item, size = excluded.size, expires_at = excluded.expires_at",
      ),
      delete: db.prepare("DELETE FROM ddb_items WHERE table_id = ? AND pk = ? AND sk = ?"),
      insertEntry: db.prepare(
        "INSERT OR REPLACE INTO ddb_index_entries (table_id, index_name, pk, sk, base_pk, base_sk) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      deleteEntry: db.prepare(
        "DELETE FROM ddb_index_entries WHERE table_id = ? AND index_name = ? AND pk = ? AND sk = ? AND base_pk = ? AND base_sk = ?",
      ),
      stats: db.prepare(
        "SELECT COUNT(*) AS count, COALESCE(SUM(size), 0) AS bytes FROM ddb_items WHERE table_id = ?",
      ),
      indexStats: db.prepare(
        `SELECT e.index_name AS name, COUNT(*) AS count, COALESCE(SUM(i.size), 0) AS bytes FROM ddb_index_entries e
         JOIN ddb_items i ON i.table_id = e.table_id AND i.pk = e.base_pk AND i.sk = e.base_sk WHERE e.table_id = ? GROUP BY e.index_name`,
      ),
      dropTable: db.prepare("DELETE FROM ddb_items WHERE table_id = ?"),
      dropEntries: db.prepare("DELETE FROM ddb_index_entries WHERE table_id = ?"),
      dropIndex: db.prepare("DELETE FROM ddb_index_entries WHERE table_id = ? AND index_name = ?"),
      allRows: db.prepare("SELECT pk, sk, item, size FROM ddb_items WHERE table_id = ? ORDER BY pk, sk"),
      expired: db.prepare(
        "SELECT pk, sk, item, size FROM ddb_items WHERE table_id = ? AND expires_at BETWEEN ? AND ? LIMIT ?",
      ),
      setExpiry: db.prepare("UPDATE ddb_items SET expires_at = ? WHERE table_id = ? AND pk = ? AND sk = ?"),
    };
    this.inTransaction = db.transaction((work: () => unknown) => work()) as <T>(work: () => T) => T;
  }

  /** Runs `work` as one SQLite transaction; stream subscribers hear of new records after commit. */
  transaction<T>(work: () => T): T {
    const result = this.inTransaction(work);
    const arns = [...this.pendingStreams];
    this.pendingStreams.clear();
    for (const arn of arns) this.streams.notify(arn);
    return result;
  }

  private encodedKey(item: Item, schema: KeySchema): { pk: Buffer; sk: Buffer } | undefined {
    const hash = keyValue(item, schema.hashKey);
    if (!hash) return undefined;
    if (!schema.rangeKey) return { pk: encodeSortableKey(hash as never), sk: EMPTY };
    const range = keyValue(item, schema.rangeKey);
    if (!range) return undefined;
    return { pk: encodeSortableKey(hash as never), sk: encodeSortableKey(range as never) };
  }

  get(table: Table, key: Item): StoredItem | undefined {
    const encoded = this.encodedKey(key, table.definition.key);
    if (!encoded) return undefined;
    const row = this.s.get.get(table.id, encoded.pk, encoded.sk) as ItemValueRow | undefined;
    return row ? { item: itemFromJson(row.item), size: row.size } : undefined;
  }

  /**
   * Writes `next` (or deletes, when undefined) at `key`: maintains index entries and appends the
   * stream record. A write that leaves the item unchanged records nothing (AWS Streams).
   * Returns the previous item. `current` is the item at `key` as the caller just read it in the
   * same transaction (it is then not read again); the caller must not have changed it.
   */
  write(
    table: Table,
    key: Item,
    next: Item | undefined,
    options: { byTtl?: boolean; current?: { item: Item | undefined } } = {},
  ): Item | undefined {
    const encoded = this.encodedKey(key, table.definition.key)!;
    let previous: Item | undefined;
    if (options.current) previous = options.current.item;
    else {
      const row = this.s.get.get(table.id, encoded.pk, encoded.sk) as ItemValueRow | undefined;
      previous = row ? itemFromJson(row.item) : undefined;
    }
    if (!previous && !next) return undefined;
    if (previous) this.unindex(table, previous, encoded);
    if (next) {
      this.s.upsert.run(
        table.id,
        encoded.pk,
        encoded.sk,
        itemToJson(next),
        itemSize(next),
        this.expiryOf(table, next),
      );
      this.index(table, next, encoded);
    } else {
      this.s.delete.run(table.id, encoded.pk, encoded.sk);
    }
    if (!sameItem(previous, next)) {
      const arn = this.streams.append(table, {
        kind: !previous ? "INSERT" : next ? "MODIFY" : "REMOVE",
        keys: keyAttributes(next ?? previous!, table.definition.key),
        oldImage: previous,
        newImage: next,
        byTtl: options.byTtl,
      });
      if (arn) this.pendingStreams.add(arn);
    }
    return previous;
  }

  /** Epoch ms at which TTL expires the item (the TTL attribute is a Number of epoch seconds). */
  private expiryOf(table: Table, item: Item): number | null {
    const ttl = table.definition.ttl;
    if (!ttl?.enabled) return null;
    const value = item[ttl.attributeName];
    if (!value || !("N" in value)) return null;
    const seconds = Number(value.N);
    return Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds * 1000) : null;
  }

  private index(table: Table, item: Item, base: { pk: Buffer; sk: Buffer }): void {
    for (const index of allIndexes(table.definition)) {
      const key = this.encodedKey(item, index.key);
      if (key) this.s.insertEntry.run(table.id, index.name, key.pk, key.sk, base.pk, base.sk);
    }
  }

  private unindex(table: Table, item: Item, base: { pk: Buffer; sk: Buffer }): void {
    for (const index of allIndexes(table.definition)) {
      const key = this.encodedKey(item, index.key);
      if (key) this.s.deleteEntry.run(table.id, index.name, key.pk, key.sk, base.pk, base.sk);
    }
  }

  /** Query within one partition of the table or of an index, in key order. */
  query(
    table: Table,
    index: IndexDefinition | undefined,
    hash: AttributeValue,
    range: RangeCondition | undefined,
    page: PageOptions,
  ): Page {
    const schema = index?.key ?? table.definition.key;
    const pk = encodeSortableKey(hash as never);
    const clauses: string[] = [];
    const params: unknown[] = [];
    const bound = (op: string, value: AttributeValue) => {
      clauses.push(`sk ${op} ?`);
      params.push(encodeSortableKey(value as never));
    };
    if (range) {
      const [first, second] = range.values;
      switch (range.op) {
        case "=":
        case "<":
        case "<=":
        case ">":
        case ">=":
          bound(range.op, first!);
          break;
        case "BETWEEN":
          bound(">=", first!);
          bound("<=", second!);
          break;
        case "BEGINS_WITH":
          bound(">=", first!);
          break;
      }
    }
    const beginsWith = range?.op === "BEGINS_WITH" ? range.values[0] : undefined;
    return this.readPage(
      table,
      index,
      schema,
      `pk = ?${clauses.map((c) => ` AND ${c}`).join("")}`,
      [pk, ...params],
      page,
      beginsWith && schema.rangeKey
        ? (item) => (startsWith(item[schema.rangeKey!], beginsWith) ? "match" : "stop")
        : undefined,
    );
  }

  /** Scan of a table or index, optionally one segment of a parallel scan. */
  scan(
    table: Table,
    index: IndexDefinition | undefined,
    segment: { segment: number; total: number } | undefined,
    page: PageOptions,
  ): Page {
    const schema = index?.key ?? table.definition.key;
    const filter = segment ? (pk: Buffer) => segmentOf(pk, segment.total) === segment.segment : undefined;
    return this.readPage(table, index, schema, "1 = 1", [], { ...page, forward: true }, undefined, filter);
  }

  private readPage(
    table: Table,
    index: IndexDefinition | undefined,
    schema: KeySchema,
    where: string,
    params: unknown[],
    page: PageOptions,
    /** Where a key condition ends the read early (begins_with); undefined reads to the limit. */
    accept: ((item: Item) => "match" | "stop") | undefined,
    partitionFilter?: (pk: Buffer) => boolean,
  ): Page {
    const direction = page.forward ? "ASC" : "DESC";
    const after = page.forward ? ">" : "<";
    let sql: string;
    const args: unknown[] = [table.id];
    // The key blobs are read only when a parallel scan filters by partition (one Buffer each per row).
    const keyColumn = partitionFilter ? (index ? "e.pk AS ipk, " : "pk, ") : "";
    if (index) {
      sql = `SELECT ${keyColumn}i.item, i.size FROM ddb_index_entries e
             JOIN ddb_items i ON i.table_id = e.table_id AND i.pk = e.base_pk AND i.sk = e.base_sk
             WHERE e.table_id = ? AND e.index_name = ? AND ${where.replaceAll("pk", "e.pk").replaceAll("sk", "e.sk")}`;
      args.push(index.name, ...params);
      if (page.startAfter) {
        const start = this.startPosition(table, index, page.startAfter);
        sql += ` AND (e.pk, e.sk, e.base_pk, e.base_sk) ${after} (?, ?, ?, ?)`;
        args.push(start.pk, start.sk, start.basePk, start.baseSk);
      }
      sql += ` ORDER BY e.pk ${direction}, e.sk ${direction}, e.base_pk ${direction}, e.base_sk ${direction}`;
    } else {
      sql = `SELECT ${keyColumn}item, size FROM ddb_items WHERE table_id = ? AND ${where}`;
      args.push(...params);
      if (page.startAfter) {
        const start = this.encodedKey(page.startAfter, table.definition.key);
        if (start) {
          sql += ` AND (pk, sk) ${after} (?, ?)`;
          args.push(start.pk, start.sk);
        }
      }
      sql += ` ORDER BY pk ${direction}, sk ${direction}`;
    }
    const items: PageEntry[] = [];
    let bytesRead = 0;
    let last: PageEntry | undefined;
    let more = false;
    let statement = this.pageStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.pageStatements.set(sql, statement);
    }
    type PageRow = ItemValueRow & { pk?: Buffer; ipk?: Buffer };
    for (const row of statement.iterate(...args) as IterableIterator<PageRow>) {
      if (partitionFilter && !partitionFilter((row.ipk ?? row.pk)!)) continue;
      let entry: PageEntry;
      if (index) {
        const item = itemFromJson(row.item);
        if (accept?.(item) === "stop") break;
        // An index read is sized (and charged) by the index entry, not the base item.
        const projected = projectForIndex(item, table, index);
        entry = { item: projected, size: itemSize(projected), base: item };
      } else {
        entry = new StoredEntry(row.item, row.size);
        if (accept?.(entry.item) === "stop") break;
      }
      items.push(entry);
      bytesRead += entry.size;
      last = entry;
      // AWS stops once Limit items are evaluated or 1 MB is read, and then returns a
      // LastEvaluatedKey without looking ahead: the next page may be empty.
      if ((page.limit !== undefined && items.length >= page.limit) || bytesRead >= page.maxBytes) {
        more = true;
        break;
      }
    }
    const lastEvaluated =
      more && last
        ? {
            ...keyAttributes(last.base, table.definition.key),
            ...(index ? keyAttributes(last.base, schema) : {}),
          }
        : undefined;
    return { items, bytesRead, lastEvaluated };
  }

  private startPosition(
    table: Table,
    index: IndexDefinition,
    start: Item,
  ): { pk: Buffer; sk: Buffer; basePk: Buffer; baseSk: Buffer } {
    const indexKey = this.encodedKey(start, index.key) ?? { pk: EMPTY, sk: EMPTY };
    const baseKey = this.encodedKey(start, table.definition.key) ?? { pk: EMPTY, sk: EMPTY };
    return { pk: indexKey.pk, sk: indexKey.sk, basePk: baseKey.pk, baseSk: baseKey.sk };
  }

  stats(tableId: number): {
    itemCount: number;
    sizeBytes: number;
    indexes: Record<string, { itemCount: number; sizeBytes: number }>;
  } {
    const table = this.s.stats.get(tableId) as { count: number; bytes: number };
    const indexes: Record<string, { itemCount: number; sizeBytes: number }> = {};
    for (const row of this.s.indexStats.all(tableId) as Array<{
      name: string;
      count: number;
      bytes: number;
    }>) {
      indexes[row.name] = { itemCount: row.count, sizeBytes: row.bytes };
    }
    return { itemCount: table.count, sizeBytes: table.bytes, indexes };
  }

  dropTable(tableId: number): void {
    this.db.transaction(() => {
      this.s.dropEntries.run(tableId);
      this.s.dropTable.run(tableId);
    })();
  }

  /** Builds a new GSI's entries from the table's items (AWS backfills in the background). */
  backfill(table: Table, index: IndexDefinition): void {
    this.db.transaction(() => {
      for (const row of this.s.allRows.iterate(table.id) as IterableIterator<ItemRow>) {
        const key = this.encodedKey(itemFromJson(row.item), index.key);
        if (key) this.s.insertEntry.run(table.id, index.name, key.pk, key.sk, row.pk, row.sk);
      }
    })();
  }

  dropIndex(table: Table, index: IndexDefinition): void {
    this.s.dropIndex.run(table.id, index.name);
  }

  /** Recomputes TTL expiry times after TTL is enabled, disabled or pointed at another attribute. */
  refreshExpiry(table: Table): void {
    this.db.transaction(() => {
      for (const row of this.s.allRows.all(table.id) as ItemRow[]) {
        this.s.setExpiry.run(this.expiryOf(table, itemFromJson(row.item)), table.id, row.pk, row.sk);
      }
    })();
  }

  /** Deletes items whose TTL has passed, as the DynamoDB service principal (stream userIdentity). */
  expire(table: Table, limit: number): number {
    return this.transaction(() => {
      const now = this.clock.now();
      // AWS: a TTL more than five years in the past makes the item ineligible for deletion.
      const rows = this.s.expired.all(table.id, now - TTL_MAX_AGE_MS, now, limit) as ItemRow[];
      for (const row of rows) {
        const item = itemFromJson(row.item);
        this.write(table, keyAttributes(item, table.definition.key), undefined, { byTtl: true });
      }
      return rows.length;
    });
  }
}

function sameItem(a: Item | undefined, b: Item | undefined): boolean {
  if (!a || !b) return a === b;
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((name) => b[name] !== undefined && attributeValuesEqual(a[name]!, b[name]!));
}

function startsWith(value: AttributeValue | undefined, prefix: AttributeValue): boolean {
  if (!value) return false;
  if ("S" in value && "S" in prefix) return (value.S as string).startsWith(prefix.S as string);
  if ("B" in value && "B" in prefix) {
    const v = value.B as Buffer;
    const p = prefix.B as Buffer;
    return v.length >= p.length && v.subarray(0, p.length).equals(p);
  }
  return false;
}
