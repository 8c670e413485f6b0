/** CreateLogGroup, DeleteLogGroup, DescribeLogGroups, PutRetentionPolicy, DeleteRetentionPolicy. */
import type * as Logs from "@aws-sdk/client-cloudwatch-logs";
import type { RequestContext } from "../../../server/context.ts";
import type { LogGroup } from "../catalog.ts";
import { MAX_DESCRIBE_LIMIT, RETENTION_DAYS } from "../constants.ts";
import type { LogsCore } from "../core.ts";
import { invalidNextToken, invalidRetention, prefixAndPatternGiven } from "../errors.ts";
import { decodeListToken, encodeListToken } from "../tokens.ts";
import { describeGroup, describeGroupByPattern } from "./describe.ts";
import { parseLogGroupArn, requireGroupByName, scopeOf } from "./resolve.ts";

type Handler = (input: never, context: RequestContext) => unknown;

/** DescribeLogGroups continues after the group of this name. */
interface GroupsToken {
  after: string;
}
const isGroupsToken = (value: unknown): value is GroupsToken =>
  typeof (value as GroupsToken | null)?.after === "string";

export function logGroupOperations(core: LogsCore): Record<string, Handler> {
  return {
    CreateLogGroup(input: Logs.CreateLogGroupRequest, context) {
      core.createGroup(scopeOf(context), input.logGroupName!, {
        kmsKeyId: input.kmsKeyId,
        logGroupClass: input.logGroupClass,
        deletionProtection: input.deletionProtectionEnabled,
        tags: input.tags,
      });
      return {};
    },

    DeleteLogGroup(input: Logs.DeleteLogGroupRequest, context) {
      core.deleteGroup(requireGroupByName(core, scopeOf(context), input.logGroupName!));
      return {};
    },

    DescribeLogGroups(input: Logs.DescribeLogGroupsRequest, context) {
      const prefix = input.logGroupNamePrefix;
      const pattern = input.logGroupNamePattern;
      if (prefix !== undefined && pattern !== undefined) throw prefixAndPatternGiven();
      let start: string | undefined;
      if (input.nextToken !== undefined) {
        const token = decodeListToken(input.nextToken, isGroupsToken);
        if (!token) throw invalidNextToken();
        start = token.after;
      }
      const scope = scopeOf(context);
      const identifiers = input.logGroupIdentifiers?.map((id) =>
        id.startsWith("arn:") ? (parseLogGroupArn(id)?.name ?? id) : id,
      );
      const matching = core.catalog.groupsOf(scope.accountId, scope.region).filter(
        (g: LogGroup) =>
          (start === undefined || g.name > start) &&
          (prefix === undefined || g.name.startsWith(prefix)) &&
          // AWS (model): a case-sensitive substring search.
          (pattern === undefined || g.name.includes(pattern)) &&
          (input.logGroupClass === undefined || g.logGroupClass === input.logGroupClass) &&
          (identifiers === undefined || identifiers.includes(g.name)),
      );
      const limit = input.limit ?? MAX_DESCRIBE_LIMIT;
      const page = matching.slice(0, limit);
      const output: Logs.DescribeLogGroupsResponse = {
        logGroups: page.map((g) =>
          pattern === undefined ? describeGroup(core, g) : describeGroupByPattern(g),
        ),
      };
      if (matching.length > limit) output.nextToken = encodeListToken({ after: page.at(-1)!.name });
      return output;
    },

    PutRetentionPolicy(input: Logs.PutRetentionPolicyRequest, context) {
      const days = input.retentionInDays!;
      if (!(RETENTION_DAYS as readonly number[]).includes(days)) throw invalidRetention(days, RETENTION_DAYS);
      core.setRetention(requireGroupByName(core, scopeOf(context), input.logGroupName!), days);
      return {};
    },

    DeleteRetentionPolicy(input: Logs.DeleteRetentionPolicyRequest, context) {
      core.setRetention(requireGroupByName(core, scopeOf(context), input.logGroupName!), undefined);
      return {};
    },
  };
}
