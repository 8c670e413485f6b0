/**
 * DynamoDB's SQLite schema. Items are stored as JSON under byte-sortable key encodings, so a
 * Query is an index range scan in DynamoDB's key order. Secondary-index entries point at base
 * items and are projected on read.
 */
import type { Migration } from "../../storage/database.ts";

export const DYNAMODB_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE ddb_tables (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        definition TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        UNIQUE (account_id, region, name)
      );
      CREATE TABLE ddb_items (
        table_id INTEGER NOT NULL REFERENCES ddb_tables(id) ON DELETE CASCADE,
        pk BLOB NOT NULL,
        sk BLOB NOT NULL,
        item TEXT NOT NULL,
        size INTEGER NOT NULL,
        expires_at INTEGER,
        PRIMARY KEY (table_id, pk, sk)
      ) WITHOUT ROWID;
      CREATE INDEX ddb_items_by_expiry ON ddb_items (table_id, expires_at) WHERE expires_at IS NOT NULL;
      CREATE TABLE ddb_index_entries (
        table_id INTEGER NOT NULL REFERENCES ddb_tables(id) ON DELETE CASCADE,
        index_name TEXT NOT NULL,
        pk BLOB NOT NULL,
        sk BLOB NOT NULL,
        base_pk BLOB NOT NULL,
        base_sk BLOB NOT NULL,
        PRIMARY KEY (table_id, index_name, pk, sk, base_pk, base_sk)
      ) WITHOUT ROWID;
      CREATE TABLE ddb_stream_shards (
        stream_arn TEXT NOT NULL,
        shard_id TEXT NOT NULL,
        table_id INTEGER,
        parent_shard_id TEXT,
        created_at INTEGER NOT NULL,
        closed_at INTEGER,
        PRIMARY KEY (stream_arn, shard_id)
      );
      CREATE TABLE ddb_stream_records (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_arn TEXT NOT NULL,
        shard_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        record TEXT NOT NULL,
        size INTEGER NOT NULL
      );
      CREATE INDEX ddb_stream_records_by_shard ON ddb_stream_records (stream_arn, shard_id, seq);
      CREATE TABLE ddb_transaction_tokens (
        token TEXT PRIMARY KEY,
        request_hash TEXT NOT NULL,
        response TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
    `,
  },
  {
    // Streams outlive their table's definition: a disabled stream, or the stream of a deleted
    // table, stays readable for 24 hours (AWS DeleteTable, Streams developer guide). Shards
    // remember where they start and how far they were trimmed (TrimmedDataAccessException).
    version: 2,
    sql: `
      CREATE TABLE ddb_streams (
        stream_arn TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        table_name TEXT NOT NULL,
        key_schema TEXT NOT NULL,
        view_type TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        disabled_at INTEGER
      );
      CREATE INDEX ddb_streams_by_table ON ddb_streams (account_id, region, table_name);
      ALTER TABLE ddb_stream_shards ADD COLUMN start_seq INTEGER;
      ALTER TABLE ddb_stream_shards ADD COLUMN trimmed_through INTEGER;
      INSERT OR IGNORE INTO ddb_streams
        (stream_arn, account_id, region, table_name, key_schema, view_type, created_at, disabled_at)
        SELECT s.stream_arn, t.account_id, t.region, t.name, json_extract(t.definition, '$.key'),
               COALESCE(json_extract(t.definition, '$.stream.viewType'), 'KEYS_ONLY'),
               MIN(s.created_at), MAX(s.closed_at)
        FROM ddb_stream_shards s JOIN ddb_tables t ON t.id = s.table_id
        GROUP BY s.stream_arn;
    `,
  },
];
