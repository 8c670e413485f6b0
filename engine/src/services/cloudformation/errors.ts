/** CloudFormation's errors, with the codes the awsQuery protocol carries. */
import { ServiceError } from "../../protocol/errors.ts";

/** The code CloudFormation uses for nearly every rejected request. */
export class ValidationError extends ServiceError {
  constructor(message: string) {
    super("ValidationError", message);
  }
}

export class AlreadyExistsException extends ServiceError {
  constructor(message: string) {
    super("AlreadyExistsException", message);
  }
}

export class ChangeSetNotFoundException extends ServiceError {
  constructor(changeSet: string) {
    super("ChangeSetNotFoundException", `ChangeSet [${changeSet}] does not exist`, {
      status: 404,
      queryCode: "ChangeSetNotFound",
    });
  }
}

export class InvalidChangeSetStatusException extends ServiceError {
  constructor(message: string) {
    super("InvalidChangeSetStatusException", message, { queryCode: "InvalidChangeSetStatus" });
  }
}

export class InsufficientCapabilitiesException extends ServiceError {
  constructor(capabilities: readonly string[]) {
    super("InsufficientCapabilitiesException", `Requires capabilities : [${capabilities.join(", ")}]`);
  }
}

export class LimitExceededException extends ServiceError {
  constructor(message: string) {
    super("LimitExceededException", message);
  }
}

export class InvalidAction extends ServiceError {
  constructor(action: string) {
    super("InvalidAction", `The action ${action} is not valid for this web service.`);
  }
}

export class MissingParameter extends ServiceError {
  constructor(name: string) {
    super("ValidationError", `${name} is a required parameter.`);
  }
}

export const stackNotFound = (nameOrId: string) =>
  new ValidationError(`Stack with id ${nameOrId} does not exist`);

/** The wording the change-set operations use for a missing stack. */
export const stackDoesNotExist = (nameOrId: string) =>
  new ValidationError(`Stack [${nameOrId}] does not exist`);
