/**
 * AWS::IAM::Policy: an inline policy put on each of its Roles (the engine's IAM has no users or
 * groups, so Users and Groups fail, naming themselves). Ref and GetAtt Id: a generated id in AWS's
 * format (`<first 5 of the stack name>-<first 4 of the policy name>-<13 characters>`, e.g.
 * stack-fnSe-1OKWZIBB89193). Every change is applied in place: a new name or document is put on
 * every listed role, and roles no longer listed (or the old name) lose the policy.
 */
import { randomBytes } from "node:crypto";
import { invalidRequest, isNotFound } from "./errors.ts";
import { jsonText, list, type Properties } from "./properties.ts";
import { call, defineProvider } from "./provider.ts";
import type { ResourceContext } from "./types.ts";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ID_RANDOM_LENGTH = 13;

function policyId(stackName: string, policyName: string): string {
  let random = "";
  for (const byte of randomBytes(ID_RANDOM_LENGTH)) random += ID_ALPHABET[byte % ID_ALPHABET.length];
  return `${stackName.slice(0, 5)}-${policyName.slice(0, 4)}-${random}`;
}

const rolesOf = (properties: Properties): string[] => list(properties.Roles).map(String);

function checkEntities(properties: Properties): void {
  if (list(properties.Users).length > 0 || list(properties.Groups).length > 0) {
    throw invalidRequest(
      "IAM users and groups do not exist in the Orderflow engine: attach the policy to Roles.",
    );
  }
  // AWS's handler message.
  if (rolesOf(properties).length === 0)
    throw invalidRequest("At least one of [Groups,Roles,Users] must be non-empty.");
}

async function put(ctx: ResourceContext, properties: Properties): Promise<void> {
  for (const role of rolesOf(properties)) {
    await call(ctx, "iam", "PutRolePolicy", {
      RoleName: role,
      PolicyName: properties.PolicyName,
      PolicyDocument: jsonText(properties.PolicyDocument),
    });
  }
}

async function remove(ctx: ResourceContext, roles: string[], policyName: unknown): Promise<void> {
  for (const role of roles) {
    await call(ctx, "iam", "DeleteRolePolicy", { RoleName: role, PolicyName: policyName }).catch((error) => {
      if (!isNotFound(error)) throw error;
    });
  }
}

export const iamPolicyProvider = defineProvider({
  type: "AWS::IAM::Policy",

  async create(properties, ctx) {
    checkEntities(properties);
    await put(ctx, properties);
    const id = policyId(ctx.stackName, String(properties.PolicyName));
    return { physicalId: id, attributes: { Id: id } };
  },

  async update(previous, properties, previousProperties, ctx) {
    checkEntities(properties);
    const roles = rolesOf(properties);
    const renamed = properties.PolicyName !== previousProperties.PolicyName;
    const dropped = rolesOf(previousProperties).filter((role) => renamed || !roles.includes(role));
    await remove(ctx, dropped, previousProperties.PolicyName);
    await put(ctx, properties);
    return previous;
  },

  async delete(_state, properties, ctx) {
    await remove(ctx, rolesOf(properties), properties.PolicyName);
  },
});
