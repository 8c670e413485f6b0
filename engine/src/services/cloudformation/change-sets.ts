/**
 * Change sets as `aws cloudformation deploy` uses them: CreateChangeSet (CREATE puts a new stack
 * in REVIEW_IN_PROGRESS), the Changes worked out after the call returns (CREATE_PENDING →
 * CREATE_COMPLETE, or FAILED with AWS's "didn't contain changes" reason), ExecuteChangeSet and
 * DeleteChangeSet. A template with a transform is expanded and checked after the call returns
 * too, so its errors appear as the change set's StatusReason, as on AWS.
 */
import { type CloudFormationCore, isStackArn } from "./core.ts";
import { runCreate } from "./deploy/create.ts";
import { errorMessage, pseudoParameters, type Scope, stackScope } from "./deploy/deployment.ts";
import { planChanges } from "./deploy/plan.ts";
import { runUpdate } from "./deploy/update.ts";
import {
  AlreadyExistsException,
  ChangeSetNotFoundException,
  InvalidChangeSetStatusException,
  stackDoesNotExist,
  ValidationError,
} from "./errors.ts";
import {
  type ChangeSet,
  type ChangeSetType,
  type Stack,
  type StackTemplate,
  UPDATABLE_STACK_STATUSES,
} from "./model.ts";
import { cannotUpdate, prepareSubmission, type StackRequest, USER_INITIATED } from "./stacks.ts";
import { parameterRecords } from "./template/parameters.ts";
import { parseTemplate } from "./template/parse.ts";
import { type ExpandedTemplate, type PreparedTemplate, prepareTemplate } from "./template/prepare.ts";
import { declaredTransforms } from "./template/structure.ts";
import type { Template } from "./template/types.ts";

export const NO_CHANGES_REASON =
  "The submitted information didn't contain changes. Submit different information to create a change set.";

const CHANGE_SET_ARN = /^arn:aws[a-z-]*:cloudformation:[^:]*:\d{12}:changeSet\/[^/]+\/[^/]+$/;

export interface ChangeSetRequest extends StackRequest {
  changeSetName: string;
  changeSetType?: string;
  description?: string;
}

export async function createChangeSet(
  core: CloudFormationCore,
  request: ChangeSetRequest,
): Promise<{ changeSetId: string; stackId: string }> {
  const { scope, stackName, changeSetName } = request;
  const type = (request.changeSetType ?? "UPDATE") as ChangeSetType;
  if (type !== "CREATE" && type !== "UPDATE") {
    throw new ValidationError(
      `Change set type ${type} is not supported by the Orderflow engine; use CREATE or UPDATE (see docs/CONFORMANCE.md)`,
    );
  }
  const existing = core.findStack(scope, stackName);
  if (type === "CREATE") {
    if (isStackArn(stackName) || (existing && existing.status !== "REVIEW_IN_PROGRESS")) {
      throw new ValidationError(
        `Stack [${stackName}] already exists and cannot be created again with the changeSet [${changeSetName}].`,
      );
    }
    core.checkStackName(stackName);
  } else {
    if (!existing) throw stackDoesNotExist(stackName);
    if (!UPDATABLE_STACK_STATUSES.has(existing.status)) throw cannotUpdate(existing);
  }
  if (existing && core.store.changeSetsOfStack(existing.stackId).some((c) => c.name === changeSetName)) {
    throw new AlreadyExistsException(`ChangeSet [${changeSetName}] already exists`);
  }
  if (request.template === "previous" && !existing) {
    throw new ValidationError("Either Template URL or Template Body must be specified.");
  }
  const source: StackTemplate = request.template === "previous" ? existing!.template : request.template;
  const now = core.clock.now();
  const stack: Stack = existing ?? {
    stackId: core.newStackId(scope, stackName),
    accountId: scope.accountId,
    region: scope.region,
    name: stackName,
    status: "REVIEW_IN_PROGRESS",
    createdAt: now,
    template: source,
    parameters: [],
    capabilities: [],
    tags: [],
    notificationArns: [],
    outputs: [],
    disableRollback: false,
    terminationProtection: false,
    imports: [],
  };
  const options = {
    given: request.parameters,
    previous: type === "UPDATE" ? stack.parameters : undefined,
    capabilities: request.capabilities,
    kind: "changeSet" as const,
  };
  // Without a transform, template errors are the call's own; with one, the change set's.
  const deferred = declaredTransforms(parseTemplate(source.body)).length > 0;
  const prepared = deferred ? undefined : await prepareSubmission(core, stack, source, options);

  const changeSet: ChangeSet = {
    changeSetId: core.newChangeSetId(scope, changeSetName),
    name: changeSetName,
    stackId: stack.stackId,
    stackName,
    type,
    status: "CREATE_PENDING",
    executionStatus: "UNAVAILABLE",
    createdAt: now,
    ...(request.description !== undefined && { description: request.description }),
    template: source,
    parameters: [],
    capabilities: request.capabilities,
    tags: request.tags ?? (type === "UPDATE" ? stack.tags : []),
    notificationArns: request.notificationArns ?? stack.notificationArns,
    ...(request.roleArn !== undefined && { roleArn: request.roleArn }),
    changes: [],
  };
  core.store.transaction(() => {
    if (!existing) core.journal.stackStatus(stack, "REVIEW_IN_PROGRESS", USER_INITIATED);
    core.store.putChangeSet(changeSet);
  });
  core.launch(stack.stackId, () => completeChangeSet(core, changeSet, stack, source, options, prepared));
  return { changeSetId: changeSet.changeSetId, stackId: stack.stackId };
}

async function completeChangeSet(
  core: CloudFormationCore,
  changeSet: ChangeSet,
  stack: Stack,
  source: StackTemplate,
  options: Parameters<typeof prepareSubmission>[3],
  ready: PreparedTemplate | undefined,
): Promise<void> {
  const save = (changes: Partial<ChangeSet>) => {
    const latest = core.store.changeSetById(changeSet.changeSetId);
    if (latest) core.store.putChangeSet({ ...latest, ...changes });
  };
  save({ status: "CREATE_IN_PROGRESS" });
  try {
    const prepared = ready ?? (await prepareSubmission(core, stack, source, options));
    const current = core.store.stackById(stack.stackId) ?? stack;
    const plan = planChanges({
      stack: current,
      current: core.store.resources(stack.stackId),
      prepared,
      exportValue: (name) => core.services.exports.value(stackScope(stack), name),
      tags: changeSet.tags,
    });
    const fields = {
      template: prepared.source,
      parameters: parameterRecords(prepared.parameters),
      changes: plan.changes,
    };
    if (changeSet.type === "UPDATE" && plan.empty) {
      save({ ...fields, status: "FAILED", statusReason: NO_CHANGES_REASON, executionStatus: "UNAVAILABLE" });
    } else save({ ...fields, status: "CREATE_COMPLETE", executionStatus: "AVAILABLE" });
  } catch (error) {
    save({ status: "FAILED", statusReason: errorMessage(error), executionStatus: "UNAVAILABLE" });
  }
}

/** A change set by ARN, or by name within a stack. */
export function findChangeSet(
  core: CloudFormationCore,
  scope: Scope,
  nameOrId: string,
  stackName: string | undefined,
): ChangeSet {
  if (CHANGE_SET_ARN.test(nameOrId)) {
    const changeSet = core.store.changeSetById(nameOrId);
    const stack = changeSet && core.store.stackById(changeSet.stackId);
    if (!changeSet || !stack || stack.accountId !== scope.accountId || stack.region !== scope.region) {
      throw new ChangeSetNotFoundException(nameOrId);
    }
    return changeSet;
  }
  if (stackName === undefined) {
    throw new ValidationError("StackName must be specified if ChangeSetName is not specified as an ARN.");
  }
  const stack = core.findStack(scope, stackName);
  if (!stack) throw stackDoesNotExist(stackName);
  const changeSet = core.store.changeSetsOfStack(stack.stackId).find((c) => c.name === nameOrId);
  if (!changeSet) throw new ChangeSetNotFoundException(nameOrId);
  return changeSet;
}

/** The template a change set carries, as stored: no transform runs again. */
export function storedExpansion(source: StackTemplate): ExpandedTemplate {
  const original = parseTemplate(source.body);
  return {
    source,
    original,
    processed: source.processed ? (JSON.parse(source.processed) as Template) : original,
    transforms: declaredTransforms(original),
  };
}

export function executeChangeSet(
  core: CloudFormationCore,
  scope: Scope,
  nameOrId: string,
  stackName: string | undefined,
  disableRollback: boolean | undefined,
): void {
  const changeSet = findChangeSet(core, scope, nameOrId, stackName);
  if (changeSet.status !== "CREATE_COMPLETE") {
    throw new InvalidChangeSetStatusException(
      `ChangeSet [${changeSet.changeSetId}] cannot be executed in its current status of [${changeSet.status}]`,
    );
  }
  if (changeSet.executionStatus !== "AVAILABLE") {
    throw new InvalidChangeSetStatusException(
      `ChangeSet [${changeSet.changeSetId}] cannot be executed in its current execution status of [${changeSet.executionStatus}]`,
    );
  }
  const stack = core.store.stackById(changeSet.stackId)!;
  const expected =
    changeSet.type === "CREATE"
      ? stack.status === "REVIEW_IN_PROGRESS"
      : UPDATABLE_STACK_STATUSES.has(stack.status);
  if (!expected || core.busy(stack.stackId)) throw cannotUpdate(stack);
  const prepared = prepareTemplate(storedExpansion(changeSet.template), {
    given: changeSet.parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.value })),
    pseudo: pseudoParameters(stack),
    exportExists: (name) => core.services.exports.value(scope, name) !== undefined,
  });

  // AWS: executing a change set removes the stack's other change sets (they no longer apply).
  for (const other of core.store.changeSetsOfStack(stack.stackId)) {
    if (other.changeSetId !== changeSet.changeSetId) core.store.deleteChangeSet(other.changeSetId);
  }
  core.store.putChangeSet({ ...changeSet, executionStatus: "EXECUTE_IN_PROGRESS" });
  const common = {
    capabilities: changeSet.capabilities,
    tags: changeSet.tags,
    notificationArns: changeSet.notificationArns,
    changeSetId: changeSet.changeSetId,
    disableRollback: disableRollback === true,
    ...(changeSet.roleArn !== undefined && { roleArn: changeSet.roleArn }),
  };
  const running =
    changeSet.type === "CREATE"
      ? core.journal.stackStatus(
          {
            ...stack,
            ...common,
            template: prepared.source,
            description:
              typeof prepared.template.Description === "string" ? prepared.template.Description : undefined,
            parameters: parameterRecords(prepared.parameters),
            imports: prepared.imports,
            updatedAt: core.clock.now(),
          },
          "CREATE_IN_PROGRESS",
          USER_INITIATED,
        )
      : core.journal.stackStatus(
          { ...stack, ...common, updatedAt: core.clock.now() },
          "UPDATE_IN_PROGRESS",
          USER_INITIATED,
        );

  core.launch(stack.stackId, async () => {
    const d = core.deployment(running, prepared);
    await (changeSet.type === "CREATE" ? runCreate(d) : runUpdate(d));
    const succeeded = d.stack.status === "CREATE_COMPLETE" || d.stack.status === "UPDATE_COMPLETE";
    const latest = core.store.changeSetById(changeSet.changeSetId);
    if (latest) {
      core.store.putChangeSet({
        ...latest,
        executionStatus: succeeded ? "EXECUTE_COMPLETE" : "EXECUTE_FAILED",
      });
    }
  });
}

export function deleteChangeSet(
  core: CloudFormationCore,
  scope: Scope,
  nameOrId: string,
  stackName: string | undefined,
): void {
  const changeSet = findChangeSet(core, scope, nameOrId, stackName);
  if (changeSet.executionStatus === "EXECUTE_IN_PROGRESS") {
    throw new InvalidChangeSetStatusException(
      `ChangeSet [${changeSet.changeSetId}] cannot be deleted in its current execution status of [EXECUTE_IN_PROGRESS]`,
    );
  }
  core.store.deleteChangeSet(changeSet.changeSetId);
}
