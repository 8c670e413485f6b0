/**
 * Roles, their inline policies and their managed-policy attachments, in SQLite. Each mutating call
 * is one transaction. Policy documents are checked by the operations before they reach here.
 */
import type { Clock } from "../../shared/clock.ts";
import type { Db } from "../../storage/database.ts";
import { MAX_MANAGED_POLICIES_PER_ROLE, MAX_ROLE_INLINE_POLICIES_CHARS } from "./constants.ts";
import {
  inlinePoliciesTooLarge,
  mustDeleteInlinePolicies,
  mustDetachPolicies,
  policyNotFound,
  roleExists,
  roleNotFound,
  rolePolicyNotFound,
  tooManyAttachedPolicies,
} from "./errors.ts";
import { newRoleId, roleArn } from "./ids.ts";
import { policySize } from "./policy-document.ts";
import type { IamTag } from "./tags.ts";

export interface RoleRecord {
  accountId: string;
  name: string;
  roleId: string;
  arn: string;
  path: string;
  trustPolicy: string;
  description: string | undefined;
  maxSessionDuration: number;
  permissionsBoundary: string | undefined;
  tags: IamTag[];
  /** Epoch ms. */
  createdAt: number;
}

export interface NewRole {
  name: string;
  path: string;
  trustPolicy: string;
  description: string | undefined;
  maxSessionDuration: number;
  permissionsBoundary: string | undefined;
  tags: IamTag[];
}

interface RoleRow {
  account_id: string;
  name: string;
  role_id: string;
  path: string;
  trust_policy: string;
  description: string | null;
  max_session_duration: number;
  permissions_boundary: string | null;
  tags: string;
  created_at: number;
}

const toRecord = (row: RoleRow): RoleRecord => ({
  accountId: row.account_id,
  name: row.name,
  roleId: row.role_id,
  arn: roleArn(row.account_id, row.path, row.name),
  path: row.path,
  trustPolicy: row.trust_policy,
  description: row.description ?? undefined,
  maxSessionDuration: row.max_session_duration,
  permissionsBoundary: row.permissions_boundary ?? undefined,
  tags: JSON.parse(row.tags) as IamTag[],
  createdAt: row.created_at,
});

const keyOf = (name: string) => name.toLowerCase();

export class RoleStore {
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.statements = {
      get: db.prepare("SELECT * FROM iam_roles WHERE account_id = ? AND name_key = ?"),
      list: db.prepare("SELECT * FROM iam_roles WHERE account_id = ? ORDER BY name_key"),
      insert: db.prepare(
        `INSERT INTO iam_roles (account_id, name_key, name, role_id, path, trust_policy, description,
           max_session_duration, permissions_boundary, tags, created_at)
         VALUES (@accountId, @key, @name, @roleId, @path, @trustPolicy, @description, @maxSessionDuration,
           @permissionsBoundary, @tags, @createdAt)`,
      ),
      update: db.prepare(
        `UPDATE iam_roles SET trust_policy = @trustPolicy, description = @description,
           max_session_duration = @maxSessionDuration, permissions_boundary = @permissionsBoundary, tags = @tags
         WHERE account_id = @accountId AND name_key = @key`,
      ),
      delete: db.prepare("DELETE FROM iam_roles WHERE account_id = ? AND name_key = ?"),
      inlinePolicy: db.prepare(
        "SELECT document FROM iam_role_policies WHERE account_id = ? AND role_key = ? AND name = ?",
      ),
      inlinePolicies: db.prepare(
        "SELECT name, document FROM iam_role_policies WHERE account_id = ? AND role_key = ? ORDER BY name",
      ),
      putInline: db.prepare(
        `INSERT INTO iam_role_policies (account_id, role_key, name, document) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id, role_key, name) DO UPDATE SET document = excluded.document`,
      ),
      deleteInline: db.prepare(
        "DELETE FROM iam_role_policies WHERE account_id = ? AND role_key = ? AND name = ?",
      ),
      attachments: db.prepare(
        "SELECT policy_arn FROM iam_role_attachments WHERE account_id = ? AND role_key = ? ORDER BY attached_at, policy_arn",
      ),
      attach: db.prepare(
        `INSERT INTO iam_role_attachments (account_id, role_key, policy_arn, attached_at) VALUES (?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
      detach: db.prepare(
        "DELETE FROM iam_role_attachments WHERE account_id = ? AND role_key = ? AND policy_arn = ?",
      ),
      attachmentCount: db
        .prepare("SELECT COUNT(*) FROM iam_role_attachments WHERE account_id = ? AND policy_arn = ?")
        .pluck(),
      rolesWithPolicy: db.prepare(
        `SELECT r.* FROM iam_role_attachments a JOIN iam_roles r
           ON r.account_id = a.account_id AND r.name_key = a.role_key
         WHERE a.account_id = ? AND a.policy_arn = ? ORDER BY r.name_key`,
      ),
    };
  }

  find(accountId: string, name: string): RoleRecord | undefined {
    const row = this.statements.get.get(accountId, keyOf(name)) as RoleRow | undefined;
    return row && toRecord(row);
  }

  require(accountId: string, name: string): RoleRecord {
    const role = this.find(accountId, name);
    if (!role) throw roleNotFound(name);
    return role;
  }

  list(accountId: string): RoleRecord[] {
    return (this.statements.list.all(accountId) as RoleRow[]).map(toRecord);
  }

  create(accountId: string, role: NewRole): RoleRecord {
    return this.db.transaction(() => {
      if (this.find(accountId, role.name)) throw roleExists(role.name);
      this.statements.insert.run({
        accountId,
        key: keyOf(role.name),
        name: role.name,
        roleId: newRoleId(),
        path: role.path,
        trustPolicy: role.trustPolicy,
        description: role.description ?? null,
        maxSessionDuration: role.maxSessionDuration,
        permissionsBoundary: role.permissionsBoundary ?? null,
        tags: JSON.stringify(role.tags),
        createdAt: this.clock.now(),
      });
      return this.require(accountId, role.name);
    })();
  }

  /** Applies `change` to the role's mutable fields in one transaction. */
  update(accountId: string, name: string, change: (role: RoleRecord) => RoleRecord): RoleRecord {
    return this.db.transaction(() => {
      const updated = change(this.require(accountId, name));
      this.statements.update.run({
        accountId,
        key: keyOf(name),
        trustPolicy: updated.trustPolicy,
        description: updated.description ?? null,
        maxSessionDuration: updated.maxSessionDuration,
        permissionsBoundary: updated.permissionsBoundary ?? null,
        tags: JSON.stringify(updated.tags),
      });
      return updated;
    })();
  }

  delete(accountId: string, name: string): void {
    this.db.transaction(() => {
      const role = this.require(accountId, name);
      // AWS: attached managed policies are reported before inline ones.
      if (this.attachedPolicies(accountId, role.name).length > 0) throw mustDetachPolicies();
      if (this.inlinePolicyNames(accountId, role.name).length > 0) throw mustDeleteInlinePolicies();
      this.statements.delete.run(accountId, keyOf(name));
    })();
  }

  // ---- inline policies ---------------------------------------------------------------------------

  inlinePolicy(accountId: string, roleName: string, policyName: string): string {
    this.require(accountId, roleName);
    const document = this.statements.inlinePolicy.pluck().get(accountId, keyOf(roleName), policyName) as
      | string
      | undefined;
    if (document === undefined) throw rolePolicyNotFound(policyName);
    return document;
  }

  inlinePolicyNames(accountId: string, roleName: string): string[] {
    return this.inlinePolicies(accountId, roleName).map((p) => p.name);
  }

  inlinePolicies(accountId: string, roleName: string): { name: string; document: string }[] {
    this.require(accountId, roleName);
    return this.statements.inlinePolicies.all(accountId, keyOf(roleName)) as {
      name: string;
      document: string;
    }[];
  }

  putInlinePolicy(accountId: string, roleName: string, policyName: string, document: string): void {
    this.db.transaction(() => {
      const role = this.require(accountId, roleName);
      const others = this.inlinePolicies(accountId, roleName).filter((p) => p.name !== policyName);
      const total = others.reduce((sum, p) => sum + policySize(p.document), policySize(document));
      if (total > MAX_ROLE_INLINE_POLICIES_CHARS)
        throw inlinePoliciesTooLarge(MAX_ROLE_INLINE_POLICIES_CHARS, role.name);
      this.statements.putInline.run(accountId, keyOf(roleName), policyName, document);
    })();
  }

  deleteInlinePolicy(accountId: string, roleName: string, policyName: string): void {
    this.db.transaction(() => {
      this.require(accountId, roleName);
      const { changes } = this.statements.deleteInline.run(accountId, keyOf(roleName), policyName);
      if (changes === 0) throw rolePolicyNotFound(policyName);
    })();
  }

  // ---- managed policy attachments ----------------------------------------------------------------

  attachedPolicies(accountId: string, roleName: string): string[] {
    this.require(accountId, roleName);
    return this.statements.attachments.pluck().all(accountId, keyOf(roleName)) as string[];
  }

  /** Attaching a policy that is already attached succeeds and changes nothing, as in IAM. */
  attach(accountId: string, roleName: string, policyArn: string): void {
    this.db.transaction(() => {
      const attached = this.attachedPolicies(accountId, roleName);
      if (attached.includes(policyArn)) return;
      if (attached.length >= MAX_MANAGED_POLICIES_PER_ROLE)
        throw tooManyAttachedPolicies(MAX_MANAGED_POLICIES_PER_ROLE);
      this.statements.attach.run(accountId, keyOf(roleName), policyArn, this.clock.now());
    })();
  }

  detach(accountId: string, roleName: string, policyArn: string): void {
    this.db.transaction(() => {
      this.require(accountId, roleName);
      const { changes } = this.statements.detach.run(accountId, keyOf(roleName), policyArn);
      if (changes === 0) throw policyNotFound(policyArn);
    })();
  }

  attachmentCount(accountId: string, policyArn: string): number {
    return this.statements.attachmentCount.get(accountId, policyArn) as number;
  }

  rolesWithPolicy(accountId: string, policyArn: string): RoleRecord[] {
    return (this.statements.rolesWithPolicy.all(accountId, policyArn) as RoleRow[]).map(toRecord);
  }
}
