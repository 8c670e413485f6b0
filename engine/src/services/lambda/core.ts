/**
 * What Lambda's operations share: the registries, the invoker, and how a FunctionName parameter
 * becomes a stored function.
 */
import type { RuntimeManager } from "../../runtime/types.ts";
import type { RequestContext } from "../../server/context.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { IamMode } from "../iam/enforcement.ts";
import type { InProcessClient } from "../in-process.ts";
import type { AsyncInvocations } from "./async-invocations.ts";
import { functionNotFound } from "./errors.ts";
import { functionArn, parseFunctionName, qualifierOf } from "./function-names.ts";
import type { FunctionRegistry, LambdaFunction } from "./functions.ts";
import type { FunctionInvoker } from "./invoker.ts";
import type { MappingRegistry } from "./mappings.ts";
import type { LambdaMetrics } from "./metrics.ts";

export interface LambdaCore {
  clock: Clock;
  logger: Logger;
  functions: FunctionRegistry;
  invoker: FunctionInvoker;
  asyncInvocations: AsyncInvocations;
  mappings: MappingRegistry;
  metrics: LambdaMetrics;
  runtime: RuntimeManager;
  client: InProcessClient;
  /** Where uploaded packages are unpacked. */
  codeRoot: string;
  /** `--iam`: whether function roles are checked when functions and mappings are created. */
  iamMode: IamMode;
}

/**
 * The function a request names. Only the unpublished version exists in the engine, so any
 * qualifier but `$LATEST` names a version that is not there.
 */
export function resolveFunction(
  core: LambdaCore,
  ctx: Pick<RequestContext, "accountId" | "region">,
  name: string,
  qualifier?: string,
): LambdaFunction {
  const ref = parseFunctionName(name);
  const region = ref?.region ?? ctx.region;
  const accountId = ref?.accountId ?? ctx.accountId;
  const fnName = ref?.name ?? name;
  const wanted = ref ? qualifierOf(ref, qualifier) : qualifier;
  const fn = core.functions.get(accountId, region, fnName, wanted);
  if (wanted !== undefined && wanted !== "$LATEST")
    throw functionNotFound(functionArn(region, accountId, fnName, wanted));
  return fn;
}
