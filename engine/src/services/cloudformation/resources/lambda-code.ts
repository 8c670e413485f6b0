/**
 * Where an AWS::Lambda::Function's code comes from:
 * - Code.ZipFile: the source text, put in a zip as `index.js` (`index.py` for Python runtimes), as
 *   CloudFormation does ("places it in a file named index and zips it").
 * - A local directory the engine runs in place: a CDK asset (Metadata `aws:asset:path`, resolved
 *   through the cloud assembly) or the SAM transform's CodeUri (Metadata `orderflow:local-code`,
 *   an absolute directory). Code.S3Bucket/S3Key then only name the asset in the real deployment.
 * - Anything else (S3 code without a local copy) fails: the engine has no S3.
 */
import { strToU8, zipSync } from "fflate";
import { invalidRequest } from "./errors.ts";
import { obj, type Properties, str } from "./properties.ts";
import type { ResourceContext } from "./types.ts";

/** CDK's asset metadata key; the SAM transform's (the engine's own) local code key. */
export const CDK_ASSET_PATH = "aws:asset:path";
export const LOCAL_CODE_PATH = "orderflow:local-code";

/** A fixed timestamp keeps the zip, and so CodeSha256, the same for the same source. */
const ZIP_MTIME = new Date("1980-01-01T00:00:00Z");

export type FunctionCode =
  | { kind: "zip"; zip: Buffer }
  | { kind: "local"; dir: string }
  | { kind: "wire"; code: Properties };

export function inlineZip(source: string, runtime: string | undefined): Buffer {
  const file = runtime?.startsWith("python") ? "index.py" : "index.js";
  return Buffer.from(zipSync({ [file]: strToU8(source) }, { mtime: ZIP_MTIME }));
}

export function functionCode(properties: Properties, ctx: ResourceContext): FunctionCode {
  const code = obj(properties.Code) ?? {};
  const zipFile = str(code.ZipFile);
  if (zipFile !== undefined) return { kind: "zip", zip: inlineZip(zipFile, str(properties.Runtime)) };
  const localPath = str(ctx.metadata?.[LOCAL_CODE_PATH]) ?? str(ctx.metadata?.[CDK_ASSET_PATH]);
  if (localPath !== undefined) return { kind: "local", dir: ctx.resolveLocalCode(localPath) };
  if (code.S3Bucket !== undefined || code.S3Key !== undefined) {
    throw invalidRequest(
      `Code for ${ctx.logicalId} is in S3 (s3://${String(code.S3Bucket)}/${String(code.S3Key)}), which the Orderflow engine cannot read: use inline code (ZipFile), a CDK asset or a SAM CodeUri directory.`,
    );
  }
  // ImageUri and other sources: Lambda answers them itself.
  return { kind: "wire", code };
}
