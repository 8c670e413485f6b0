#!/usr/bin/env node
/**
 * Launcher for the CLI. Runs a one-file bundle of the TypeScript sources, rebuilt with esbuild
 * whenever a source (or this launcher) is newer than it. Loading one precompiled file makes the
 * engine ready in about a third of the time tsx takes to transpile and load module by module
 * (figures in docs/BENCHMARKS.md). Without esbuild, or where the bundle cannot be written (a
 * read-only install), it runs the sources through tsx as before.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const ENGINE_DIR = fileURLToPath(new URL("../", import.meta.url));
const SOURCE_DIR = `${ENGINE_DIR}src/`;
const CLI_SOURCE = `${SOURCE_DIR}cli.ts`;
// Inside node_modules, so better-sqlite3 resolves from it and git, tsc and Biome ignore it.
const BUNDLE_DIR = `${ENGINE_DIR}node_modules/.cache/orderflow-engine/`;
const BUNDLE = `${BUNDLE_DIR}cli.mjs`;

const mtimeOf = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;

function bundleIsCurrent() {
  const built = mtimeOf(BUNDLE);
  if (built === 0 || built < mtimeOf(fileURLToPath(import.meta.url))) return false;
  return readdirSync(SOURCE_DIR, { recursive: true }).every((file) => mtimeOf(SOURCE_DIR + file) <= built);
}

async function buildBundle() {
  const { buildSync } = await import("esbuild");
  const { outputFiles } = buildSync({
    entryPoints: [CLI_SOURCE],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    write: false,
    logLevel: "silent",
  });
  mkdirSync(BUNDLE_DIR, { recursive: true });
  // Write then rename, so a launcher starting alongside never loads half a file.
  const partial = `${BUNDLE}.${process.pid}.tmp`;
  try {
    writeFileSync(partial, outputFiles[0].contents);
    renameSync(partial, BUNDLE);
  } finally {
    rmSync(partial, { force: true });
  }
}

async function loadBundle() {
  try {
    if (!bundleIsCurrent()) await buildBundle();
  } catch {
    return false;
  }
  await import(pathToFileURL(BUNDLE).href);
  return true;
}

if (!(await loadBundle())) {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli.ts");
}
