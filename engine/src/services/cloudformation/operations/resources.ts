/** DescribeStackEvents, DescribeStackResources, DescribeStackResource, ListStackResources. */
import type {
  DescribeStackEventsInput,
  DescribeStackResourceInput,
  DescribeStackResourcesInput,
  ListStackResourcesInput,
} from "@aws-sdk/client-cloudformation";
import type { RequestContext } from "../../../server/context.ts";
import { LIST_PAGE_SIZE, STACK_EVENTS_PAGE_SIZE } from "../constants.ts";
import type { CloudFormationCore } from "../core.ts";
import { ValidationError } from "../errors.ts";
import type { Stack } from "../model.ts";
import {
  describeEvent,
  describeResource,
  describeResourceDetail,
  describeResourceSummary,
  page,
  scopeOf,
} from "./wire.ts";

type Ctx = RequestContext;

export function resourceOperations(core: CloudFormationCore) {
  return {
    DescribeStackEvents(input: DescribeStackEventsInput, ctx: Ctx) {
      const stack = core.requireStack(scopeOf(ctx), input.StackName!);
      const events = core.store.eventsNewestFirst(stack.stackId);
      const { items, NextToken } = page(events, input.NextToken, STACK_EVENTS_PAGE_SIZE);
      return { StackEvents: items.map((e) => describeEvent(e, stack.name)), ...(NextToken && { NextToken }) };
    },

    DescribeStackResources(input: DescribeStackResourcesInput, ctx: Ctx) {
      const scope = scopeOf(ctx);
      let stack: Stack;
      if (input.StackName !== undefined) stack = core.requireStack(scope, input.StackName);
      else if (input.PhysicalResourceId !== undefined) {
        const owner = core.store
          .resourcesByPhysicalId(input.PhysicalResourceId)
          .map((r) => core.store.stackById(r.stackId))
          .find((s) => s && s.accountId === scope.accountId && s.region === scope.region);
        if (!owner) {
          throw new ValidationError(`Stack for ${input.PhysicalResourceId} does not exist`);
        }
        stack = owner;
      } else {
        throw new ValidationError("Either StackName or PhysicalResourceId must be specified.");
      }
      const resources = core.store
        .resources(stack.stackId)
        .filter((r) => input.LogicalResourceId === undefined || r.logicalId === input.LogicalResourceId)
        .filter((r) => input.PhysicalResourceId === undefined || r.physicalId === input.PhysicalResourceId);
      return { StackResources: resources.map((r) => describeResource(r, stack)) };
    },

    DescribeStackResource(input: DescribeStackResourceInput, ctx: Ctx) {
      const stack = core.requireStack(scopeOf(ctx), input.StackName!);
      const resource = core.store
        .resources(stack.stackId)
        .find((r) => r.logicalId === input.LogicalResourceId);
      if (!resource) {
        throw new ValidationError(
          `Resource ${input.LogicalResourceId} does not exist for stack ${input.StackName}`,
        );
      }
      return { StackResourceDetail: describeResourceDetail(resource, stack) };
    },

    ListStackResources(input: ListStackResourcesInput, ctx: Ctx) {
      const stack = core.requireStack(scopeOf(ctx), input.StackName!);
      const { items, NextToken } = page(core.store.resources(stack.stackId), input.NextToken, LIST_PAGE_SIZE);
      return { StackResourceSummaries: items.map(describeResourceSummary), ...(NextToken && { NextToken }) };
    },
  };
}
