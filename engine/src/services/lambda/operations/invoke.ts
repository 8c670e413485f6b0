/**
 * Invoke (RequestResponse, Event, DryRun) and the deprecated InvokeAsync, with Lambda's payload
 * rules: request bodies must be JSON, 6 MB synchronous and 1 MB asynchronous limits, a response
 * over 6 MB becomes the function's error, `LogType: Tail` returns the last 4 KB of the log.
 */
import type { RequestContext } from "../../../server/context.ts";
import { LOG_TAIL_BYTES, MAX_ASYNC_PAYLOAD_BYTES, MAX_SYNC_PAYLOAD_BYTES } from "../constants.ts";
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

/** AWS: a response over 6 MB fails the invocation with this error document. */
function oversizedResponse(size: number) {
  return Buffer.from(
    JSON.stringify({
      errorMessage: `Response payload size (${size} bytes) exceeded maximum allowed payload size (${MAX_SYNC_PAYLOAD_BYTES} bytes).`,
      errorType: "Function.ResponseSizeTooLarge",
    }),
  );
}

function tail(log: string): string {
  const bytes = Buffer.from(log, "utf8");
  return (bytes.length > LOG_TAIL_BYTES ? bytes.subarray(bytes.length - LOG_TAIL_BYTES) : bytes).toString(
    "base64",
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
      let body = outcome.payload;
      let functionError = outcome.functionError;
      if (body.length > MAX_SYNC_PAYLOAD_BYTES) {
        body = oversizedResponse(body.length);
        functionError = "Unhandled";
      }
      return {
        StatusCode: 200,
        ExecutedVersion: "$LATEST",
        ...(functionError && { FunctionError: functionError }),
        ...(input.LogType === "Tail" && { LogResult: tail(outcome.logTail) }),
        Payload: body,
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
