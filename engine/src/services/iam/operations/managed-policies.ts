/**
 * Managed policies: CreatePolicy, GetPolicy, DeletePolicy, ListPolicies, CreatePolicyVersion,
 * GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion,
 * ListEntitiesForPolicy.
 */
import type * as Iam from "@aws-sdk/client-iam";
import type { RequestContext } from "../../../server/context.ts";
import type { IamCore } from "../core.ts";
import { invalidArn, policyNotFound } from "../errors.ts";
import type { ManagedPolicyRecord } from "../managed-policies.ts";
import { checkPolicyDocument } from "../policy-document.ts";
import { checkDistinctKeys } from "../tags.ts";
import { describePolicy, describeVersion } from "./describe.ts";
import { page } from "./pages.ts";

export function managedPolicyOperations(core: IamCore) {
  const { roles, policies } = core;
  const requirePolicy = (accountId: string, arn: string): ManagedPolicyRecord => {
    if (!arn.startsWith("arn:")) throw invalidArn(arn);
    const policy = policies.find(accountId, arn);
    if (!policy) throw policyNotFound(arn);
    return policy;
  };
  const boundaryUsage = (accountId: string, arn: string) =>
    roles.list(accountId).filter((r) => r.permissionsBoundary === arn).length;
  const describe = (accountId: string, policy: ManagedPolicyRecord, view: "create" | "get" | "list") =>
    describePolicy(
      policy,
      {
        attachments: roles.attachmentCount(accountId, policy.arn),
        boundaries: boundaryUsage(accountId, policy.arn),
      },
      view,
    );

  return {
    CreatePolicy(input: Iam.CreatePolicyRequest, ctx: RequestContext) {
      const tags = (input.Tags ?? []).map((t) => ({ Key: t.Key!, Value: t.Value ?? "" }));
      checkDistinctKeys(tags);
      checkPolicyDocument(input.PolicyDocument!, "identity");
      const policy = policies.create(ctx.accountId, {
        name: input.PolicyName!,
        path: input.Path ?? "/",
        document: input.PolicyDocument!,
        description: input.Description,
        tags,
      });
      return { Policy: describe(ctx.accountId, policy, "create") };
    },

    GetPolicy(input: Iam.GetPolicyRequest, ctx: RequestContext) {
      return { Policy: describe(ctx.accountId, requirePolicy(ctx.accountId, input.PolicyArn!), "get") };
    },

    DeletePolicy(input: Iam.DeletePolicyRequest, ctx: RequestContext) {
      const policy = requirePolicy(ctx.accountId, input.PolicyArn!);
      policies.delete(ctx.accountId, policy.arn, roles.attachmentCount(ctx.accountId, policy.arn));
      return {};
    },

    ListPolicies(input: Iam.ListPoliciesRequest, ctx: RequestContext) {
      const prefix = input.PathPrefix ?? "/";
      const matching = policies
        .list(ctx.accountId, input.Scope ?? "All")
        .filter((p) => p.path.startsWith(prefix))
        .filter((p) => !input.OnlyAttached || roles.attachmentCount(ctx.accountId, p.arn) > 0)
        .filter(
          (p) => input.PolicyUsageFilter !== "PermissionsBoundary" || boundaryUsage(ctx.accountId, p.arn) > 0,
        );
      const { items, ...rest } = page(matching, (p) => p.name.toLowerCase(), input);
      return { Policies: items.map((p) => describe(ctx.accountId, p, "list")), ...rest };
    },

    CreatePolicyVersion(input: Iam.CreatePolicyVersionRequest, ctx: RequestContext) {
      const policy = requirePolicy(ctx.accountId, input.PolicyArn!);
      checkPolicyDocument(input.PolicyDocument!, "identity");
      const version = policies.createVersion(
        ctx.accountId,
        policy.arn,
        input.PolicyDocument!,
        input.SetAsDefault ?? false,
      );
      return { PolicyVersion: describeVersion(version, false) };
    },

    GetPolicyVersion(input: Iam.GetPolicyVersionRequest, ctx: RequestContext) {
      const policy = requirePolicy(ctx.accountId, input.PolicyArn!);
      return {
        PolicyVersion: describeVersion(policies.version(ctx.accountId, policy.arn, input.VersionId!), true),
      };
    },

    ListPolicyVersions(input: Iam.ListPolicyVersionsRequest, ctx: RequestContext) {
      const policy = requirePolicy(ctx.accountId, input.PolicyArn!);
      const { items, ...rest } = page(
        policies.versions(ctx.accountId, policy.arn),
        (v) => v.versionId,
        input,
      );
      return { Versions: items.map((v) => describeVersion(v, false)), ...rest };
    },

    DeletePolicyVersion(input: Iam.DeletePolicyVersionRequest, ctx: RequestContext) {
      const policy = requirePolicy(ctx.accountId, input.PolicyArn!);
      policies.deleteVersion(ctx.accountId, policy.arn, input.VersionId!);
      return {};
    },

    SetDefaultPolicyVersion(input: Iam.SetDefaultPolicyVersionRequest, ctx: RequestContext) {
      const policy = requirePolicy(ctx.accountId, input.PolicyArn!);
      policies.setDefaultVersion(ctx.accountId, policy.arn, input.VersionId!);
      return {};
    },

    ListEntitiesForPolicy(input: Iam.ListEntitiesForPolicyRequest, ctx: RequestContext) {
      const policy = requirePolicy(ctx.accountId, input.PolicyArn!);
      const wantsRoles = input.EntityFilter === undefined || input.EntityFilter === "Role";
      const attached = wantsRoles ? roles.rolesWithPolicy(ctx.accountId, policy.arn) : [];
      const { items, ...rest } = page(attached, (r) => r.name.toLowerCase(), input);
      return {
        PolicyGroups: [],
        PolicyUsers: [],
        PolicyRoles: items.map((r) => ({ RoleName: r.name, RoleId: r.roleId })),
        ...rest,
      };
    },
  };
}
