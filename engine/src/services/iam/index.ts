/**
 * AWS Identity and Access Management (API 2010-05-08, awsQuery, signing name `iam`): roles, their
 * inline and attached policies, and managed policies, which `--iam warn|enforce` evaluates for
 * calls made with a role session's credentials (enforcement.ts, evaluate*.ts). IAM is global: the
 * request's region is ignored.
 *
 * Operations: CreateRole, GetRole, DeleteRole, ListRoles, UpdateRole, UpdateRoleDescription,
 * UpdateAssumeRolePolicy, PutRolePermissionsBoundary, DeleteRolePermissionsBoundary, TagRole,
 * UntagRole, ListRoleTags, PutRolePolicy, GetRolePolicy, DeleteRolePolicy, ListRolePolicies,
 * AttachRolePolicy, DetachRolePolicy, ListAttachedRolePolicies, CreatePolicy, GetPolicy,
 * DeletePolicy, ListPolicies, CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions,
 * DeletePolicyVersion, SetDefaultPolicyVersion, ListEntitiesForPolicy, SimulatePrincipalPolicy (roles),
 * SimulateCustomPolicy.
 *
 * LIMITATIONS
 * - Only role sessions the engine issues to Lambda environments are evaluated (`--iam`); the
 *   configured keys act as the account's root. There is no STS API (AssumeRole and friends).
 * - Only roles: users, groups, instance profiles, OIDC/SAML providers, access keys, service-linked
 *   roles and the account's settings answer NotImplemented (501).
 * - AWS managed policies: a small catalogue of the ones Lambda execution roles use
 *   (AWSLambdaBasicExecutionRole, AWSLambdaSQSQueueExecutionRole, AWSLambdaDynamoDBExecutionRole,
 *   AWSLambdaKinesisExecutionRole, AWSLambdaVPCAccessExecutionRole, AWSLambdaRole,
 *   AdministratorAccess, AmazonSQSFullAccess, AmazonSQSReadOnlyAccess, AWSXrayWriteOnlyAccess);
 *   any other arn:aws:iam::aws:policy/… is "not attachable".
 * - Policy documents are checked for JSON, the grammar's elements and the rules that tell identity
 *   from trust policies; action names, ARNs in Resource, condition operators and principals are not
 *   checked against AWS's catalogues.
 * - Changes are visible at once (AWS: eventually consistent, typically seconds). RoleLastUsed is
 *   always empty. Managed policy tags (TagPolicy and friends) are not served.
 */
import iamModel from "../../models/iam.json" with { type: "json" };
import { UnknownAction } from "../../protocol/errors.ts";
import type { ServiceModel } from "../../protocol/model.ts";
import type { Clock } from "../../shared/clock.ts";
import { type Db, migrate } from "../../storage/database.ts";
import { everyOperation, type ServiceDefinition } from "../service.ts";
import { createIamCore, type IamCore } from "./core.ts";
import { ValidationError } from "./errors.ts";
import { iamOperations } from "./operations/index.ts";
import { IAM_MIGRATIONS } from "./store.ts";
import { createValidator } from "./validation.ts";

export type { IamCore } from "./core.ts";

const model = iamModel as unknown as ServiceModel;

/** IAM's request bodies are small: a policy document is at most 131,072 characters. */
const MAX_REQUEST_BYTES = 1024 * 1024;

export interface IamService {
  definition: ServiceDefinition;
  core: IamCore;
}

export function createIamService(deps: { db: Db; clock: Clock }): IamService {
  migrate(deps.db, "iam", IAM_MIGRATIONS);
  const core = createIamCore(deps.db, deps.clock);
  const implemented = iamOperations(core);
  const operations = everyOperation("IAM", model, implemented);
  const definition: ServiceDefinition = {
    name: "iam",
    signingNames: ["iam"],
    model,
    jsonErrorNamespace: "com.amazonaws.iam",
    query: true,
    maxRequestBytes: MAX_REQUEST_BYTES,
    inputErrors: {
      // Unverified wording: the SDKs and the CLI type-check before sending.
      invalidType: (path, expected) =>
        new ValidationError(
          `1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must be a ${expected}`,
        ),
    },
    validateInput: createValidator(model),
    missingParameter: (path) =>
      new ValidationError(
        `1 validation error detected: Value null at '${path.charAt(0).toLowerCase()}${path.slice(1)}' failed to satisfy constraint: Member must not be null`,
      ),
    unknownOperation: (name) => new UnknownAction(name),
    operations,
  };
  return { definition, core };
}
