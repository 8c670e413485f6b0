/**
 * `orderflow-engine deploy <template file | cdk.out directory> [--stack-name N] [--parameter K=V]…
 * [--endpoint URL]` and `orderflow-engine destroy <stack> [--endpoint URL]`: deploy through the
 * CloudFormation API of a running engine, as `aws cloudformation deploy` and `cdk deploy` do.
 *
 * deploy creates a change set (CREATE, or UPDATE when the stack exists), executes it, waits, and
 * prints the outputs as `Key = Value` lines (progress goes to stderr). With no changes it says so
 * and prints the outputs; when the deployment fails it prints the failed events and exits 1.
 *
 * - A template file goes as a file:// TemplateURL: the engine reads it from inside its code roots
 *   and resolves relative local code (a SAM CodeUri) against its directory.
 * - A cdk.out directory: the stack is picked from manifest.json (--stack-name chooses among
 *   several), `aws:asset:path` metadata is made absolute so the Lambda provider finds each asset,
 *   and CDK's bootstrap plumbing is dropped (the BootstrapVersion parameter, read from SSM, and
 *   the rule that checks it): the engine has no bootstrap stack.
 * - A stack left in ROLLBACK_COMPLETE by a failed first deployment is deleted first, as cdk does.
 *
 * The endpoint is --endpoint, else AWS_ENDPOINT_URL_CLOUDFORMATION or AWS_ENDPOINT_URL, else the
 * engine's default address; requests are signed with the usual AWS_* variables (test keys if unset).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  type Capability,
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Parameter,
  type Stack,
  type StackEvent,
} from "@aws-sdk/client-cloudformation";
import { parseTemplate } from "./services/cloudformation/template/parse.ts";

export const DEPLOY_USAGE =
  "usage: orderflow-engine deploy <template file | cdk.out directory> [--stack-name N] [--parameter K=V]… [--endpoint URL]";
export const DESTROY_USAGE = "usage: orderflow-engine destroy <stack> [--endpoint URL]";

const DEFAULT_ENDPOINT = "http://127.0.0.1:4566";
const POLL_INTERVAL_MS = 250;
/** AWS: a TemplateBody may hold 51,200 bytes; a larger template goes by URL. */
const MAX_TEMPLATE_BODY_BYTES = 51_200;
const CAPABILITIES: Capability[] = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"];
const NO_CHANGES = "didn't contain changes";
const CDK_ASSET_PATH = "aws:asset:path";

export interface DeployCommandIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

class CommandError extends Error {}

type Json = Record<string, unknown>;

/** What the change set will carry: the template (by body or URL) and its parameters. */
interface TemplateSource {
  stackName: string;
  /** The template's text, when it fits in a TemplateBody. */
  body?: string;
  /** A file:// URL of the template, preferred: relative local code then resolves beside it. */
  url?: string;
  declaredParameters: string[];
}

function cloudFormationClient(endpoint: string, env: NodeJS.ProcessEnv): CloudFormationClient {
  // The SDK's notice that its future releases need Node 22 says nothing about this deployment.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  return new CloudFormationClient({
    endpoint,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1",
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? "test",
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? "test",
      ...(env.AWS_SESSION_TOKEN && { sessionToken: env.AWS_SESSION_TOKEN }),
    },
    maxAttempts: 3,
  });
}

const endpointOf = (flag: string | undefined, env: NodeJS.ProcessEnv) =>
  flag ?? env.AWS_ENDPOINT_URL_CLOUDFORMATION ?? env.AWS_ENDPOINT_URL ?? DEFAULT_ENDPOINT;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads a cdk.out cloud assembly: the stack's template, made deployable on the engine. */
export function cdkStackTemplate(dir: string, stackName: string | undefined): TemplateSource {
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(manifestPath))
    throw new CommandError(`${dir} has no manifest.json: not a cdk.out directory`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { artifacts?: Record<string, Json> };
  const stacks = Object.entries(manifest.artifacts ?? {}).filter(
    ([, artifact]) => artifact.type === "aws:cloudformation:stack",
  );
  const nameOf = ([id, artifact]: [string, Json]) =>
    ((artifact.properties as Json | undefined)?.stackName as string | undefined) ?? id;
  const matching = stackName ? stacks.filter((s) => nameOf(s) === stackName || s[0] === stackName) : stacks;
  if (matching.length !== 1) {
    const names = stacks.map(nameOf).join(", ") || "none";
    throw new CommandError(
      stackName
        ? `${dir} has no stack named ${stackName} (stacks: ${names})`
        : `${dir} has ${stacks.length} stacks (${names}); choose one with --stack-name`,
    );
  }
  const [id, artifact] = matching[0]!;
  const templateFile = (artifact.properties as Json | undefined)?.templateFile as string | undefined;
  if (!templateFile) throw new CommandError(`stack ${id} in ${dir} names no template file`);
  const template = JSON.parse(readFileSync(join(dir, templateFile), "utf8")) as Json;
  for (const resource of Object.values((template.Resources ?? {}) as Record<string, Json>)) {
    const metadata = resource.Metadata as Json | undefined;
    if (metadata && typeof metadata[CDK_ASSET_PATH] === "string") {
      metadata[CDK_ASSET_PATH] = resolve(dir, metadata[CDK_ASSET_PATH]);
    }
  }
  dropBootstrapChecks(template);
  let body = JSON.stringify(template);
  let url: string | undefined;
  if (Buffer.byteLength(body) > MAX_TEMPLATE_BODY_BYTES) {
    // Too large for a TemplateBody: written beside the original and sent by file:// URL.
    const path = join(dir, `${id}.orderflow.template.json`);
    writeFileSync(path, body);
    url = pathToFileURL(resolve(path)).href;
    body = "";
  }
  return {
    stackName: nameOf(matching[0]!),
    ...(url ? { url } : { body }),
    declaredParameters: Object.keys((template.Parameters ?? {}) as Json),
  };
}

/** CDK's default synthesizer checks the bootstrap stack's version, read from SSM. */
function dropBootstrapChecks(template: Json): void {
  const parameters = template.Parameters as Record<string, Json> | undefined;
  const bootstrap = parameters?.BootstrapVersion;
  if (bootstrap && String(bootstrap.Default ?? "").startsWith("/cdk-bootstrap/"))
    delete parameters!.BootstrapVersion;
  const rules = template.Rules as Json | undefined;
  if (rules) {
    delete rules.CheckBootstrapVersion;
    if (Object.keys(rules).length === 0) delete template.Rules;
  }
  if (parameters && Object.keys(parameters).length === 0) delete template.Parameters;
}

function templateFileSource(path: string, stackName: string | undefined): TemplateSource {
  if (!stackName) throw new CommandError("--stack-name is required when deploying a template file");
  const absolute = resolve(path);
  const body = readFileSync(absolute, "utf8");
  const template = parseTemplate(body);
  return {
    stackName,
    url: pathToFileURL(absolute).href,
    ...(Buffer.byteLength(body) <= MAX_TEMPLATE_BODY_BYTES && { body }),
    declaredParameters: Object.keys(template.Parameters ?? {}),
  };
}

function parseParameters(pairs: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new CommandError(`--parameter takes Key=Value, got ${pair}`);
    values.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return values;
}

async function describe(cfn: CloudFormationClient, stackName: string): Promise<Stack | undefined> {
  try {
    return (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
  } catch (error) {
    if (error instanceof Error && /does not exist/.test(error.message)) return undefined;
    throw error;
  }
}

/** The ids of the stack's latest events: what happened before an operation, not to be shown again. */
async function eventIds(cfn: CloudFormationClient, stackName: string): Promise<Set<string>> {
  try {
    const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }));
    return new Set((page.StackEvents ?? []).map((e) => e.EventId!));
  } catch (error) {
    if (error instanceof Error && /does not exist/.test(error.message)) return new Set();
    throw error;
  }
}

/**
 * Polls until the stack leaves *_IN_PROGRESS, echoing its new events to stderr. Events are told
 * apart by id, not time: the engine's clock may be virtual.
 */
async function waitForStack(
  cfn: CloudFormationClient,
  stackId: string,
  seen: Set<string>,
  io: DeployCommandIo,
): Promise<{ stack: Stack; events: StackEvent[] }> {
  const events: StackEvent[] = [];
  for (;;) {
    const stack = (await describe(cfn, stackId))!;
    const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackId }));
    const fresh = (page.StackEvents ?? []).filter((e) => !seen.has(e.EventId!)).reverse();
    for (const event of fresh) {
      seen.add(event.EventId!);
      events.push(event);
      io.err(
        `${event.ResourceStatus} ${event.ResourceType} ${event.LogicalResourceId}${event.ResourceStatusReason ? ` — ${event.ResourceStatusReason}` : ""}`,
      );
    }
    if (!stack.StackStatus!.endsWith("_IN_PROGRESS")) return { stack, events };
    await sleep(POLL_INTERVAL_MS);
  }
}

function printOutputs(stack: Stack, io: DeployCommandIo): void {
  for (const output of stack.Outputs ?? []) io.out(`${output.OutputKey} = ${output.OutputValue}`);
}

function printFailures(events: readonly StackEvent[], io: DeployCommandIo): void {
  for (const event of events) {
    if (event.ResourceStatus?.endsWith("_FAILED")) {
      io.err(
        `  ${event.LogicalResourceId} (${event.ResourceType}): ${event.ResourceStatusReason ?? event.ResourceStatus}`,
      );
    }
  }
}

async function deploy(argv: string[], io: DeployCommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "stack-name": { type: "string" },
      parameter: { type: "string", multiple: true, default: [] },
      endpoint: { type: "string" },
    },
  });
  const [target, ...extra] = positionals;
  if (target === undefined || extra.length > 0) {
    io.err(DEPLOY_USAGE);
    return 2;
  }
  if (!existsSync(target)) throw new CommandError(`${target} does not exist`);
  const source = statSync(target).isDirectory()
    ? cdkStackTemplate(target, values["stack-name"])
    : templateFileSource(target, values["stack-name"]);
  const given = parseParameters(values.parameter);
  const unknown = [...given.keys()].filter((key) => !source.declaredParameters.includes(key));
  if (unknown.length > 0) throw new CommandError(`the template declares no parameter ${unknown.join(", ")}`);

  const cfn = cloudFormationClient(endpointOf(values.endpoint, io.env), io.env);
  try {
    const { stackName } = source;
    let existing = await describe(cfn, stackName);
    if (existing?.StackStatus === "ROLLBACK_COMPLETE") {
      io.err(`Stack ${stackName} is in ROLLBACK_COMPLETE after a failed first deployment; deleting it first`);
      const before = await eventIds(cfn, existing.StackId!);
      await cfn.send(new DeleteStackCommand({ StackName: stackName }));
      await waitForStack(cfn, existing.StackId!, before, io);
      existing = undefined;
    }
    const update = existing !== undefined && existing.StackStatus !== "REVIEW_IN_PROGRESS";
    const previous = new Set((existing?.Parameters ?? []).map((p) => p.ParameterKey));
    const parameters: Parameter[] = source.declaredParameters.flatMap((key): Parameter[] => {
      const value = given.get(key);
      if (value !== undefined) return [{ ParameterKey: key, ParameterValue: value }];
      return update && previous.has(key) ? [{ ParameterKey: key, UsePreviousValue: true }] : [];
    });
    const changeSetName = `orderflow-deploy-${Date.now()}`;
    const before = await eventIds(cfn, stackName);
    const createChangeSet = (template: { TemplateURL: string } | { TemplateBody: string }) =>
      cfn.send(
        new CreateChangeSetCommand({
          StackName: stackName,
          ChangeSetName: changeSetName,
          ChangeSetType: update ? "UPDATE" : "CREATE",
          ...template,
          Parameters: parameters,
          Capabilities: CAPABILITIES,
        }),
      );
    let created: Awaited<ReturnType<typeof createChangeSet>>;
    try {
      created = await createChangeSet(
        source.url ? { TemplateURL: source.url } : { TemplateBody: source.body! },
      );
    } catch (error) {
      // An engine whose code roots do not hold the template file can still take its text.
      if (
        !(
          source.url &&
          source.body !== undefined &&
          error instanceof Error &&
          /outside the directories/.test(error.message)
        )
      )
        throw error;
      io.err(
        `${error.message}\nSending the template's text instead: relative local code paths in it resolve against the engine's working directory`,
      );
      created = await createChangeSet({ TemplateBody: source.body });
    }
    io.err(`Waiting for change set ${changeSetName} of stack ${stackName}…`);
    let changeSet = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
    while (changeSet.Status === "CREATE_PENDING" || changeSet.Status === "CREATE_IN_PROGRESS") {
      await sleep(POLL_INTERVAL_MS);
      changeSet = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
    }
    if (changeSet.Status === "FAILED") {
      if (changeSet.StatusReason?.includes(NO_CHANGES)) {
        io.err(`No changes to deploy. Stack ${stackName} is up to date`);
        await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: created.Id }));
        printOutputs((await describe(cfn, stackName))!, io);
        return 0;
      }
      io.err(`The change set failed: ${changeSet.StatusReason}`);
      return 1;
    }
    await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
    const { stack, events } = await waitForStack(cfn, created.StackId!, before, io);
    if (stack.StackStatus === "CREATE_COMPLETE" || stack.StackStatus === "UPDATE_COMPLETE") {
      io.err(`Stack ${stackName}: ${stack.StackStatus}`);
      printOutputs(stack, io);
      return 0;
    }
    io.err(
      `Stack ${stackName} failed: ${stack.StackStatus}${stack.StackStatusReason ? ` — ${stack.StackStatusReason}` : ""}`,
    );
    printFailures(events, io);
    return 1;
  } finally {
    cfn.destroy();
  }
}

async function destroy(argv: string[], io: DeployCommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { endpoint: { type: "string" } },
  });
  const [stackName, ...extra] = positionals;
  if (stackName === undefined || extra.length > 0) {
    io.err(DESTROY_USAGE);
    return 2;
  }
  const cfn = cloudFormationClient(endpointOf(values.endpoint, io.env), io.env);
  try {
    const stack = await describe(cfn, stackName);
    if (!stack) {
      io.err(`Stack ${stackName} does not exist`);
      return 0;
    }
    const before = await eventIds(cfn, stack.StackId!);
    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    const { stack: after, events } = await waitForStack(cfn, stack.StackId!, before, io);
    if (after.StackStatus === "DELETE_COMPLETE") {
      io.err(`Stack ${stackName} deleted`);
      return 0;
    }
    io.err(
      `Stack ${stackName} was not deleted: ${after.StackStatus}${after.StackStatusReason ? ` — ${after.StackStatusReason}` : ""}`,
    );
    printFailures(events, io);
    return 1;
  } finally {
    cfn.destroy();
  }
}

/** Runs `deploy` or `destroy`; resolves with the process exit status. */
export async function runDeployCommand(
  command: "deploy" | "destroy",
  argv: string[],
  io: DeployCommandIo,
): Promise<number> {
  try {
    return await (command === "deploy" ? deploy(argv, io) : destroy(argv, io));
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
    io.err(
      `${basename(process.argv[1] ?? "orderflow-engine")} ${command}: ${error instanceof Error ? error.message : String(error)}${cause}`,
    );
    return error instanceof CommandError ? 2 : 1;
  }
}

export const deployMain = (command: "deploy" | "destroy", argv: string[]): Promise<number> =>
  runDeployCommand(command, argv, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    env: process.env,
  });
