/**
 * Harness for the CloudFormation core's tests: an endpoint serving CloudFormation with resource
 * providers the test chooses (fakes that record every call, in order), the real SDK v3 client
 * pointed at it, and waiting helpers. The engine's real providers are tested by their own suite;
 * here a fake that records calls is the honest witness of ordering, updates and rollback.
 */

import type { AddressInfo } from "node:net";
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type Stack,
  type StackEvent,
  UpdateStackCommand,
} from "@aws-sdk/client-cloudformation";
import { createTrustingAuthenticator } from "../../src/server/auth.ts";
import { CredentialStore } from "../../src/server/credentials.ts";
import { createHttpServer } from "../../src/server/http-server.ts";
import { createCloudFormationService } from "../../src/services/cloudformation/index.ts";
import type {
  LocalFunctionCode,
  ResourceContext,
  ResourceProvider,
  ResourceState,
} from "../../src/services/cloudformation/resources/types.ts";
import type { TemplateExpander } from "../../src/services/cloudformation/template/prepare.ts";
import { createInProcessClient } from "../../src/services/in-process.ts";
import { ServiceRegistry } from "../../src/services/registry.ts";
import { VirtualClock } from "../../src/shared/clock.ts";
import { createLogger } from "../../src/shared/logger.ts";
import { openDatabase } from "../../src/storage/database.ts";
import { TEST_CREDENTIALS, TEST_REGION } from "../support/engine.ts";

export interface ProviderCall {
  action: "create" | "update" | "delete";
  type: string;
  logicalId: string;
  physicalId?: string;
  properties: Record<string, unknown>;
  previousProperties?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

export interface FakeOptions {
  /** Attributes beyond `Arn`, from the resolved properties. */
  attributes?(properties: Record<string, unknown>, physicalId: string): Record<string, unknown>;
  /** Properties whose change makes update answer "replace". */
  replaceOn?: readonly string[];
}

/**
 * A world of fake resources shared by the providers of one test: every call is recorded, a
 * property `Fail: "<message>"` makes create/update throw it, `FailDelete` makes delete throw,
 * `Gate: "<name>"` holds a create until the test opens that gate, and `Name` (or `TopicName`)
 * becomes the physical id.
 */
export class FakeCloud {
  readonly calls: ProviderCall[] = [];
  /** Physical ids that exist right now, by id → type. */
  readonly live = new Map<string, string>();
  private readonly gates = new Map<string, { promise: Promise<void>; open: () => void }>();
  private counter = 0;

  gate(name: string): () => void {
    return this.gateFor(name).open;
  }

  private gateFor(name: string) {
    let entry = this.gates.get(name);
    if (!entry) {
      let open!: () => void;
      const promise = new Promise<void>((resolve) => {
        open = resolve;
      });
      entry = { promise, open };
      this.gates.set(name, entry);
    }
    return entry;
  }

  provider(type: string, options: FakeOptions = {}): ResourceProvider {
    const cloud = this;
    const state = (properties: Record<string, unknown>, physicalId: string): ResourceState => ({
      physicalId,
      attributes: { Arn: `arn:aws:fake:${physicalId}`, ...options.attributes?.(properties, physicalId) },
    });
    return {
      type,
      async create(properties, ctx) {
        cloud.calls.push({
          action: "create",
          type,
          logicalId: ctx.logicalId,
          properties,
          metadata: ctx.metadata,
        });
        if (typeof properties.Gate === "string") await cloud.gateFor(properties.Gate).promise;
        if (typeof properties.Fail === "string") throw new Error(properties.Fail);
        const name = properties.Name ?? properties.TopicName;
        const physicalId =
          typeof name === "string" ? name : `${ctx.stackName}-${ctx.logicalId}-${++cloud.counter}`;
        cloud.live.set(physicalId, type);
        return state(properties, physicalId);
      },
      async update(previous, properties, previousProperties, ctx) {
        cloud.calls.push({
          action: "update",
          type,
          logicalId: ctx.logicalId,
          physicalId: previous.physicalId,
          properties,
          previousProperties,
        });
        if (typeof properties.Fail === "string") throw new Error(properties.Fail);
        const replace = (options.replaceOn ?? []).some(
          (name) => JSON.stringify(properties[name]) !== JSON.stringify(previousProperties[name]),
        );
        if (replace) return "replace";
        return state(properties, previous.physicalId);
      },
      async delete(current, properties, ctx: ResourceContext) {
        cloud.calls.push({
          action: "delete",
          type,
          logicalId: ctx.logicalId,
          physicalId: current.physicalId,
          properties,
        });
        if (typeof properties.FailDelete === "string") throw new Error(properties.FailDelete);
        cloud.live.delete(current.physicalId);
      },
    };
  }

  /** The calls as "action LogicalId" lines, for order assertions. */
  log(): string[] {
    return this.calls.map((c) => `${c.action} ${c.logicalId}`);
  }
}

/** Fake types the tests use; AWS's catalog must know them, so real type names are borrowed. */
export const QUEUE = "AWS::SQS::Queue";
export const TOPIC = "AWS::SNS::Topic";
export const PARAMETER = "AWS::SSM::Parameter";

export function fakeProviders(cloud: FakeCloud): Map<string, ResourceProvider> {
  return new Map([
    [QUEUE, cloud.provider(QUEUE, { attributes: (_p, id) => ({ QueueName: id }) })],
    [
      TOPIC,
      cloud.provider(TOPIC, {
        replaceOn: ["Name", "TopicName"],
        attributes: (_p, id) => ({ TopicName: id }),
      }),
    ],
    [
      PARAMETER,
      cloud.provider(PARAMETER, {
        replaceOn: ["Name"],
        attributes: (p) => ({ Value: p.Value, Type: p.Type ?? "String" }),
      }),
    ],
  ]);
}

const noLocalFunctions: LocalFunctionCode = {
  create: () => Promise.reject(new Error("no local functions in this harness")),
  updateCode: () => Promise.reject(new Error("no local functions in this harness")),
};

export interface CfnHarness {
  endpoint: string;
  cfn: CloudFormationClient;
  cloud: FakeCloud;
  clock: VirtualClock;
  /** Stops once every stack operation is over. */
  stop(): Promise<void>;
  /** Stops at once, abandoning running operations (as an engine that is killed). */
  abandon(): Promise<void>;
}

export async function startCfn(
  options: {
    cloud?: FakeCloud;
    providers?: Map<string, ResourceProvider>;
    dataDir?: string;
    codeRoots?: string[];
    expandSam?: () => Promise<TemplateExpander>;
  } = {},
): Promise<CfnHarness> {
  const cloud = options.cloud ?? new FakeCloud();
  const clock = new VirtualClock({ flowing: false });
  const logger = createLogger("error");
  const db = openDatabase({ dataDir: options.dataDir, inMemory: options.dataDir === undefined });
  const registry = new ServiceRegistry();
  let endpoint = "";
  const client = createInProcessClient(registry, () => endpoint);
  const service = createCloudFormationService({
    db,
    clock,
    logger,
    client,
    providers: options.providers ?? fakeProviders(cloud),
    localFunctions: noLocalFunctions,
    codeRoots: options.codeRoots ?? [process.cwd()],
    ...(options.expandSam && { expandSam: options.expandSam }),
  });
  registry.register(service.definition);
  const server = createHttpServer({
    registry,
    logger,
    baseUrl: () => endpoint,
    authenticator: createTrustingAuthenticator(new CredentialStore(clock)),
    control: { clock, services: ["cloudformation"], enabled: false, startedAt: Date.now() },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cfn = new CloudFormationClient({
    endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  const abandon = async () => {
    cfn.destroy();
    service.definition.close?.();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    db.close();
  };
  return {
    endpoint,
    cfn,
    cloud,
    clock,
    async stop() {
      await service.core.idle();
      await abandon();
    },
    abandon,
  };
}

const POLL_MS = 5;
const WAIT_LIMIT_MS = 60_000;

/**
 * Waits until the stack's status is no longer *_IN_PROGRESS (deployments run after the call
 * returns; with fake providers they settle within milliseconds). Returns the stack.
 */
export async function settled(cfn: CloudFormationClient, stackName: string): Promise<Stack> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = Stacks![0]!;
    if (!stack.StackStatus!.endsWith("_IN_PROGRESS") || stack.StackStatus === "REVIEW_IN_PROGRESS")
      return stack;
    if (Date.now() > deadline) throw new Error(`stack ${stackName} still ${stack.StackStatus}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Waits until the change set is no longer pending or in progress. */
export async function changeSetSettled(cfn: CloudFormationClient, stackName: string, changeSetName: string) {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const changeSet = await cfn.send(
      new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }),
    );
    if (changeSet.Status !== "CREATE_PENDING" && changeSet.Status !== "CREATE_IN_PROGRESS") return changeSet;
    if (Date.now() > deadline) throw new Error(`change set ${changeSetName} still ${changeSet.Status}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Every event of the stack, oldest first, as "LogicalId STATUS[ reason]" lines. */
export async function eventLines(cfn: CloudFormationClient, stackName: string): Promise<string[]> {
  return (await allEvents(cfn, stackName))
    .reverse()
    .map(
      (e) =>
        `${e.LogicalResourceId} ${e.ResourceStatus}${e.ResourceStatusReason ? ` ${e.ResourceStatusReason}` : ""}`,
    );
}

/** Every event of the stack, newest first (as the API returns them), across pages. */
export async function allEvents(cfn: CloudFormationClient, stackName: string): Promise<StackEvent[]> {
  const events: StackEvent[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName, NextToken }));
    events.push(...(page.StackEvents ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return events;
}

/** A template body from an object. */
export const json = (template: Record<string, unknown>) => JSON.stringify(template);

let stackCounter = 0;
/** A stack name no other test of the run uses. */
export const uniqueStackName = (prefix = "stack") => `${prefix}-${process.pid}-${++stackCounter}`;

/** CreateStack and wait for it to settle; returns the stack as DescribeStacks reports it. */
export async function createAndSettle(
  cfn: CloudFormationClient,
  stackName: string,
  template: Record<string, unknown> | string,
  parameters: Record<string, string> = {},
  extra: Partial<ConstructorParameters<typeof CreateStackCommand>[0]> = {},
): Promise<Stack> {
  await cfn.send(
    new CreateStackCommand({
      StackName: stackName,
      TemplateBody: typeof template === "string" ? template : json(template),
      Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
      ...extra,
    }),
  );
  return settled(cfn, stackName);
}

/** UpdateStack and wait for it to settle. */
export async function updateAndSettle(
  cfn: CloudFormationClient,
  stackName: string,
  template: Record<string, unknown> | string,
  parameters: Record<string, string> = {},
): Promise<Stack> {
  await cfn.send(
    new UpdateStackCommand({
      StackName: stackName,
      TemplateBody: typeof template === "string" ? template : json(template),
      Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
    }),
  );
  return settled(cfn, stackName);
}

/** DeleteStack and wait until the stack (found by id) is gone or failed. */
export async function deleteAndSettle(cfn: CloudFormationClient, stack: Stack): Promise<Stack> {
  await cfn.send(new DeleteStackCommand({ StackName: stack.StackName }));
  return settled(cfn, stack.StackId!);
}

/** The outputs of a stack as a plain object. */
export const outputsOf = (stack: Stack): Record<string, string | undefined> =>
  Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue]));
