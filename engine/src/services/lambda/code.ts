/**
 * Deployment packages: a zip uploaded through the API is unpacked into a directory of its own,
 * named by its SHA-256, under the engine's code root. A directory named by the engine's own
 * deployments (CloudFormation, the CLI) is used where it is, never copied and never requested
 * over the wire: a request may not point the engine at a path.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
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

/** A local directory as a package: its identity is the directory's path and modification time. */
export function localDirectoryCode(dir: string): StoredCode {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory())
    throw new InvalidParameterValueException(`Code directory ${dir} does not exist or is not a directory.`);
  const sha256 = createHash("sha256").update(`${dir}\0${stat.mtimeMs}`).digest("base64");
  return { sha256, size: 0, dir };
}
