/**
 * Provider test support: a real engine (startTestEngine) and the ResourceContext the
 * CloudFormation core would hand a provider, built on the engine's in-process client
 * (`engine.client`). Local function code goes through a recording LocalFunctionCode that zips the
 * directory and creates the function through Lambda's API, so a test sees both what the provider
 * asked for and a function that runs.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { zipSync } from "fflate";
import { createResourceProviders } from "../../../src/services/cloudformation/resources/index.ts";
import type {
  LocalFunctionCode,
  ResourceContext,
  ResourceProvider,
  ResourceState,
} from "../../../src/services/cloudformation/resources/types.ts";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";

export const ACCOUNT = "000000000000";
export const REGION = "us-east-1";
export const STACK = "teststack";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/lambda-role`;

/** What the recording LocalFunctionCode was asked to do. */
export interface LocalCall {
  kind: "create" | "updateCode";
  functionName: string;
  codeDir: string;
  input?: Record<string, unknown>;
}

function zipDirectory(dir: string): Buffer {
  const entries: Record<string, Uint8Array> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else entries[relative(dir, path)] = readFileSync(path);
    }
  };
  walk(dir);
  return Buffer.from(zipSync(entries));
}

export interface Harness {
  t: TestEngine;
  providers: Map<string, ResourceProvider>;
  localCalls: LocalCall[];
  /** A scratch directory; relative local code paths resolve against it. */
  workDir: string;
  provider(type: string): ResourceProvider;
  context(logicalId: string, metadata?: Record<string, unknown>): ResourceContext;
  /** Writes files into a fresh directory under workDir and returns its path relative to workDir. */
  codeDirectory(files: Record<string, string>): string;
  stop(): Promise<void>;
}

let directories = 0;

export async function startHarness(): Promise<Harness> {
  const t = await startTestEngine();
  const providers = createResourceProviders();
  const localCalls: LocalCall[] = [];
  const workDir = mkdtempSync(join(tmpdir(), "orderflow-providers-"));
  const localFunctions: LocalFunctionCode = {
    async create(input, codeDir, scope) {
      localCalls.push({ kind: "create", functionName: input.FunctionName, codeDir, input: { ...input } });
      return t.engine.client.call(
        "lambda",
        "CreateFunction",
        { ...input, Code: { ZipFile: zipDirectory(codeDir) } },
        { region: scope.region },
      );
    },
    async updateCode(functionName, codeDir, scope) {
      localCalls.push({ kind: "updateCode", functionName, codeDir });
      return t.engine.client.call(
        "lambda",
        "UpdateFunctionCode",
        { FunctionName: functionName, ZipFile: zipDirectory(codeDir) },
        { region: scope.region },
      );
    },
  };
  return {
    t,
    providers,
    localCalls,
    workDir,
    provider(type) {
      const provider = providers.get(type);
      assert.ok(provider, `no provider for ${type}`);
      return provider;
    },
    context(logicalId, metadata) {
      return {
        accountId: ACCOUNT,
        region: REGION,
        stackName: STACK,
        stackId: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${STACK}/00000000-0000-0000-0000-000000000000`,
        logicalId,
        client: t.engine.client,
        resolveLocalCode: (path) => (isAbsolute(path) ? path : resolve(workDir, path)),
        localFunctions,
        metadata,
      };
    },
    codeDirectory(files) {
      const dir = `code-${++directories}`;
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(workDir, dir, path, ".."), { recursive: true });
        writeFileSync(join(workDir, dir, path), text);
      }
      return dir;
    },
    async stop() {
      await t.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Creates a resource with its provider and returns the state. */
export const create = (
  h: Harness,
  type: string,
  logicalId: string,
  properties: Record<string, unknown>,
  metadata?: Record<string, unknown>,
): Promise<ResourceState> => h.provider(type).create(properties, h.context(logicalId, metadata));

/** The error a provider call fails with (fails the test if it succeeds). */
export async function failure(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the provider call to fail");
}

/** AWS's wording for a handler failure, with the quoted message as a pattern. */
export const handlerMessage = (inner: RegExp | string, code = "InvalidRequest"): RegExp =>
  new RegExp(
    `^Resource handler returned message: "${typeof inner === "string" ? escapeRegExp(inner) : inner.source}" \\(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: ${code}\\)$`,
  );

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
