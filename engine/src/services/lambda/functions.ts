/**
 * The function registry: each function's configuration (exactly the FunctionConfiguration the API
 * returns), its code, tags, resource policy, reserved concurrency and async-invoke settings,
 * cached in memory and written through to SQLite in one transaction per change.
 */
import { randomUUID } from "node:crypto";
import type { FunctionConfiguration, FunctionEventInvokeConfig } from "@aws-sdk/client-lambda";
import type { Clock } from "../../shared/clock.ts";
import type { Db } from "../../storage/database.ts";
import { functionNotFound } from "./errors.ts";
import { functionArn } from "./function-names.ts";

/** What is stored for a function beyond its public configuration. */
export interface LambdaFunction {
  accountId: string;
  region: string;
  name: string;
  config: FunctionConfiguration & {
    FunctionName: string;
    FunctionArn: string;
    Runtime: string;
    Handler: string;
    Timeout: number;
    MemorySize: number;
    CodeSha256: string;
    RevisionId: string;
  };
  /** Where the handler's code is on disk. */
  codeDir: string;
  /** The package as uploaded (absent for a local directory). */
  zip: Buffer | undefined;
  tags: Record<string, string>;
  policy: PolicyDocument | undefined;
  reservedConcurrency: number | undefined;
  eventInvokeConfig: FunctionEventInvokeConfig | undefined;
}

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Principal: string | Record<string, string>;
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Id: "default";
  Statement: PolicyStatement[];
}

interface FunctionRow {
  account_id: string;
  region: string;
  name: string;
  config: string;
  zip: Buffer | null;
  tags: string;
  policy: string | null;
  reserved_concurrency: number | null;
  event_invoke_config: string | null;
}

/** Lambda's LastModified format: 2024-05-07T12:00:00.000+0000. */
export const lastModified = (ms: number): string => new Date(ms).toISOString().replace("Z", "+0000");

export const newRevisionId = (): string => randomUUID();

export type FunctionListener = (fn: LambdaFunction, change: "created" | "updated" | "deleted") => void;

export class FunctionRegistry {
  private readonly cache = new Map<string, LambdaFunction>();
  private readonly listeners = new Set<FunctionListener>();
  private readonly statements;

  constructor(
    db: Db,
    readonly clock: Clock,
    /** Where the code directory of a stored package is, rebuilt from the package when missing. */
    private readonly codeDirOf: (
      zip: Buffer | undefined,
      config: { CodeSha256: string },
      localDir?: string,
    ) => string,
  ) {
    this.statements = {
      upsert: db.prepare(
        `INSERT INTO lambda_functions (account_id, region, name, config, zip, tags, policy, reserved_concurrency, event_invoke_config)
         VALUES (@account_id, @region, @name, @config, @zip, @tags, @policy, @reserved_concurrency, @event_invoke_config)
         ON CONFLICT (account_id, region, name) DO UPDATE SET config = excluded.config, zip = excluded.zip,
           tags = excluded.tags, policy = excluded.policy, reserved_concurrency = excluded.reserved_concurrency,
           event_invoke_config = excluded.event_invoke_config`,
      ),
      remove: db.prepare("DELETE FROM lambda_functions WHERE account_id = ? AND region = ? AND name = ?"),
      all: db.prepare("SELECT * FROM lambda_functions"),
    };
    for (const row of this.statements.all.all() as FunctionRow[]) {
      const config = JSON.parse(row.config) as LambdaFunction["config"] & { "@localDir"?: string };
      const localDir = config["@localDir"];
      delete config["@localDir"];
      const fn: LambdaFunction = {
        accountId: row.account_id,
        region: row.region,
        name: row.name,
        config,
        codeDir: "",
        zip: row.zip ?? undefined,
        tags: JSON.parse(row.tags) as Record<string, string>,
        policy: row.policy ? (JSON.parse(row.policy) as PolicyDocument) : undefined,
        reservedConcurrency: row.reserved_concurrency ?? undefined,
        eventInvokeConfig: row.event_invoke_config
          ? (JSON.parse(row.event_invoke_config) as FunctionEventInvokeConfig)
          : undefined,
      };
      try {
        fn.codeDir = this.codeDirOf(fn.zip, config, localDir);
      } catch {
        // A local directory that has gone away: the function stays, its invocations will fail.
        fn.codeDir = localDir ?? "";
      }
      this.cache.set(key(fn.accountId, fn.region, fn.name), fn);
    }
  }

  onChange(listener: FunctionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  find(accountId: string, region: string, name: string): LambdaFunction | undefined {
    return this.cache.get(key(accountId, region, name));
  }

  get(accountId: string, region: string, name: string, qualifier?: string): LambdaFunction {
    const fn = this.find(accountId, region, name);
    if (!fn) throw functionNotFound(functionArn(region, accountId, name, qualifier));
    return fn;
  }

  list(accountId: string, region: string): LambdaFunction[] {
    return [...this.cache.values()]
      .filter((fn) => fn.accountId === accountId && fn.region === region)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  all(): LambdaFunction[] {
    return [...this.cache.values()];
  }

  /** Stores a new or changed function; `localDir` marks code that lives in a user's directory. */
  save(fn: LambdaFunction, change: "created" | "updated", localDir?: string): void {
    const config = localDir ? { ...fn.config, "@localDir": localDir } : fn.config;
    this.statements.upsert.run({
      account_id: fn.accountId,
      region: fn.region,
      name: fn.name,
      config: JSON.stringify(config),
      zip: fn.zip ?? null,
      tags: JSON.stringify(fn.tags),
      policy: fn.policy ? JSON.stringify(fn.policy) : null,
      reserved_concurrency: fn.reservedConcurrency ?? null,
      event_invoke_config: fn.eventInvokeConfig ? JSON.stringify(fn.eventInvokeConfig) : null,
    });
    this.cache.set(key(fn.accountId, fn.region, fn.name), fn);
    for (const listener of this.listeners) listener(fn, change);
  }

  /** Re-stores a function whose side settings (tags, policy, concurrency…) changed. */
  touch(fn: LambdaFunction): void {
    const localDir = fn.zip ? undefined : fn.codeDir;
    this.save(fn, "updated", localDir);
  }

  remove(fn: LambdaFunction): void {
    this.statements.remove.run(fn.accountId, fn.region, fn.name);
    this.cache.delete(key(fn.accountId, fn.region, fn.name));
    for (const listener of this.listeners) listener(fn, "deleted");
  }

  /** Sum of reserved concurrency across a region's functions, except `exceptName`. */
  reservedTotal(accountId: string, region: string, exceptName?: string): number {
    let total = 0;
    for (const fn of this.list(accountId, region))
      if (fn.name !== exceptName) total += fn.reservedConcurrency ?? 0;
    return total;
  }
}

const key = (accountId: string, region: string, name: string) => `${accountId}/${region}/${name}`;
