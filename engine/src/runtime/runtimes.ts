/**
 * The Lambda runtime identifiers the engine runs and what each one means here: Node.js runtimes run
 * in worker threads of the engine's own Node.js, Python runtimes in the machine's python3.
 */
import { createHash } from "node:crypto";

export type RuntimeFamily = "nodejs" | "python";

const RUNTIME_PATTERN = /^(nodejs|python)(\d+)(?:\.(\d+))?(\.x)?$/;

export interface RuntimeInfo {
  family: RuntimeFamily;
  /** "22" for nodejs22.x, "3.12" for python3.12. */
  version: string;
}

export function runtimeInfo(runtime: string): RuntimeInfo | undefined {
  const match = RUNTIME_PATTERN.exec(runtime);
  if (!match) return undefined;
  const [, family, major, minor, dotX] = match;
  if (family === "nodejs" && dotX && minor === undefined) return { family, version: major! };
  if (family === "python" && !dotX && minor !== undefined) return { family, version: `${major}.${minor}` };
  return undefined;
}

/**
 * The INIT_START line's runtime version ("nodejs:22.v51"): AWS numbers its builds of a runtime; the
 * engine has one build of each.
 */
export const runtimeVersionName = (info: RuntimeInfo): string => `${info.family}:${info.version}.v1`;

/** A stable stand-in for the runtime version ARN AWS prints (its last part is a 64-hex digest). */
export function runtimeVersionArn(info: RuntimeInfo, region: string): string {
  const digest = createHash("sha256").update(runtimeVersionName(info)).digest("hex");
  return `arn:aws:lambda:${region}::runtime:${digest}`;
}
