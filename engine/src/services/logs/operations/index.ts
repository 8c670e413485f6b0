/** Every CloudWatch Logs operation the engine serves, by its wire name. */
import type { OperationHandler } from "../../service.ts";
import type { LogsCore } from "../core.ts";
import { logEventOperations } from "./log-events.ts";
import { logGroupOperations } from "./log-groups.ts";
import { logStreamOperations } from "./log-streams.ts";
import { tagOperations } from "./tags.ts";

export function logsOperations(core: LogsCore): Record<string, OperationHandler> {
  return {
    ...logGroupOperations(core),
    ...logStreamOperations(core),
    ...logEventOperations(core),
    ...tagOperations(core),
  } as Record<string, OperationHandler>;
}
