/**
 * A function's side settings: reserved concurrency, asynchronous invocation settings, its
 * resource policy, tags; and the account's settings.
 */
import type {
  AddPermissionRequest,
  DestinationConfig,
  FunctionEventInvokeConfig,
} from "@aws-sdk/client-lambda";
import type { RequestContext } from "../../../server/context.ts";
import { parseArn } from "../../../shared/arn.ts";
import { validateDestinations } from "../async-invocations.ts";
import { MAX_UNZIPPED_BYTES, MAX_ZIP_BYTES } from "../constants.ts";
import { type LambdaCore, resolveFunction } from "../core.ts";
import { InvalidParameterValueException, ResourceNotFoundException } from "../errors.ts";
import { addStatement, removeStatement } from "../permissions.ts";

interface EventInvokeInput {
  FunctionName: string;
  Qualifier?: string;
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig?: DestinationConfig;
}

/** Total code storage per region (Lambda quotas: 75 GB). */
const TOTAL_CODE_SIZE_BYTES = 80_530_636_800;

export function settingsOperations(core: LambdaCore) {
  const { functions, invoker, clock } = core;

  const noEventInvokeConfig = (arn: string) =>
    new ResourceNotFoundException(`The function ${arn}:$LATEST doesn't have an EventInvokeConfig`);

  function putEventInvokeConfig(input: EventInvokeInput, ctx: RequestContext, merge: boolean) {
    const fn = resolveFunction(core, ctx, input.FunctionName, input.Qualifier);
    const unsupported = validateDestinations(input.DestinationConfig);
    if (unsupported) {
      throw new InvalidParameterValueException(
        `The destination ${unsupported} is not supported by the Orderflow engine yet: use an SQS queue or a Lambda function.`,
      );
    }
    const base = merge ? fn.eventInvokeConfig : undefined;
    if (merge && !base) throw noEventInvokeConfig(fn.config.FunctionArn);
    const config: FunctionEventInvokeConfig = {
      LastModified: (clock.now() / 1000) as unknown as Date,
      FunctionArn: `${fn.config.FunctionArn}:$LATEST`,
      MaximumRetryAttempts: input.MaximumRetryAttempts ?? base?.MaximumRetryAttempts ?? 2,
      MaximumEventAgeInSeconds: input.MaximumEventAgeInSeconds ?? base?.MaximumEventAgeInSeconds ?? 21_600,
      DestinationConfig: {
        OnSuccess: input.DestinationConfig?.OnSuccess ?? base?.DestinationConfig?.OnSuccess ?? {},
        OnFailure: input.DestinationConfig?.OnFailure ?? base?.DestinationConfig?.OnFailure ?? {},
      },
    };
    fn.eventInvokeConfig = config;
    functions.touch(fn);
    return { ...config };
  }

  return {
    PutFunctionConcurrency(
      input: { FunctionName: string; ReservedConcurrentExecutions: number },
      ctx: RequestContext,
    ) {
      const fn = resolveFunction(core, ctx, input.FunctionName);
      const othersReserved = functions.reservedTotal(fn.accountId, fn.region, fn.name);
      const unreserved = invoker.accountConcurrency - othersReserved - input.ReservedConcurrentExecutions;
      if (unreserved < invoker.minimumUnreserved) {
        throw new InvalidParameterValueException(
          `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${invoker.minimumUnreserved}].`,
        );
      }
      fn.reservedConcurrency = input.ReservedConcurrentExecutions;
      functions.touch(fn);
      return { ReservedConcurrentExecutions: fn.reservedConcurrency };
    },

    GetFunctionConcurrency(input: { FunctionName: string }, ctx: RequestContext) {
      const fn = resolveFunction(core, ctx, input.FunctionName);
      return fn.reservedConcurrency === undefined
        ? {}
        : { ReservedConcurrentExecutions: fn.reservedConcurrency };
    },

    DeleteFunctionConcurrency(input: { FunctionName: string }, ctx: RequestContext) {
      const fn = resolveFunction(core, ctx, input.FunctionName);
      fn.reservedConcurrency = undefined;
      functions.touch(fn);
      return {};
    },

    PutFunctionEventInvokeConfig: (input: EventInvokeInput, ctx: RequestContext) =>
      putEventInvokeConfig(input, ctx, false),
    UpdateFunctionEventInvokeConfig: (input: EventInvokeInput, ctx: RequestContext) =>
      putEventInvokeConfig(input, ctx, true),

    GetFunctionEventInvokeConfig(input: { FunctionName: string; Qualifier?: string }, ctx: RequestContext) {
      const fn = resolveFunction(core, ctx, input.FunctionName, input.Qualifier);
      if (!fn.eventInvokeConfig) throw noEventInvokeConfig(fn.config.FunctionArn);
      return { ...fn.eventInvokeConfig };
    },

    ListFunctionEventInvokeConfigs(input: { FunctionName: string }, ctx: RequestContext) {
      const fn = resolveFunction(core, ctx, input.FunctionName);
      return { FunctionEventInvokeConfigs: fn.eventInvokeConfig ? [{ ...fn.eventInvokeConfig }] : [] };
    },

    DeleteFunctionEventInvokeConfig(
      input: { FunctionName: string; Qualifier?: string },
      ctx: RequestContext,
    ) {
      const fn = resolveFunction(core, ctx, input.FunctionName, input.Qualifier);
      if (!fn.eventInvokeConfig) throw noEventInvokeConfig(fn.config.FunctionArn);
      fn.eventInvokeConfig = undefined;
      functions.touch(fn);
      return {};
    },

    AddPermission(
      input: AddPermissionRequest & {
        FunctionName: string;
        StatementId: string;
        Action: string;
        Principal: string;
      },
      ctx: RequestContext,
    ) {
      const fn = resolveFunction(core, ctx, input.FunctionName, input.Qualifier);
      const { policy, statement } = addStatement(fn.policy, fn.config.FunctionArn, input);
      fn.policy = policy;
      functions.touch(fn);
      return { Statement: JSON.stringify(statement) };
    },

    RemovePermission(
      input: { FunctionName: string; StatementId: string; Qualifier?: string },
      ctx: RequestContext,
    ) {
      const fn = resolveFunction(core, ctx, input.FunctionName, input.Qualifier);
      fn.policy = removeStatement(fn.policy, input.StatementId);
      functions.touch(fn);
      return {};
    },

    GetPolicy(input: { FunctionName: string; Qualifier?: string }, ctx: RequestContext) {
      const fn = resolveFunction(core, ctx, input.FunctionName, input.Qualifier);
      if (!fn.policy) throw new ResourceNotFoundException("The resource you requested does not exist.");
      return { Policy: JSON.stringify(fn.policy), RevisionId: fn.config.RevisionId };
    },

    TagResource(input: { Resource: string; Tags: Record<string, string> }, ctx: RequestContext) {
      const fn = functionOfResource(core, input.Resource, ctx);
      fn.tags = { ...fn.tags, ...input.Tags };
      functions.touch(fn);
      return {};
    },

    UntagResource(input: { Resource: string; TagKeys: string[] }, ctx: RequestContext) {
      const fn = functionOfResource(core, input.Resource, ctx);
      fn.tags = Object.fromEntries(Object.entries(fn.tags).filter(([key]) => !input.TagKeys.includes(key)));
      functions.touch(fn);
      return {};
    },

    ListTags(input: { Resource: string }, ctx: RequestContext) {
      return { Tags: { ...functionOfResource(core, input.Resource, ctx).tags } };
    },

    GetAccountSettings(_input: unknown, ctx: RequestContext) {
      const all = functions.list(ctx.accountId, ctx.region);
      return {
        AccountLimit: {
          TotalCodeSize: TOTAL_CODE_SIZE_BYTES,
          CodeSizeUnzipped: MAX_UNZIPPED_BYTES,
          CodeSizeZipped: MAX_ZIP_BYTES,
          ConcurrentExecutions: invoker.accountConcurrency,
          UnreservedConcurrentExecutions: invoker.unreservedLimit(ctx.accountId, ctx.region),
        },
        AccountUsage: {
          TotalCodeSize: all.reduce((sum, fn) => sum + (fn.config.CodeSize ?? 0), 0),
          FunctionCount: all.length,
        },
      };
    },
  };
}

/** Tags live on functions; the resource must be a function ARN. */
function functionOfResource(core: LambdaCore, resource: string, ctx: RequestContext) {
  const parsed = parseArn(resource);
  if (parsed?.service !== "lambda" || !parsed.resource.startsWith("function:"))
    throw new InvalidParameterValueException(`Invalid ARN: ${resource}`);
  return resolveFunction(core, ctx, resource);
}
