/** A role's inline policies and managed-policy attachments, through the AWS SDK. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { awsError, startTestEngine, type TestEngine } from "../support/engine.ts";
import { BASIC_EXECUTION_ROLE, createRole, decodeDocument, identityPolicy } from "./support.ts";

describe("IAM role policies", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  it("stores an inline policy and returns its document URL-encoded", async () => {
    const role = await createRole(t.iam);
    const document = identityPolicy(
      "dynamodb:PutItem",
      "arn:aws:dynamodb:us-east-1:000000000000:table/orders",
    );

    await t.iam.send(
      new PutRolePolicyCommand({ RoleName: role.RoleName, PolicyName: "write", PolicyDocument: document }),
    );

    const policy = await t.iam.send(
      new GetRolePolicyCommand({ RoleName: role.RoleName, PolicyName: "write" }),
    );
    assert.equal(policy.PolicyDocument, encodeURIComponent(document));
    assert.deepEqual(decodeDocument(policy.PolicyDocument), JSON.parse(document));
  });

  it("replaces an inline policy put again under the same name", async () => {
    const role = await createRole(t.iam);
    await t.iam.send(
      new PutRolePolicyCommand({
        RoleName: role.RoleName,
        PolicyName: "p",
        PolicyDocument: identityPolicy("sqs:A"),
      }),
    );

    await t.iam.send(
      new PutRolePolicyCommand({
        RoleName: role.RoleName,
        PolicyName: "p",
        PolicyDocument: identityPolicy("sqs:B"),
      }),
    );

    const { PolicyNames } = await t.iam.send(new ListRolePoliciesCommand({ RoleName: role.RoleName }));
    const policy = await t.iam.send(new GetRolePolicyCommand({ RoleName: role.RoleName, PolicyName: "p" }));
    assert.deepEqual(PolicyNames, ["p"]);
    assert.deepEqual(decodeDocument(policy.PolicyDocument), JSON.parse(identityPolicy("sqs:B")));
  });

  it("deletes an inline policy, after which it cannot be found", async () => {
    const role = await createRole(t.iam);
    await t.iam.send(
      new PutRolePolicyCommand({
        RoleName: role.RoleName,
        PolicyName: "gone",
        PolicyDocument: identityPolicy(),
      }),
    );

    await t.iam.send(new DeleteRolePolicyCommand({ RoleName: role.RoleName, PolicyName: "gone" }));

    const error = await awsError(() =>
      t.iam.send(new GetRolePolicyCommand({ RoleName: role.RoleName, PolicyName: "gone" })),
    );
    assert.equal(error.name, "NoSuchEntityException");
    assert.equal(error.message, "The role policy with name gone cannot be found.");
  });

  it("refuses an identity policy that names a principal", async () => {
    const role = await createRole(t.iam);
    const withPrincipal = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:*", Resource: "*" }],
    });

    const error = await awsError(() =>
      t.iam.send(
        new PutRolePolicyCommand({ RoleName: role.RoleName, PolicyName: "p", PolicyDocument: withPrincipal }),
      ),
    );

    assert.equal(error.name, "MalformedPolicyDocumentException");
    assert.equal(error.message, "Policy document should not specify a principal.");
  });

  it("refuses an identity policy without resources", async () => {
    const role = await createRole(t.iam);
    const noResource = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "sqs:*" }],
    });

    const error = await awsError(() =>
      t.iam.send(
        new PutRolePolicyCommand({ RoleName: role.RoleName, PolicyName: "p", PolicyDocument: noResource }),
      ),
    );

    assert.equal(error.message, "Policy statement must contain resources.");
  });

  it("refuses inline policies larger than 10,240 characters in all", async () => {
    const role = await createRole(t.iam);
    const big = identityPolicy("sqs:SendMessage", `arn:aws:sqs:us-east-1:000000000000:${"q".repeat(10_300)}`);

    const error = await awsError(() =>
      t.iam.send(
        new PutRolePolicyCommand({ RoleName: role.RoleName, PolicyName: "big", PolicyDocument: big }),
      ),
    );

    assert.equal(error.name, "LimitExceededException");
  });

  it("attaches an AWS managed policy and lists it", async () => {
    const role = await createRole(t.iam);

    await t.iam.send(
      new AttachRolePolicyCommand({ RoleName: role.RoleName, PolicyArn: BASIC_EXECUTION_ROLE }),
    );

    const { AttachedPolicies } = await t.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: role.RoleName }),
    );
    assert.deepEqual(AttachedPolicies, [
      { PolicyName: "AWSLambdaBasicExecutionRole", PolicyArn: BASIC_EXECUTION_ROLE },
    ]);
  });

  it("attaches a customer managed policy once however often it is attached", async () => {
    const role = await createRole(t.iam);
    const { Policy } = await t.iam.send(
      new CreatePolicyCommand({ PolicyName: "twice-attached", PolicyDocument: identityPolicy() }),
    );

    await t.iam.send(new AttachRolePolicyCommand({ RoleName: role.RoleName, PolicyArn: Policy?.Arn }));
    await t.iam.send(new AttachRolePolicyCommand({ RoleName: role.RoleName, PolicyArn: Policy?.Arn }));

    const { AttachedPolicies } = await t.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: role.RoleName }),
    );
    assert.equal(AttachedPolicies?.length, 1);
  });

  it("refuses to attach a policy that does not exist", async () => {
    const role = await createRole(t.iam);
    const arn = "arn:aws:iam::000000000000:policy/nonexistent-policy";

    const error = await awsError(() =>
      t.iam.send(new AttachRolePolicyCommand({ RoleName: role.RoleName, PolicyArn: arn })),
    );

    assert.equal(error.name, "NoSuchEntityException");
    assert.equal(error.message, `Policy ${arn} does not exist or is not attachable.`);
  });

  it("refuses to attach by a name that is not an ARN", async () => {
    const role = await createRole(t.iam);

    const error = await awsError(() =>
      t.iam.send(
        new AttachRolePolicyCommand({ RoleName: role.RoleName, PolicyArn: "longpolicynamebutnoarn" }),
      ),
    );

    assert.equal(error.name, "ValidationError");
    assert.equal(error.message, "ARN longpolicynamebutnoarn is not valid.");
  });

  it("answers NoSuchEntity when detaching a policy that is not attached", async () => {
    const role = await createRole(t.iam);

    const error = await awsError(() =>
      t.iam.send(new DetachRolePolicyCommand({ RoleName: role.RoleName, PolicyArn: BASIC_EXECUTION_ROLE })),
    );

    assert.equal(error.name, "NoSuchEntityException");
    assert.equal(error.message, `Policy ${BASIC_EXECUTION_ROLE} was not found.`);
  });

  it("detaches a policy", async () => {
    const role = await createRole(t.iam);
    await t.iam.send(
      new AttachRolePolicyCommand({ RoleName: role.RoleName, PolicyArn: BASIC_EXECUTION_ROLE }),
    );

    await t.iam.send(
      new DetachRolePolicyCommand({ RoleName: role.RoleName, PolicyArn: BASIC_EXECUTION_ROLE }),
    );

    const { AttachedPolicies } = await t.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: role.RoleName }),
    );
    assert.deepEqual(AttachedPolicies, []);
  });
});
