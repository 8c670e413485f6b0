/**
 * Log group tags: TagResource, UntagResource, ListTagsForResource (by the group's ARN, without
 * the trailing `:*`) and the deprecated TagLogGroup, UntagLogGroup, ListTagsLogGroup (by name).
 * Destinations, the other taggable resource, are not emulated.
 */
import type * as Logs from "@aws-sdk/client-cloudwatch-logs";
import type { RequestContext } from "../../../server/context.ts";
import { type LogGroup, logGroupArn } from "../catalog.ts";
import { MAX_TAGS } from "../constants.ts";
import type { LogsCore } from "../core.ts";
import { logGroupNotFound, TooManyTagsException } from "../errors.ts";
import { parseLogGroupArn, requireGroupByName, scopeOf } from "./resolve.ts";

type Handler = (input: never, context: RequestContext) => unknown;

function groupByArn(core: LogsCore, context: RequestContext, arn: string): LogGroup {
  const parsed = parseLogGroupArn(arn);
  if (!parsed || parsed.accountId !== context.accountId || parsed.region !== context.region)
    throw logGroupNotFound();
  return requireGroupByName(core, parsed, parsed.name);
}

function tag(core: LogsCore, group: LogGroup, tags: Record<string, string>): void {
  const merged = { ...group.tags, ...tags };
  if (Object.keys(merged).length > MAX_TAGS) throw new TooManyTagsException(logGroupArn(group));
  core.setTags(group, merged);
}

function untag(core: LogsCore, group: LogGroup, keys: readonly string[]): void {
  const remaining = { ...group.tags };
  for (const key of keys) delete remaining[key];
  core.setTags(group, remaining);
}

export function tagOperations(core: LogsCore): Record<string, Handler> {
  return {
    TagResource(input: Logs.TagResourceRequest, context) {
      tag(core, groupByArn(core, context, input.resourceArn!), input.tags!);
      return {};
    },

    UntagResource(input: Logs.UntagResourceRequest, context) {
      untag(core, groupByArn(core, context, input.resourceArn!), input.tagKeys!);
      return {};
    },

    ListTagsForResource(input: Logs.ListTagsForResourceRequest, context) {
      return { tags: { ...groupByArn(core, context, input.resourceArn!).tags } };
    },

    TagLogGroup(input: Logs.TagLogGroupRequest, context) {
      tag(core, requireGroupByName(core, scopeOf(context), input.logGroupName!), input.tags!);
      return {};
    },

    UntagLogGroup(input: Logs.UntagLogGroupRequest, context) {
      untag(core, requireGroupByName(core, scopeOf(context), input.logGroupName!), input.tags!);
      return {};
    },

    ListTagsLogGroup(input: Logs.ListTagsLogGroupRequest, context) {
      return { tags: { ...requireGroupByName(core, scopeOf(context), input.logGroupName!).tags } };
    },
  };
}
