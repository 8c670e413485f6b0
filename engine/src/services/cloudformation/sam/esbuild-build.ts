/**
 * Runs esbuild for a function and keeps what it produced. Each output directory is named by a
 * hash of everything that went into it (esbuild's version, the options, and the content of every
 * file the bundle read, as esbuild's metafile lists them), so a deployed function's directory never
 * changes under it, and an unchanged function reuses its last build without running esbuild: the
 * build's recipe (the options) remembers which output it made and from which file contents.
 */
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { type BuildFailure, type BuildOptions, build, formatMessages, version } from "esbuild";

const RECIPES_DIR = "recipes";
const OUTPUT_PREFIX = "esbuild-";
/** Read by esbuild's resolution and by the runtime's module-type lookup, so part of every build. */
const MANIFESTS = ["package.json", "tsconfig.json"];

interface Recipe {
  outputDir: string;
  /** Absolute path → sha256 of the content the build read. */
  inputs: Record<string, string>;
}

export class EsbuildFailure extends Error {}

/** Builds (or reuses the build of) `options` under `buildDir`; returns the output directory. */
export async function buildWithEsbuild(options: BuildOptions, buildDir: string): Promise<string> {
  const sourceDir = options.absWorkingDir!;
  const recipeKey = sha256(JSON.stringify({ esbuild: version, options }));
  const recipePath = join(buildDir, RECIPES_DIR, `${recipeKey}.json`);
  const previous = readRecipe(recipePath);
  if (previous && existsSync(previous.outputDir) && unchanged(previous.inputs)) return previous.outputDir;

  mkdirSync(join(buildDir, RECIPES_DIR), { recursive: true });
  const scratch = mkdtempSync(join(buildDir, ".building-"));
  try {
    const result = await runEsbuild({
      ...options,
      outdir: scratch,
      metafile: true,
      write: true,
      logLevel: "silent",
    });
    const read = Object.keys(result.metafile?.inputs ?? {}).map((input) => resolve(sourceDir, input));
    const inputs = hashFiles([...read, ...MANIFESTS.map((m) => join(sourceDir, m))]);
    // AWS: the package `sam build` produces has no package.json, so Lambda loads a .js output as
    // CommonJS; this one keeps a package.json above the build directory from deciding otherwise.
    writeFileSync(join(scratch, "package.json"), '{ "type": "commonjs" }\n');
    chmodSync(scratch, 0o755);
    const outputDir = join(buildDir, OUTPUT_PREFIX + sha256(recipeKey + JSON.stringify(inputs)).slice(0, 32));
    publish(scratch, outputDir);
    const recipe: Recipe = { outputDir, inputs };
    const pending = `${recipePath}.${process.pid}`;
    writeFileSync(pending, JSON.stringify(recipe, null, 2));
    renameSync(pending, recipePath);
    return outputDir;
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

/** Moves the scratch build into place, unless the same build is already there (a concurrent deploy). */
function publish(scratch: string, outputDir: string): void {
  if (!existsSync(outputDir)) {
    try {
      renameSync(scratch, outputDir);
      return;
    } catch (error) {
      if (!existsSync(outputDir)) throw error;
    }
  }
  rmSync(scratch, { recursive: true, force: true });
}

async function runEsbuild(options: BuildOptions) {
  try {
    return await build(options);
  } catch (error) {
    const failure = error as Partial<BuildFailure>;
    if (Array.isArray(failure.errors) && failure.errors.length > 0) {
      const text = await formatMessages(failure.errors, { kind: "error", color: false });
      throw new EsbuildFailure(text.join("").trim());
    }
    throw new EsbuildFailure(error instanceof Error ? error.message : String(error));
  }
}

function readRecipe(path: string): Recipe | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Recipe;
  } catch {
    return undefined;
  }
}

function unchanged(inputs: Record<string, string>): boolean {
  const current = hashFiles(Object.keys(inputs));
  return Object.entries(inputs).every(([path, hash]) => current[path] === hash);
}

/** Files that do not exist hash as "absent" (a manifest that may appear later, a virtual input). */
function hashFiles(paths: readonly string[]): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const path of [...new Set(paths)].sort()) {
    hashes[path] = existsSync(path) ? sha256(readFileSync(path)) : "absent";
  }
  return hashes;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
