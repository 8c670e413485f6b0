/** SQS's SQLite schema. Messages are rows; a queue's order is the global insertion sequence `seq`. */
import type { Migration } from "../../storage/database.ts";

export const SQS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE sqs_queues (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        fifo INTEGER NOT NULL,
        attributes TEXT NOT NULL,
        tags TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        purged_at INTEGER,
        UNIQUE (account_id, region, name)
      );
      CREATE TABLE sqs_deleted_queues (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        deleted_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, region, name)
      );
      CREATE TABLE sqs_messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        queue_id INTEGER NOT NULL REFERENCES sqs_queues(id) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        body TEXT NOT NULL,
        md5_body TEXT NOT NULL,
        attributes TEXT,
        system_attributes TEXT,
        sent_at INTEGER NOT NULL,
        retain_from INTEGER NOT NULL,
        visible_at INTEGER NOT NULL,
        receive_count INTEGER NOT NULL DEFAULT 0,
        first_received_at INTEGER,
        received_at INTEGER,
        receipt TEXT,
        group_id TEXT,
        dedup_id TEXT,
        sequence_number TEXT,
        sender_id TEXT NOT NULL,
        dlq_source_arn TEXT
      );
      CREATE INDEX sqs_messages_by_visibility ON sqs_messages (queue_id, visible_at, seq);
      CREATE INDEX sqs_messages_by_retention ON sqs_messages (queue_id, retain_from);
      CREATE INDEX sqs_messages_by_group ON sqs_messages (queue_id, group_id, seq) WHERE group_id IS NOT NULL;
      CREATE TABLE sqs_deduplication (
        queue_id INTEGER NOT NULL REFERENCES sqs_queues(id) ON DELETE CASCADE,
        scope_key TEXT NOT NULL,
        dedup_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        sequence_number TEXT,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (queue_id, scope_key, dedup_id)
      );
      CREATE TABLE sqs_receive_attempts (
        queue_id INTEGER NOT NULL REFERENCES sqs_queues(id) ON DELETE CASCADE,
        attempt_id TEXT NOT NULL,
        receipts TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (queue_id, attempt_id)
      );
      CREATE TABLE sqs_move_tasks (
        task_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        source_arn TEXT NOT NULL,
        destination_arn TEXT,
        max_per_second INTEGER,
        status TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        to_move INTEGER NOT NULL,
        moved INTEGER NOT NULL DEFAULT 0,
        failure_reason TEXT
      );
      CREATE INDEX sqs_move_tasks_by_source ON sqs_move_tasks (source_arn, started_at);
    `,
  },
];
