/**
 * The environment an execution environment's runtime and handler see. AWS: "Defined runtime
 * environment variables" (Lambda developer guide): the reserved ones describe the function and its
 * credentials and cannot be set by the function's configuration; the others (LANG, PATH, TZ, …) are
 * defaults that its Environment.Variables may replace. The engine adds AWS_ENDPOINT_URL, so SDKs
 * inside talk to the engine, as a default too.
 */
import type { RuntimeInfo } from "./runtimes.ts";
import type { EnvironmentCredentials, FunctionEnvironmentSpec } from "./types.ts";

export interface EnvironmentIdentity {
  logStreamName: string;
  info: RuntimeInfo;
  /** LAMBDA_RUNTIME_DIR: where the runtime's own files are. */
  runtimeDir: string;
  credentials: EnvironmentCredentials;
}

export function environmentVariables(
  spec: FunctionEnvironmentSpec,
  identity: EnvironmentIdentity,
  runtimeSpecific: Record<string, string> = {},
): Record<string, string> {
  const defaults: Record<string, string> = {
    // The machine's PATH: the runtime and the function's tools live where the engine runs.
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    LANG: "en_US.UTF-8",
    TZ: ":UTC",
    AWS_ENDPOINT_URL: spec.engineEndpoint,
  };
  const reserved: Record<string, string> = {
    _HANDLER: spec.handler,
    AWS_REGION: spec.region,
    AWS_DEFAULT_REGION: spec.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: spec.version,
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    AWS_LAMBDA_LOG_GROUP_NAME: spec.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: identity.logStreamName,
    AWS_ACCESS_KEY_ID: identity.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: identity.credentials.secretAccessKey,
    LAMBDA_TASK_ROOT: spec.codeDir,
    LAMBDA_RUNTIME_DIR: identity.runtimeDir,
    ...runtimeSpecific,
  };
  if (identity.credentials.sessionToken !== undefined)
    reserved.AWS_SESSION_TOKEN = identity.credentials.sessionToken;
  return { ...defaults, ...spec.environment, ...reserved };
}
