/**
 * AWS::Lambda::Function. Ref: the function name. GetAtt: Arn, SnapStartResponse (and any readable
 * property). Without FunctionName the name is generated. Code comes from lambda-code.ts. FunctionName
 * and PackageType replace the function; configuration changes are UpdateFunctionConfiguration (a
 * property removed from the template going back to Lambda's default), code changes
 * UpdateFunctionCode or, for local code, a new look at the directory; ReservedConcurrentExecutions
 * is PutFunctionConcurrency / DeleteFunctionConcurrency; tags are the tag operations.
 *
 * Not emulated: RuntimeManagementConfig, RecursiveLoop, CodeSigningConfigArn and
 * FunctionScalingConfig are accepted and ignored; the cfn-response module AWS adds beside inline
 * code is not (custom resources are not supported).
 */
import { asHandlerError, existing } from "./errors.ts";
import { type FunctionCode, functionCode, inlineZip } from "./lambda-code.ts";
import { generatePhysicalName } from "./physical-names.ts";
import { changed, num, obj, type Properties, str, tagChanges, tagMap } from "./properties.ts";
import { call, defineProvider } from "./provider.ts";
import type { ResourceContext } from "./types.ts";

const TYPE = "AWS::Lambda::Function";
/** AWS: function names are at most 64 characters. */
const MAX_FUNCTION_NAME_LENGTH = 64;

/** Configuration members and the value Lambda gives a function that does not set them. */
const CONFIG_DEFAULTS: Record<string, (name: string) => unknown> = {
  Role: () => undefined,
  Handler: () => undefined,
  Runtime: () => undefined,
  Description: () => "",
  Timeout: () => 3,
  MemorySize: () => 128,
  Environment: () => ({ Variables: {} }),
  DeadLetterConfig: () => ({ TargetArn: "" }),
  TracingConfig: () => ({ Mode: "PassThrough" }),
  EphemeralStorage: () => ({ Size: 512 }),
  LoggingConfig: (name) => ({ LogFormat: "Text", LogGroup: `/aws/lambda/${name}` }),
  Layers: () => [],
  KmsKeyArn: () => "",
  VpcConfig: () => ({ SubnetIds: [], SecurityGroupIds: [] }),
  FileSystemConfigs: () => [],
  ImageConfig: () => ({}),
  SnapStart: () => ({ ApplyOn: "None" }),
};

function configOf(properties: Properties): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(CONFIG_DEFAULTS))
    if (properties[key] !== undefined) out[key] = properties[key];
  const variables = obj(obj(properties.Environment)?.Variables);
  if (variables)
    out.Environment = {
      Variables: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
    };
  return out;
}

/** LocalFunctionCode answers with Lambda's own errors, not through the client. */
const fromLambda = (error: unknown): never => {
  throw asHandlerError("lambda", error);
};

async function describe(ctx: ResourceContext, name: string) {
  const config = await call<{ FunctionName: string; FunctionArn: string; SnapStart?: unknown }>(
    ctx,
    "lambda",
    "GetFunctionConfiguration",
    { FunctionName: name },
  );
  return {
    physicalId: config.FunctionName,
    attributes: {
      Arn: config.FunctionArn,
      SnapStartResponse: config.SnapStart ?? { ApplyOn: "None", OptimizationStatus: "Off" },
    },
  };
}

/** Inline code is compared as the zip it becomes (a runtime change renames index.js to index.py). */
function codeChanged(code: FunctionCode, properties: Properties, previousProperties: Properties): boolean {
  if (code.kind !== "zip") return changed(properties.Code, previousProperties.Code);
  const before = str(obj(previousProperties.Code)?.ZipFile);
  return before === undefined || !inlineZip(before, str(previousProperties.Runtime)).equals(code.zip);
}

async function setConcurrency(
  ctx: ResourceContext,
  name: string,
  reserved: number | undefined,
): Promise<void> {
  if (reserved === undefined) await call(ctx, "lambda", "DeleteFunctionConcurrency", { FunctionName: name });
  else
    await call(ctx, "lambda", "PutFunctionConcurrency", {
      FunctionName: name,
      ReservedConcurrentExecutions: reserved,
    });
}

export const lambdaFunctionProvider = defineProvider({
  type: TYPE,

  async create(properties, ctx) {
    const name =
      str(properties.FunctionName) ?? generatePhysicalName(ctx, { maxLength: MAX_FUNCTION_NAME_LENGTH });
    const code = functionCode(properties, ctx);
    const tags = tagMap(properties.Tags);
    const input = {
      FunctionName: name,
      ...configOf(properties),
      ...(properties.PackageType !== undefined && { PackageType: properties.PackageType }),
      ...(properties.Architectures !== undefined && { Architectures: properties.Architectures }),
      ...(Object.keys(tags).length > 0 && { Tags: tags }),
    } as Record<string, unknown> & { FunctionName: string; Role: string };
    if (code.kind === "local") {
      await ctx.localFunctions
        .create(input, code.dir, { accountId: ctx.accountId, region: ctx.region })
        .catch(fromLambda)
        .catch(existing(TYPE, name));
    } else {
      await call(ctx, "lambda", "CreateFunction", {
        ...input,
        Code: code.kind === "zip" ? { ZipFile: code.zip } : code.code,
      }).catch(existing(TYPE, name));
    }
    const reserved = num(properties.ReservedConcurrentExecutions);
    if (reserved !== undefined) await setConcurrency(ctx, name, reserved);
    return describe(ctx, name);
  },

  async update(previous, properties, previousProperties, ctx) {
    const name = previous.physicalId;
    const next = configOf(properties);
    const before = configOf(previousProperties);
    const configChanges: Record<string, unknown> = {};
    for (const [key, fallback] of Object.entries(CONFIG_DEFAULTS)) {
      if (!changed(next[key], before[key])) continue;
      const value = next[key] ?? fallback(name);
      if (value !== undefined) configChanges[key] = value;
    }
    if (Object.keys(configChanges).length > 0) {
      await call(ctx, "lambda", "UpdateFunctionConfiguration", { FunctionName: name, ...configChanges });
    }

    const code = functionCode(properties, ctx);
    const architecturesChanged = changed(properties.Architectures, previousProperties.Architectures);
    if (code.kind === "local") {
      // The directory's contents may have changed under the same path: look again every time.
      await ctx.localFunctions
        .updateCode(name, code.dir, { accountId: ctx.accountId, region: ctx.region })
        .catch(fromLambda);
    } else if (codeChanged(code, properties, previousProperties) || architecturesChanged) {
      await call(ctx, "lambda", "UpdateFunctionCode", {
        FunctionName: name,
        ...(code.kind === "zip" ? { ZipFile: code.zip } : (code.code as Properties)),
        ...(properties.Architectures !== undefined && { Architectures: properties.Architectures }),
      });
    }

    if (changed(properties.ReservedConcurrentExecutions, previousProperties.ReservedConcurrentExecutions)) {
      await setConcurrency(ctx, name, num(properties.ReservedConcurrentExecutions));
    }
    const tags = tagChanges(tagMap(previousProperties.Tags), tagMap(properties.Tags));
    if (tags.removed.length > 0 || Object.keys(tags.set).length > 0) {
      const { attributes } = await describe(ctx, name);
      if (tags.removed.length > 0) {
        await call(ctx, "lambda", "UntagResource", { Resource: attributes.Arn, TagKeys: tags.removed });
      }
      if (Object.keys(tags.set).length > 0) {
        await call(ctx, "lambda", "TagResource", { Resource: attributes.Arn, Tags: tags.set });
      }
    }
    return describe(ctx, name);
  },

  async delete(state, _properties, ctx) {
    await call(ctx, "lambda", "DeleteFunction", { FunctionName: state.physicalId });
  },
});
