/**
 * One stack operation in progress: the stack as it stands, the template being deployed, the live
 * state of each resource (what Ref and Fn::GetAtt read), and the services a deployment reaches.
 */
import type { Logger } from "../../../shared/logger.ts";
import type { InProcessClient } from "../../in-process.ts";
import { ValidationError } from "../errors.ts";
import type { Stack, StackResource, StackStatus } from "../model.ts";
import type {
  LocalFunctionCode,
  ResourceContext,
  ResourceProvider,
  ResourceState,
} from "../resources/types.ts";
import type { CloudFormationStore } from "../store.ts";
import type { PseudoParameters, ResolveContext, ResourceLookup } from "../template/intrinsics.ts";
import type { PreparedTemplate } from "../template/prepare.ts";
import type { Journal } from "./journal.ts";

/** Where exports are looked up: the exporting stacks of one account and region. */
export interface ExportDirectory {
  value(scope: Scope, name: string): string | undefined;
  /** The stack that exports `name`, if any. */
  exporter(scope: Scope, name: string): Stack | undefined;
  /** Names of the stacks (other than `exceptStackId`) that import `name`. */
  importers(scope: Scope, name: string, exceptStackId?: string): string[];
}

export interface Scope {
  accountId: string;
  region: string;
}

export interface DeployServices {
  store: CloudFormationStore;
  journal: Journal;
  providers: ReadonlyMap<string, ResourceProvider>;
  client: InProcessClient;
  localFunctions: LocalFunctionCode;
  /** The local-code resolver for a template in `dir` (undefined: the engine's working directory). */
  localCode(dir: string | undefined): (path: string) => string;
  exports: ExportDirectory;
  logger: Logger;
}

export const stackScope = (stack: Stack): Scope => ({ accountId: stack.accountId, region: stack.region });

export function pseudoParameters(stack: Stack): PseudoParameters {
  return {
    accountId: stack.accountId,
    region: stack.region,
    stackName: stack.name,
    stackId: stack.stackId,
    notificationArns: stack.notificationArns,
  };
}

/** A resource's live state as its record holds it. */
export const stateOf = (resource: StackResource): ResourceState => ({
  physicalId: resource.physicalId ?? "",
  attributes: resource.attributes,
});

export class Deployment {
  readonly states = new Map<string, ResourceState>();

  constructor(
    readonly services: DeployServices,
    public stack: Stack,
    readonly prepared?: PreparedTemplate,
  ) {}

  setStatus(status: StackStatus, reason?: string, changes: Partial<Stack> = {}): void {
    this.stack = this.services.journal.stackStatus(this.stack, status, reason, changes);
  }

  provider(type: string): ResourceProvider | undefined {
    return this.services.providers.get(type);
  }

  /** How the template being deployed reads parameters, resources and exports right now. */
  resolveContext(): ResolveContext {
    const prepared = this.prepared;
    if (!prepared) throw new Error("no template to resolve against");
    const lookup: ResourceLookup = {
      has: (id) => prepared.resources.has(id),
      ref: (id) => this.liveState(id).physicalId,
      getAtt: (id, attribute) => {
        const value = this.liveState(id).attributes[attribute];
        if (value === undefined) {
          const type = prepared.template.Resources?.[id]?.Type;
          throw new ValidationError(
            `Attribute ${attribute} of resource ${id} (${type}) is not provided by the Orderflow engine (see docs/CONFORMANCE.md)`,
          );
        }
        return value;
      },
    };
    return {
      parameters: prepared.parameters,
      pseudo: pseudoParameters(this.stack),
      mappings: prepared.template.Mappings,
      condition: (name) => {
        const value = prepared.conditions.get(name);
        if (value === undefined) {
          throw new ValidationError(`Template error: unresolved condition dependency ${name} in Fn::If`);
        }
        return value;
      },
      resources: lookup,
      importValue: (name) => {
        const value = this.services.exports.value(stackScope(this.stack), name);
        if (value === undefined) throw new ValidationError(`No export named ${name} found.`);
        return value;
      },
    };
  }

  private liveState(id: string): ResourceState {
    const state = this.states.get(id);
    if (!state) throw new ValidationError(`Resource ${id} has not been created`);
    return state;
  }

  resourceContext(logicalId: string, metadata: Record<string, unknown> | undefined): ResourceContext {
    const { services, stack } = this;
    return {
      accountId: stack.accountId,
      region: stack.region,
      stackName: stack.name,
      stackId: stack.stackId,
      logicalId,
      client: services.client,
      resolveLocalCode: services.localCode(this.prepared?.source.dir ?? stack.template.dir),
      localFunctions: services.localFunctions,
      metadata,
    };
  }
}

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** "[A, B]" as CloudFormation lists resources in a status reason. */
export const listing = (ids: readonly string[]) => `[${ids.join(", ")}]`;
