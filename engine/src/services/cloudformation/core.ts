/**
 * The CloudFormation core: the store, the stacks' lookups and exports, where templates come
 * from, and the background runs that move stacks through their statuses after a call returns
 * (one run at a time per stack). Knows no wire names; operations/ maps the API onto it.
 */
import { randomUUID } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { Db } from "../../storage/database.ts";
import type { InProcessClient } from "../in-process.ts";
import {
  MAX_STACK_NAME_LENGTH,
  MAX_TEMPLATE_BODY_BYTES,
  MAX_TEMPLATE_URL_BYTES,
  STACK_NAME_PATTERN,
} from "./constants.ts";
import { Deployment, type DeployServices, type ExportDirectory, type Scope } from "./deploy/deployment.ts";
import { Journal } from "./deploy/journal.ts";
import { stackNotFound, ValidationError } from "./errors.ts";
import { LocalCodeError, resolveLocalPath } from "./local-code.ts";
import type { Stack, StackStatus, StackTemplate } from "./model.ts";
import type { LocalFunctionCode, ResourceProvider } from "./resources/types.ts";
import { CloudFormationStore } from "./store.ts";
import type { TemplateExpander } from "./template/prepare.ts";

export interface CloudFormationCoreDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  client: InProcessClient;
  providers: ReadonlyMap<string, ResourceProvider>;
  localFunctions: LocalFunctionCode;
  /** Directories local code (and file:// templates) may be read from. */
  codeRoots: readonly string[];
  /** Loads the SAM transform when a template declares it. */
  expandSam: () => Promise<TemplateExpander>;
  /** Where the SAM transform keeps its builds. */
  buildDir: string;
}

const STACK_ARN = /^arn:aws[a-z-]*:cloudformation:[^:]*:\d{12}:stack\/[^/]+\/[^/]+$/;
export const isStackArn = (value: string) => STACK_ARN.test(value);

/** What an interrupted operation's status becomes when it cannot go on. */
const INTERRUPTED: Partial<Record<StackStatus, StackStatus>> = {
  CREATE_IN_PROGRESS: "CREATE_FAILED",
  ROLLBACK_IN_PROGRESS: "ROLLBACK_FAILED",
  DELETE_IN_PROGRESS: "DELETE_FAILED",
  UPDATE_IN_PROGRESS: "UPDATE_FAILED",
  UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: "UPDATE_COMPLETE",
  UPDATE_ROLLBACK_IN_PROGRESS: "UPDATE_ROLLBACK_FAILED",
  UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS: "UPDATE_ROLLBACK_COMPLETE",
};

export const ENGINE_STOPPED_REASON =
  "The Orderflow engine stopped while this operation was in progress; its resources may be partly changed.";

export class CloudFormationCore {
  readonly store: CloudFormationStore;
  readonly journal: Journal;
  readonly services: DeployServices;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly expandSam: () => Promise<TemplateExpander>;
  readonly buildDir: string;
  private readonly codeRoots: readonly string[];
  private readonly running = new Map<string, Promise<void>>();
  private closed = false;

  constructor(deps: CloudFormationCoreDeps) {
    this.store = new CloudFormationStore(deps.db);
    this.journal = new Journal(this.store, deps.clock);
    this.clock = deps.clock;
    this.logger = deps.logger;
    this.expandSam = deps.expandSam;
    this.buildDir = deps.buildDir;
    this.codeRoots = deps.codeRoots;
    this.services = {
      store: this.store,
      journal: this.journal,
      providers: deps.providers,
      client: deps.client,
      localFunctions: deps.localFunctions,
      // The transform's builds are the engine's own output (made from sources inside the roots).
      localCode: (dir) => (path) => resolveLocalPath([...this.codeRoots, this.buildDir], dir, path),
      exports: this.exportDirectory(),
      logger: deps.logger,
    };
  }

  // ---- lookups

  /** A stack by ARN (deleted ones too) or by name (only one that is not deleted). */
  findStack(scope: Scope, nameOrId: string): Stack | undefined {
    if (isStackArn(nameOrId)) {
      const stack = this.store.stackById(nameOrId);
      return stack && stack.accountId === scope.accountId && stack.region === scope.region
        ? stack
        : undefined;
    }
    return this.store.activeStackByName(scope.accountId, scope.region, nameOrId);
  }

  requireStack(scope: Scope, nameOrId: string): Stack {
    const stack = this.findStack(scope, nameOrId);
    if (!stack) throw stackNotFound(nameOrId);
    return stack;
  }

  newStackId(scope: Scope, name: string): string {
    return `arn:aws:cloudformation:${scope.region}:${scope.accountId}:stack/${name}/${randomUUID()}`;
  }

  newChangeSetId(scope: Scope, name: string): string {
    return `arn:aws:cloudformation:${scope.region}:${scope.accountId}:changeSet/${name}/${randomUUID()}`;
  }

  private exportDirectory(): ExportDirectory {
    const live = (scope: Scope) =>
      this.store
        .stacksInRegion(scope.accountId, scope.region)
        .filter((s) => s.status !== "DELETE_COMPLETE" && s.status !== "REVIEW_IN_PROGRESS");
    const exporter = (scope: Scope, name: string) =>
      live(scope).find((s) => s.outputs.some((o) => o.exportName === name));
    return {
      exporter,
      value: (scope, name) => exporter(scope, name)?.outputs.find((o) => o.exportName === name)?.value,
      importers: (scope, name, exceptStackId) =>
        live(scope)
          .filter((s) => s.stackId !== exceptStackId && s.imports.includes(name))
          .map((s) => s.name),
    };
  }

  // ---- requests

  checkStackName(name: string): void {
    const fail = (constraint: string) =>
      new ValidationError(
        `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must ${constraint}`,
      );
    if (name.length > MAX_STACK_NAME_LENGTH)
      throw fail(`have length less than or equal to ${MAX_STACK_NAME_LENGTH}`);
    if (!new RegExp(`^(?:${STACK_NAME_PATTERN})$`).test(name))
      throw fail(`satisfy regular expression pattern: ${STACK_NAME_PATTERN}`);
  }

  /**
   * The template a request names: its TemplateBody, or a TemplateURL. Beyond AWS, a `file://` URL
   * of a template inside the code roots is read (the engine has no S3); relative local code paths
   * in it then resolve against its directory.
   */
  readTemplate(input: { TemplateBody?: string; TemplateURL?: string }): StackTemplate {
    const { TemplateBody: body, TemplateURL: url } = input;
    if (body !== undefined && url !== undefined)
      throw new ValidationError("Specify exactly one of 'TemplateBody' or 'TemplateURL'.");
    if (body !== undefined) {
      if (Buffer.byteLength(body) > MAX_TEMPLATE_BODY_BYTES) {
        throw new ValidationError(
          `1 validation error detected: Value '${body}' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TEMPLATE_BODY_BYTES}`,
        );
      }
      return { body };
    }
    if (url === undefined)
      throw new ValidationError("Either Template URL or Template Body must be specified.");
    if (!url.startsWith("file://")) {
      throw new ValidationError(
        "TemplateURL must be a supported URL. (The Orderflow engine has no S3; it reads file:// URLs inside its code roots.)",
      );
    }
    let path: string;
    try {
      path = resolveLocalPath(this.codeRoots, undefined, fileURLToPath(url), "Template file");
    } catch (error) {
      if (error instanceof LocalCodeError || error instanceof TypeError)
        throw new ValidationError(error.message);
      throw error;
    }
    if (statSync(path).size > MAX_TEMPLATE_URL_BYTES) {
      throw new ValidationError(`Template may not exceed ${MAX_TEMPLATE_URL_BYTES} bytes in size.`);
    }
    return { body: readFileSync(path, "utf8"), dir: dirname(path) };
  }

  // ---- background runs

  deployment(stack: Stack, prepared?: ConstructorParameters<typeof Deployment>[2]): Deployment {
    return new Deployment(this.services, stack, prepared);
  }

  /** Whether an operation is running (or queued) for the stack. */
  busy(stackId: string): boolean {
    return this.running.has(stackId);
  }

  /**
   * Runs `work` after the call returns, once any earlier run of the same stack is over. A run
   * that throws (a defect, not a resource failure) leaves its stack in the matching failed status.
   */
  launch(stackId: string, work: () => Promise<void>): void {
    const previous = this.running.get(stackId) ?? Promise.resolve();
    const run: Promise<void> = previous
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => (this.closed ? undefined : work()))
      .catch((error: unknown) => {
        if (this.closed) return;
        this.logger.error("cloudformation stack operation failed", {
          stackId,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
        this.interrupt(
          stackId,
          `Internal failure: ${error instanceof Error ? error.message : String(error)}`,
        );
      })
      .finally(() => {
        if (this.running.get(stackId) === run) this.running.delete(stackId);
      });
    this.running.set(stackId, run);
  }

  /** Resolves once no stack operation is running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  private interrupt(stackId: string, reason: string): void {
    const stack = this.store.stackById(stackId);
    const status = stack && INTERRUPTED[stack.status];
    if (stack && status) this.journal.stackStatus(stack, status, reason);
  }

  /**
   * After a restart: operations that were running cannot be resumed (their provider calls are
   * gone), so their stacks and change sets are marked failed and can be deleted or retried.
   */
  recover(): void {
    for (const stack of this.store.allStacks()) {
      if (INTERRUPTED[stack.status]) this.interrupt(stack.stackId, ENGINE_STOPPED_REASON);
      for (const changeSet of this.store.changeSetsOfStack(stack.stackId)) {
        if (changeSet.status === "CREATE_PENDING" || changeSet.status === "CREATE_IN_PROGRESS") {
          this.store.putChangeSet({
            ...changeSet,
            status: "FAILED",
            statusReason: ENGINE_STOPPED_REASON,
            executionStatus: "UNAVAILABLE",
          });
        } else if (changeSet.executionStatus === "EXECUTE_IN_PROGRESS") {
          this.store.putChangeSet({ ...changeSet, executionStatus: "EXECUTE_FAILED" });
        }
      }
    }
  }

  close(): void {
    this.closed = true;
  }
}
