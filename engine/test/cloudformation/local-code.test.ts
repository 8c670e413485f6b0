/**
 * Local code and template files are read only from the directories the user allowed (the code
 * roots): relative paths resolve against the template's directory, a path outside every root is
 * refused with a message that says how to allow it, and a symbolic link cannot lead outside.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { CreateStackCommand } from "@aws-sdk/client-cloudformation";
import { resolveLocalPath } from "../../src/services/cloudformation/local-code.ts";
import { awsError } from "../support/engine.ts";
import { type CfnHarness, json, QUEUE, settled, startCfn, uniqueStackName } from "./support.ts";

describe("CloudFormation local code", () => {
  let root: string;
  let outside: string;
  before(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), "orderflow-root-")));
    outside = realpathSync(mkdtempSync(join(tmpdir(), "orderflow-outside-")));
    mkdirSync(join(root, "app", "src"), { recursive: true });
    symlinkSync(outside, join(root, "escape"));
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it("resolves a relative path against the template's directory", () => {
    assert.equal(resolveLocalPath([root], join(root, "app"), "src"), join(root, "app", "src"));
  });

  it("refuses a path outside every code root, saying how to allow it", () => {
    assert.throws(() => resolveLocalPath([root], undefined, outside), {
      name: "LocalCodeError",
      message: `Local code path ${outside} (${outside}) is outside the directories the engine may read code from (${root}); start the engine with --code-root <dir> to allow it`,
    });
  });

  it("refuses a symbolic link that leads outside the roots", () => {
    assert.throws(() => resolveLocalPath([root], root, "escape"), /is outside the directories/);
  });

  it("refuses a relative path that climbs out of the root", () => {
    assert.throws(() => resolveLocalPath([root], join(root, "app"), "../.."), /is outside the directories/);
  });

  it("refuses a path that does not exist", () => {
    assert.throws(() => resolveLocalPath([root], root, "missing"), /Local code path missing does not exist/);
  });

  describe("template files", () => {
    let h: CfnHarness;
    before(async () => {
      h = await startCfn({ codeRoots: [root] });
    });
    after(() => h.stop());

    it("deploys a file:// template inside the code roots", async () => {
      const path = join(root, "app", "template.json");
      writeFileSync(path, json({ Resources: { Q: { Type: QUEUE } } }));
      const name = uniqueStackName("file");

      await h.cfn.send(new CreateStackCommand({ StackName: name, TemplateURL: pathToFileURL(path).href }));

      assert.equal((await settled(h.cfn, name)).StackStatus, "CREATE_COMPLETE");
    });

    it("refuses a file:// template outside the code roots", async () => {
      const path = join(outside, "template.json");
      writeFileSync(path, json({ Resources: { Q: { Type: QUEUE } } }));

      const error = await awsError(() =>
        h.cfn.send(
          new CreateStackCommand({
            StackName: uniqueStackName("file"),
            TemplateURL: pathToFileURL(path).href,
          }),
        ),
      );

      assert.equal(error.name, "ValidationError");
      assert.match(
        error.message,
        /^Template file .* is outside the directories the engine may read code from/,
      );
    });

    it("refuses a TemplateURL the engine cannot read", async () => {
      const error = await awsError(() =>
        h.cfn.send(
          new CreateStackCommand({
            StackName: uniqueStackName("file"),
            TemplateURL: "https://bucket.s3.amazonaws.com/template.json",
          }),
        ),
      );

      assert.match(error.message, /^TemplateURL must be a supported URL\./);
    });
  });
});
