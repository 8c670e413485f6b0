/**
 * Where the access keys `--auth strict` accepts come from:
 * - `--credentials-file <file>`: the AWS shared-credentials format (INI; every profile with
 *   `aws_access_key_id` and `aws_secret_access_key` contributes its pair, so `~/.aws/credentials`
 *   works as is), or a JSON list `[{"accessKeyId": "…", "secretAccessKey": "…"}, …]`;
 * - the environment: `ORDERFLOW_ACCESS_KEY_ID` with `ORDERFLOW_SECRET_ACCESS_KEY`;
 * - flags: `--access-key <id>:<secret>`, repeatable (the secret may itself hold colons).
 * All sources add up. With neither, the engine keeps its default pair (`test` / `test`).
 */
import { readFileSync } from "node:fs";
import type { AccessKeyPair } from "./credentials.ts";

export const ACCESS_KEY_ENV = "ORDERFLOW_ACCESS_KEY_ID";
export const SECRET_KEY_ENV = "ORDERFLOW_SECRET_ACCESS_KEY";

/** The configured keys, or undefined to keep the default pair. */
export function loadAccessKeys(sources: {
  file: string | undefined;
  env: NodeJS.ProcessEnv;
  flags?: readonly string[];
}): AccessKeyPair[] | undefined {
  const pairs: AccessKeyPair[] = (sources.flags ?? []).map(parseKeyFlag);
  if (sources.file !== undefined)
    pairs.push(...parseCredentialsFile(readFileSync(sources.file, "utf8"), sources.file));
  const accessKeyId = sources.env[ACCESS_KEY_ENV];
  const secretAccessKey = sources.env[SECRET_KEY_ENV];
  if (accessKeyId || secretAccessKey) {
    if (!accessKeyId || !secretAccessKey)
      throw new Error(`${ACCESS_KEY_ENV} and ${SECRET_KEY_ENV} must be set together`);
    pairs.push({ accessKeyId, secretAccessKey });
  }
  return pairs.length > 0 ? pairs : undefined;
}

/** `<id>:<secret>` from `--access-key`. */
export function parseKeyFlag(flag: string): AccessKeyPair {
  const colon = flag.indexOf(":");
  if (colon <= 0 || colon === flag.length - 1)
    throw new Error(`--access-key takes <access key id>:<secret access key>, got ${JSON.stringify(flag)}`);
  return { accessKeyId: flag.slice(0, colon), secretAccessKey: flag.slice(colon + 1) };
}

/** The pairs a credentials file holds, in either format; `name` is only for error messages. */
export function parseCredentialsFile(text: string, name: string): AccessKeyPair[] {
  const pairs = /^\s*\[\s*[{\]]/.test(text) ? parseJsonList(text, name) : parseIni(text, name);
  if (pairs.length === 0) throw new Error(`${name} holds no access keys`);
  return pairs;
}

function parseJsonList(text: string, name: string): AccessKeyPair[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`${name} must hold a JSON list of access keys`);
  return parsed.map((entry: unknown, index) => {
    const { accessKeyId, secretAccessKey } = (entry ?? {}) as Record<string, unknown>;
    if (
      typeof accessKeyId !== "string" ||
      !accessKeyId ||
      typeof secretAccessKey !== "string" ||
      !secretAccessKey
    )
      throw new Error(`${name}: entry ${index} needs a non-empty "accessKeyId" and "secretAccessKey"`);
    return { accessKeyId, secretAccessKey };
  });
}

function parseIni(text: string, name: string): AccessKeyPair[] {
  const profiles = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section) {
      const profile = section[1]!.trim();
      current = profiles.get(profile) ?? {};
      profiles.set(profile, current);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0 || !current) continue;
    current[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  const pairs: AccessKeyPair[] = [];
  for (const [profile, values] of profiles) {
    const accessKeyId = values.aws_access_key_id;
    const secretAccessKey = values.aws_secret_access_key;
    if (!accessKeyId && !secretAccessKey) continue;
    if (!accessKeyId || !secretAccessKey)
      throw new Error(`${name}: profile [${profile}] needs both aws_access_key_id and aws_secret_access_key`);
    pairs.push({ accessKeyId, secretAccessKey });
  }
  return pairs;
}
