/**
 * The stack as `cdk synth` builds it: the app's cdk.json context (its feature flags) and the CLI's, a cloud
 * assembly in a temporary directory, the function bundled by esbuild.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { OrderflowStack } from "../../infra/stack.ts";

const CDK_JSON = new URL("../../cdk.json", import.meta.url);
/**
 * What the CDK CLI adds to the context of every synth: resource paths and asset locations in each
 * resource's Metadata (cfn-lint recognises a CDK template by them), and the AWS::CDK::Metadata
 * resource.
 */
const CLI_CONTEXT = {
  "aws:cdk:enable-path-metadata": true,
  "aws:cdk:enable-asset-metadata": true,
  "aws:cdk:version-reporting": true,
};

interface FunctionResource {
  Properties: { Code: { S3Key?: string } };
}

interface FileAsset {
  source: { path: string };
  destinations: Record<string, { objectKey: string }>;
}

export interface SynthesizedStack {
  template: Template;
  /** The synthesized template file, as `cdk synth` writes it. */
  templatePath: string;
  /** The directory holding a function's bundled code, found as CDK's asset manifest places it. */
  codeDirOf(functionLogicalId: string): string;
  dispose(): void;
}

export function synthesizeStack(): SynthesizedStack {
  const { context } = JSON.parse(readFileSync(CDK_JSON, "utf8")) as { context: Record<string, unknown> };
  const outdir = mkdtempSync(join(tmpdir(), "orderflow-cdk-"));
  const app = new App({ context: { ...context, ...CLI_CONTEXT }, outdir });
  const stack = new OrderflowStack(app, "Orderflow");
  const assembly = app.synth();
  const templatePath = join(assembly.directory, assembly.getStackByName(stack.stackName).templateFile);
  return {
    template: Template.fromStack(stack),
    templatePath,
    codeDirOf(functionLogicalId) {
      const resources = JSON.parse(readFileSync(templatePath, "utf8")).Resources as Record<
        string,
        FunctionResource
      >;
      const key = resources[functionLogicalId]?.Properties.Code.S3Key;
      const manifest = JSON.parse(
        readFileSync(join(assembly.directory, `${stack.stackName}.assets.json`), "utf8"),
      );
      const asset = Object.values(manifest.files as Record<string, FileAsset>).find((file) =>
        Object.values(file.destinations).some((destination) => destination.objectKey === key),
      );
      if (!asset) throw new Error(`no asset holds the code of ${functionLogicalId}`);
      return join(assembly.directory, asset.source.path);
    },
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
