/**
 * `Metadata: { BuildMethod: esbuild, BuildProperties: {...} }` read the way `sam build` reads it,
 * turned into esbuild's JavaScript API options. As `sam build`: bundle for the node platform;
 * target es2020, format cjs and minified unless the properties say otherwise; entry points relative
 * to the CodeUri directory, the handler's module when none are given, a missing extension tried
 * as .ts then .js. Unlike `sam build`, which bundles whatever `npm install` put in node_modules,
 * `@aws-sdk/*` stays external for nodejs18.x and later, whose Lambda runtimes provide the AWS SDK
 * for JavaScript v3 (the engine's execution environments do too).
 * AWS: aws-lambda-builders workflows/nodejs_npm_esbuild (esbuild.py, actions.py); SAM developer
 * guide "Building Node.js Lambda functions with esbuild".
 */
import { existsSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import type { BuildOptions, Format } from "esbuild";
import { isObject, type JsonObject } from "./values.ts";

export const ESBUILD_BUILD_METHOD = "esbuild";
const SDK_V3_EXTERNAL = "@aws-sdk/*";
/** AWS: `"./node_modules/*"` in External marks every package.json dependency external instead. */
const ALL_DEPENDENCIES_EXTERNAL = "./node_modules/*";
const DEFAULT_TARGET = "es2020";
const DEFAULT_FORMAT = "cjs";

/** A build property that cannot be used, or an entry point that is not there. */
export class BuildPropertiesError extends Error {}

export interface EsbuildFunction {
  sourceDir: string;
  handler: unknown;
  runtime: unknown;
  buildProperties: unknown;
}

/** The options for esbuild's `build()`, without `outdir` (the builder chooses it). */
export function esbuildOptions(fn: EsbuildFunction): BuildOptions {
  const props: JsonObject = isObject(fn.buildProperties) ? fn.buildProperties : {};
  const options: BuildOptions = {
    bundle: true,
    platform: "node",
    absWorkingDir: fn.sourceDir,
    entryPoints: entryPoints(fn, props.EntryPoints),
    target: list(props.Target ?? DEFAULT_TARGET, "Target"),
    format: String(props.Format ?? DEFAULT_FORMAT) as Format,
    minify: Object.hasOwn(props, "Minify") ? flag(props.Minify) : true,
    // AWS: `sam build` works on a copy of the CodeUri directory, where no tsconfig.json above it is seen.
    ...(existsSync(join(fn.sourceDir, "tsconfig.json"))
      ? { tsconfig: join(fn.sourceDir, "tsconfig.json") }
      : { tsconfigRaw: "{}" }),
  };
  if (flag(props.Sourcemap)) options.sourcemap = true;
  if (Object.hasOwn(props, "SourcesContent")) options.sourcesContent = flag(props.SourcesContent);
  if (props.MainFields !== undefined) options.mainFields = list(props.MainFields, "MainFields");
  options.external = externals(fn, props.External);
  if (props.Loader !== undefined) options.loader = pairs(props.Loader, "Loader") as BuildOptions["loader"];
  if (props.OutExtension !== undefined) options.outExtension = pairs(props.OutExtension, "OutExtension");
  if (props.Banner !== undefined) options.banner = pairs(props.Banner, "Banner");
  if (props.Footer !== undefined) options.footer = pairs(props.Footer, "Footer");
  return options;
}

/** `Sourcemap: true` (or NODE_OPTIONS already enabling source maps, unless Sourcemap is false). */
export function sourcemapEnabled(buildProperties: unknown, nodeOptions: unknown): boolean {
  const props: JsonObject = isObject(buildProperties) ? buildProperties : {};
  if (Object.hasOwn(props, "Sourcemap")) return flag(props.Sourcemap);
  return typeof nodeOptions === "string" && nodeOptions.split(/\s+/).includes("--enable-source-maps");
}

function entryPoints(fn: EsbuildFunction, value: unknown): string[] {
  let entries: string[];
  if (value === undefined || value === null) {
    if (typeof fn.handler !== "string" || !fn.handler.includes(".")) {
      throw new BuildPropertiesError(
        "BuildProperties.EntryPoints is needed when the Handler names no module",
      );
    }
    entries = [fn.handler.slice(0, fn.handler.lastIndexOf("."))];
  } else {
    if (!Array.isArray(value)) throw new BuildPropertiesError("BuildProperties.EntryPoints must be a list");
    if (value.length === 0) throw new BuildPropertiesError("BuildProperties.EntryPoints must not be empty");
    entries = value.map(String);
  }
  return entries.map((entry) => withExtension(fn.sourceDir, entry));
}

/** AWS: an entry point without an extension is tried as .ts, then .js. */
function withExtension(sourceDir: string, entry: string): string {
  const path = join(sourceDir, entry);
  if (extname(entry)) {
    if (existsSync(path)) return entry;
  } else {
    for (const extension of [".ts", ".js"]) if (existsSync(path + extension)) return entry + extension;
  }
  throw new BuildPropertiesError(`entry point ${path} does not exist`);
}

function externals(fn: EsbuildFunction, value: unknown): string[] {
  const listed = value === undefined || value === null ? [] : list(value, "External");
  const external = listed.includes(ALL_DEPENDENCIES_EXTERNAL) ? dependencies(fn.sourceDir) : listed;
  if (runtimeHasSdkV3(fn.runtime) && !external.includes(SDK_V3_EXTERNAL)) external.push(SDK_V3_EXTERNAL);
  return external;
}

function dependencies(sourceDir: string): string[] {
  const manifest = join(sourceDir, "package.json");
  if (!existsSync(manifest)) return [];
  const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { dependencies?: Record<string, string> };
  return Object.keys(parsed.dependencies ?? {});
}

/** AWS: the Lambda runtimes from nodejs18.x on ship the AWS SDK for JavaScript v3. */
function runtimeHasSdkV3(runtime: unknown): boolean {
  const version = typeof runtime === "string" ? /^nodejs(\d+)\.x$/.exec(runtime)?.[1] : undefined;
  return version !== undefined && Number(version) >= 18;
}

/** YAML gives booleans; JSON templates sometimes quote them. */
function flag(value: unknown): boolean {
  return value === true || value === "true" || value === "True";
}

/** A list, or one comma-separated string (`MainFields: module,main`, `Target: node18`). */
function list(value: unknown, name: string): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string")
    return value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  throw new BuildPropertiesError(`BuildProperties.${name} must be a list or a string`);
}

/** `[".js=.mjs"]` → `{".js": ".mjs"}` (the value may itself hold "="). */
function pairs(value: unknown, name: string): Record<string, string> {
  if (!Array.isArray(value)) throw new BuildPropertiesError(`BuildProperties.${name} must be a list`);
  const out: Record<string, string> = {};
  for (const item of value.map(String)) {
    const at = item.indexOf("=");
    if (at <= 0)
      throw new BuildPropertiesError(`BuildProperties.${name} entry '${item}' is not of the form key=value`);
    out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
}
