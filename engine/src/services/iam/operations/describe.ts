/**
 * Role and policy descriptions in the shape each operation answers with. IAM shows less in some
 * answers than in others (AWS, recorded 2026): CreateRole has no MaxSessionDuration or
 * RoleLastUsed; ListRoles has no tags, boundary or RoleLastUsed; GetRole has them all.
 */
import type * as Iam from "@aws-sdk/client-iam";
import type { ManagedPolicyRecord, PolicyVersionRecord } from "../managed-policies.ts";
import { encodePolicyDocument } from "../policy-document.ts";
import type { RoleRecord } from "../roles.ts";

/** Timestamps travel as epoch seconds; the protocol writes them as ISO 8601. */
type Wire<T> = { [K in keyof T]: T[K] extends Date | undefined ? number : T[K] };

const seconds = (ms: number) => ms / 1000;

export function describeRole(role: RoleRecord, view: "create" | "get" | "list"): Wire<Iam.Role> {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: seconds(role.createdAt),
    AssumeRolePolicyDocument: encodePolicyDocument(role.trustPolicy),
    ...(view !== "create" && role.description !== undefined && { Description: role.description }),
    ...(view !== "create" && { MaxSessionDuration: role.maxSessionDuration }),
    ...(view !== "list" &&
      role.permissionsBoundary !== undefined && {
        PermissionsBoundary: {
          PermissionsBoundaryType: "PermissionsBoundaryPolicy",
          PermissionsBoundaryArn: role.permissionsBoundary,
        },
      }),
    ...(view !== "list" && role.tags.length > 0 && { Tags: role.tags }),
    ...(view === "get" && { RoleLastUsed: {} }),
  } as Wire<Iam.Role>;
}

export function describePolicy(
  policy: ManagedPolicyRecord,
  usage: { attachments: number; boundaries: number },
  view: "create" | "get" | "list",
): Wire<Iam.Policy> {
  return {
    PolicyName: policy.name,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: usage.attachments,
    PermissionsBoundaryUsageCount: usage.boundaries,
    IsAttachable: true,
    ...(view === "get" && policy.description !== undefined && { Description: policy.description }),
    CreateDate: seconds(policy.createdAt),
    UpdateDate: seconds(policy.updatedAt),
    ...(view !== "list" && (policy.tags.length > 0 || policy.awsManaged) && { Tags: policy.tags }),
  } as Wire<Iam.Policy>;
}

export function describeVersion(
  version: PolicyVersionRecord,
  withDocument: boolean,
): Wire<Iam.PolicyVersion> {
  return {
    ...(withDocument && { Document: encodePolicyDocument(version.document) }),
    VersionId: version.versionId,
    IsDefaultVersion: version.isDefault,
    CreateDate: seconds(version.createdAt),
  } as Wire<Iam.PolicyVersion>;
}
