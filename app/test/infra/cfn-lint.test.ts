/**
 * cfn-lint (AWS's CloudFormation linter) finds nothing in the synthesized template. The machine's
 * cfn-lint is used; without it the test skips locally and fails in CI (CI=true), which must run it.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { type SynthesizedStack, synthesizeStack } from "../support/synth.ts";

const run = promisify(execFile);
const IN_CI = process.env.CI === "true";

async function missingCfnLint(): Promise<string | undefined> {
  try {
    await run("cfn-lint", ["--version"]);
    return undefined;
  } catch {
    return "cfn-lint is not installed (pip install cfn-lint)";
  }
}

describe("cfn-lint", () => {
  let synthesized: SynthesizedStack;
  before(() => {
    synthesized = synthesizeStack();
  });
  after(() => synthesized.dispose());

  it("reports no error, warning or informational finding in the synthesized template", async (t) => {
    const missing = await missingCfnLint();
    if (missing) {
      if (IN_CI) throw new Error(`${missing}; CI must run this test`);
      t.skip(missing);
      return;
    }

    // Exit status: a bit per finding level (2 error, 4 warning, 8 informational); 0 is clean.
    const outcome = await run("cfn-lint", ["--include-checks", "I", "--", synthesized.templatePath]).then(
      () => ({ code: 0, output: "" }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        output: error.stdout + error.stderr,
      }),
    );

    assert.deepEqual(outcome, { code: 0, output: "" });
  });
});
