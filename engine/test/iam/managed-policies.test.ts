/** Managed policies and their versions through the AWS SDK, and the AWS managed catalogue. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
} from "@aws-sdk/client-iam";
import { awsError, startTestEngine, type TestEngine } from "../support/engine.ts";
import { BASIC_EXECUTION_ROLE, createRole, decodeDocument, identityPolicy } from "./support.ts";

describe("IAM managed policies", () => {
  let t: TestEngine;
  let policies = 0;
  const createPolicy = async (document = identityPolicy()) => {
    const { Policy } = await t.iam.send(
      new CreatePolicyCommand({ PolicyName: `policy-${++policies}`, PolicyDocument: document }),
    );
    return Policy!;
  };

  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  it("creates a policy at version v1, attachable and attached nowhere", async () => {
    const policy = await createPolicy();

    assert.equal(policy.Arn, `arn:aws:iam::000000000000:policy/${policy.PolicyName}`);
    assert.match(policy.PolicyId ?? "", /^ANPA[A-Z2-7]{17}$/);
    assert.equal(policy.DefaultVersionId, "v1");
    assert.equal(policy.AttachmentCount, 0);
    assert.equal(policy.IsAttachable, true);
  });

  it("refuses a second policy of the same name", async () => {
    const policy = await createPolicy();

    const error = await awsError(() =>
      t.iam.send(
        new CreatePolicyCommand({ PolicyName: policy.PolicyName, PolicyDocument: identityPolicy() }),
      ),
    );

    assert.equal(error.name, "EntityAlreadyExistsException");
    assert.equal(
      error.message,
      `A policy called ${policy.PolicyName} already exists. Duplicate names are not allowed.`,
    );
  });

  it("counts the roles a policy is attached to", async () => {
    const policy = await createPolicy();
    const role = await createRole(t.iam);
    await t.iam.send(new AttachRolePolicyCommand({ RoleName: role.RoleName, PolicyArn: policy.Arn }));

    const { Policy } = await t.iam.send(new GetPolicyCommand({ PolicyArn: policy.Arn }));

    assert.equal(Policy?.AttachmentCount, 1);
  });

  it("makes a new version the default when asked, keeping the old one", async () => {
    const policy = await createPolicy(identityPolicy("sqs:A"));

    const { PolicyVersion } = await t.iam.send(
      new CreatePolicyVersionCommand({
        PolicyArn: policy.Arn,
        PolicyDocument: identityPolicy("sqs:B"),
        SetAsDefault: true,
      }),
    );

    const current = await t.iam.send(new GetPolicyCommand({ PolicyArn: policy.Arn }));
    const v1 = await t.iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: "v1" }));
    assert.equal(PolicyVersion?.VersionId, "v2");
    assert.equal(current.Policy?.DefaultVersionId, "v2");
    assert.equal(v1.PolicyVersion?.IsDefaultVersion, false);
    assert.deepEqual(decodeDocument(v1.PolicyVersion?.Document), JSON.parse(identityPolicy("sqs:A")));
  });

  it("keeps at most five versions", async () => {
    const policy = await createPolicy();
    for (let i = 0; i < 4; i++) {
      await t.iam.send(
        new CreatePolicyVersionCommand({
          PolicyArn: policy.Arn,
          PolicyDocument: identityPolicy(`sqs:V${i}`),
        }),
      );
    }

    const error = await awsError(() =>
      t.iam.send(
        new CreatePolicyVersionCommand({ PolicyArn: policy.Arn, PolicyDocument: identityPolicy("sqs:Z") }),
      ),
    );

    assert.equal(error.name, "LimitExceededException");
    assert.equal(
      error.message,
      "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
    );
  });

  it("refuses to delete the default version", async () => {
    const policy = await createPolicy();

    const error = await awsError(() =>
      t.iam.send(new DeletePolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: "v1" })),
    );

    assert.equal(error.name, "DeleteConflictException");
  });

  it("lists a policy's versions, newest first", async () => {
    const policy = await createPolicy();
    await t.iam.send(
      new CreatePolicyVersionCommand({ PolicyArn: policy.Arn, PolicyDocument: identityPolicy("sqs:X") }),
    );

    const { Versions } = await t.iam.send(new ListPolicyVersionsCommand({ PolicyArn: policy.Arn }));

    assert.deepEqual(
      Versions?.map((v) => [v.VersionId, v.IsDefaultVersion]),
      [
        ["v2", false],
        ["v1", true],
      ],
    );
  });

  it("refuses to delete a policy attached to a role", async () => {
    const policy = await createPolicy();
    const role = await createRole(t.iam);
    await t.iam.send(new AttachRolePolicyCommand({ RoleName: role.RoleName, PolicyArn: policy.Arn }));

    const error = await awsError(() => t.iam.send(new DeletePolicyCommand({ PolicyArn: policy.Arn })));

    assert.equal(error.name, "DeleteConflictException");
    assert.equal(error.message, "Cannot delete a policy attached to entities.");
  });

  it("deletes a policy, after which it is not found", async () => {
    const policy = await createPolicy();

    await t.iam.send(new DeletePolicyCommand({ PolicyArn: policy.Arn }));

    const error = await awsError(() => t.iam.send(new GetPolicyCommand({ PolicyArn: policy.Arn })));
    assert.equal(error.name, "NoSuchEntityException");
    assert.equal(error.message, `Policy ${policy.Arn} was not found.`);
  });

  it("serves AWSLambdaBasicExecutionRole's document from the AWS managed catalogue", async () => {
    const { Policy } = await t.iam.send(new GetPolicyCommand({ PolicyArn: BASIC_EXECUTION_ROLE }));
    const { PolicyVersion } = await t.iam.send(
      new GetPolicyVersionCommand({ PolicyArn: BASIC_EXECUTION_ROLE, VersionId: Policy?.DefaultVersionId }),
    );

    assert.equal(Policy?.Path, "/service-role/");
    assert.deepEqual(decodeDocument(PolicyVersion?.Document), {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: "*",
        },
      ],
    });
  });

  it("lists only the account's own policies with Scope Local", async () => {
    const policy = await createPolicy();

    const { Policies } = await t.iam.send(new ListPoliciesCommand({ Scope: "Local", MaxItems: 1000 }));

    const arns = Policies?.map((p) => p.Arn) ?? [];
    assert.ok(arns.includes(policy.Arn));
    assert.ok(arns.every((arn) => !arn?.startsWith("arn:aws:iam::aws:")));
  });

  it("lists the AWS managed policies with Scope AWS", async () => {
    const { Policies } = await t.iam.send(new ListPoliciesCommand({ Scope: "AWS" }));

    const names = Policies?.map((p) => p.PolicyName) ?? [];
    assert.ok(names.includes("AWSLambdaSQSQueueExecutionRole"));
    assert.ok(names.includes("AWSLambdaDynamoDBExecutionRole"));
  });

  it("refuses a new version of an AWS managed policy", async () => {
    const error = await awsError(() =>
      t.iam.send(
        new CreatePolicyVersionCommand({ PolicyArn: BASIC_EXECUTION_ROLE, PolicyDocument: identityPolicy() }),
      ),
    );

    assert.equal(error.$metadata?.httpStatusCode, 400);
  });
});
