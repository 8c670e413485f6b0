/**
 * Lambda's SQLite schema. A function's configuration is one JSON document (the fields the API
 * returns), its deployment package is kept whole so the unpacked copy can always be rebuilt.
 */
import type { Migration } from "../../storage/database.ts";

export const LAMBDA_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE lambda_functions (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        config TEXT NOT NULL,
        zip BLOB,
        tags TEXT NOT NULL DEFAULT '{}',
        policy TEXT,
        reserved_concurrency INTEGER,
        event_invoke_config TEXT,
        PRIMARY KEY (account_id, region, name)
      );
      CREATE TABLE lambda_mappings (
        uuid TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        function_name TEXT NOT NULL,
        config TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '{}'
      );
      CREATE TABLE lambda_async_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        function_name TEXT NOT NULL,
        payload BLOB NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        enqueued_at INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL
      );
    `,
  },
];
