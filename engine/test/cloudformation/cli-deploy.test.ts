/**
 * `orderflow-engine deploy` and `destroy`: a template file or a cdk.out directory deployed through
 * the CloudFormation API of a running engine, outputs printed as `Key = Value`, failures reported
 * with their events and exit status 1.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub patterns, not JavaScript templates.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { runDeployCommand } from "../../src/cli-deploy.ts";
import { ENGINE_DIR } from "../support/engine-process.ts";
import { type CfnHarness, json, QUEUE, settled, startCfn, uniqueStackName } from "./support.ts";

const run = promisify(execFile);

interface Captured {
  exit: number;
  out: string[];
  err: string[];
}

describe("orderflow-engine deploy and destroy", () => {
  let h: CfnHarness;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "orderflow-deploy-"));
    h = await startCfn({ codeRoots: [dir] });
  });
  after(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(command: "deploy" | "destroy", ...args: string[]): Promise<Captured> {
    const out: string[] = [];
    const err: string[] = [];
    const exit = await runDeployCommand(command, [...args, "--endpoint", h.endpoint], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: "us-east-1" },
    });
    return { exit, out, err };
  }

  function templateFile(name: string, template: Record<string, unknown>): string {
    const path = join(dir, name);
    writeFileSync(path, json(template));
    return path;
  }

  /** A cdk.out directory as `cdk synth` writes it, with CDK's bootstrap check and an asset. */
  function cdkOut(stacks: Record<string, Record<string, unknown>>): string {
    const out = mkdtempSync(join(dir, "cdk.out-"));
    const artifacts: Record<string, unknown> = {
      Tree: { type: "cdk:tree", properties: { file: "tree.json" } },
    };
    for (const [id, template] of Object.entries(stacks)) {
      writeFileSync(join(out, `${id}.template.json`), json(template));
      artifacts[id] = {
        type: "aws:cloudformation:stack",
        environment: "aws://unknown-account/unknown-region",
        properties: { templateFile: `${id}.template.json` },
      };
    }
    writeFileSync(join(out, "manifest.json"), JSON.stringify({ version: "36.0.0", artifacts }));
    mkdirSync(join(out, "asset.abc123"));
    return out;
  }

  const cdkTemplate = {
    Parameters: {
      BootstrapVersion: {
        Type: "AWS::SSM::Parameter::Value<String>",
        Default: "/cdk-bootstrap/hnb659fds/version",
        Description: "Version of the CDK Bootstrap resources in this environment",
      },
    },
    Rules: {
      CheckBootstrapVersion: {
        Assertions: [
          { Assert: { "Fn::Not": [{ "Fn::Contains": [["1", "2"], { Ref: "BootstrapVersion" }] }] } },
        ],
      },
    },
    Resources: {
      Handler: {
        Type: QUEUE,
        Properties: { Name: { "Fn::Sub": "${AWS::StackName}-handler" } },
        Metadata: { "aws:cdk:path": "OrdersStack/Handler/Resource", "aws:asset:path": "asset.abc123" },
      },
    },
    Outputs: { HandlerName: { Value: { Ref: "Handler" } } },
  };

  it("deploys a template file and prints its outputs", async () => {
    const name = uniqueStackName("deploy");
    const file = templateFile(`${name}.json`, {
      Parameters: { Size: { Type: "Number" } },
      Resources: {
        Queue: {
          Type: QUEUE,
          Properties: { Name: { "Fn::Sub": "${AWS::StackName}-q" }, Size: { Ref: "Size" } },
        },
      },
      Outputs: { Queue: { Value: { Ref: "Queue" } }, Size: { Value: { Ref: "Size" } } },
    });

    const result = await cli("deploy", file, "--stack-name", name, "--parameter", "Size=4");

    assert.equal(result.exit, 0, result.err.join("\n"));
    assert.deepEqual(result.out, [`Queue = ${name}-q`, "Size = 4"]);
    assert.equal((await settled(h.cfn, name)).StackStatus, "CREATE_COMPLETE");
  });

  it("updates with a change set, keeping parameters not given again", async () => {
    // Prepare
    const name = uniqueStackName("deploy");
    const template = {
      Parameters: { Size: { Type: "Number" }, Label: { Type: "String", Default: "a" } },
      Resources: { Queue: { Type: QUEUE, Properties: { Size: { Ref: "Size" }, Label: { Ref: "Label" } } } },
      Outputs: { Size: { Value: { Ref: "Size" } }, Label: { Value: { Ref: "Label" } } },
    };
    const file = templateFile(`${name}.json`, template);
    await cli("deploy", file, "--stack-name", name, "--parameter", "Size=1");

    // Act
    const result = await cli("deploy", file, "--stack-name", name, "--parameter", "Label=b");

    // Assess
    assert.equal(result.exit, 0, result.err.join("\n"));
    assert.deepEqual(result.out, ["Size = 1", "Label = b"]);
    assert.equal((await settled(h.cfn, name)).StackStatus, "UPDATE_COMPLETE");
  });

  it("says there is nothing to deploy, and prints the outputs anyway", async () => {
    const name = uniqueStackName("deploy");
    const file = templateFile(`${name}.json`, {
      Resources: { Queue: { Type: QUEUE } },
      Outputs: { Fixed: { Value: "same" } },
    });
    await cli("deploy", file, "--stack-name", name);

    const result = await cli("deploy", file, "--stack-name", name);

    assert.equal(result.exit, 0);
    assert.ok(
      result.err.includes(`No changes to deploy. Stack ${name} is up to date`),
      result.err.join("\n"),
    );
    assert.deepEqual(result.out, ["Fixed = same"]);
  });

  it("deploys a cdk.out stack with its asset paths made absolute and the bootstrap check dropped", async () => {
    // Prepare
    const out = cdkOut({ OrdersStack: cdkTemplate });
    const start = h.cloud.calls.length;

    // Act
    const result = await cli("deploy", out);

    // Assess
    assert.equal(result.exit, 0, result.err.join("\n"));
    assert.deepEqual(result.out, ["HandlerName = OrdersStack-handler"]);
    const created = h.cloud.calls.slice(start).find((c) => c.logicalId === "Handler")!;
    assert.equal(created.metadata?.["aws:asset:path"], join(out, "asset.abc123"));
    const stack = await settled(h.cfn, "OrdersStack");
    assert.equal(stack.Parameters, undefined);
  });

  it("asks which stack to deploy when cdk.out holds several", async () => {
    const out = cdkOut({ One: cdkTemplate, Two: cdkTemplate });

    const result = await cli("deploy", out);

    assert.equal(result.exit, 2);
    assert.match(result.err.join("\n"), /has 2 stacks \(One, Two\); choose one with --stack-name/);
  });

  it("reports a failed deployment with its failed events", async () => {
    const name = uniqueStackName("deploy");
    const file = templateFile(`${name}.json`, {
      Resources: { Queue: { Type: QUEUE, Properties: { Fail: "The queue name is taken" } } },
    });

    const result = await cli("deploy", file, "--stack-name", name);

    assert.equal(result.exit, 1);
    assert.ok(result.err.includes(`  Queue (${QUEUE}): The queue name is taken`), result.err.join("\n"));
    assert.deepEqual(result.out, []);
  });

  it("deletes a stack that failed to create before deploying it again", async () => {
    const name = uniqueStackName("deploy");
    const broken = templateFile(`${name}-broken.json`, {
      Resources: { Queue: { Type: QUEUE, Properties: { Fail: "no" } } },
    });
    const fixed = templateFile(`${name}-fixed.json`, { Resources: { Queue: { Type: QUEUE } } });
    await cli("deploy", broken, "--stack-name", name);

    const result = await cli("deploy", fixed, "--stack-name", name);

    assert.equal(result.exit, 0, result.err.join("\n"));
    assert.equal((await settled(h.cfn, name)).StackStatus, "CREATE_COMPLETE");
  });

  it("destroys a stack", async () => {
    const name = uniqueStackName("deploy");
    const file = templateFile(`${name}.json`, { Resources: { Queue: { Type: QUEUE } } });
    await cli("deploy", file, "--stack-name", name);

    const result = await cli("destroy", name);
    const again = await cli("destroy", name);

    assert.equal(result.exit, 0, result.err.join("\n"));
    assert.ok(result.err.includes(`Stack ${name} deleted`));
    assert.equal(again.exit, 0);
    assert.ok(again.err.includes(`Stack ${name} does not exist`));
  });

  it("runs as a command of orderflow-engine", async () => {
    const name = uniqueStackName("deploy");
    const file = templateFile(`${name}.json`, {
      Resources: { Queue: { Type: QUEUE } },
      Outputs: { Answer: { Value: "42" } },
    });

    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", "deploy", file, "--stack-name", name, "--endpoint", h.endpoint],
      { cwd: ENGINE_DIR, env: { ...process.env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" } },
    );

    assert.equal(stdout, "Answer = 42\n");
  });
});
