/**
 * CreateStack, UpdateStack and DeleteStack: each checks the request and the template at once
 * (a ValidationError creates nothing), records the starting status with its "User Initiated"
 * event, and leaves the deployment to run after the call returns.
 */
import type { CloudFormationCore } from "./core.ts";
import { runCreate } from "./deploy/create.ts";
import { runDelete } from "./deploy/delete.ts";
import { pseudoParameters, type Scope, stackScope } from "./deploy/deployment.ts";
import { planChanges } from "./deploy/plan.ts";
import { runUpdate } from "./deploy/update.ts";
import { AlreadyExistsException, InsufficientCapabilitiesException, ValidationError } from "./errors.ts";
import { type Stack, type StackTag, type StackTemplate, UPDATABLE_STACK_STATUSES } from "./model.ts";
import type { GivenParameter } from "./template/parameters.ts";
import { parameterRecords } from "./template/parameters.ts";
import { parseTemplate } from "./template/parse.ts";
import { expandTemplate, type PreparedTemplate, prepareTemplate } from "./template/prepare.ts";
import { declaredTransforms } from "./template/structure.ts";
import { iamCapabilities, missingCapabilities } from "./template/summary.ts";

export const USER_INITIATED = "User Initiated";

export interface StackRequest {
  scope: Scope;
  stackName: string;
  /** The template, or "previous" to keep the stack's (UsePreviousTemplate). */
  template: StackTemplate | "previous";
  parameters: GivenParameter[];
  capabilities: string[];
  tags?: StackTag[];
  notificationArns?: string[];
  disableRollback?: boolean;
  onFailure?: string;
  terminationProtection?: boolean;
  roleArn?: string;
  timeoutMinutes?: number;
}

/**
 * Expands and checks a template for a stack. Stack operations must acknowledge a transform with
 * CAPABILITY_AUTO_EXPAND (change sets need not); IAM resources need CAPABILITY_(NAMED_)IAM.
 */
export async function prepareSubmission(
  core: CloudFormationCore,
  stack: Stack,
  source: StackTemplate,
  options: {
    given: readonly GivenParameter[];
    previous?: Stack["parameters"];
    capabilities: readonly string[];
    kind: "stack" | "changeSet";
  },
): Promise<PreparedTemplate> {
  const transforms = declaredTransforms(parseTemplate(source.body));
  if (
    options.kind === "stack" &&
    transforms.length > 0 &&
    !options.capabilities.includes("CAPABILITY_AUTO_EXPAND")
  ) {
    throw new InsufficientCapabilitiesException(["CAPABILITY_AUTO_EXPAND"]);
  }
  const scope = stackScope(stack);
  const expanded = await expandTemplate(source, {
    expandSam: core.expandSam,
    scope: { ...scope, stackName: stack.name },
    resolveLocalCode: core.services.localCode(source.dir),
    buildDir: core.buildDir,
  });
  const missing = missingCapabilities(iamCapabilities(expanded.processed).capabilities, options.capabilities);
  if (missing.length > 0) throw new InsufficientCapabilitiesException(missing);
  return prepareTemplate(expanded, {
    given: options.given,
    previous: options.previous,
    pseudo: pseudoParameters(stack),
    exportExists: (name) => core.services.exports.value(scope, name) !== undefined,
  });
}

export const cannotUpdate = (stack: Stack) =>
  new ValidationError(`Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);

const description = (prepared: PreparedTemplate) =>
  typeof prepared.template.Description === "string" ? prepared.template.Description : undefined;

export async function createStack(core: CloudFormationCore, request: StackRequest): Promise<string> {
  const { scope, stackName } = request;
  core.checkStackName(stackName);
  if (request.disableRollback !== undefined && request.onFailure !== undefined) {
    throw new ValidationError("You can specify either DisableRollback or OnFailure, but not both.");
  }
  const inReview = () => {
    const existing = core.store.activeStackByName(scope.accountId, scope.region, stackName);
    if (existing && existing.status !== "REVIEW_IN_PROGRESS") {
      throw new AlreadyExistsException(`Stack [${stackName}] already exists`);
    }
    return existing;
  };
  const existing = inReview();
  if (request.template === "previous")
    throw new ValidationError("Either Template URL or Template Body must be specified.");
  const source = request.template;
  const now = core.clock.now();
  const draft: Stack = {
    stackId: existing?.stackId ?? core.newStackId(scope, stackName),
    accountId: scope.accountId,
    region: scope.region,
    name: stackName,
    status: "CREATE_IN_PROGRESS",
    createdAt: existing?.createdAt ?? now,
    template: source,
    parameters: [],
    capabilities: request.capabilities,
    tags: request.tags ?? [],
    notificationArns: request.notificationArns ?? [],
    outputs: [],
    disableRollback: request.disableRollback === true || request.onFailure === "DO_NOTHING",
    terminationProtection: request.terminationProtection === true,
    ...(request.roleArn !== undefined && { roleArn: request.roleArn }),
    ...(request.timeoutMinutes !== undefined && { timeoutMinutes: request.timeoutMinutes }),
    imports: [],
  };
  const prepared = await prepareSubmission(core, draft, source, {
    given: request.parameters,
    capabilities: request.capabilities,
    kind: "stack",
  });
  // Another request may have created the stack while the template was being prepared.
  if (inReview()?.stackId !== existing?.stackId)
    throw new AlreadyExistsException(`Stack [${stackName}] already exists`);
  const stack = core.journal.stackStatus(
    {
      ...draft,
      template: prepared.source,
      description: description(prepared),
      parameters: parameterRecords(prepared.parameters),
      imports: prepared.imports,
    },
    "CREATE_IN_PROGRESS",
    USER_INITIATED,
  );
  for (const changeSet of core.store.changeSetsOfStack(stack.stackId)) {
    core.store.putChangeSet({ ...changeSet, executionStatus: "OBSOLETE" });
  }
  core.launch(stack.stackId, async () => {
    const d = core.deployment(stack, prepared);
    await runCreate(d);
    if (request.onFailure === "DELETE" && d.stack.status === "ROLLBACK_COMPLETE") {
      d.setStatus("DELETE_IN_PROGRESS", USER_INITIATED);
      await runDelete(d, new Set());
    }
  });
  return stack.stackId;
}

export async function updateStack(core: CloudFormationCore, request: StackRequest): Promise<string> {
  const stack = core.requireStack(request.scope, request.stackName);
  const checkState = (s: Stack) => {
    if (!UPDATABLE_STACK_STATUSES.has(s.status) || core.busy(s.stackId)) throw cannotUpdate(s);
  };
  checkState(stack);
  const source = request.template === "previous" ? stack.template : request.template;
  const prepared = await prepareSubmission(core, stack, source, {
    given: request.parameters,
    previous: stack.parameters,
    capabilities: request.capabilities,
    kind: "stack",
  });
  const fresh = core.store.stackById(stack.stackId)!;
  checkState(fresh);
  const tags = request.tags ?? fresh.tags;
  const plan = planChanges({
    stack: fresh,
    current: core.store.resources(fresh.stackId),
    prepared,
    exportValue: (name) => core.services.exports.value(request.scope, name),
    tags,
  });
  if (plan.empty) throw new ValidationError("No updates are to be performed.");
  const updating = core.journal.stackStatus(
    {
      ...fresh,
      capabilities: request.capabilities,
      tags,
      notificationArns: request.notificationArns ?? fresh.notificationArns,
      disableRollback: request.disableRollback === true,
      ...(request.roleArn !== undefined && { roleArn: request.roleArn }),
      updatedAt: core.clock.now(),
    },
    "UPDATE_IN_PROGRESS",
    USER_INITIATED,
  );
  core.launch(updating.stackId, () => runUpdate(core.deployment(updating, prepared)));
  return updating.stackId;
}

export function deleteStack(
  core: CloudFormationCore,
  scope: Scope,
  stackName: string,
  retain: string[],
): void {
  const stack = core.findStack(scope, stackName);
  // AWS: deleting a stack that does not exist (or is gone) succeeds and does nothing.
  if (!stack || stack.status === "DELETE_COMPLETE") return;
  if (stack.terminationProtection) {
    throw new ValidationError(
      `Stack [${stack.name}] cannot be deleted while TerminationProtection is enabled`,
    );
  }
  if (retain.length > 0 && stack.status !== "DELETE_FAILED") {
    throw new ValidationError(
      `Invalid operation on stack [${stack.stackId}]. RetainResources can only be specified when the stack is in the DELETE_FAILED state`,
    );
  }
  if (stack.status === "DELETE_IN_PROGRESS") return;
  const start = (s: Stack) => core.journal.stackStatus(s, "DELETE_IN_PROGRESS", USER_INITIATED);
  const retained = new Set(retain);
  const finish = async (s: Stack) => {
    const d = core.deployment(s);
    await runDelete(d, retained);
    if (d.stack.status === "DELETE_COMPLETE") {
      for (const changeSet of core.store.changeSetsOfStack(s.stackId))
        core.store.deleteChangeSet(changeSet.changeSetId);
    }
  };
  if (!core.busy(stack.stackId)) {
    const deleting = start(stack);
    core.launch(stack.stackId, () => finish(deleting));
    return;
  }
  // Another operation is running: the deletion starts when it is over.
  core.launch(stack.stackId, async () => {
    const fresh = core.store.stackById(stack.stackId);
    if (!fresh || fresh.status === "DELETE_COMPLETE" || fresh.status === "DELETE_IN_PROGRESS") return;
    await finish(start(fresh));
  });
}
