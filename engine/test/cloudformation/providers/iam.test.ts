/** AWS::IAM::Role, AWS::IAM::Policy and AWS::IAM::ManagedPolicy against the engine's IAM. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import { awsError } from "../../support/engine.ts";
import { create, failure, type Harness, handlerMessage, startHarness } from "./support.ts";

const ROLE = "AWS::IAM::Role";
const POLICY = "AWS::IAM::Policy";
const MANAGED = "AWS::IAM::ManagedPolicy";
const BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
const SQS_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole";

const trust = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const allow = (action: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: action, Resource: "*" }],
});

describe("AWS::IAM::Role", () => {
  let h: Harness;
  const attached = async (role: string) =>
    (await h.t.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies?.map(
      (p) => p.PolicyArn,
    );
  const inline = async (role: string) =>
    (await h.t.iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames;

  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  it("creates the role with its inline policies and managed policies; Ref is the name", async () => {
    const state = await create(h, ROLE, "WriterRole", {
      AssumeRolePolicyDocument: trust,
      ManagedPolicyArns: [BASIC],
      Policies: [{ PolicyName: "write-orders", PolicyDocument: allow("dynamodb:PutItem") }],
    });

    assert.match(state.physicalId, /^teststack-WriterRole-[A-Za-z0-9]{12}$/);
    const { Role } = await h.t.iam.send(new GetRoleCommand({ RoleName: state.physicalId }));
    assert.equal(state.attributes.Arn, Role?.Arn);
    assert.equal(state.attributes.RoleId, Role?.RoleId);
    assert.deepEqual(await attached(state.physicalId), [BASIC]);
    assert.deepEqual(await inline(state.physicalId), ["write-orders"]);
  });

  it("updates policies in place: a dropped one goes, a changed one is put again, a new managed one is attached", async () => {
    const before = {
      RoleName: "evolving",
      AssumeRolePolicyDocument: trust,
      ManagedPolicyArns: [BASIC],
      Policies: [
        { PolicyName: "keep", PolicyDocument: allow("sqs:SendMessage") },
        { PolicyName: "drop", PolicyDocument: allow("sqs:DeleteMessage") },
      ],
    };
    const state = await create(h, ROLE, "Evolving", before);
    const next = {
      ...before,
      ManagedPolicyArns: [SQS_EXECUTION],
      Policies: [{ PolicyName: "keep", PolicyDocument: allow("sqs:*") }],
    };

    const result = await h.provider(ROLE).update(state, next, before, h.context("Evolving"));

    assert.notEqual(result, "replace");
    assert.deepEqual(await attached("evolving"), [SQS_EXECUTION]);
    assert.deepEqual(await inline("evolving"), ["keep"]);
    const { PolicyDocument } = await h.t.iam.send(
      new GetRolePolicyCommand({ RoleName: "evolving", PolicyName: "keep" }),
    );
    assert.deepEqual(JSON.parse(decodeURIComponent(PolicyDocument ?? "")), allow("sqs:*"));
  });

  it("replaces the role when its path changes", async () => {
    const before = { RoleName: "pathed", AssumeRolePolicyDocument: trust };
    const state = await create(h, ROLE, "Pathed", before);

    assert.equal(
      await h.provider(ROLE).update(state, { ...before, Path: "/service/" }, before, h.context("Pathed")),
      "replace",
    );
  });

  it("deletes the role with its policies", async () => {
    const properties = {
      RoleName: "doomed-role",
      AssumeRolePolicyDocument: trust,
      ManagedPolicyArns: [BASIC],
      Policies: [{ PolicyName: "p", PolicyDocument: allow("sqs:*") }],
    };
    const state = await create(h, ROLE, "Doomed", properties);

    await h.provider(ROLE).delete(state, properties, h.context("Doomed"));

    const error = await awsError(() => h.t.iam.send(new GetRoleCommand({ RoleName: "doomed-role" })));
    assert.equal(error.name, "NoSuchEntityException");
  });

  it("fails with IAM's message for a trust policy with a Resource", async () => {
    const badTrust = { Version: "2012-10-17", Statement: [{ ...trust.Statement[0], Resource: "*" }] };

    const error = await failure(() => create(h, ROLE, "BadTrust", { AssumeRolePolicyDocument: badTrust }));

    assert.match(
      error.message,
      handlerMessage(
        /Has prohibited field Resource \(Service: Iam, Status Code: 400, Request ID: [0-9a-f-]{36}\)/,
      ),
    );
  });

  it("fails with IAM's message for a managed policy that does not exist", async () => {
    const missing = "arn:aws:iam::aws:policy/NoSuchPolicy";

    const error = await failure(() =>
      create(h, ROLE, "Missing", { AssumeRolePolicyDocument: trust, ManagedPolicyArns: [missing] }),
    );

    assert.match(
      error.message,
      handlerMessage(
        new RegExp(
          `Policy ${missing} does not exist or is not attachable\\. \\(Service: Iam, Status Code: 404, Request ID: [0-9a-f-]{36}\\)`,
        ),
        "NotFound",
      ),
    );
  });
});

describe("AWS::IAM::Policy", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await create(h, ROLE, "RoleA", { RoleName: "role-a", AssumeRolePolicyDocument: trust });
    await create(h, ROLE, "RoleB", { RoleName: "role-b", AssumeRolePolicyDocument: trust });
  });
  after(() => h.stop());

  const policyNames = async (role: string) =>
    (await h.t.iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames;

  it("puts the policy on every listed role; Ref is an id in AWS's format", async () => {
    const state = await create(h, POLICY, "Access", {
      PolicyName: "access",
      PolicyDocument: allow("sqs:*"),
      Roles: ["role-a", "role-b"],
    });

    assert.match(state.physicalId, /^tests-acce-[A-Z0-9]{13}$/);
    assert.deepEqual(await policyNames("role-a"), ["access"]);
    assert.deepEqual(await policyNames("role-b"), ["access"]);
  });

  it("moves the policy under its new name and off roles no longer listed", async () => {
    const before = { PolicyName: "old-name", PolicyDocument: allow("sqs:*"), Roles: ["role-a", "role-b"] };
    const state = await create(h, POLICY, "Renamed", before);

    await h
      .provider(POLICY)
      .update(state, { ...before, PolicyName: "new-name", Roles: ["role-a"] }, before, h.context("Renamed"));

    assert.ok((await policyNames("role-a"))?.includes("new-name"));
    assert.ok(!(await policyNames("role-a"))?.includes("old-name"));
    assert.ok(!(await policyNames("role-b"))?.includes("old-name"));
  });

  it("fails without roles, as AWS's handler does", async () => {
    const error = await failure(() =>
      create(h, POLICY, "Orphan", { PolicyName: "orphan", PolicyDocument: allow("sqs:*") }),
    );

    assert.match(error.message, handlerMessage("At least one of [Groups,Roles,Users] must be non-empty."));
  });

  it("refuses users, which the engine's IAM does not have", async () => {
    const error = await failure(() =>
      create(h, POLICY, "ForUsers", {
        PolicyName: "users",
        PolicyDocument: allow("sqs:*"),
        Users: ["alice"],
      }),
    );

    assert.match(error.message, /IAM users and groups do not exist in the Orderflow engine/);
  });
});

describe("AWS::IAM::ManagedPolicy", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await create(h, ROLE, "Holder", { RoleName: "holder", AssumeRolePolicyDocument: trust });
  });
  after(() => h.stop());

  it("creates the policy and attaches it to its roles; Ref is the ARN", async () => {
    const state = await create(h, MANAGED, "Shared", {
      ManagedPolicyName: "shared",
      PolicyDocument: allow("sqs:*"),
      Roles: ["holder"],
    });

    assert.equal(state.physicalId, "arn:aws:iam::000000000000:policy/shared");
    assert.equal(state.attributes.PolicyArn, state.physicalId);
    assert.equal(state.attributes.DefaultVersionId, "v1");
    assert.equal(state.attributes.AttachmentCount, 1);
    assert.match(String(state.attributes.PolicyId), /^ANPA/);
  });

  it("makes a changed document the policy's new default version", async () => {
    const before = { ManagedPolicyName: "versioned", PolicyDocument: allow("sqs:A") };
    const state = await create(h, MANAGED, "Versioned", before);

    const result = await h
      .provider(MANAGED)
      .update(state, { ...before, PolicyDocument: allow("sqs:B") }, before, h.context("Versioned"));

    assert.notEqual(result, "replace");
    const { Policy } = await h.t.iam.send(new GetPolicyCommand({ PolicyArn: state.physicalId }));
    const { PolicyVersion } = await h.t.iam.send(
      new GetPolicyVersionCommand({ PolicyArn: state.physicalId, VersionId: Policy?.DefaultVersionId }),
    );
    assert.equal(Policy?.DefaultVersionId, "v2");
    assert.deepEqual(JSON.parse(decodeURIComponent(PolicyVersion?.Document ?? "")), allow("sqs:B"));
  });

  it("keeps updating past five versions by deleting the oldest", async () => {
    let properties = { ManagedPolicyName: "busy", PolicyDocument: allow("sqs:V0") };
    let state = await create(h, MANAGED, "Busy", properties);
    for (let i = 1; i <= 6; i++) {
      const next = { ...properties, PolicyDocument: allow(`sqs:V${i}`) };
      const result = await h.provider(MANAGED).update(state, next, properties, h.context("Busy"));
      assert.notEqual(result, "replace");
      state = result as typeof state;
      properties = next;
    }

    assert.equal(state.attributes.DefaultVersionId, "v7");
  });

  it("replaces the policy when its name changes", async () => {
    const before = { ManagedPolicyName: "first", PolicyDocument: allow("sqs:*") };
    const state = await create(h, MANAGED, "Named", before);

    assert.equal(
      await h
        .provider(MANAGED)
        .update(state, { ...before, ManagedPolicyName: "second" }, before, h.context("Named")),
      "replace",
    );
  });

  it("detaches the policy from its roles and deletes it", async () => {
    const properties = { ManagedPolicyName: "detached", PolicyDocument: allow("sqs:*"), Roles: ["holder"] };
    const state = await create(h, MANAGED, "Detached", properties);

    await h.provider(MANAGED).delete(state, properties, h.context("Detached"));

    const error = await awsError(() => h.t.iam.send(new GetPolicyCommand({ PolicyArn: state.physicalId })));
    assert.equal(error.name, "NoSuchEntityException");
  });
});
