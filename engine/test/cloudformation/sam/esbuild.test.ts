/**
 * `Metadata.BuildMethod: esbuild`: TypeScript handlers built as `sam build` builds them, the output
 * directory handed to the Lambda provider, unchanged builds reused, and build errors reported with
 * esbuild's own message.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: TypeScript sources written by the tests hold their own template literals.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { expandSamTemplate, SamBuildError } from "../../../src/services/cloudformation/sam/index.ts";
import { FIXTURES, fixtureCopy, samContext, samTemplate } from "./support.ts";

type LambdaFunction = { Metadata: Record<string, unknown>; Properties: Record<string, unknown> };

const requireFrom = createRequire(import.meta.url);

function greeterTemplate(
  buildProperties: Record<string, unknown> | undefined,
  properties: Record<string, unknown> = {},
) {
  return samTemplate({
    Greeter: {
      Type: "AWS::Serverless::Function",
      Properties: { CodeUri: "./greeter", Handler: "handler.handler", Runtime: "nodejs22.x", ...properties },
      Metadata: { BuildMethod: "esbuild", ...(buildProperties ? { BuildProperties: buildProperties } : {}) },
    },
  });
}

async function build(template: Record<string, unknown>, ctx = samContext()) {
  const output = await expandSamTemplate(template, ctx);
  const fn = (output.Resources as Record<string, LambdaFunction>).Greeter!;
  return { fn, dir: fn.Metadata["orderflow:local-code"] as string, ctx };
}

describe("esbuild builds", () => {
  it("bundles a TypeScript handler and its modules into one CommonJS file named after the entry point", async () => {
    const { dir } = await build(greeterTemplate({ EntryPoints: ["handler.ts"] }));

    assert.deepEqual(readdirSync(dir).sort(), ["handler.js", "package.json"]);
    const built = requireFrom(join(dir, "handler.js")) as { handler(e: unknown): Promise<unknown> };
    assert.deepEqual(await built.handler({ name: "Ada" }), { message: "Hello, Ada!" });
  });

  it("points the function at the build: its Metadata and a placeholder S3 location", async () => {
    const { fn, dir, ctx } = await build(greeterTemplate({ EntryPoints: ["handler.ts"] }));

    assert.ok(dir.startsWith(ctx.buildDir));
    assert.deepEqual(fn.Properties.Code, { S3Bucket: "orderflow-local", S3Key: dir });
    assert.deepEqual(fn.Metadata, {
      BuildMethod: "esbuild",
      BuildProperties: { EntryPoints: ["handler.ts"] },
      "orderflow:local-code": dir,
    });
    assert.equal(fn.Properties.Handler, "handler.handler");
  });

  it("takes the entry point from the Handler when EntryPoints is not given", async () => {
    const { dir } = await build(greeterTemplate(undefined));

    assert.ok(existsSync(join(dir, "handler.js")));
  });

  it("builds an ES module with the extension OutExtension names", async () => {
    const { dir } = await build(
      greeterTemplate({ EntryPoints: ["handler.ts"], Format: "esm", OutExtension: [".js=.mjs"] }),
    );

    const built = (await import(pathToFileURL(join(dir, "handler.mjs")).href)) as {
      handler(e: unknown): Promise<unknown>;
    };
    assert.deepEqual(await built.handler({}), { message: "Hello, world!" });
  });

  it("minifies unless Minify is false", async () => {
    const minified = await build(greeterTemplate({ EntryPoints: ["handler.ts"] }));
    const readable = await build(greeterTemplate({ EntryPoints: ["handler.ts"], Minify: false }));

    assert.ok(!readFileSync(join(minified.dir, "handler.js"), "utf8").includes("greeting"));
    assert.ok(readFileSync(join(readable.dir, "handler.js"), "utf8").includes("greeting"));
  });

  it("puts a Banner at the top of the output", async () => {
    const { dir } = await build(
      greeterTemplate({ EntryPoints: ["handler.ts"], Banner: ["js=// built for the engine"] }),
    );

    assert.ok(readFileSync(join(dir, "handler.js"), "utf8").startsWith("// built for the engine"));
  });

  it("leaves the AWS SDK v3 to the runtime instead of bundling it", async () => {
    const output = await expandSamTemplate(
      samTemplate({
        Writer: {
          Type: "AWS::Serverless::Function",
          Properties: { CodeUri: "./write-buffer/src", Handler: "app.handler", Runtime: "nodejs18.x" },
          Metadata: { BuildMethod: "esbuild", BuildProperties: { EntryPoints: ["app.ts"], Format: "esm" } },
        },
      }),
      samContext(),
    );

    const dir = (output.Resources as Record<string, LambdaFunction>).Writer!.Metadata[
      "orderflow:local-code"
    ] as string;
    const text = readFileSync(join(dir, "app.js"), "utf8");
    assert.match(text, /from\s*"@aws-sdk\/client-dynamodb"/);
    assert.ok(text.length < 4_000, `the SDK was bundled (${text.length} bytes)`);
  });

  it("writes source maps and turns them on with NODE_OPTIONS when Sourcemap is true", async () => {
    const { fn, dir } = await build(
      greeterTemplate(
        { EntryPoints: ["handler.ts"], Sourcemap: true },
        { Environment: { Variables: { STAGE: "dev" } } },
      ),
    );

    assert.ok(existsSync(join(dir, "handler.js.map")));
    assert.deepEqual(fn.Properties.Environment, {
      Variables: { STAGE: "dev", NODE_OPTIONS: "--enable-source-maps" },
    });
  });

  it("runs a function without a BuildMethod from its CodeUri directory as it is", async () => {
    const output = await expandSamTemplate(
      samTemplate({
        Plain: {
          Type: "AWS::Serverless::Function",
          Properties: { CodeUri: "./greeter", Handler: "handler.handler", Runtime: "nodejs22.x" },
        },
      }),
      samContext(),
    );

    const fn = (output.Resources as Record<string, LambdaFunction>).Plain!;
    assert.deepEqual(fn.Properties.Code, { S3Bucket: "orderflow-local", S3Key: join(FIXTURES, "greeter") });
    assert.deepEqual(fn.Metadata, { "orderflow:local-code": join(FIXTURES, "greeter") });
  });
});

describe("esbuild build reuse", () => {
  it("reuses an unchanged build without running esbuild again", async () => {
    const ctx = samContext();
    const first = await build(greeterTemplate({ EntryPoints: ["handler.ts"] }), ctx);
    const recipes = join(ctx.buildDir, "recipes");
    const recipe = join(recipes, readdirSync(recipes)[0]!);
    // A rebuild would rewrite the recipe; a reused build leaves it as it is.
    writeFileSync(
      recipe,
      JSON.stringify({ ...JSON.parse(readFileSync(recipe, "utf8")), marker: "untouched" }),
    );

    const second = await build(greeterTemplate({ EntryPoints: ["handler.ts"] }), ctx);

    assert.equal(second.dir, first.dir);
    assert.equal(JSON.parse(readFileSync(recipe, "utf8")).marker, "untouched");
  });

  it("builds a changed source into a new directory and leaves the old one to the running function", async () => {
    const source = fixtureCopy("greeter");
    const ctx = samContext(join(source, ".."));
    const first = await build(greeterTemplate({ EntryPoints: ["handler.ts"] }), ctx);
    writeFileSync(
      join(source, "greeting.ts"),
      "export const greeting = (name: string): string => `Hi, ${name}.`;\n",
    );

    const second = await build(greeterTemplate({ EntryPoints: ["handler.ts"] }), ctx);

    assert.notEqual(second.dir, first.dir);
    assert.ok(existsSync(join(first.dir, "handler.js")));
    const built = requireFrom(join(second.dir, "handler.js")) as { handler(e: unknown): Promise<unknown> };
    assert.deepEqual(await built.handler({ name: "Ada" }), { message: "Hi, Ada." });
  });
});

describe("esbuild build failures", () => {
  it("fails with esbuild's message, naming the file and the error", async () => {
    const source = fixtureCopy("greeter");
    writeFileSync(
      join(source, "greeting.ts"),
      "export const greeting = (name: string) => `Hello, ${name}`;\nconst = 1;\n",
    );

    await assert.rejects(
      build(greeterTemplate({ EntryPoints: ["handler.ts"] }), samContext(join(source, ".."))),
      (error: unknown) => {
        assert.ok(error instanceof SamBuildError);
        assert.match(
          error.message,
          /^Build Failed for Greeter\. Error: NodejsNpmEsbuildBuilder:EsbuildBundle - /,
        );
        assert.match(error.message, /\[ERROR\] Expected identifier but found "="/);
        assert.match(error.message, /greeting\.ts:2:6/);
        return true;
      },
    );
  });

  it("fails when an entry point does not exist", async () => {
    await assert.rejects(build(greeterTemplate({ EntryPoints: ["missing.ts"] })), {
      name: "SamBuildError",
      message: `Build Failed for Greeter. Error: NodejsNpmEsbuildBuilder:EsbuildBundle - entry point ${join(FIXTURES, "greeter", "missing.ts")} does not exist`,
    });
  });

  it("fails when an import cannot be resolved", async () => {
    const source = fixtureCopy("greeter");
    writeFileSync(
      join(source, "greeting.ts"),
      'import "left-pad-that-is-not-installed";\nexport const greeting = (n: string) => n;\n',
    );

    await assert.rejects(
      build(greeterTemplate({ EntryPoints: ["handler.ts"] }), samContext(join(source, ".."))),
      {
        name: "SamBuildError",
        message: /Could not resolve "left-pad-that-is-not-installed"/,
      },
    );
  });
});
