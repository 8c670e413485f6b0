/**
 * Local code a template names (a SAM CodeUri, a CDK asset directory) is read only from the
 * directories the user allowed (`--code-root`, default the engine's working directory): a request
 * must not make the engine read an arbitrary path of the machine it runs on.
 */
import { existsSync, realpathSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";

export class LocalCodeError extends Error {
  override readonly name = "LocalCodeError";
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

/**
 * Resolves `path` (relative to `baseDir`, else the working directory) to an absolute, real path
 * inside one of `roots`, or throws a LocalCodeError that says why not (naming the path as `what`).
 */
export function resolveLocalPath(
  roots: readonly string[],
  baseDir: string | undefined,
  path: string,
  what = "Local code path",
): string {
  const absolute = resolve(baseDir ?? process.cwd(), path);
  if (!existsSync(absolute)) throw new LocalCodeError(`${what} ${path} does not exist (${absolute})`);
  // Symbolic links are followed first, so a link inside a root cannot lead outside it.
  const real = realpathSync(absolute);
  const realRoots = roots.map((root) => (existsSync(root) ? realpathSync(root) : resolve(root)));
  if (!realRoots.some((root) => inside(root, real))) {
    throw new LocalCodeError(
      `${what} ${path} (${real}) is outside the directories the engine may read code from (${realRoots.join(", ")}); start the engine with --code-root <dir> to allow it`,
    );
  }
  return real;
}
