/** CreateLogStream, DeleteLogStream, DescribeLogStreams. */
import type * as Logs from "@aws-sdk/client-cloudwatch-logs";
import type { RequestContext } from "../../../server/context.ts";
import type { LogStream } from "../catalog.ts";
import { MAX_DESCRIBE_LIMIT } from "../constants.ts";
import type { LogsCore } from "../core.ts";
import { invalidNextToken, prefixWithLastEventTime } from "../errors.ts";
import { decodeListToken, encodeListToken } from "../tokens.ts";
import { describeStream } from "./describe.ts";
import { requireGroup, requireGroupByName, requireStream, scopeOf } from "./resolve.ts";

type Handler = (input: never, context: RequestContext) => unknown;

/** DescribeLogStreams continues after the stream with this sort key: [last event time, name]. */
interface StreamsToken {
  after: [number, string];
}
const isStreamsToken = (value: unknown): value is StreamsToken => {
  const after = (value as StreamsToken | null)?.after;
  return Array.isArray(after) && typeof after[0] === "number" && typeof after[1] === "string";
};

const byName = (a: LogStream, b: LogStream) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function logStreamOperations(core: LogsCore): Record<string, Handler> {
  return {
    CreateLogStream(input: Logs.CreateLogStreamRequest, context) {
      core.createStream(
        requireGroupByName(core, scopeOf(context), input.logGroupName!),
        input.logStreamName!,
      );
      return {};
    },

    DeleteLogStream(input: Logs.DeleteLogStreamRequest, context) {
      const group = requireGroupByName(core, scopeOf(context), input.logGroupName!);
      core.deleteStream(group, requireStream(core, group, input.logStreamName!));
      return {};
    },

    DescribeLogStreams(input: Logs.DescribeLogStreamsRequest, context) {
      const group = requireGroup(core, context, input);
      const byLastEventTime = input.orderBy === "LastEventTime";
      const prefix = input.logStreamNamePrefix;
      if (byLastEventTime && prefix !== undefined) throw prefixWithLastEventTime();
      let start: [number, string] | undefined;
      if (input.nextToken !== undefined) {
        const token = decodeListToken(input.nextToken, isStreamsToken);
        if (!token) throw invalidNextToken();
        start = token.after;
      }
      const sortTime = (s: LogStream) => (byLastEventTime ? (s.lastEventAt ?? 0) : 0);
      const direction = input.descending ? -1 : 1;
      const compare = (time: number, name: string, s: LogStream) =>
        direction * (time - sortTime(s) || (name < s.name ? -1 : name > s.name ? 1 : 0));
      const matching = core.catalog
        .streamsOf(group)
        .filter((s) => prefix === undefined || s.name.startsWith(prefix))
        .sort((a, b) => direction * (sortTime(a) - sortTime(b) || byName(a, b)))
        .filter((s) => start === undefined || compare(start[0], start[1], s) < 0);
      const limit = input.limit ?? MAX_DESCRIBE_LIMIT;
      const page = matching.slice(0, limit);
      const output: Logs.DescribeLogStreamsResponse = {
        logStreams: page.map((s) => describeStream(group, s)),
      };
      const last = page.at(-1);
      if (matching.length > limit && last)
        output.nextToken = encodeListToken({ after: [sortTime(last), last.name] });
      return output;
    },
  };
}
