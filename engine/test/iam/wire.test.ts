/**
 * IAM on the wire (awsQuery): the XML IAM answers with, its error documents, operations it does not
 * serve, and roles that survive a restart of the engine.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { GetRoleCommand, ListUsersCommand } from "@aws-sdk/client-iam";
import { awsError, startTestEngine, type TestEngine } from "../support/engine.ts";
import { createRole, LAMBDA_TRUST_POLICY } from "./support.ts";

async function query(
  endpoint: string,
  params: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ Version: "2010-05-08", ...params }).toString(),
  });
  return { status: response.status, body: await response.text() };
}

describe("IAM over the query protocol", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  it("answers in IAM's XML namespace with the operation's result element", async () => {
    const { status, body } = await query(t.endpoint, {
      Action: "CreateRole",
      RoleName: "xml-role",
      AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY,
    });

    assert.equal(status, 200);
    assert.match(
      body,
      /<CreateRoleResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><CreateRoleResult><Role>/,
    );
    assert.match(body, /<RoleName>xml-role<\/RoleName>/);
  });

  it("reports errors as an ErrorResponse with the code and a Sender type", async () => {
    const { status, body } = await query(t.endpoint, { Action: "GetRole", RoleName: "missing" });

    assert.equal(status, 404);
    assert.match(
      body,
      /<Error><Type>Sender<\/Type><Code>NoSuchEntity<\/Code><Message>The role with name missing cannot be found\.<\/Message>/,
    );
  });

  it("reports a missing required parameter as a ValidationError", async () => {
    const { status, body } = await query(t.endpoint, { Action: "GetRole" });

    assert.equal(status, 400);
    assert.match(
      body,
      /<Code>ValidationError<\/Code><Message>1 validation error detected: Value null at &apos;roleName&apos;/,
    );
  });

  it("answers an operation of IAM's API the engine does not serve with NotImplemented", async () => {
    const error = await awsError(() => t.iam.send(new ListUsersCommand({})));

    assert.equal(error.$metadata?.httpStatusCode, 501);
    assert.match(error.message, /does not implement IAM's ListUsers/);
  });
});

describe("IAM durability", () => {
  it("keeps roles across a restart of the engine", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "orderflow-iam-"));
    try {
      const first = await startTestEngine({ dataDir });
      await createRole(first.iam, { RoleName: "durable" });
      await first.stop();

      const second = await startTestEngine({ dataDir });
      const { Role } = await second.iam.send(new GetRoleCommand({ RoleName: "durable" }));
      await second.stop();

      assert.equal(Role?.RoleName, "durable");
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
