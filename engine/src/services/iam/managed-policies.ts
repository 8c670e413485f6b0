/**
 * Customer managed policies and their versions, in SQLite, and the AWS managed catalogue read
 * through the same view. A policy keeps at most five versions; exactly one is the default.
 */
import type { Clock } from "../../shared/clock.ts";
import type { Db } from "../../storage/database.ts";
import {
  awsManagedPolicies,
  awsManagedPolicyArn,
  awsManagedPolicyId,
  findAwsManagedPolicy,
} from "./aws-managed-policies.ts";
import { AWS_MANAGED_ACCOUNT, MAX_MANAGED_POLICY_CHARS, MAX_POLICY_VERSIONS } from "./constants.ts";
import {
  awsManagedPolicyReadOnly,
  DeleteConflict,
  defaultVersionDeletion,
  managedPolicyTooLarge,
  policyAttached,
  policyExists,
  policyNotFound,
  policyVersionNotFound,
  tooManyVersions,
} from "./errors.ts";
import { newPolicyId, policyArn } from "./ids.ts";
import { policySize } from "./policy-document.ts";
import type { IamTag } from "./tags.ts";

export interface ManagedPolicyRecord {
  arn: string;
  name: string;
  policyId: string;
  path: string;
  description: string | undefined;
  defaultVersionId: string;
  tags: IamTag[];
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  /** An AWS managed policy (read-only, not stored). */
  awsManaged: boolean;
}

export interface PolicyVersionRecord {
  versionId: string;
  document: string;
  isDefault: boolean;
  createdAt: number;
}

interface PolicyRow {
  arn: string;
  account_id: string;
  name: string;
  policy_id: string;
  path: string;
  description: string | null;
  default_version: string;
  next_version: number;
  tags: string;
  created_at: number;
  updated_at: number;
}

const toRecord = (row: PolicyRow): ManagedPolicyRecord => ({
  arn: row.arn,
  name: row.name,
  policyId: row.policy_id,
  path: row.path,
  description: row.description ?? undefined,
  defaultVersionId: row.default_version,
  tags: JSON.parse(row.tags) as IamTag[],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  awsManaged: false,
});

export class PolicyStore {
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.statements = {
      get: db.prepare("SELECT * FROM iam_policies WHERE arn = ?"),
      byName: db.prepare("SELECT * FROM iam_policies WHERE account_id = ? AND name_key = ?"),
      list: db.prepare("SELECT * FROM iam_policies WHERE account_id = ? ORDER BY name_key"),
      insert: db.prepare(
        `INSERT INTO iam_policies (arn, account_id, name_key, name, policy_id, path, description,
           default_version, next_version, tags, created_at, updated_at)
         VALUES (@arn, @accountId, @key, @name, @policyId, @path, @description, 'v1', 2, @tags, @now, @now)`,
      ),
      delete: db.prepare("DELETE FROM iam_policies WHERE arn = ?"),
      setDefault: db.prepare("UPDATE iam_policies SET default_version = ?, updated_at = ? WHERE arn = ?"),
      bumpVersion: db.prepare("UPDATE iam_policies SET next_version = next_version + 1 WHERE arn = ?"),
      versions: db.prepare(
        "SELECT version_id, document, created_at FROM iam_policy_versions WHERE policy_arn = ? ORDER BY version_number DESC",
      ),
      version: db.prepare(
        "SELECT version_id, document, created_at FROM iam_policy_versions WHERE policy_arn = ? AND version_id = ?",
      ),
      insertVersion: db.prepare(
        `INSERT INTO iam_policy_versions (policy_arn, version_id, version_number, document, created_at)
         VALUES (?, ?, ?, ?, ?)`,
      ),
      deleteVersion: db.prepare("DELETE FROM iam_policy_versions WHERE policy_arn = ? AND version_id = ?"),
    };
  }

  /** A customer managed policy of this account, or an AWS managed one, by ARN. */
  find(accountId: string, arn: string): ManagedPolicyRecord | undefined {
    const aws = findAwsManagedPolicy(arn);
    if (aws) {
      return {
        arn,
        name: aws.name,
        policyId: awsManagedPolicyId(aws),
        path: aws.path,
        description: aws.description,
        defaultVersionId: aws.versionId,
        tags: [],
        createdAt: aws.createdAt,
        updatedAt: aws.updatedAt,
        awsManaged: true,
      };
    }
    const row = this.statements.get.get(arn) as PolicyRow | undefined;
    return row && row.account_id === accountId ? toRecord(row) : undefined;
  }

  require(accountId: string, arn: string): ManagedPolicyRecord {
    const policy = this.find(accountId, arn);
    if (!policy) throw policyNotFound(arn);
    return policy;
  }

  list(accountId: string, scope: "All" | "AWS" | "Local"): ManagedPolicyRecord[] {
    const local = scope === "AWS" ? [] : (this.statements.list.all(accountId) as PolicyRow[]).map(toRecord);
    const aws =
      scope === "Local" ? [] : awsManagedPolicies().map((p) => this.find(accountId, awsManagedPolicyArn(p))!);
    return [...aws, ...local].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  }

  create(
    accountId: string,
    input: { name: string; path: string; document: string; description?: string; tags: IamTag[] },
  ): ManagedPolicyRecord {
    if (policySize(input.document) > MAX_MANAGED_POLICY_CHARS)
      throw managedPolicyTooLarge(MAX_MANAGED_POLICY_CHARS);
    return this.db.transaction(() => {
      if (this.statements.byName.get(accountId, input.name.toLowerCase())) throw policyExists(input.name);
      const arn = policyArn(accountId, input.path, input.name);
      const now = this.clock.now();
      this.statements.insert.run({
        arn,
        accountId,
        key: input.name.toLowerCase(),
        name: input.name,
        policyId: newPolicyId(),
        path: input.path,
        description: input.description ?? null,
        tags: JSON.stringify(input.tags),
        now,
      });
      this.statements.insertVersion.run(arn, "v1", 1, input.document, now);
      return this.require(accountId, arn);
    })();
  }

  delete(accountId: string, arn: string, attachments: number): void {
    this.db.transaction(() => {
      const policy = this.requireLocal(accountId, arn);
      if (attachments > 0) throw policyAttached();
      if (this.versions(accountId, policy.arn).length > 1) {
        throw new DeleteConflict(
          "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
        );
      }
      this.statements.delete.run(arn);
    })();
  }

  versions(accountId: string, arn: string): PolicyVersionRecord[] {
    const policy = this.require(accountId, arn);
    if (policy.awsManaged) {
      const aws = findAwsManagedPolicy(arn)!;
      return [
        { versionId: aws.versionId, document: aws.document, isDefault: true, createdAt: aws.updatedAt },
      ];
    }
    const rows = this.statements.versions.all(arn) as {
      version_id: string;
      document: string;
      created_at: number;
    }[];
    return rows.map((row) => ({
      versionId: row.version_id,
      document: row.document,
      isDefault: row.version_id === policy.defaultVersionId,
      createdAt: row.created_at,
    }));
  }

  version(accountId: string, arn: string, versionId: string): PolicyVersionRecord {
    const found = this.versions(accountId, arn).find((v) => v.versionId === versionId);
    if (!found) throw policyVersionNotFound(arn, versionId);
    return found;
  }

  defaultDocument(accountId: string, arn: string): string {
    // Read on every evaluated request: an AWS managed policy's document needs no lookup.
    const aws = findAwsManagedPolicy(arn);
    if (aws) return aws.document;
    const policy = this.require(accountId, arn);
    return this.version(accountId, arn, policy.defaultVersionId).document;
  }

  createVersion(
    accountId: string,
    arn: string,
    document: string,
    setAsDefault: boolean,
  ): PolicyVersionRecord {
    if (policySize(document) > MAX_MANAGED_POLICY_CHARS)
      throw managedPolicyTooLarge(MAX_MANAGED_POLICY_CHARS);
    return this.db.transaction(() => {
      this.requireLocal(accountId, arn);
      if (this.versions(accountId, arn).length >= MAX_POLICY_VERSIONS)
        throw tooManyVersions(MAX_POLICY_VERSIONS);
      const row = this.statements.get.get(arn) as PolicyRow;
      const versionId = `v${row.next_version}`;
      const now = this.clock.now();
      this.statements.insertVersion.run(arn, versionId, row.next_version, document, now);
      this.statements.bumpVersion.run(arn);
      if (setAsDefault) this.statements.setDefault.run(versionId, now, arn);
      return this.version(accountId, arn, versionId);
    })();
  }

  setDefaultVersion(accountId: string, arn: string, versionId: string): void {
    this.db.transaction(() => {
      this.requireLocal(accountId, arn);
      this.version(accountId, arn, versionId);
      this.statements.setDefault.run(versionId, this.clock.now(), arn);
    })();
  }

  deleteVersion(accountId: string, arn: string, versionId: string): void {
    this.db.transaction(() => {
      const policy = this.requireLocal(accountId, arn);
      const version = this.version(accountId, arn, versionId);
      if (version.versionId === policy.defaultVersionId) throw defaultVersionDeletion();
      this.statements.deleteVersion.run(arn, versionId);
    })();
  }

  private requireLocal(accountId: string, arn: string): ManagedPolicyRecord {
    const policy = this.require(accountId, arn);
    if (policy.awsManaged || arn.split(":")[4] === AWS_MANAGED_ACCOUNT) throw awsManagedPolicyReadOnly(arn);
    return policy;
  }
}
