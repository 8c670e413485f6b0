/**
 * One invocation in one execution environment, as the Lambda platform runs it: the Init phase on a
 * cold start (limited to 10 s), START, the handler under the function's timeout, END and REPORT,
 * and what the caller gets back. A timeout or a runtime that dies ends the environment; a function
 * error does not. Timeouts are measured on the engine's clock; durations are the longer of the
 * clock's and the real time spent, so a virtual clock that stands still still reports real work.
 */
import type { Clock } from "../shared/clock.ts";
import { INIT_TIMEOUT_MS, MAX_RESPONSE_BYTES } from "./constants.ts";
import type { EnvironmentResult, ExecutionEnvironment } from "./environment.ts";
import type { EnvironmentLog } from "./environment-log.ts";
import {
  endLine,
  exitDocument,
  exitLine,
  initReportLine,
  type ReportStatus,
  reportLine,
  responseTooLargeDocument,
  startLine,
  timedOutDocument,
  timedOutLine,
} from "./platform-lines.ts";
import type { FunctionEnvironmentSpec, InvocationOutcome, InvocationRequest } from "./types.ts";

export interface InvocationTarget {
  spec: FunctionEnvironmentSpec;
  runtime: ExecutionEnvironment;
  log: EnvironmentLog;
  /** Whether the Init phase has run (the environment is warm). */
  initialized: boolean;
}

export interface RanInvocation {
  outcome: InvocationOutcome;
  /** Whether the environment may serve another invocation. */
  reusable: boolean;
}

const TIMED_OUT = Symbol("timed out");

/** Resolves with `work`'s result, or with TIMED_OUT (and the clock's time then) once `ms` pass on the clock. */
function withTimeout<T>(
  clock: Clock,
  ms: number,
  work: Promise<T>,
): Promise<{ value: T } | { value: typeof TIMED_OUT; at: number }> {
  return new Promise((resolve, reject) => {
    const timer = clock.setTimer(ms, () => resolve({ value: TIMED_OUT, at: clock.now() }));
    work.then(
      (value) => {
        timer.cancel();
        resolve({ value });
      },
      (error: unknown) => {
        timer.cancel();
        reject(error);
      },
    );
  });
}

function stopwatch(clock: Clock): () => number {
  const real = performance.now();
  const onClock = clock.now();
  return () => Math.round(Math.max(performance.now() - real, clock.now() - onClock) * 100) / 100;
}

const json = (document: unknown) => Buffer.from(JSON.stringify(document), "utf8");

/** The ClientContext as Invoke takes it (base64 JSON), decoded for the runtime; undefined if unreadable. */
function decodeClientContext(encoded: string | undefined): string | undefined {
  if (encoded === undefined) return undefined;
  try {
    const text = Buffer.from(encoded, "base64").toString("utf8");
    JSON.parse(text);
    return text;
  } catch {
    return undefined;
  }
}

interface Conclusion {
  /** What the platform writes after START when the runtime never got to run the handler. */
  line?: string;
  payload: Buffer;
  failed: boolean;
  status: ReportStatus;
  reusable: boolean;
}

export async function runInvocation(
  target: InvocationTarget,
  request: InvocationRequest,
  clock: Clock,
): Promise<RanInvocation> {
  const { spec, runtime, log } = target;
  const requestId = request.requestId;
  log.capture();
  const init = target.initialized ? undefined : await initPhase(target, request, clock);

  log.write(startLine(requestId, spec.version));
  const invokeTime = stopwatch(clock);
  let conclusion: Conclusion;
  if (init?.failed) {
    if (init.failed.line) log.write(init.failed.line);
    conclusion = init.failed;
  } else {
    conclusion = await invokePhase(target, request, clock);
  }
  const durationMs = invokeTime();
  log.write(endLine(requestId));
  const initDurationMs = init?.durationMs;
  const billedDurationMs = Math.ceil(durationMs + (initDurationMs ?? 0));
  const maxMemoryUsedMb = runtime.maxMemoryUsedMb();
  log.write(
    reportLine(
      requestId,
      { durationMs, billedDurationMs, memorySizeMb: spec.memorySize, maxMemoryUsedMb, initDurationMs },
      conclusion.status,
    ),
  );
  const logTail = log.tail();
  log.flush();
  return {
    outcome: {
      requestId,
      payload: conclusion.payload,
      ...(conclusion.failed ? { functionError: "Unhandled" as const } : {}),
      logTail,
      durationMs,
      billedDurationMs,
      ...(initDurationMs !== undefined ? { initDurationMs } : {}),
      maxMemoryUsedMb,
    },
    reusable: conclusion.reusable,
  };
}

/** The Init phase of a cold start: the runtime starts and loads the handler, within 10 s. */
async function initPhase(
  target: InvocationTarget,
  request: InvocationRequest,
  clock: Clock,
): Promise<{ durationMs: number; failed?: Conclusion }> {
  const { spec, runtime, log } = target;
  const initTime = stopwatch(clock);
  const init = await withTimeout(clock, INIT_TIMEOUT_MS, runtime.init());
  const durationMs = initTime();
  if (init.value === TIMED_OUT) {
    await runtime.destroy();
    log.write(initReportLine(durationMs, { status: "timeout" }));
    return {
      durationMs,
      failed: {
        line: timedOutLine(clock.now(), request.requestId, spec.timeoutSeconds),
        payload: json(timedOutDocument(request.requestId, spec.timeoutSeconds)),
        failed: true,
        status: { status: "timeout" },
        reusable: false,
      },
    };
  }
  if (init.value !== undefined) {
    const failure = init.value;
    const errorType = failure.kind === "error" ? failure.errorType : "Runtime.ExitError";
    log.write(initReportLine(durationMs, { status: "error", errorType }));
    return {
      durationMs,
      failed: {
        line: failure.kind === "exit" ? exitLine(request.requestId, failure.reason) : undefined,
        payload:
          failure.kind === "error" ? failure.payload : json(exitDocument(request.requestId, failure.reason)),
        failed: true,
        status: { status: "error", errorType },
        reusable: false,
      },
    };
  }
  target.initialized = true;
  // The tail of a cold start holds the invocation's lines, not the Init phase's.
  log.capture();
  return { durationMs };
}

/** The handler's run, within the function's timeout. */
async function invokePhase(
  target: InvocationTarget,
  request: InvocationRequest,
  clock: Clock,
): Promise<Conclusion> {
  const { spec, runtime, log } = target;
  const timeoutMs = spec.timeoutSeconds * 1000;
  runtime.setBusy(true);
  let ran: Awaited<ReturnType<typeof withTimeout<EnvironmentResult>>>;
  try {
    ran = await withTimeout(
      clock,
      timeoutMs,
      runtime.invoke({
        requestId: request.requestId,
        payload: request.payload,
        deadlineMs: Date.now() + timeoutMs,
        invokedFunctionArn: request.invokedFunctionArn ?? qualifiedArn(spec),
        clientContext: decodeClientContext(request.clientContext),
        clockOffsetMs: clock.now() - Date.now(),
      }),
    );
  } finally {
    runtime.setBusy(false);
  }
  if (ran.value !== TIMED_OUT) return conclude(ran.value, request, log);
  await runtime.destroy();
  log.write(timedOutLine(ran.at, request.requestId, spec.timeoutSeconds));
  return {
    payload: json(timedOutDocument(request.requestId, spec.timeoutSeconds)),
    failed: true,
    status: { status: "timeout" },
    reusable: false,
  };
}

/** What the runtime's answer means for the caller and for the environment. */
function conclude(result: EnvironmentResult, request: InvocationRequest, log: EnvironmentLog): Conclusion {
  const { requestId } = request;
  switch (result.kind) {
    case "response":
      // An Event invocation's response goes nowhere, so its size does not matter.
      if (result.payload.length > MAX_RESPONSE_BYTES && request.invocationType !== "Event") {
        return {
          payload: json(responseTooLargeDocument(MAX_RESPONSE_BYTES)),
          failed: true,
          status: undefined,
          reusable: true,
        };
      }
      return { payload: result.payload, failed: false, status: undefined, reusable: true };
    case "error":
      return { payload: result.payload, failed: true, status: undefined, reusable: !result.fatal };
    case "exit": {
      log.write(exitLine(requestId, result.reason));
      const errorType = result.outOfMemory ? "Runtime.OutOfMemory" : "Runtime.ExitError";
      return {
        payload: json(exitDocument(requestId, result.reason)),
        failed: true,
        status: { status: "error", errorType },
        reusable: false,
      };
    }
  }
}

/** The ARN an invocation of this version is made through when the caller does not say. */
const qualifiedArn = (spec: FunctionEnvironmentSpec): string =>
  spec.version === "$LATEST" ? spec.functionArn : `${spec.functionArn}:${spec.version}`;
