/**
 * Who may call the engine, and who a call comes from. Two kinds of credentials exist, as on AWS:
 * long-term access keys the user configures (each acts as the account's root; AKIA-style ids in
 * the user's own files, `test`/`test` by default) and temporary role sessions the engine issues
 * itself (ASIA ids with a session token) — the credentials each Lambda execution environment gets
 * for its function's role, as Lambda obtains them from STS.
 */
import { createHash, randomBytes } from "node:crypto";
import { DEFAULT_ACCOUNT_ID } from "../shared/arn.ts";
import type { Clock } from "../shared/clock.ts";

/** The identity a request runs as (the `aws:PrincipalArn` side of an IAM evaluation). */
export interface Principal {
  /** e.g. `arn:aws:iam::000000000000:root`, `arn:aws:sts::000000000000:assumed-role/R/S` */
  arn: string;
  accountId: string;
  type: "Root" | "AssumedRole";
  /** The role an AssumedRole session acts for (`arn:aws:iam::000000000000:role/R`). */
  roleArn?: string;
  roleName?: string;
  sessionName?: string;
}

/**
 * The principal of a session of `roleArn` named `sessionName`: what a Lambda environment's
 * credentials act as, and what Lambda acts as when it reads a mapping's source or sends to a
 * destination with the function's execution role.
 */
export function roleSessionPrincipal(
  roleArn: string,
  sessionName: string,
  defaultAccountId = DEFAULT_ACCOUNT_ID,
): Principal {
  const roleName = roleArn.slice(roleArn.lastIndexOf("/") + 1);
  const accountId = roleArn.split(":")[4] || defaultAccountId;
  return {
    arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    accountId,
    type: "AssumedRole",
    roleArn,
    roleName,
    sessionName,
  };
}

export interface Credential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  principal: Principal;
  /** Epoch ms after which AWS answers ExpiredToken; undefined for long-term keys. */
  expiresAt?: number;
}

export interface AccessKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What `--auth strict` accepts when the user configures nothing (documented in the README). */
export const DEFAULT_ACCESS_KEY: AccessKeyPair = { accessKeyId: "test", secretAccessKey: "test" };

/**
 * How long an issued role session lasts. STS sessions last 1 to 12 hours; AWS does not say how long
 * Lambda's last, so the longest: an environment is replaced before its session runs out.
 */
const ROLE_SESSION_MS = 12 * 60 * 60 * 1000;
/** How long a revoked session is still recognised (as expired). */
const ENDED_SESSION_KEPT_MS = 60 * 60 * 1000;

export class CredentialStore {
  private readonly byKey = new Map<string, Credential>();
  /** Revoked sessions, oldest first. */
  private readonly ended: Credential[] = [];

  constructor(
    private readonly clock: Clock,
    readonly accountId: string = DEFAULT_ACCOUNT_ID,
  ) {}

  /** Long-term keys, each acting as the account's root user. */
  configure(pairs: readonly AccessKeyPair[]): void {
    for (const pair of pairs) this.byKey.set(pair.accessKeyId, { ...pair, principal: this.root() });
  }

  /** Temporary credentials for `roleArn`, as a Lambda environment receives them. */
  issueRoleSession(roleArn: string, sessionName: string, durationMs = ROLE_SESSION_MS): Credential {
    const seed = randomBytes(32);
    const credential: Credential = {
      accessKeyId: `ASIA${seed.toString("hex").slice(0, 16).toUpperCase()}`,
      secretAccessKey: seed.toString("base64").slice(0, 40),
      sessionToken: createHash("sha256").update(seed).digest("base64"),
      principal: roleSessionPrincipal(roleArn, sessionName, this.accountId),
      expiresAt: this.clock.now() + durationMs,
    };
    this.byKey.set(credential.accessKeyId, credential);
    return credential;
  }

  /**
   * Ends a session early (its environment is gone). It is kept, expired, for a while: a late call
   * made with it still runs as the role (and is refused as expired under `--auth strict`) rather
   * than passing for an unknown key.
   */
  revoke(accessKeyId: string): void {
    const credential = this.byKey.get(accessKeyId);
    if (!credential?.sessionToken) return;
    const now = this.clock.now();
    credential.expiresAt = Math.min(credential.expiresAt ?? now, now);
    this.ended.push(credential);
    // Sessions ended long ago are forgotten, so environment churn does not grow the store.
    while (this.ended.length > 0 && now - this.ended[0]!.expiresAt! > ENDED_SESSION_KEPT_MS) {
      this.byKey.delete(this.ended.shift()!.accessKeyId);
    }
  }

  lookup(accessKeyId: string): Credential | undefined {
    return this.byKey.get(accessKeyId);
  }

  /**
   * The caller a request claims to be, without checking its signature (`--auth off`): an issued
   * role session by its key, anyone else as the account's root.
   */
  principalFor(accessKeyId: string | undefined): Principal {
    const known = accessKeyId === undefined ? undefined : this.byKey.get(accessKeyId);
    return known?.principal ?? this.root();
  }

  root(): Principal {
    return { arn: `arn:aws:iam::${this.accountId}:root`, accountId: this.accountId, type: "Root" };
  }
}
