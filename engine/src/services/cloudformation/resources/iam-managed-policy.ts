/**
 * AWS::IAM::ManagedPolicy. Ref: the policy ARN. GetAtt: PolicyArn, PolicyId, DefaultVersionId,
 * AttachmentCount, IsAttachable, PermissionsBoundaryUsageCount, CreateDate, UpdateDate (and any
 * property). Without ManagedPolicyName the name is generated. ManagedPolicyName, Path and
 * Description replace the policy; a new PolicyDocument is a new default version (the oldest other
 * version is deleted first when the policy has five, as CloudFormation's handler does); Roles are
 * attached and detached. Users and Groups fail (the engine's IAM has none).
 */
import { existing, invalidRequest, isNotFound } from "./errors.ts";
import { generatePhysicalName } from "./physical-names.ts";
import { jsonText, list, type Properties, str } from "./properties.ts";
import { call, defineProvider } from "./provider.ts";
import type { ResourceContext } from "./types.ts";

const TYPE = "AWS::IAM::ManagedPolicy";
/** AWS: managed policy names are at most 128 characters. */
const MAX_POLICY_NAME_LENGTH = 128;
const MAX_POLICY_VERSIONS = 5;

interface Policy {
  Arn: string;
  PolicyId: string;
  DefaultVersionId: string;
  AttachmentCount: number;
  IsAttachable: boolean;
  PermissionsBoundaryUsageCount: number;
  CreateDate: number;
  UpdateDate: number;
}

const rolesOf = (properties: Properties): string[] => list(properties.Roles).map(String);

function checkEntities(properties: Properties): void {
  if (list(properties.Users).length > 0 || list(properties.Groups).length > 0) {
    throw invalidRequest(
      "IAM users and groups do not exist in the Orderflow engine: attach the policy to Roles.",
    );
  }
}

const isoDate = (seconds: number) => new Date(seconds * 1000).toISOString();

async function describe(ctx: ResourceContext, arn: string) {
  const { Policy } = await call<{ Policy: Policy }>(ctx, "iam", "GetPolicy", { PolicyArn: arn });
  return {
    physicalId: Policy.Arn,
    attributes: {
      PolicyArn: Policy.Arn,
      PolicyId: Policy.PolicyId,
      DefaultVersionId: Policy.DefaultVersionId,
      AttachmentCount: Policy.AttachmentCount,
      IsAttachable: Policy.IsAttachable,
      PermissionsBoundaryUsageCount: Policy.PermissionsBoundaryUsageCount,
      CreateDate: isoDate(Policy.CreateDate),
      UpdateDate: isoDate(Policy.UpdateDate),
    },
  };
}

async function detach(ctx: ResourceContext, arn: string, roles: string[]): Promise<void> {
  for (const role of roles) {
    await call(ctx, "iam", "DetachRolePolicy", { RoleName: role, PolicyArn: arn }).catch((error) => {
      if (!isNotFound(error)) throw error;
    });
  }
}

export const iamManagedPolicyProvider = defineProvider({
  type: TYPE,

  async create(properties, ctx) {
    checkEntities(properties);
    const name =
      str(properties.ManagedPolicyName) ?? generatePhysicalName(ctx, { maxLength: MAX_POLICY_NAME_LENGTH });
    const { Policy } = await call<{ Policy: Policy }>(ctx, "iam", "CreatePolicy", {
      PolicyName: name,
      PolicyDocument: jsonText(properties.PolicyDocument),
      ...(properties.Path !== undefined && { Path: properties.Path }),
      ...(properties.Description !== undefined && { Description: properties.Description }),
    }).catch(existing(TYPE, name));
    for (const role of rolesOf(properties)) {
      await call(ctx, "iam", "AttachRolePolicy", { RoleName: role, PolicyArn: Policy.Arn });
    }
    return describe(ctx, Policy.Arn);
  },

  async update(previous, properties, previousProperties, ctx) {
    checkEntities(properties);
    const arn = previous.physicalId;
    const document = jsonText(properties.PolicyDocument);
    if (document !== jsonText(previousProperties.PolicyDocument)) {
      const { Versions } = await call<{ Versions: { VersionId: string; IsDefaultVersion: boolean }[] }>(
        ctx,
        "iam",
        "ListPolicyVersions",
        { PolicyArn: arn },
      );
      if (Versions.length >= MAX_POLICY_VERSIONS) {
        const oldest = Versions.filter((v) => !v.IsDefaultVersion).at(-1);
        if (oldest)
          await call(ctx, "iam", "DeletePolicyVersion", { PolicyArn: arn, VersionId: oldest.VersionId });
      }
      await call(ctx, "iam", "CreatePolicyVersion", {
        PolicyArn: arn,
        PolicyDocument: document,
        SetAsDefault: true,
      });
    }
    const roles = rolesOf(properties);
    const previousRoles = rolesOf(previousProperties);
    await detach(
      ctx,
      arn,
      previousRoles.filter((r) => !roles.includes(r)),
    );
    for (const role of roles.filter((r) => !previousRoles.includes(r))) {
      await call(ctx, "iam", "AttachRolePolicy", { RoleName: role, PolicyArn: arn });
    }
    return describe(ctx, arn);
  },

  async delete(state, _properties, ctx) {
    const arn = state.physicalId;
    const { PolicyRoles } = await call<{ PolicyRoles: { RoleName: string }[] }>(
      ctx,
      "iam",
      "ListEntitiesForPolicy",
      {
        PolicyArn: arn,
      },
    );
    await detach(
      ctx,
      arn,
      PolicyRoles.map((r) => r.RoleName),
    );
    const { Versions } = await call<{ Versions: { VersionId: string; IsDefaultVersion: boolean }[] }>(
      ctx,
      "iam",
      "ListPolicyVersions",
      { PolicyArn: arn },
    );
    for (const version of Versions.filter((v) => !v.IsDefaultVersion)) {
      await call(ctx, "iam", "DeletePolicyVersion", { PolicyArn: arn, VersionId: version.VersionId });
    }
    await call(ctx, "iam", "DeletePolicy", { PolicyArn: arn });
  },
});
