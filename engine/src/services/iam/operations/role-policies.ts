/**
 * A role's inline policies (PutRolePolicy, GetRolePolicy, DeleteRolePolicy, ListRolePolicies) and
 * its managed-policy attachments (AttachRolePolicy, DetachRolePolicy, ListAttachedRolePolicies).
 */
import type * as Iam from "@aws-sdk/client-iam";
import type { RequestContext } from "../../../server/context.ts";
import type { IamCore } from "../core.ts";
import { invalidArn, policyNotAttachable } from "../errors.ts";
import { parsePolicyArn } from "../ids.ts";
import { checkPolicyDocument, encodePolicyDocument } from "../policy-document.ts";
import { page } from "./pages.ts";

export function rolePolicyOperations(core: IamCore) {
  const { roles, policies } = core;
  return {
    PutRolePolicy(input: Iam.PutRolePolicyRequest, ctx: RequestContext) {
      roles.require(ctx.accountId, input.RoleName!);
      checkPolicyDocument(input.PolicyDocument!, "identity");
      roles.putInlinePolicy(ctx.accountId, input.RoleName!, input.PolicyName!, input.PolicyDocument!);
      return {};
    },

    GetRolePolicy(input: Iam.GetRolePolicyRequest, ctx: RequestContext) {
      const role = roles.require(ctx.accountId, input.RoleName!);
      const document = roles.inlinePolicy(ctx.accountId, role.name, input.PolicyName!);
      return {
        RoleName: role.name,
        PolicyName: input.PolicyName,
        PolicyDocument: encodePolicyDocument(document),
      };
    },

    DeleteRolePolicy(input: Iam.DeleteRolePolicyRequest, ctx: RequestContext) {
      roles.deleteInlinePolicy(ctx.accountId, input.RoleName!, input.PolicyName!);
      return {};
    },

    ListRolePolicies(input: Iam.ListRolePoliciesRequest, ctx: RequestContext) {
      const names = roles.inlinePolicyNames(ctx.accountId, input.RoleName!);
      const { items, ...rest } = page(names, (name) => name, input);
      return { PolicyNames: items, ...rest };
    },

    AttachRolePolicy(input: Iam.AttachRolePolicyRequest, ctx: RequestContext) {
      const arn = input.PolicyArn!;
      roles.require(ctx.accountId, input.RoleName!);
      if (!arn.startsWith("arn:")) throw invalidArn(arn);
      if (!parsePolicyArn(arn) || !policies.find(ctx.accountId, arn)) throw policyNotAttachable(arn);
      roles.attach(ctx.accountId, input.RoleName!, arn);
      return {};
    },

    DetachRolePolicy(input: Iam.DetachRolePolicyRequest, ctx: RequestContext) {
      const arn = input.PolicyArn!;
      roles.require(ctx.accountId, input.RoleName!);
      if (!arn.startsWith("arn:")) throw invalidArn(arn);
      roles.detach(ctx.accountId, input.RoleName!, arn);
      return {};
    },

    ListAttachedRolePolicies(input: Iam.ListAttachedRolePoliciesRequest, ctx: RequestContext) {
      const prefix = input.PathPrefix ?? "/";
      const attached = roles.attachedPolicies(ctx.accountId, input.RoleName!).flatMap((arn) => {
        const policy = policies.find(ctx.accountId, arn);
        return policy?.path.startsWith(prefix) ? [{ PolicyName: policy.name, PolicyArn: policy.arn }] : [];
      });
      const { items, ...rest } = page(attached, (p) => p.PolicyArn, input);
      return { AttachedPolicies: items, ...rest };
    },
  };
}
