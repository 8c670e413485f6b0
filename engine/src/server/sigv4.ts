/**
 * `--auth strict`: AWS Signature Version 4 verification (header and presigned forms).
 * (Being written for issue 6.)
 */
import type { Clock } from "../shared/clock.ts";
import type { Authenticator } from "./auth.ts";
import type { CredentialStore } from "./credentials.ts";

export function createSigV4Authenticator(_store: CredentialStore, _clock: Clock): Authenticator {
  throw new Error("--auth strict is not available yet");
}
