/**
 * A function whose CodeUri is a local directory: the directory (resolved by the caller, which
 * knows where the template came from and which directories may be used), built with esbuild when
 * the function's Metadata asks for it as `sam build` would, else run as it is.
 */
import { statSync } from "node:fs";
import {
  BuildPropertiesError,
  ESBUILD_BUILD_METHOD,
  esbuildOptions,
  sourcemapEnabled,
} from "./build-options.ts";
import { LOCAL_CODE_BUCKET, LOCAL_CODE_METADATA_KEY } from "./constants.ts";
import { SamBuildError } from "./errors.ts";
import { buildWithEsbuild, EsbuildFailure } from "./esbuild-build.ts";
import { isIntrinsic, isObject, type JsonObject } from "./values.ts";

const ENABLE_SOURCE_MAPS = "--enable-source-maps";

export interface LocalCode {
  logicalId: string;
  /** The CodeUri as written. */
  path: string;
  handler: unknown;
  runtime: unknown;
  /** The SAM resource's Metadata (BuildMethod, BuildProperties). */
  metadata: unknown;
}

export interface LocalCodeContext {
  resolveLocalCode(path: string): string;
  buildDir: string;
}

/** `Metadata.BuildMethod` when it asks for an esbuild build. */
export function esbuildProperties(metadata: unknown): { properties: unknown } | undefined {
  if (!isObject(metadata) || metadata.BuildMethod !== ESBUILD_BUILD_METHOD) return undefined;
  return { properties: metadata.BuildProperties };
}

/** The absolute directory the function's code runs from. */
export async function prepareLocalCode(code: LocalCode, ctx: LocalCodeContext): Promise<string> {
  let sourceDir: string;
  try {
    sourceDir = ctx.resolveLocalCode(code.path);
  } catch (error) {
    throw new SamBuildError(code.logicalId, `CodeUri '${code.path}': ${(error as Error).message}`);
  }
  const stat = statSync(sourceDir, { throwIfNoEntry: false });
  if (!stat) throw new SamBuildError(code.logicalId, `CodeUri '${code.path}' (${sourceDir}) does not exist.`);
  if (!stat.isDirectory()) {
    throw new SamBuildError(
      code.logicalId,
      `CodeUri '${code.path}' (${sourceDir}) is a file; the Orderflow engine runs function code from a directory.`,
    );
  }
  const buildMethod = isObject(code.metadata) ? code.metadata.BuildMethod : undefined;
  if (buildMethod === undefined || buildMethod === null || runtimeBuild(buildMethod, code.runtime))
    return sourceDir;
  const esbuild = esbuildProperties(code.metadata);
  if (!esbuild) {
    throw new SamBuildError(
      code.logicalId,
      `BuildMethod '${String(buildMethod)}' is not supported by the Orderflow engine ` +
        "(supported: esbuild; without a BuildMethod the CodeUri directory runs as it is).",
    );
  }
  try {
    const options = esbuildOptions({
      sourceDir,
      handler: code.handler,
      runtime: code.runtime,
      buildProperties: esbuild.properties,
    });
    return await buildWithEsbuild(options, ctx.buildDir);
  } catch (error) {
    if (error instanceof BuildPropertiesError || error instanceof EsbuildFailure) {
      // AWS: how `sam build` reports a failed esbuild bundle.
      throw new SamBuildError(
        code.logicalId,
        `Error: NodejsNpmEsbuildBuilder:EsbuildBundle - ${error.message}`,
      );
    }
    throw error;
  }
}

/**
 * A BuildMethod naming a runtime (`nodejs20.x`, `python3.12`) asks for `sam build`'s default
 * builder (dependencies installed beside the code); the engine runs the directory as it is.
 */
function runtimeBuild(buildMethod: unknown, runtime: unknown): boolean {
  return (
    typeof buildMethod === "string" && (buildMethod === runtime || /^(nodejs|python)\d/.test(buildMethod))
  );
}

/**
 * Points the generated AWS::Lambda::Function at its code directory: the directory in its Metadata
 * (what the Lambda provider reads) and a placeholder S3 location in Code. An esbuild build with
 * source maps also gets `NODE_OPTIONS: --enable-source-maps`, as `sam build` adds it.
 */
export async function attachLocalCode(
  lambdaFunction: JsonObject,
  logicalId: string,
  samProperties: JsonObject,
  path: string,
  ctx: LocalCodeContext,
): Promise<void> {
  const metadata = lambdaFunction.Metadata;
  const dir = await prepareLocalCode(
    { logicalId, path, handler: samProperties.Handler, runtime: samProperties.Runtime, metadata },
    ctx,
  );
  const properties = lambdaFunction.Properties as JsonObject;
  properties.Code = { S3Bucket: LOCAL_CODE_BUCKET, S3Key: dir };
  lambdaFunction.Metadata = { ...(isObject(metadata) ? metadata : {}), [LOCAL_CODE_METADATA_KEY]: dir };
  const esbuild = esbuildProperties(metadata);
  if (esbuild) enableSourceMaps(properties, esbuild.properties);
}

function enableSourceMaps(properties: JsonObject, buildProperties: unknown): void {
  const environment = properties.Environment;
  if (isIntrinsic(environment) || (environment !== undefined && !isObject(environment))) return;
  const variables = isObject(environment) ? environment.Variables : undefined;
  if (isIntrinsic(variables) || (variables !== undefined && !isObject(variables))) return;
  const nodeOptions = variables?.NODE_OPTIONS;
  if (!sourcemapEnabled(buildProperties, nodeOptions)) return;
  if (typeof nodeOptions === "string" && nodeOptions.split(/\s+/).includes(ENABLE_SOURCE_MAPS)) return;
  const enabled =
    typeof nodeOptions === "string" && nodeOptions
      ? `${nodeOptions} ${ENABLE_SOURCE_MAPS}`
      : ENABLE_SOURCE_MAPS;
  properties.Environment = {
    ...(isObject(environment) ? environment : {}),
    Variables: { ...(variables ?? {}), NODE_OPTIONS: enabled },
  };
}
