/**
 * Roles: CreateRole, GetRole, DeleteRole, ListRoles, UpdateRole, UpdateRoleDescription,
 * UpdateAssumeRolePolicy, TagRole, UntagRole, ListRoleTags.
 */
import type * as Iam from "@aws-sdk/client-iam";
import type { RequestContext } from "../../../server/context.ts";
import { DEFAULT_MAX_SESSION_DURATION_SECONDS, MAX_TRUST_POLICY_CHARS } from "../constants.ts";
import type { IamCore } from "../core.ts";
import { boundaryNotAttachable, invalidBoundaryArn, LimitExceeded, trustPolicyTooLarge } from "../errors.ts";
import { parsePolicyArn } from "../ids.ts";
import { checkPolicyDocument, policySize } from "../policy-document.ts";
import { checkDistinctKeys, type IamTag, mergeTags, removeTags } from "../tags.ts";
import { describeRole } from "./describe.ts";
import { page } from "./pages.ts";

/** Tags a resource may carry. */
const MAX_TAGS = 50;

export function checkTrustPolicy(text: string): void {
  checkPolicyDocument(text, "trust");
  if (policySize(text) > MAX_TRUST_POLICY_CHARS) throw trustPolicyTooLarge(MAX_TRUST_POLICY_CHARS);
}

function checkBoundary(core: IamCore, accountId: string, arn: string | undefined): void {
  if (arn === undefined) return;
  if (!parsePolicyArn(arn)) throw invalidBoundaryArn(arn);
  if (!core.policies.find(accountId, arn)) throw boundaryNotAttachable(arn);
}

const tagsOf = (tags: Iam.Tag[] | undefined): IamTag[] =>
  (tags ?? []).map((t) => ({ Key: t.Key!, Value: t.Value ?? "" }));

export function roleOperations(core: IamCore) {
  const { roles } = core;
  return {
    CreateRole(input: Iam.CreateRoleRequest, ctx: RequestContext) {
      const tags = tagsOf(input.Tags);
      checkDistinctKeys(tags);
      checkTrustPolicy(input.AssumeRolePolicyDocument!);
      checkBoundary(core, ctx.accountId, input.PermissionsBoundary);
      const role = roles.create(ctx.accountId, {
        name: input.RoleName!,
        path: input.Path ?? "/",
        trustPolicy: input.AssumeRolePolicyDocument!,
        description: input.Description,
        maxSessionDuration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION_SECONDS,
        permissionsBoundary: input.PermissionsBoundary,
        tags,
      });
      return { Role: describeRole(role, "create") };
    },

    GetRole(input: Iam.GetRoleRequest, ctx: RequestContext) {
      return { Role: describeRole(roles.require(ctx.accountId, input.RoleName!), "get") };
    },

    DeleteRole(input: Iam.DeleteRoleRequest, ctx: RequestContext) {
      roles.delete(ctx.accountId, input.RoleName!);
      return {};
    },

    ListRoles(input: Iam.ListRolesRequest, ctx: RequestContext) {
      const prefix = input.PathPrefix ?? "/";
      const matching = roles.list(ctx.accountId).filter((r) => r.path.startsWith(prefix));
      const { items, ...rest } = page(matching, (r) => r.name.toLowerCase(), input);
      return { Roles: items.map((r) => describeRole(r, "list")), ...rest };
    },

    UpdateRole(input: Iam.UpdateRoleRequest, ctx: RequestContext) {
      roles.update(ctx.accountId, input.RoleName!, (role) => ({
        ...role,
        description: input.Description ?? role.description,
        maxSessionDuration: input.MaxSessionDuration ?? role.maxSessionDuration,
      }));
      return {};
    },

    UpdateRoleDescription(input: Iam.UpdateRoleDescriptionRequest, ctx: RequestContext) {
      const role = roles.update(ctx.accountId, input.RoleName!, (r) => ({
        ...r,
        description: input.Description,
      }));
      return { Role: { ...describeRole(role, "create"), Description: role.description } };
    },

    UpdateAssumeRolePolicy(input: Iam.UpdateAssumeRolePolicyRequest, ctx: RequestContext) {
      roles.require(ctx.accountId, input.RoleName!);
      checkTrustPolicy(input.PolicyDocument!);
      roles.update(ctx.accountId, input.RoleName!, (role) => ({
        ...role,
        trustPolicy: input.PolicyDocument!,
      }));
      return {};
    },

    PutRolePermissionsBoundary(input: Iam.PutRolePermissionsBoundaryRequest, ctx: RequestContext) {
      roles.require(ctx.accountId, input.RoleName!);
      checkBoundary(core, ctx.accountId, input.PermissionsBoundary);
      roles.update(ctx.accountId, input.RoleName!, (role) => ({
        ...role,
        permissionsBoundary: input.PermissionsBoundary,
      }));
      return {};
    },

    DeleteRolePermissionsBoundary(input: Iam.DeleteRolePermissionsBoundaryRequest, ctx: RequestContext) {
      roles.update(ctx.accountId, input.RoleName!, (role) => ({ ...role, permissionsBoundary: undefined }));
      return {};
    },

    TagRole(input: Iam.TagRoleRequest, ctx: RequestContext) {
      const added = tagsOf(input.Tags);
      checkDistinctKeys(added);
      roles.update(ctx.accountId, input.RoleName!, (role) => {
        const tags = mergeTags(role.tags, added);
        // Unverified wording: the combined count is a quota, not a model constraint.
        if (tags.length > MAX_TAGS)
          throw new LimitExceeded("The number of tags has reached the maximum limit.");
        return { ...role, tags };
      });
      return {};
    },

    UntagRole(input: Iam.UntagRoleRequest, ctx: RequestContext) {
      roles.update(ctx.accountId, input.RoleName!, (role) => ({
        ...role,
        tags: removeTags(role.tags, input.TagKeys ?? []),
      }));
      return {};
    },

    ListRoleTags(input: Iam.ListRoleTagsRequest, ctx: RequestContext) {
      const role = roles.require(ctx.accountId, input.RoleName!);
      const { items, ...rest } = page(role.tags, (t) => t.Key, input);
      return { Tags: items, ...rest };
    },
  };
}
