/** CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet, ListChangeSets. */
import type {
  CreateChangeSetInput,
  DeleteChangeSetInput,
  DescribeChangeSetInput,
  ExecuteChangeSetInput,
  ListChangeSetsInput,
} from "@aws-sdk/client-cloudformation";
import type { RequestContext } from "../../../server/context.ts";
import { createChangeSet, deleteChangeSet, executeChangeSet, findChangeSet } from "../change-sets.ts";
import { LIST_PAGE_SIZE } from "../constants.ts";
import type { CloudFormationCore } from "../core.ts";
import { stackDoesNotExist } from "../errors.ts";
import { stackRequest } from "./stacks.ts";
import { describeChangeSet, describeChangeSetSummary, page, scopeOf } from "./wire.ts";

type Ctx = RequestContext;

export function changeSetOperations(core: CloudFormationCore) {
  return {
    async CreateChangeSet(input: CreateChangeSetInput, ctx: Ctx) {
      const { changeSetId, stackId } = await createChangeSet(core, {
        ...stackRequest(core, ctx, input),
        changeSetName: input.ChangeSetName!,
        ...(input.ChangeSetType !== undefined && { changeSetType: input.ChangeSetType }),
        ...(input.Description !== undefined && { description: input.Description }),
      });
      return { Id: changeSetId, StackId: stackId };
    },

    DescribeChangeSet(input: DescribeChangeSetInput, ctx: Ctx) {
      return describeChangeSet(findChangeSet(core, scopeOf(ctx), input.ChangeSetName!, input.StackName));
    },

    ExecuteChangeSet(input: ExecuteChangeSetInput, ctx: Ctx) {
      executeChangeSet(core, scopeOf(ctx), input.ChangeSetName!, input.StackName, input.DisableRollback);
      return {};
    },

    DeleteChangeSet(input: DeleteChangeSetInput, ctx: Ctx) {
      deleteChangeSet(core, scopeOf(ctx), input.ChangeSetName!, input.StackName);
      return {};
    },

    ListChangeSets(input: ListChangeSetsInput, ctx: Ctx) {
      const stack = core.findStack(scopeOf(ctx), input.StackName!);
      if (!stack) throw stackDoesNotExist(input.StackName!);
      const { items, NextToken } = page(
        core.store.changeSetsOfStack(stack.stackId),
        input.NextToken,
        LIST_PAGE_SIZE,
      );
      return { Summaries: items.map(describeChangeSetSummary), ...(NextToken && { NextToken }) };
    },
  };
}
