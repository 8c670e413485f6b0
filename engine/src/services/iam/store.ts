/**
 * IAM's SQLite schema (scope "iam"). IAM is global: rows are keyed by account, never by region.
 * Role and managed-policy names are unique without regard to case (`name_key` is the lower-case
 * name), as IAM's are. AWS managed policies are not stored; attachments name them by ARN.
 */
import type { Migration } from "../../storage/database.ts";

export const IAM_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE iam_roles (
        account_id TEXT NOT NULL,
        name_key TEXT NOT NULL,
        name TEXT NOT NULL,
        role_id TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        trust_policy TEXT NOT NULL,
        description TEXT,
        max_session_duration INTEGER NOT NULL,
        permissions_boundary TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, name_key)
      );
      CREATE TABLE iam_role_policies (
        account_id TEXT NOT NULL,
        role_key TEXT NOT NULL,
        name TEXT NOT NULL,
        document TEXT NOT NULL,
        PRIMARY KEY (account_id, role_key, name),
        FOREIGN KEY (account_id, role_key) REFERENCES iam_roles (account_id, name_key)
      );
      CREATE TABLE iam_policies (
        arn TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        name_key TEXT NOT NULL,
        name TEXT NOT NULL,
        policy_id TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        description TEXT,
        default_version TEXT NOT NULL,
        next_version INTEGER NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (account_id, name_key)
      );
      CREATE TABLE iam_policy_versions (
        policy_arn TEXT NOT NULL REFERENCES iam_policies (arn) ON DELETE CASCADE,
        version_id TEXT NOT NULL,
        version_number INTEGER NOT NULL,
        document TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (policy_arn, version_id)
      );
      CREATE TABLE iam_role_attachments (
        account_id TEXT NOT NULL,
        role_key TEXT NOT NULL,
        policy_arn TEXT NOT NULL,
        attached_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, role_key, policy_arn),
        FOREIGN KEY (account_id, role_key) REFERENCES iam_roles (account_id, name_key)
      );
      CREATE INDEX iam_role_attachments_by_policy ON iam_role_attachments (policy_arn);
    `,
  },
];
