/**
 * Invoke (RequestResponse, Event, DryRun) and the deprecated InvokeAsync, with Lambda's payload
 * rules: request bodies must be JSON, 6 MB synchronous and 1 MB asynchronous limits; a response
 * over 6 MB becomes the function's error and `LogType: Tail` returns the last 4 KB of the log (both
 * done by the runtime, which sees the response and the log first).
 */
import type { RequestContext } from "../../../server/context.ts";
import { MAX_ASYNC_PAYLOAD_BYTES, MAX_SYNC_PAYLOAD_BYTES } from "../constants.ts";
import { type LambdaCore, resolveFunction } from "../core.ts";
import {
  InvalidParameterValueException,
  InvalidRequestContentException,
  RequestTooLargeException,
} from "../errors.ts";

/** ClientContext: base64 of a JSON document of at most 3,583 bytes (Invoke API reference). */
const MAX_CLIENT_CONTEXT_BYTES = 3583;

/**
 * AWS parses the payload as JSON and answers a Jackson parse error when it is not; the engine
 * keeps the first part of that message, which names the cause, and says what it could not parse.
 */
function checkJson(payload: Buffer): void {
  if (payload.length === 0) return;
  try {
    JSON.parse(payload.toString("utf8"));
  } catch (error) {
    throw new InvalidRequestContentException(
      `Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`,
    );
  }
}

function tooLarge(limit: number, operation: string) {
  return new RequestTooLargeException(
    `Request must be smaller than ${limit} bytes for the ${operation} operation`,
  );
}

export function invokeOperations(core: LambdaCore) {
  return {
    async Invoke(
      input: {
        FunctionName: string;
        InvocationType?: string;
        LogType?: string;
        ClientContext?: string;
        Payload?: Buffer;
        Qualifier?: string;
      },
      ctx: RequestContext,
    ) {
      const fn = resolveFunction(core, ctx, input.FunctionName, input.Qualifier);
      const payload = input.Payload ?? Buffer.alloc(0);
      const type = input.InvocationType ?? "RequestResponse";
      if (type === "Event") {
        if (payload.length > MAX_ASYNC_PAYLOAD_BYTES) throw tooLarge(MAX_ASYNC_PAYLOAD_BYTES, "InvokeAsync");
      } else if (payload.length > MAX_SYNC_PAYLOAD_BYTES) {
        throw tooLarge(MAX_SYNC_PAYLOAD_BYTES, "Invoke");
      }
      checkJson(payload);
      if (input.ClientContext !== undefined) {
        const decoded = Buffer.from(input.ClientContext, "base64");
        if (decoded.length > MAX_CLIENT_CONTEXT_BYTES)
          throw new InvalidParameterValueException(
            `Client context must be smaller than ${MAX_CLIENT_CONTEXT_BYTES} bytes when decoded.`,
          );
      }
      const event = payload.length > 0 ? payload : Buffer.from("{}");
      if (type === "DryRun") return { StatusCode: 204, Payload: Buffer.alloc(0) };
      if (type === "Event") {
        core.asyncInvocations.enqueue(fn, event, ctx.requestId);
        return { StatusCode: 202, Payload: Buffer.alloc(0) };
      }
      const outcome = await core.invoker.invoke(fn, event, {
        requestId: ctx.requestId,
        clientContext: input.ClientContext,
      });
      // The runtime has already turned a response over 6 MB into Function.ResponseSizeTooLarge and
      // cut the log to its last 4 KB.
      return {
        StatusCode: 200,
        ExecutedVersion: "$LATEST",
        ...(outcome.functionError && { FunctionError: outcome.functionError }),
        ...(input.LogType === "Tail" && { LogResult: Buffer.from(outcome.logTail).toString("base64") }),
        Payload: outcome.payload,
      };
    },

    /** Deprecated, still served: an Event invocation answered with `{"Status": 202}`. */
    InvokeAsync(input: { FunctionName: string; InvokeArgs?: Buffer }, ctx: RequestContext) {
      const fn = resolveFunction(core, ctx, input.FunctionName);
      const payload = input.InvokeArgs ?? Buffer.alloc(0);
      if (payload.length > MAX_ASYNC_PAYLOAD_BYTES) throw tooLarge(MAX_ASYNC_PAYLOAD_BYTES, "InvokeAsync");
      checkJson(payload);
      core.asyncInvocations.enqueue(fn, payload.length > 0 ? payload : Buffer.from("{}"), ctx.requestId);
      return { Status: 202 };
    },
  };
}
