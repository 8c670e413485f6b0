/**
 * The Globals section: properties declared once per SAM resource type and merged into every
 * resource of that type before it is translated. Local values win over global ones; maps merge
 * key by key; lists concatenate (global first); an intrinsic counts as a plain value. The
 * `IgnoreGlobals` resource attribute ("*" or a list of names) opts a resource out.
 * AWS: samtranslator/plugins/globals/globals.py.
 */
import { InvalidGlobals, InvalidResource } from "./errors.ts";
import { isIntrinsic, isObject, type JsonObject, pythonList } from "./values.ts";

const PREFIX = "AWS::Serverless::";

/** Everything of AWS::Serverless::Function except Role, Policies, FunctionName and Events. */
const SUPPORTED: Readonly<Record<string, readonly string[]>> = {
  Function: [
    "Handler",
    "Runtime",
    "CodeUri",
    "DeadLetterQueue",
    "Description",
    "MemorySize",
    "Timeout",
    "VpcConfig",
    "Environment",
    "Tags",
    "PropagateTags",
    "Tracing",
    "KmsKeyArn",
    "AutoPublishAlias",
    "AutoPublishAliasAllProperties",
    "Layers",
    "DeploymentPreference",
    "RolePath",
    "PermissionsBoundary",
    "ReservedConcurrentExecutions",
    "ProvisionedConcurrencyConfig",
    "AssumeRolePolicyDocument",
    "EventInvokeConfig",
    "FileSystemConfigs",
    "CodeSigningConfigArn",
    "Architectures",
    "SnapStart",
    "EphemeralStorage",
    "FunctionUrlConfig",
    "RuntimeManagementConfig",
    "LoggingConfig",
    "RecursiveLoop",
    "SourceKMSKeyArn",
  ],
  Api: [
    "Auth",
    "Name",
    "DefinitionUri",
    "CacheClusterEnabled",
    "CacheClusterSize",
    "MergeDefinitions",
    "Variables",
    "EndpointConfiguration",
    "MethodSettings",
    "BinaryMediaTypes",
    "MinimumCompressionSize",
    "Cors",
    "GatewayResponses",
    "AccessLogSetting",
    "CanarySetting",
    "TracingEnabled",
    "OpenApiVersion",
    "Domain",
    "AlwaysDeploy",
    "PropagateTags",
  ],
  HttpApi: [
    "Auth",
    "AccessLogSettings",
    "StageVariables",
    "Tags",
    "CorsConfiguration",
    "DefaultRouteSettings",
    "Domain",
    "RouteSettings",
    "FailOnWarnings",
    "PropagateTags",
  ],
  SimpleTable: ["SSESpecification"],
  StateMachine: ["PropagateTags"],
  LayerVersion: ["PublishLambdaVersion"],
};
/** Accepted but left out of the list the error message shows (the translator's unreleased ones). */
const UNRELEASED: Readonly<Record<string, readonly string[]>> = {
  Function: ["RuntimeManagementConfig", "RecursiveLoop", "SourceKMSKeyArn"],
};

export type Globals = ReadonlyMap<string, JsonObject>;

/** Reads the Globals section (absent: none), refusing sections and properties SAM does not accept. */
export function parseGlobals(section: unknown): Globals {
  const globals = new Map<string, JsonObject>();
  if (section === undefined) return globals;
  if (!isObject(section)) throw new InvalidGlobals("It must be a non-empty dictionary");
  const sectionNames = Object.keys(SUPPORTED).sort();
  for (const [name, properties] of Object.entries(section)) {
    const supported = SUPPORTED[name];
    if (!supported) {
      throw new InvalidGlobals(
        `'${name}' is not supported. Must be one of the following values - ${pythonList(sectionNames)}`,
      );
    }
    // AWS: the translator's own message, placeholder and all.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text is the translator's, not a template.
    if (!isObject(properties)) throw new InvalidGlobals("Value of ${section} must be a dictionary");
    for (const key of Object.keys(properties)) {
      if (!supported.includes(key)) {
        const shown = supported.filter((p) => !UNRELEASED[name]?.includes(p));
        throw new InvalidGlobals(
          `'${key}' is not a supported property of '${name}'. Must be one of the following values - ${pythonList(shown)}`,
        );
      }
    }
    globals.set(PREFIX + name, properties);
  }
  return globals;
}

/** The resource's Properties with the globals of its type merged in (the resource left untouched). */
export function mergeGlobals(globals: Globals, logicalId: string, resource: JsonObject): unknown {
  const type = resource.Type;
  const global = typeof type === "string" ? globals.get(type) : undefined;
  if (!global) return resource.Properties;
  const applicable = withoutIgnored(global, logicalId, resource.IgnoreGlobals);
  const local = Object.hasOwn(resource, "Properties") ? resource.Properties : {};
  return merge(applicable, local);
}

function withoutIgnored(global: JsonObject, logicalId: string, ignore: unknown): JsonObject {
  if (
    ignore === undefined ||
    ignore === null ||
    ignore === "" ||
    (Array.isArray(ignore) && ignore.length === 0)
  ) {
    return global;
  }
  if (ignore === "*") return {};
  if (Array.isArray(ignore)) {
    const kept = { ...global };
    for (const key of ignore) {
      if (typeof key !== "string" || !Object.hasOwn(kept, key)) {
        throw new InvalidResource(
          logicalId,
          `Resource ${logicalId} has invalid resource attribute 'IgnoreGlobals' on item '${String(key)}'.`,
        );
      }
      delete kept[key];
    }
    return kept;
  }
  throw new InvalidResource(
    logicalId,
    `Resource ${logicalId} has invalid resource attribute 'IgnoreGlobals'.`,
  );
}

type Token = "primitive" | "map" | "list";
const tokenOf = (value: unknown): Token =>
  Array.isArray(value) ? "list" : isObject(value) && !isIntrinsic(value) ? "map" : "primitive";

function merge(global: unknown, local: unknown): unknown {
  const token = tokenOf(global);
  if (token !== tokenOf(local) || token === "primitive") return local;
  if (token === "list") return [...(global as unknown[]), ...(local as unknown[])];
  const merged: JsonObject = { ...(global as JsonObject) };
  for (const [key, value] of Object.entries(local as JsonObject)) {
    merged[key] = Object.hasOwn(merged, key) ? merge(merged[key], value) : value;
  }
  return merged;
}
