/**
 * Engine control routes under /_orderflow/ (JSON): health always; the clock when enabled.
 *
 *   GET  /_orderflow/health          {"status":"ok","services":[…]}
 *   GET  /_orderflow/metrics?arn=A   what AWS would publish to CloudWatch for a Lambda function
 *                                    or a DynamoDB table/index ARN (read-only; always served)
 *   GET  /_orderflow/clock           {"kind","now","iso"}
 *   POST /_orderflow/clock/advance   {"ms": n} | {"seconds": n}   (virtual clock only)
 *   POST /_orderflow/clock/set       {"epochMs": n}               (virtual clock only; forward only)
 */
import type { Clock } from "../shared/clock.ts";
import { VirtualClock } from "../shared/clock.ts";

export interface ControlResponse {
  status: number;
  body: unknown;
}

export interface ControlOptions {
  clock: Clock;
  services: readonly string[];
  /** Clock routes are served only when enabled. */
  enabled: boolean;
  startedAt: number;
  /** Metrics of a resource by ARN, until the engine serves CloudWatch; undefined for an unknown kind. */
  metrics?(arn: string): unknown;
}

export function handleControl(
  method: string,
  path: string,
  body: Buffer,
  options: ControlOptions,
  search: URLSearchParams = new URLSearchParams(),
): ControlResponse {
  const { clock } = options;
  if (path === "/_orderflow/metrics" && method === "GET") {
    const arn = search.get("arn");
    if (!arn) return { status: 400, body: { message: "give ?arn=<function, table or index ARN>" } };
    const metrics = options.metrics?.(arn);
    return metrics === undefined
      ? { status: 404, body: { message: `no metrics for ${arn}` } }
      : { status: 200, body: metrics };
  }
  if (path === "/_orderflow/health") {
    return {
      status: 200,
      body: { status: "ok", services: options.services, uptimeMs: Date.now() - options.startedAt },
    };
  }
  if (!options.enabled)
    return { status: 404, body: { message: "control routes are disabled (start with --control)" } };
  const time = () => ({ kind: clock.kind, now: clock.now(), iso: new Date(clock.now()).toISOString() });
  if (path === "/_orderflow/clock" && method === "GET") return { status: 200, body: time() };
  if (path === "/_orderflow/clock/advance" || path === "/_orderflow/clock/set") {
    if (method !== "POST") return { status: 405, body: { message: "use POST" } };
    if (!(clock instanceof VirtualClock))
      return { status: 409, body: { message: "the engine runs the real clock" } };
    let args: Record<string, unknown>;
    try {
      args = body.length ? (JSON.parse(body.toString("utf8")) as Record<string, unknown>) : {};
    } catch {
      return { status: 400, body: { message: "body must be JSON" } };
    }
    if (path.endsWith("/advance")) {
      const ms =
        typeof args.ms === "number" ? args.ms : typeof args.seconds === "number" ? args.seconds * 1000 : NaN;
      if (!(ms >= 0)) return { status: 400, body: { message: "give a non-negative ms or seconds" } };
      clock.advance(ms);
    } else {
      if (typeof args.epochMs !== "number") return { status: 400, body: { message: "give epochMs" } };
      clock.set(args.epochMs);
    }
    return { status: 200, body: time() };
  }
  return { status: 404, body: { message: `no control route ${path}` } };
}
