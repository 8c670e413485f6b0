#!/usr/bin/env node
/**
 * Launcher for the CLI. Runs a one-file CommonJS bundle of the TypeScript sources, rebuilt with
 * esbuild whenever a source (or this launcher) is newer than it: one precompiled file is ready in
 * about a third of the time tsx takes to transpile and load module by module, and CommonJS loads
 * faster than ESM on Node 20 (figures in docs/BENCHMARKS.md). This file is CommonJS too
 * (bin/package.json) for the same reason.
 *
 * Falls back to running the sources through tsx when the bundle cannot be built cleanly (esbuild
 * missing, a warning such as `import.meta`, whose meaning a bundle would change) or written (a
 * read-only install).
 */
const {
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} = require("node:fs");
const { join } = require("node:path");

const ENGINE_DIR = join(__dirname, "..");
const SOURCE_DIR = join(ENGINE_DIR, "src/");
// Inside node_modules, so better-sqlite3 resolves from it and git, tsc and Biome ignore it.
const BUNDLE_DIR = join(ENGINE_DIR, "node_modules/.cache/orderflow-engine/");
const BUNDLE = join(BUNDLE_DIR, "cli.cjs");

const mtimeOf = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;

/**
 * Whether anything under `dir` was changed, added or removed after `time` (a directory's mtime
 * moves when an entry comes or goes). Walked by hand: three times faster than `recursive: true`.
 */
function changedSince(dir, time) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = dir + entry.name;
    if (mtimeOf(path) > time || (entry.isDirectory() && changedSince(`${path}/`, time))) return true;
  }
  return false;
}

function bundleIsCurrent() {
  const built = mtimeOf(BUNDLE);
  return built > 0 && built >= mtimeOf(__filename) && !changedSince(SOURCE_DIR, built);
}

function buildBundle() {
  const startedAt = new Date();
  const { outputFiles, warnings } = require("esbuild").buildSync({
    entryPoints: [join(SOURCE_DIR, "cli.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    write: false,
    logLevel: "silent",
  });
  if (warnings.length > 0) throw new Error(warnings[0].text);
  mkdirSync(BUNDLE_DIR, { recursive: true });
  // Write then rename, so a launcher starting alongside never loads half a file; dated from the
  // start of the build, so a source saved while it ran is newer and triggers the next build.
  const partial = `${BUNDLE}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, outputFiles[0].contents);
    utimesSync(partial, startedAt, startedAt);
    renameSync(partial, BUNDLE);
  } finally {
    rmSync(partial, { force: true });
  }
}

function bundleReady() {
  try {
    if (!bundleIsCurrent()) buildBundle();
    return true;
  } catch {
    return false;
  }
}

if (bundleReady()) {
  require(BUNDLE);
} else {
  import("tsx/esm/api").then(({ register }) => {
    register();
    return import("../src/cli.ts");
  });
}
