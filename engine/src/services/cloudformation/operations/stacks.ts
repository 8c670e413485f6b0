/** CreateStack, UpdateStack, DeleteStack, DescribeStacks, ListStacks, UpdateTerminationProtection. */
import type {
  CreateStackInput,
  DeleteStackInput,
  DescribeStacksInput,
  ListStacksInput,
  UpdateStackInput,
  UpdateTerminationProtectionInput,
} from "@aws-sdk/client-cloudformation";
import type { RequestContext } from "../../../server/context.ts";
import { STACKS_PAGE_SIZE } from "../constants.ts";
import type { CloudFormationCore } from "../core.ts";
import { ValidationError } from "../errors.ts";
import type { StackTag, StackTemplate } from "../model.ts";
import { createStack, deleteStack, type StackRequest, updateStack } from "../stacks.ts";
import type { GivenParameter } from "../template/parameters.ts";
import { describeStack, describeStackSummary, page, scopeOf } from "./wire.ts";

type Ctx = RequestContext;

/** The request fields CreateStack, UpdateStack and CreateChangeSet share. */
export function stackRequest(
  core: CloudFormationCore,
  ctx: Ctx,
  input: CreateStackInput & { UsePreviousTemplate?: boolean },
): StackRequest {
  let template: StackTemplate | "previous";
  if (input.UsePreviousTemplate) {
    if (input.TemplateBody !== undefined || input.TemplateURL !== undefined) {
      throw new ValidationError("You cannot specify both usePreviousTemplate and Template Body/Template Url");
    }
    template = "previous";
  } else template = core.readTemplate(input);
  return {
    scope: scopeOf(ctx),
    stackName: input.StackName!,
    template,
    parameters: (input.Parameters ?? []) as GivenParameter[],
    capabilities: (input.Capabilities ?? []) as string[],
    ...(input.Tags && { tags: input.Tags as StackTag[] }),
    ...(input.NotificationARNs && { notificationArns: input.NotificationARNs }),
    ...(input.DisableRollback !== undefined && { disableRollback: input.DisableRollback }),
    ...(input.OnFailure !== undefined && { onFailure: input.OnFailure }),
    ...(input.EnableTerminationProtection !== undefined && {
      terminationProtection: input.EnableTerminationProtection,
    }),
    ...(input.RoleARN !== undefined && { roleArn: input.RoleARN }),
    ...(input.TimeoutInMinutes !== undefined && { timeoutMinutes: input.TimeoutInMinutes }),
  };
}

export function stackOperations(core: CloudFormationCore) {
  return {
    async CreateStack(input: CreateStackInput, ctx: Ctx) {
      return { StackId: await createStack(core, stackRequest(core, ctx, input)) };
    },

    async UpdateStack(input: UpdateStackInput, ctx: Ctx) {
      return { StackId: await updateStack(core, stackRequest(core, ctx, input)) };
    },

    DeleteStack(input: DeleteStackInput, ctx: Ctx) {
      deleteStack(core, scopeOf(ctx), input.StackName!, input.RetainResources ?? []);
      return {};
    },

    DescribeStacks(input: DescribeStacksInput, ctx: Ctx) {
      const scope = scopeOf(ctx);
      if (input.StackName !== undefined) {
        return { Stacks: [describeStack(core.requireStack(scope, input.StackName))] };
      }
      const live = core.store
        .stacksInRegion(scope.accountId, scope.region)
        .filter((s) => s.status !== "DELETE_COMPLETE");
      const { items, NextToken } = page(live, input.NextToken, STACKS_PAGE_SIZE);
      return { Stacks: items.map(describeStack), ...(NextToken && { NextToken }) };
    },

    ListStacks(input: ListStacksInput, ctx: Ctx) {
      const scope = scopeOf(ctx);
      const filter = input.StackStatusFilter as string[] | undefined;
      const stacks = core.store
        .stacksInRegion(scope.accountId, scope.region)
        .filter((s) => !filter || filter.length === 0 || filter.includes(s.status));
      const { items, NextToken } = page(stacks, input.NextToken, STACKS_PAGE_SIZE);
      return { StackSummaries: items.map(describeStackSummary), ...(NextToken && { NextToken }) };
    },

    UpdateTerminationProtection(input: UpdateTerminationProtectionInput, ctx: Ctx) {
      const stack = core.requireStack(scopeOf(ctx), input.StackName!);
      core.store.putStack({ ...stack, terminationProtection: input.EnableTerminationProtection === true });
      return { StackId: stack.stackId };
    },
  };
}
