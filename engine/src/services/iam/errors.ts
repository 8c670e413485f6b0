/**
 * IAM's errors, as the query protocol carries them (`<Code>NoSuchEntity</Code>`, HTTP status from
 * the model). Messages marked AWS were recorded from the service (LocalStack snapshots, 2026).
 */
import { ServiceError } from "../../protocol/errors.ts";

export class NoSuchEntity extends ServiceError {
  constructor(message: string) {
    super("NoSuchEntity", message, { status: 404 });
  }
}

export class EntityAlreadyExists extends ServiceError {
  constructor(message: string) {
    super("EntityAlreadyExists", message, { status: 409 });
  }
}

export class DeleteConflict extends ServiceError {
  constructor(message: string) {
    super("DeleteConflict", message, { status: 409 });
  }
}

export class MalformedPolicyDocument extends ServiceError {
  constructor(message: string) {
    super("MalformedPolicyDocument", message, { status: 400 });
  }
}

export class LimitExceeded extends ServiceError {
  constructor(message: string) {
    super("LimitExceeded", message, { status: 409 });
  }
}

export class InvalidInput extends ServiceError {
  constructor(message: string) {
    super("InvalidInput", message, { status: 400 });
  }
}

/** Model constraint violations; IAM's Coral front end answers them without naming the value. */
export class ValidationError extends ServiceError {
  constructor(message: string) {
    super("ValidationError", message, { status: 400 });
  }
}

// AWS.
export const roleNotFound = (name: string) => new NoSuchEntity(`The role with name ${name} cannot be found.`);
export const rolePolicyNotFound = (name: string) =>
  new NoSuchEntity(`The role policy with name ${name} cannot be found.`);
export const roleExists = (name: string) => new EntityAlreadyExists(`Role with name ${name} already exists.`);
export const mustDetachPolicies = () =>
  new DeleteConflict("Cannot delete entity, must detach all policies first.");
export const mustDeleteInlinePolicies = () =>
  new DeleteConflict("Cannot delete entity, must delete policies first.");
export const policyNotAttachable = (arn: string) =>
  new NoSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
export const policyNotFound = (arn: string) => new NoSuchEntity(`Policy ${arn} was not found.`);
export const invalidArn = (arn: string) => new ValidationError(`ARN ${arn} is not valid.`);
export const duplicateTagKeys = () =>
  new InvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
export const boundaryNotAttachable = (arn: string) =>
  new NoSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
export const invalidBoundaryArn = (arn: string) => new InvalidInput(`ARN ${arn} is not valid.`);

// As AWS words them (moto and SDK users' reports; not recorded here).
export const policyExists = (name: string) =>
  new EntityAlreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
export const policyAttached = () => new DeleteConflict("Cannot delete a policy attached to entities.");
export const policyVersionNotFound = (arn: string, versionId: string) =>
  new NoSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
export const defaultVersionDeletion = () =>
  new DeleteConflict("Cannot delete the default version of a policy.");
export const tooManyVersions = (max: number) =>
  new LimitExceeded(
    `A managed policy can have up to ${max} versions. Before you create a new version, you must delete an existing version.`,
  );
export const tooManyAttachedPolicies = (max: number) =>
  new LimitExceeded(`Cannot exceed quota for PoliciesPerRole: ${max}`);
export const inlinePoliciesTooLarge = (max: number, role: string) =>
  new LimitExceeded(`Maximum policy size of ${max} bytes exceeded for role ${role}`);
export const trustPolicyTooLarge = (max: number) =>
  new LimitExceeded(`Cannot exceed quota for ACLSizePerRole: ${max}`);
export const managedPolicyTooLarge = (max: number) =>
  new LimitExceeded(`Cannot exceed quota for PolicySize: ${max}`);
export const awsManagedPolicyReadOnly = (arn: string) =>
  new InvalidInput(`Policy ${arn} is an AWS managed policy and cannot be changed.`);
