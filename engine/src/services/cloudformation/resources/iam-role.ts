/**
 * AWS::IAM::Role, stored by the engine's IAM and evaluated under `--iam`. Ref: the role name.
 * GetAtt: Arn, RoleId (and any property). Without RoleName the name is generated. RoleName and Path
 * replace the role; the trust policy, description, session duration, boundary, inline Policies,
 * ManagedPolicyArns and Tags are updated in place. Deleting the role first removes every inline
 * policy and detaches every managed policy, as CloudFormation's handler does.
 */
import { existing } from "./errors.ts";
import { generatePhysicalName } from "./physical-names.ts";
import { changed, jsonText, list, num, obj, type Properties, str, tagChanges, tagMap } from "./properties.ts";
import { call, defineProvider } from "./provider.ts";
import type { ResourceContext } from "./types.ts";

const TYPE = "AWS::IAM::Role";
/** AWS: role names are at most 64 characters. */
const MAX_ROLE_NAME_LENGTH = 64;

const inlinePolicies = (properties: Properties): Map<string, string> =>
  new Map(
    list(properties.Policies).map((p) => {
      const policy = obj(p) ?? {};
      return [String(policy.PolicyName), jsonText(policy.PolicyDocument)];
    }),
  );

const managedArns = (properties: Properties): string[] => list(properties.ManagedPolicyArns).map(String);

async function describe(ctx: ResourceContext, name: string) {
  const { Role } = await call<{ Role: { RoleName: string; Arn: string; RoleId: string } }>(
    ctx,
    "iam",
    "GetRole",
    {
      RoleName: name,
    },
  );
  return { physicalId: Role.RoleName, attributes: { Arn: Role.Arn, RoleId: Role.RoleId } };
}

export const iamRoleProvider = defineProvider({
  type: TYPE,

  async create(properties, ctx) {
    const name = str(properties.RoleName) ?? generatePhysicalName(ctx, { maxLength: MAX_ROLE_NAME_LENGTH });
    const tags = tagMap(properties.Tags);
    await call(ctx, "iam", "CreateRole", {
      RoleName: name,
      AssumeRolePolicyDocument: jsonText(properties.AssumeRolePolicyDocument),
      ...(properties.Path !== undefined && { Path: properties.Path }),
      ...(properties.Description !== undefined && { Description: properties.Description }),
      ...(properties.MaxSessionDuration !== undefined && {
        MaxSessionDuration: properties.MaxSessionDuration,
      }),
      ...(properties.PermissionsBoundary !== undefined && {
        PermissionsBoundary: properties.PermissionsBoundary,
      }),
      ...(Object.keys(tags).length > 0 && {
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    }).catch(existing(TYPE, name));
    for (const [policyName, document] of inlinePolicies(properties)) {
      await call(ctx, "iam", "PutRolePolicy", {
        RoleName: name,
        PolicyName: policyName,
        PolicyDocument: document,
      });
    }
    for (const arn of managedArns(properties)) {
      await call(ctx, "iam", "AttachRolePolicy", { RoleName: name, PolicyArn: arn });
    }
    return describe(ctx, name);
  },

  async update(previous, properties, previousProperties, ctx) {
    const name = previous.physicalId;
    if (changed(properties.AssumeRolePolicyDocument, previousProperties.AssumeRolePolicyDocument)) {
      await call(ctx, "iam", "UpdateAssumeRolePolicy", {
        RoleName: name,
        PolicyDocument: jsonText(properties.AssumeRolePolicyDocument),
      });
    }
    if (
      changed(properties.Description, previousProperties.Description) ||
      changed(properties.MaxSessionDuration, previousProperties.MaxSessionDuration)
    ) {
      await call(ctx, "iam", "UpdateRole", {
        RoleName: name,
        Description: str(properties.Description) ?? "",
        // AWS: a role's MaxSessionDuration defaults to one hour.
        MaxSessionDuration: num(properties.MaxSessionDuration) ?? 3600,
      });
    }
    if (changed(properties.PermissionsBoundary, previousProperties.PermissionsBoundary)) {
      if (properties.PermissionsBoundary === undefined) {
        await call(ctx, "iam", "DeleteRolePermissionsBoundary", { RoleName: name });
      } else {
        await call(ctx, "iam", "PutRolePermissionsBoundary", {
          RoleName: name,
          PermissionsBoundary: properties.PermissionsBoundary,
        });
      }
    }
    const policies = inlinePolicies(properties);
    for (const policyName of inlinePolicies(previousProperties).keys()) {
      if (!policies.has(policyName))
        await call(ctx, "iam", "DeleteRolePolicy", { RoleName: name, PolicyName: policyName });
    }
    const before = inlinePolicies(previousProperties);
    for (const [policyName, document] of policies) {
      if (before.get(policyName) !== document) {
        await call(ctx, "iam", "PutRolePolicy", {
          RoleName: name,
          PolicyName: policyName,
          PolicyDocument: document,
        });
      }
    }
    const arns = managedArns(properties);
    const previousArns = managedArns(previousProperties);
    for (const arn of previousArns.filter((a) => !arns.includes(a))) {
      await call(ctx, "iam", "DetachRolePolicy", { RoleName: name, PolicyArn: arn });
    }
    for (const arn of arns.filter((a) => !previousArns.includes(a))) {
      await call(ctx, "iam", "AttachRolePolicy", { RoleName: name, PolicyArn: arn });
    }
    const tags = tagChanges(tagMap(previousProperties.Tags), tagMap(properties.Tags));
    if (tags.removed.length > 0)
      await call(ctx, "iam", "UntagRole", { RoleName: name, TagKeys: tags.removed });
    if (Object.keys(tags.set).length > 0) {
      await call(ctx, "iam", "TagRole", {
        RoleName: name,
        Tags: Object.entries(tags.set).map(([Key, Value]) => ({ Key, Value })),
      });
    }
    return describe(ctx, name);
  },

  async delete(state, _properties, ctx) {
    const name = state.physicalId;
    const { PolicyNames } = await call<{ PolicyNames: string[] }>(ctx, "iam", "ListRolePolicies", {
      RoleName: name,
    });
    for (const policyName of PolicyNames) {
      await call(ctx, "iam", "DeleteRolePolicy", { RoleName: name, PolicyName: policyName });
    }
    const { AttachedPolicies } = await call<{ AttachedPolicies: { PolicyArn: string }[] }>(
      ctx,
      "iam",
      "ListAttachedRolePolicies",
      { RoleName: name },
    );
    for (const { PolicyArn } of AttachedPolicies) {
      await call(ctx, "iam", "DetachRolePolicy", { RoleName: name, PolicyArn });
    }
    await call(ctx, "iam", "DeleteRole", { RoleName: name });
  },
});
