/**
 * Under `--iam`, a function's output reaches CloudWatch Logs only if its role may write it
 * (logs:CreateLogStream, logs:PutLogEvents), as on AWS: `enforce` drops it and says so in the
 * engine's log, `warn` delivers it and says AWS would not.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { AttachRolePolicyCommand, CreateRoleCommand } from "@aws-sdk/client-iam";
import type { IamMode } from "../../src/services/iam/enforcement.ts";
import { createNodeFunction, invokeJson } from "../lambda/support.ts";
import { TEST_CREDENTIALS, TEST_REGION } from "../support/engine.ts";
import { type IamTestEngine, startIamEngine } from "./enforcement-support.ts";
import { BASIC_EXECUTION_ROLE, LAMBDA_TRUST_POLICY } from "./support.ts";

const LOGGING = 'exports.handler = async () => { console.log("order-logged"); return "done"; };';

function suite(mode: IamMode, expectDelivered: boolean) {
  describe(`function logs under --iam ${mode}`, () => {
    let t: IamTestEngine;
    let logs: CloudWatchLogsClient;
    before(async () => {
      t = await startIamEngine(mode);
      logs = new CloudWatchLogsClient({
        endpoint: t.engine.endpoint,
        region: TEST_REGION,
        credentials: TEST_CREDENTIALS,
        maxAttempts: 1,
      });
    });
    after(async () => {
      logs.destroy();
      await t.stop();
    });

    let roles = 0;
    async function role(basicExecution: boolean): Promise<string> {
      const name = `logs-role-${mode}-${++roles}`;
      const { Role } = await t.iam.send(
        new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }),
      );
      if (basicExecution)
        await t.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: BASIC_EXECUTION_ROLE }));
      return Role!.Arn!;
    }
    async function loggedLines(functionName: string): Promise<string[]> {
      try {
        const { events } = await logs.send(
          new FilterLogEventsCommand({
            logGroupName: `/aws/lambda/${functionName}`,
            filterPattern: '"order-logged"',
          }),
        );
        return (events ?? []).map((e) => e.message ?? "");
      } catch (error) {
        if ((error as Error).name === "ResourceNotFoundException") return [];
        throw error;
      }
    }

    it(`${expectDelivered ? "delivers" : "drops"} the output of a function whose role may not write logs, and says so`, async () => {
      const fn = await createNodeFunction(t.lambda, LOGGING, { Role: await role(false) });

      const { body } = await invokeJson(t.lambda, fn.FunctionName);

      assert.equal(body, "done");
      assert.equal((await loggedLines(fn.FunctionName)).length, expectDelivered ? 1 : 0);
      const said = t.warnings.filter((w) => w.includes(`function ${fn.FunctionName}'s role`));
      assert.equal(said.length, 1, t.warnings.join("\n"));
      assert.match(said[0]!, /may not logs:CreateLogStream on \/aws\/lambda\//);
    });

    it("delivers the output of a function whose role has AWSLambdaBasicExecutionRole, silently", async () => {
      const fn = await createNodeFunction(t.lambda, LOGGING, { Role: await role(true) });

      await invokeJson(t.lambda, fn.FunctionName);

      assert.equal((await loggedLines(fn.FunctionName)).length, 1);
      assert.deepEqual(
        t.warnings.filter((w) => w.includes(fn.FunctionName)),
        [],
      );
    });
  });
}

suite("enforce", false);
suite("warn", true);
