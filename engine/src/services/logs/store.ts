/**
 * CloudWatch Logs' SQLite schema. Events are rows ordered by (timestamp, seq): `seq` is the global
 * insertion order, which breaks ties between events of the same millisecond as AWS does (by
 * ingestion). A group's stored bytes are kept on its row, so DescribeLogGroups never sums events.
 */
import type { Migration } from "../../storage/database.ts";

export const LOGS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE logs_groups (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        retention_days INTEGER,
        kms_key_id TEXT,
        log_group_class TEXT NOT NULL,
        deletion_protection INTEGER NOT NULL DEFAULT 0,
        tags TEXT NOT NULL DEFAULT '{}',
        stored_bytes INTEGER NOT NULL DEFAULT 0,
        UNIQUE (account_id, region, name)
      );
      CREATE TABLE logs_streams (
        id INTEGER PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES logs_groups(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        first_event_at INTEGER,
        last_event_at INTEGER,
        last_ingested_at INTEGER,
        upload_sequence INTEGER NOT NULL DEFAULT 0,
        UNIQUE (group_id, name)
      );
      CREATE TABLE logs_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        group_id INTEGER NOT NULL,
        stream_id INTEGER NOT NULL,
        timestamp INTEGER NOT NULL,
        ingested_at INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        message TEXT NOT NULL
      );
      CREATE INDEX logs_events_by_stream ON logs_events (stream_id, timestamp, seq);
      CREATE INDEX logs_events_by_group ON logs_events (group_id, timestamp, seq);
    `,
  },
];
