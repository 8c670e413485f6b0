/** Roles through the AWS SDK: lifecycle, names, listing, trust policies, tags and IAM's errors. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  GetRoleCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from "@aws-sdk/client-iam";
import { awsError, startTestEngine, type TestEngine } from "../support/engine.ts";
import {
  BASIC_EXECUTION_ROLE,
  createRole,
  decodeDocument,
  identityPolicy,
  LAMBDA_TRUST_POLICY,
} from "./support.ts";

describe("IAM roles", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  it("creates a role with an id, an ARN built from its path and the trust policy it was given", async () => {
    const role = await createRole(t.iam, { RoleName: "order-writer", Path: "/service/" });

    assert.equal(role.Arn, "arn:aws:iam::000000000000:role/service/order-writer");
    assert.match(role.RoleId ?? "", /^AROA[A-Z2-7]{17}$/);
    assert.deepEqual(decodeDocument(role.AssumeRolePolicyDocument), JSON.parse(LAMBDA_TRUST_POLICY));
    assert.ok(role.CreateDate instanceof Date);
  });

  it("gets a role by its name in any case, with the default session duration", async () => {
    await createRole(t.iam, { RoleName: "Case-Role" });

    const { Role } = await t.iam.send(new GetRoleCommand({ RoleName: "case-role" }));

    assert.equal(Role?.RoleName, "Case-Role");
    assert.equal(Role?.MaxSessionDuration, 3600);
    assert.deepEqual(Role?.RoleLastUsed, {});
  });

  it("refuses a second role of the same name whatever its case", async () => {
    await createRole(t.iam, { RoleName: "twice" });

    const error = await awsError(() => createRole(t.iam, { RoleName: "TWICE" }));

    assert.equal(error.name, "EntityAlreadyExistsException");
    assert.equal(error.message, "Role with name TWICE already exists.");
    assert.equal(error.$metadata?.httpStatusCode, 409);
  });

  it("answers NoSuchEntity for a role that does not exist", async () => {
    const error = await awsError(() => t.iam.send(new GetRoleCommand({ RoleName: "nobody" })));

    assert.equal(error.name, "NoSuchEntityException");
    assert.equal(error.message, "The role with name nobody cannot be found.");
    assert.equal(error.$metadata?.httpStatusCode, 404);
  });

  it("lists roles under a path prefix, a page at a time", async () => {
    for (const name of ["list-a", "list-b", "list-c"])
      await createRole(t.iam, { RoleName: name, Path: "/listing/" });

    const first = await t.iam.send(new ListRolesCommand({ PathPrefix: "/listing/", MaxItems: 2 }));
    const second = await t.iam.send(new ListRolesCommand({ PathPrefix: "/listing/", Marker: first.Marker }));

    assert.deepEqual(
      first.Roles?.map((r) => r.RoleName),
      ["list-a", "list-b"],
    );
    assert.equal(first.IsTruncated, true);
    assert.deepEqual(
      second.Roles?.map((r) => r.RoleName),
      ["list-c"],
    );
    assert.equal(second.IsTruncated, false);
  });

  it("deletes a role", async () => {
    await createRole(t.iam, { RoleName: "short-lived" });

    await t.iam.send(new DeleteRoleCommand({ RoleName: "short-lived" }));

    const error = await awsError(() => t.iam.send(new GetRoleCommand({ RoleName: "short-lived" })));
    assert.equal(error.name, "NoSuchEntityException");
  });

  it("refuses to delete a role with an attached managed policy", async () => {
    await createRole(t.iam, { RoleName: "attached" });
    await t.iam.send(new AttachRolePolicyCommand({ RoleName: "attached", PolicyArn: BASIC_EXECUTION_ROLE }));

    const error = await awsError(() => t.iam.send(new DeleteRoleCommand({ RoleName: "attached" })));

    assert.equal(error.name, "DeleteConflictException");
    assert.equal(error.message, "Cannot delete entity, must detach all policies first.");
    assert.equal(error.$metadata?.httpStatusCode, 409);
  });

  it("refuses to delete a role with an inline policy", async () => {
    await createRole(t.iam, { RoleName: "inline" });
    await t.iam.send(
      new PutRolePolicyCommand({ RoleName: "inline", PolicyName: "send", PolicyDocument: identityPolicy() }),
    );

    const error = await awsError(() => t.iam.send(new DeleteRoleCommand({ RoleName: "inline" })));

    assert.equal(error.name, "DeleteConflictException");
    assert.equal(error.message, "Cannot delete entity, must delete policies first.");
  });

  it("replaces the trust policy", async () => {
    await createRole(t.iam, { RoleName: "trusting" });
    const ec2Trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });

    await t.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: "trusting", PolicyDocument: ec2Trust }));

    const { Role } = await t.iam.send(new GetRoleCommand({ RoleName: "trusting" }));
    assert.deepEqual(decodeDocument(Role?.AssumeRolePolicyDocument), JSON.parse(ec2Trust));
  });

  it("refuses a trust policy that is not JSON", async () => {
    const error = await awsError(() =>
      t.iam.send(new CreateRoleCommand({ RoleName: "bad-json", AssumeRolePolicyDocument: "{not json" })),
    );

    assert.equal(error.name, "MalformedPolicyDocumentException");
    assert.equal(error.message, "This policy contains invalid Json");
    assert.equal(error.$metadata?.httpStatusCode, 400);
  });

  it("refuses a trust policy naming a Resource", async () => {
    const withResource = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
          Resource: "*",
        },
      ],
    });

    const error = await awsError(() =>
      t.iam.send(new CreateRoleCommand({ RoleName: "bad-trust", AssumeRolePolicyDocument: withResource })),
    );

    assert.equal(error.name, "MalformedPolicyDocumentException");
    assert.equal(error.message, "Has prohibited field Resource");
  });

  it("updates the description and session duration", async () => {
    await createRole(t.iam, { RoleName: "described" });

    await t.iam.send(
      new UpdateRoleCommand({
        RoleName: "described",
        Description: "writes orders",
        MaxSessionDuration: 7200,
      }),
    );

    const { Role } = await t.iam.send(new GetRoleCommand({ RoleName: "described" }));
    assert.equal(Role?.Description, "writes orders");
    assert.equal(Role?.MaxSessionDuration, 7200);
  });

  it("tags and untags a role, overwriting a key's value", async () => {
    await createRole(t.iam, { RoleName: "tagged" });

    await t.iam.send(
      new TagRoleCommand({
        RoleName: "tagged",
        Tags: [
          { Key: "team", Value: "a" },
          { Key: "env", Value: "dev" },
        ],
      }),
    );
    await t.iam.send(new TagRoleCommand({ RoleName: "tagged", Tags: [{ Key: "team", Value: "b" }] }));
    await t.iam.send(new UntagRoleCommand({ RoleName: "tagged", TagKeys: ["env"] }));

    const { Tags } = await t.iam.send(new ListRoleTagsCommand({ RoleName: "tagged" }));
    assert.deepEqual(Tags, [{ Key: "team", Value: "b" }]);
  });

  it("refuses tag keys that differ only in case", async () => {
    await createRole(t.iam, { RoleName: "dup-tags" });

    const error = await awsError(() =>
      t.iam.send(
        new TagRoleCommand({
          RoleName: "dup-tags",
          Tags: [
            { Key: "a", Value: "1" },
            { Key: "A", Value: "2" },
          ],
        }),
      ),
    );

    assert.equal(error.name, "InvalidInputException");
    assert.equal(error.message, "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
  });

  it("answers a name outside the model's pattern with IAM's ValidationError", async () => {
    const error = await awsError(() => t.iam.send(new GetRoleCommand({ RoleName: "has space" })));

    assert.equal(error.name, "ValidationError");
    assert.equal(
      error.message,
      "1 validation error detected: Value at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  });
});
