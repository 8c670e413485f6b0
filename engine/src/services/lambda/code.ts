/**
 * Deployment packages: a zip uploaded through the API is unpacked into a directory of its own,
 * named by its SHA-256, under the engine's code root. A directory named by the engine's own
 * deployments (CloudFormation, the CLI) is copied there the same way; no request over the wire can
 * name a path.
 */
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, normalize, sep } from "node:path";
import { unzipSync } from "fflate";
import { MAX_UNZIPPED_BYTES } from "./constants.ts";
import { InvalidParameterValueException } from "./errors.ts";

export interface StoredCode {
  /** Base64 SHA-256 of the package, as CodeSha256 reports it. */
  sha256: string;
  size: number;
  /** The directory the runtime loads the handler from. */
  dir: string;
}

export const codeSha256 = (zip: Buffer): string => createHash("sha256").update(zip).digest("base64");

/** AWS: "Could not unzip uploaded file. Please check your file, then try to upload again." */
const unzipFailed = () =>
  new InvalidParameterValueException(
    "Could not unzip uploaded file. Please check your file, then try to upload again.",
  );

/** Unpacks `zip` under `root` (once per distinct package) and returns where it lives. */
export function unpackZip(root: string, zip: Buffer): StoredCode {
  const sha256 = codeSha256(zip);
  const dir = join(root, createHash("sha256").update(zip).digest("hex").slice(0, 32));
  if (existsSync(dir)) return { sha256, size: zip.length, dir };
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch {
    throw unzipFailed();
  }
  let total = 0;
  for (const data of Object.values(entries)) total += data.length;
  if (total > MAX_UNZIPPED_BYTES) {
    throw new InvalidParameterValueException(
      `Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`,
    );
  }
  const staging = `${dir}.${process.pid}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    for (const [name, data] of Object.entries(entries)) {
      const path = normalize(join(staging, name));
      // A zip entry may not climb out of its directory ("zip slip").
      if (!path.startsWith(staging + sep)) throw unzipFailed();
      if (name.endsWith("/")) {
        mkdirSync(path, { recursive: true });
        continue;
      }
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, data);
    }
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return { sha256, size: zip.length, dir };
}

/**
 * A local directory as a package. Its files are copied, once per distinct content, under the code
 * root: on AWS a package is a zip of the directory alone, so nothing above it — a project's
 * `package.json` with `"type": "module"`, its node_modules — may change how the function loads.
 * The copy is named by the files' paths, sizes and modification times.
 */
export function localDirectoryCode(root: string, dir: string): StoredCode {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory())
    throw new InvalidParameterValueException(`Code directory ${dir} does not exist or is not a directory.`);
  const hash = createHash("sha256").update(dir);
  let size = 0;
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const file = statSync(full);
        size += file.size;
        hash.update(`\0${full}\0${file.size}\0${file.mtimeMs}`);
      }
    }
  };
  walk(dir);
  const sha256 = hash.digest("base64");
  const target = join(root, `local-${Buffer.from(sha256, "base64").toString("hex").slice(0, 32)}`);
  if (!existsSync(target)) {
    const staging = `${target}.${process.pid}.partial`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(dir, staging, { recursive: true, dereference: true });
    renameSync(staging, target);
  }
  return { sha256, size, dir: target };
}
