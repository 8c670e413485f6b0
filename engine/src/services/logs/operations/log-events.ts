/** PutLogEvents, GetLogEvents, FilterLogEvents. */
import type * as Logs from "@aws-sdk/client-cloudwatch-logs";
import type { RequestContext } from "../../../server/context.ts";
import type { LogsCore } from "../core.ts";
import { InvalidParameterException, invalidNextToken, streamNamesAndPrefixGiven } from "../errors.ts";
import { compileFilterPattern, type EventMatcher, InvalidFilterPattern } from "../filter-pattern/index.ts";
import {
  decodeListToken,
  decodeStreamToken,
  type EventKey,
  encodeListToken,
  encodeStreamToken,
} from "../tokens.ts";
import { sequenceToken } from "./describe.ts";
import { requireGroup, requireGroupByName, requireStream, scopeOf } from "./resolve.ts";

type Handler = (input: never, context: RequestContext) => unknown;

/** FilterLogEvents continues after this event key. */
interface FilterToken {
  t: number;
  s: number;
}
const isFilterToken = (value: unknown): value is FilterToken =>
  Number.isSafeInteger((value as FilterToken | null)?.t) && Number.isSafeInteger((value as FilterToken).s);

function matcherOf(pattern: string | undefined): EventMatcher {
  try {
    return compileFilterPattern(pattern);
  } catch (error) {
    if (error instanceof InvalidFilterPattern) throw new InvalidParameterException(error.message);
    throw error;
  }
}

export function logEventOperations(core: LogsCore): Record<string, Handler> {
  return {
    PutLogEvents(input: Logs.PutLogEventsRequest, context) {
      const group = requireGroupByName(core, scopeOf(context), input.logGroupName!);
      const stream = requireStream(core, group, input.logStreamName!);
      const events = input.logEvents!.map((e) => ({ timestamp: e.timestamp!, message: e.message! }));
      const { rejected } = core.put(group, stream, events);
      const output: Logs.PutLogEventsResponse = { nextSequenceToken: sequenceToken(stream) };
      if (Object.keys(rejected).length > 0) output.rejectedLogEventsInfo = rejected;
      return output;
    },

    GetLogEvents(input: Logs.GetLogEventsRequest, context) {
      const group = requireGroup(core, context, input);
      const stream = requireStream(core, group, input.logStreamName!);
      let position: ReturnType<typeof decodeStreamToken>;
      if (input.nextToken !== undefined) {
        position = decodeStreamToken(input.nextToken);
        if (!position) throw invalidNextToken();
      }
      const page = core.readStream(group, stream, {
        startTime: input.startTime,
        endTime: input.endTime,
        position,
        startFromHead: input.startFromHead ?? false,
        limit: input.limit,
      });
      return {
        events: page.events.map((e) => ({
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.ingestedAt,
        })),
        nextForwardToken: encodeStreamToken(page.forward),
        nextBackwardToken: encodeStreamToken(page.backward),
      } satisfies Logs.GetLogEventsResponse;
    },

    FilterLogEvents(input: Logs.FilterLogEventsRequest, context) {
      if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined)
        throw streamNamesAndPrefixGiven();
      const matcher = matcherOf(input.filterPattern);
      let after: EventKey | undefined;
      if (input.nextToken !== undefined) {
        const token = decodeListToken(input.nextToken, isFilterToken);
        if (!token) throw invalidNextToken();
        after = { timestamp: token.t, seq: token.s };
      }
      const group = requireGroup(core, context, input);
      let streamIds: Set<number> | undefined;
      if (input.logStreamNames !== undefined || input.logStreamNamePrefix !== undefined) {
        const names = input.logStreamNames;
        const prefix = input.logStreamNamePrefix;
        streamIds = new Set(
          core.catalog
            .streamsOf(group)
            .filter((s) => (names ? names.includes(s.name) : s.name.startsWith(prefix!)))
            .map((s) => s.id),
        );
      }
      const page = core.scanGroup(group, {
        streamIds,
        startTime: input.startTime,
        endTime: input.endTime,
        after,
        limit: input.limit,
        matcher,
      });
      const output: Logs.FilterLogEventsResponse = {
        events: page.events.map((e) => ({
          logStreamName: e.streamName,
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.ingestedAt,
          eventId: e.eventId,
        })),
        // AWS (model): "As of May 15, 2020, this parameter is no longer supported. This parameter
        // returns an empty list."
        searchedLogStreams: [],
      };
      if (page.next) output.nextToken = encodeListToken({ t: page.next.timestamp, s: page.next.seq });
      return output;
    },
  };
}
