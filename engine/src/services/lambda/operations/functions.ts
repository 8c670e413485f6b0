/**
 * Function lifecycle: CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions,
 * UpdateFunctionCode, UpdateFunctionConfiguration, DeleteFunction.
 */
import type {
  CreateFunctionRequest,
  FunctionCode,
  UpdateFunctionCodeRequest,
  UpdateFunctionConfigurationRequest,
} from "@aws-sdk/client-lambda";
import type { RequestContext } from "../../../server/context.ts";
import { localDirectoryCode, type StoredCode, unpackZip } from "../code.ts";
import {
  DEFAULT_EPHEMERAL_STORAGE_MB,
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_SECONDS,
  LIST_PAGE_DEFAULT,
  MAX_ZIP_BYTES,
} from "../constants.ts";
import { type LambdaCore, resolveFunction } from "../core.ts";
import {
  InvalidParameterValueException,
  PreconditionFailedException,
  RequestTooLargeException,
  ResourceConflictException,
} from "../errors.ts";
import { validateConfig } from "../function-config.ts";
import { functionArn } from "../function-names.ts";
import { type LambdaFunction, lastModified, newRevisionId } from "../functions.ts";
import { checkDestinationWritable, checkRoleAssumable } from "../role-checks.ts";

/** Code from a request: a zip inline, or an S3 object (the engine has no S3 yet). */
function codeFromRequest(core: LambdaCore, code: FunctionCode): StoredCode {
  if (code.ZipFile) {
    if (code.ZipFile.length > MAX_ZIP_BYTES) {
      throw new RequestTooLargeException(
        `Request must be smaller than ${MAX_ZIP_BYTES} bytes for the CreateFunction operation`,
      );
    }
    return unpackZip(core.codeRoot, Buffer.from(code.ZipFile));
  }
  if (code.S3Bucket || code.S3Key) {
    // AWS's answer when the bucket is not there; the engine has no S3 (see LIMITATIONS).
    throw new InvalidParameterValueException(
      "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist",
    );
  }
  if (code.ImageUri) {
    throw new InvalidParameterValueException(
      "Container image functions are not supported by the Orderflow engine (see docs/CONFORMANCE.md).",
    );
  }
  // AWS's wording for a Code structure with no source in it.
  throw new InvalidParameterValueException("Please provide a source for function code.");
}

/** The configuration AWS returns for a new function, from the request and Lambda's defaults. */
function newConfig(
  ctx: Pick<RequestContext, "accountId" | "region">,
  input: CreateFunctionRequest & { FunctionName: string },
  code: StoredCode,
  now: number,
): LambdaFunction["config"] {
  const arn = functionArn(ctx.region, ctx.accountId, input.FunctionName);
  return {
    FunctionName: input.FunctionName,
    FunctionArn: arn,
    Runtime: input.Runtime!,
    Role: input.Role,
    Handler: input.Handler!,
    CodeSize: code.size,
    Description: input.Description ?? "",
    Timeout: input.Timeout ?? DEFAULT_TIMEOUT_SECONDS,
    MemorySize: input.MemorySize ?? DEFAULT_MEMORY_MB,
    LastModified: lastModified(now),
    CodeSha256: code.sha256,
    Version: "$LATEST",
    ...(input.Environment?.Variables && { Environment: { Variables: input.Environment.Variables } }),
    ...(input.DeadLetterConfig?.TargetArn && { DeadLetterConfig: input.DeadLetterConfig }),
    TracingConfig: { Mode: input.TracingConfig?.Mode ?? "PassThrough" },
    RevisionId: newRevisionId(),
    State: "Active",
    LastUpdateStatus: "Successful",
    PackageType: "Zip",
    Architectures: input.Architectures ?? ["x86_64"],
    EphemeralStorage: { Size: input.EphemeralStorage?.Size ?? DEFAULT_EPHEMERAL_STORAGE_MB },
    SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
    LoggingConfig: {
      LogFormat: input.LoggingConfig?.LogFormat ?? "Text",
      LogGroup: input.LoggingConfig?.LogGroup ?? `/aws/lambda/${input.FunctionName}`,
      ...(input.LoggingConfig?.ApplicationLogLevel && {
        ApplicationLogLevel: input.LoggingConfig.ApplicationLogLevel,
      }),
      ...(input.LoggingConfig?.SystemLogLevel && { SystemLogLevel: input.LoggingConfig.SystemLogLevel }),
    },
  };
}

function checkRevision(fn: LambdaFunction, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== fn.config.RevisionId) {
    throw new PreconditionFailedException(
      "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
    );
  }
}

export interface CreateFunctionOptions {
  /** For the engine's own deployments: run the code from this directory instead of a package. */
  localCodeDir?: string;
}

export async function createFunction(
  core: LambdaCore,
  ctx: Pick<RequestContext, "accountId" | "region">,
  input: CreateFunctionRequest & { FunctionName: string; Role: string; Code: FunctionCode },
  options: CreateFunctionOptions = {},
) {
  if (
    (input.PackageType ?? "Zip") === "Zip" &&
    (input.Runtime === undefined || input.Handler === undefined)
  ) {
    throw new InvalidParameterValueException(
      "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
    );
  }
  validateConfig(input);
  await checkRoleAssumable(core, input.Role, functionArn(ctx.region, ctx.accountId, input.FunctionName));
  await checkDestinationWritable(core, "CreateFunction", input.Role, input.DeadLetterConfig?.TargetArn);
  if (core.functions.find(ctx.accountId, ctx.region, input.FunctionName))
    throw new ResourceConflictException(`Function already exist: ${input.FunctionName}`);
  const code = options.localCodeDir
    ? localDirectoryCode(core.codeRoot, options.localCodeDir)
    : codeFromRequest(core, input.Code);
  const fn: LambdaFunction = {
    accountId: ctx.accountId,
    region: ctx.region,
    name: input.FunctionName,
    config: newConfig(ctx, input, code, core.clock.now()),
    codeDir: code.dir,
    zip: options.localCodeDir ? undefined : Buffer.from(input.Code.ZipFile ?? []),
    tags: { ...input.Tags },
    policy: undefined,
    reservedConcurrency: undefined,
    eventInvokeConfig: undefined,
  };
  core.functions.save(fn, "created", options.localCodeDir ? code.dir : undefined);
  return { ...fn.config };
}

/** Points a function at new code in a local directory (the engine's own deployments only). */
export function updateFunctionCodeFromDirectory(
  core: LambdaCore,
  ctx: Pick<RequestContext, "accountId" | "region">,
  functionName: string,
  codeDir: string,
) {
  const fn = resolveFunction(core, ctx, functionName);
  const code = localDirectoryCode(core.codeRoot, codeDir);
  const updated: LambdaFunction = {
    ...fn,
    codeDir: code.dir,
    zip: undefined,
    config: {
      ...fn.config,
      CodeSha256: code.sha256,
      CodeSize: code.size,
      LastModified: lastModified(core.clock.now()),
      RevisionId: newRevisionId(),
    },
  };
  core.functions.save(updated, "updated", code.dir);
  core.runtime.retire(fn.name);
  return { ...updated.config };
}

export function functionOperations(core: LambdaCore) {
  const { functions, clock } = core;
  return {
    CreateFunction: (
      input: CreateFunctionRequest & { FunctionName: string; Role: string; Code: FunctionCode },
      ctx: RequestContext,
    ) => createFunction(core, ctx, input),

    GetFunction(input: { FunctionName: string; Qualifier?: string }, ctx: RequestContext) {
      const fn = resolveFunction(core, ctx, input.FunctionName, input.Qualifier);
      return {
        Configuration: { ...fn.config },
        // AWS gives a presigned S3 URL valid for ten minutes; the engine has no S3 to serve it from.
        Code: { RepositoryType: "S3", Location: `${ctx.baseUrl}/_orderflow/lambda/code/${fn.name}` },
        ...(Object.keys(fn.tags).length > 0 && { Tags: fn.tags }),
        ...(fn.reservedConcurrency !== undefined && {
          Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency },
        }),
      };
    },

    GetFunctionConfiguration(input: { FunctionName: string; Qualifier?: string }, ctx: RequestContext) {
      return { ...resolveFunction(core, ctx, input.FunctionName, input.Qualifier).config };
    },

    ListFunctions(input: { Marker?: string; MaxItems?: number }, ctx: RequestContext) {
      const all = functions.list(ctx.accountId, ctx.region);
      const start = input.Marker ? decodeMarker(input.Marker, all) : 0;
      const size = input.MaxItems ?? LIST_PAGE_DEFAULT;
      const page = all.slice(start, start + size);
      const next = start + size < all.length ? all[start + size - 1]!.name : undefined;
      return {
        Functions: page.map((fn) => ({ ...fn.config })),
        ...(next && { NextMarker: Buffer.from(next).toString("base64") }),
      };
    },

    UpdateFunctionCode(input: UpdateFunctionCodeRequest & { FunctionName: string }, ctx: RequestContext) {
      const fn = resolveFunction(core, ctx, input.FunctionName);
      checkRevision(fn, input.RevisionId);
      const code = codeFromRequest(core, input);
      if (input.DryRun) return { ...fn.config, CodeSha256: code.sha256, CodeSize: code.size };
      const updated: LambdaFunction = {
        ...fn,
        codeDir: code.dir,
        zip: Buffer.from(input.ZipFile ?? []),
        config: {
          ...fn.config,
          CodeSha256: code.sha256,
          CodeSize: code.size,
          LastModified: lastModified(clock.now()),
          RevisionId: newRevisionId(),
          ...(input.Architectures && { Architectures: input.Architectures }),
        },
      };
      functions.save(updated, "updated");
      core.runtime.retire(fn.name);
      return { ...updated.config };
    },

    async UpdateFunctionConfiguration(
      input: UpdateFunctionConfigurationRequest & { FunctionName: string },
      ctx: RequestContext,
    ) {
      if (input.Role !== undefined || input.DeadLetterConfig?.TargetArn) {
        const target = resolveFunction(core, ctx, input.FunctionName);
        if (input.Role !== undefined) await checkRoleAssumable(core, input.Role, target.config.FunctionArn);
        const deadLetterQueue =
          input.DeadLetterConfig !== undefined
            ? input.DeadLetterConfig.TargetArn
            : target.config.DeadLetterConfig?.TargetArn;
        const role = input.Role ?? target.config.Role ?? "";
        await checkDestinationWritable(core, "UpdateFunctionConfiguration", role, deadLetterQueue);
      }
      const fn = resolveFunction(core, ctx, input.FunctionName);
      checkRevision(fn, input.RevisionId);
      validateConfig(input);
      const config = { ...fn.config };
      if (input.Runtime !== undefined) config.Runtime = input.Runtime;
      if (input.Handler !== undefined) config.Handler = input.Handler;
      if (input.Role !== undefined) config.Role = input.Role;
      if (input.Description !== undefined) config.Description = input.Description;
      if (input.Timeout !== undefined) config.Timeout = input.Timeout;
      if (input.MemorySize !== undefined) config.MemorySize = input.MemorySize;
      if (input.Environment !== undefined) {
        const variables = input.Environment.Variables ?? {};
        if (Object.keys(variables).length > 0) config.Environment = { Variables: variables };
        else delete config.Environment;
      }
      if (input.DeadLetterConfig !== undefined) {
        if (input.DeadLetterConfig.TargetArn) config.DeadLetterConfig = input.DeadLetterConfig;
        else delete config.DeadLetterConfig;
      }
      if (input.TracingConfig?.Mode) config.TracingConfig = { Mode: input.TracingConfig.Mode };
      if (input.EphemeralStorage?.Size) config.EphemeralStorage = { Size: input.EphemeralStorage.Size };
      if (input.LoggingConfig) config.LoggingConfig = { ...config.LoggingConfig, ...input.LoggingConfig };
      config.LastModified = lastModified(clock.now());
      config.RevisionId = newRevisionId();
      const updated = { ...fn, config };
      functions.save(updated, "updated", fn.zip && fn.zip.length > 0 ? undefined : fn.codeDir);
      core.runtime.retire(fn.name);
      return { ...config };
    },

    DeleteFunction(input: { FunctionName: string; Qualifier?: string }, ctx: RequestContext) {
      const fn = resolveFunction(core, ctx, input.FunctionName, input.Qualifier);
      functions.remove(fn);
      core.asyncInvocations.forget(fn);
      core.runtime.retire(fn.name);
      return {};
    },
  };
}

/** Markers are opaque to clients; the engine's carries the last name of the previous page. */
function decodeMarker(marker: string, all: LambdaFunction[]): number {
  const last = Buffer.from(marker, "base64").toString("utf8");
  const index = all.findIndex((fn) => fn.name > last);
  return index < 0 ? all.length : index;
}
