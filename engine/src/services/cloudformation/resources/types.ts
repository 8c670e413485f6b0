/**
 * The contract between the CloudFormation engine (templates, stacks, ordering, rollback) and the
 * resource providers that create what a template declares. A provider talks to the other services
 * only through the in-process client (or, for what has no wire form, the core it is given).
 */
import type { CreateFunctionRequest, FunctionConfiguration } from "@aws-sdk/client-lambda";
import type { InProcessClient } from "../../in-process.ts";

/**
 * What Lambda's wire API cannot take: code that stays in a local directory (a CDK asset, a SAM
 * CodeUri, an esbuild output). Only the engine's own deployments reach it, never a client.
 */
export interface LocalFunctionCode {
  create(
    input: Omit<CreateFunctionRequest, "Code"> & { FunctionName: string; Role: string },
    codeDir: string,
    scope: { accountId: string; region: string },
  ): Promise<FunctionConfiguration>;
  updateCode(
    functionName: string,
    codeDir: string,
    scope: { accountId: string; region: string },
  ): Promise<FunctionConfiguration>;
}

export interface ResourceContext {
  accountId: string;
  region: string;
  stackName: string;
  stackId: string;
  logicalId: string;
  client: InProcessClient;
  /**
   * Resolves a local code location a template names (a SAM CodeUri directory, a CDK asset) to an
   * absolute directory, or throws if it lies outside the directories the user allowed.
   */
  resolveLocalCode(path: string): string;
  localFunctions: LocalFunctionCode;
  /** The resource's template Metadata (CDK puts `aws:asset:path` there). */
  metadata: Record<string, unknown> | undefined;
}

export interface ResourceState {
  /** What `Ref` returns (a queue URL, a table name, a function name, …). */
  physicalId: string;
  /** What `Fn::GetAtt` may read (Arn, QueueName, StreamArn, …). */
  attributes: Record<string, unknown>;
}

export interface ResourceProvider {
  readonly type: string;
  create(properties: Record<string, unknown>, ctx: ResourceContext): Promise<ResourceState>;
  /**
   * Applies changed properties in place. Returns "replace" when a changed property cannot be
   * updated in place (CloudFormation then creates the new resource and deletes the old one).
   */
  update(
    previous: ResourceState,
    properties: Record<string, unknown>,
    previousProperties: Record<string, unknown>,
    ctx: ResourceContext,
  ): Promise<ResourceState | "replace">;
  delete(state: ResourceState, properties: Record<string, unknown>, ctx: ResourceContext): Promise<void>;
}
