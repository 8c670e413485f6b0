#!/usr/bin/env node
/**
 * Launcher for the CLI. Runs a one-file CommonJS bundle of the TypeScript sources, rebuilt with
 * esbuild whenever a source (or this launcher) is newer than it, and compiled with V8's code cache
 * from an earlier start. One precompiled file is ready in about a third of the time tsx takes to
 * transpile and load module by module; CommonJS loads faster than ESM on Node 20, and the code
 * cache skips most of the compiling (figures in docs/BENCHMARKS.md). This file is CommonJS too
 * (bin/package.json) for the same reason.
 *
 * Falls back to running the sources through tsx when the bundle cannot be built cleanly (esbuild
 * missing, a warning such as `import.meta`, whose meaning a bundle would change) or written (a
 * read-only install).
 */
const fs = require("node:fs");
const { createRequire } = require("node:module");
const { dirname, join } = require("node:path");
const vm = require("node:vm");

const ENGINE_DIR = join(__dirname, "..");
const SOURCE_DIR = join(ENGINE_DIR, "src/");
// Inside node_modules, so better-sqlite3 resolves from it and git, tsc and Biome ignore it.
const BUNDLE_DIR = join(ENGINE_DIR, "node_modules/.cache/orderflow-engine/");
const BUNDLE = join(BUNDLE_DIR, "cli.cjs");
// Each build gets an id in its first line, and its code cache is named by it: V8 checks a cache
// against the source's length only, so a cache must never meet another build's source.
const BUILD_ID_LINE = /^\/\/ build ([a-z0-9]+)\n/;
const codeCacheOf = (buildId) => join(BUNDLE_DIR, `cli.${buildId}.v8cache`);
/** The code cache is taken once start-up is over, so it holds what start-up compiled as well. */
const CODE_CACHE_DELAY_MS = 1000;

const mtimeOf = (path) => fs.statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;

/**
 * Whether anything under `dir` was changed, added or removed after `time` (a directory's mtime
 * moves when an entry comes or goes). Walked by hand: three times faster than `recursive: true`.
 */
function changedSince(dir, time) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const path = dir + entry.name;
    if (mtimeOf(path) > time || (entry.isDirectory() && changedSince(`${path}/`, time))) return true;
  }
  return false;
}

function bundleIsCurrent() {
  const built = mtimeOf(BUNDLE);
  return built > 0 && built >= mtimeOf(__filename) && !changedSince(SOURCE_DIR, built);
}

/** Writes then renames, so a launcher starting alongside never reads half a file. */
function writeWhole(path, contents, mtime) {
  const partial = `${path}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(partial, contents);
    if (mtime) fs.utimesSync(partial, mtime, mtime);
    fs.renameSync(partial, path);
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

function buildBundle() {
  const startedAt = new Date();
  const buildId = `${startedAt.getTime().toString(36)}${process.pid.toString(36)}`;
  const { outputFiles, warnings } = require("esbuild").buildSync({
    entryPoints: [join(SOURCE_DIR, "cli.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    write: false,
    logLevel: "silent",
    banner: { js: `// build ${buildId}` },
    // The runtime's bootstrap files are read from disk, beside its sources (src/runtime/assets.ts).
    define: { "import.meta.dirname": JSON.stringify(join(SOURCE_DIR, "runtime")) },
  });
  if (warnings.length > 0) throw new Error(warnings[0].text);
  fs.mkdirSync(BUNDLE_DIR, { recursive: true });
  for (const file of fs.readdirSync(BUNDLE_DIR)) {
    if (file.endsWith(".v8cache")) fs.rmSync(join(BUNDLE_DIR, file), { force: true });
  }
  // Dated from the start of the build, so a source saved while it ran triggers the next build.
  writeWhole(BUNDLE, outputFiles[0].contents, startedAt);
}

function bundleReady() {
  try {
    if (!bundleIsCurrent()) buildBundle();
    return true;
  } catch {
    return false;
  }
}

/** Runs the bundle as `require` would, compiled with the code cache (which it then refreshes). */
function runBundle() {
  const source = fs.readFileSync(BUNDLE, "utf8");
  const buildId = BUILD_ID_LINE.exec(source)?.[1];
  const dynamicImport = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER; // Node 20.12 and later
  if (buildId === undefined || dynamicImport === undefined) return require(BUNDLE);
  const codeCache = codeCacheOf(buildId);
  let cachedData;
  try {
    cachedData = fs.readFileSync(codeCache);
  } catch {}
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: BUNDLE,
    cachedData,
    importModuleDynamically: dynamicImport,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  // V8 rejects a cache made from other source or by another V8; a fresh one replaces it.
  if (cachedData === undefined || script.cachedDataRejected) {
    const refresh = () => {
      try {
        writeWhole(codeCache, script.createCachedData());
      } catch {}
    };
    setTimeout(refresh, CODE_CACHE_DELAY_MS).unref();
  }
}

if (bundleReady()) {
  runBundle();
} else {
  import("tsx/esm/api").then(({ register }) => {
    register();
    return import("../src/cli.ts");
  });
}
