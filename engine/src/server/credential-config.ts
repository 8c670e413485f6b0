/**
 * Where the access keys `--auth strict` accepts come from: `--credentials-file` and the
 * environment. (Being written for issue 6.)
 */
import type { AccessKeyPair } from "./credentials.ts";

/** The configured keys, or undefined to keep the default pair. */
export function loadAccessKeys(_sources: {
  file: string | undefined;
  env: NodeJS.ProcessEnv;
}): AccessKeyPair[] | undefined {
  return undefined;
}
