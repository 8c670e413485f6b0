/**
 * Lambda execution environments: Node.js handlers in worker threads, Python handlers in child
 * processes speaking the Runtime API; warm reuse, cold starts, timeouts on the clock, crash
 * isolation, and each environment's output in its own CloudWatch Logs stream.
 *
 * LIMITATIONS
 * - Environments share the engine's process (Node.js) or machine (Python): they are isolated from
 *   each other's failures, not sandboxed. A Node.js worker shares the engine's working directory
 *   (process.cwd() reports LAMBDA_TASK_ROOT, but relative fs paths resolve against the engine's)
 *   and its time zone (TZ is set, but a worker cannot change the process's).
 * - Node.js and Python versions are the machine's: nodejs18.x … nodejs24.x run on the engine's
 *   Node.js (each with its runtime's behaviour: callback handlers are refused on nodejs24.x), and
 *   python3.x uses python<version> when the machine has it, else python3.
 * - Text log format only (LoggingConfig LogFormat JSON is not applied); no response streaming, no
 *   X-Ray trace ids, no extensions or layers.
 * - Max Memory Used is the Node.js worker's heap (no process baseline) or the Python process's
 *   peak resident memory.
 */
import { EnvironmentManager, type RuntimeManagerDeps } from "./manager.ts";
import type { RuntimeManager } from "./types.ts";

export type {
  FunctionEnvironmentSpec,
  InvocationOutcome,
  InvocationRequest,
  LogSink,
  RuntimeManager,
} from "./types.ts";

export function createRuntimeManager(deps: RuntimeManagerDeps): RuntimeManager {
  return new EnvironmentManager(deps);
}
