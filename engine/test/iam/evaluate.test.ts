/** The policy evaluator's logic, branch by branch (pure: no engine). */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables, not JavaScript templates.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  type ApplicablePolicies,
  type AuthorizationRequest,
  evaluate,
  type PolicyStatement,
} from "../../src/services/iam/evaluate.ts";

const ACCOUNT = "000000000000";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/app/worker`;
const SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/worker/fn`;
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`;

function request(overrides: Partial<AuthorizationRequest> = {}, context: Record<string, string[]> = {}) {
  return {
    principal: { arn: SESSION_ARN, accountId: ACCOUNT, roleArn: ROLE_ARN },
    action: "sqs:SendMessage",
    resource: QUEUE,
    context: new Map(
      Object.entries({ "aws:requestedregion": ["us-east-1"], ...context }).map(([k, v]) => [
        k.toLowerCase(),
        v,
      ]),
    ),
    ...overrides,
  } satisfies AuthorizationRequest;
}

const doc = (...Statement: PolicyStatement[]) => ({ Version: "2012-10-17", Statement });
const identity = (...statements: PolicyStatement[]): ApplicablePolicies => ({
  identity: [{ source: "inline", document: doc(...statements) }],
});
const allow = (extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Effect: "Allow",
  Action: "sqs:SendMessage",
  Resource: QUEUE,
  ...extra,
});
const decision = (req: AuthorizationRequest, policies: ApplicablePolicies) =>
  evaluate(req, policies).decision;

describe("identity policies", () => {
  test("an Allow naming the action and resource allows", () => {
    assert.equal(decision(request(), identity(allow())), "allowed");
  });

  test("no applicable statement is an implicit deny charged to identity policies", () => {
    const result = evaluate(request(), identity(allow({ Action: "sqs:ReceiveMessage" })));
    assert.deepEqual(result, { decision: "implicitDeny", missingIn: "identity", matched: [] });
  });

  test("an explicit Deny beats an Allow", () => {
    const result = evaluate(request(), identity(allow(), allow({ Effect: "Deny" })));
    assert.equal(result.decision, "explicitDeny");
    assert.equal(result.decision === "explicitDeny" && result.deniedIn, "identity");
  });

  test("action names match with wildcards and without regard to case", () => {
    assert.equal(decision(request(), identity(allow({ Action: "SQS:send*" }))), "allowed");
    assert.equal(decision(request(), identity(allow({ Action: "sqs:?endMessage" }))), "allowed");
    assert.equal(decision(request(), identity(allow({ Action: "*" }))), "allowed");
    assert.equal(decision(request(), identity(allow({ Action: "sqs:Receive*" }))), "implicitDeny");
  });

  test("resources match case-sensitively", () => {
    const upper = `arn:aws:sqs:us-east-1:${ACCOUNT}:Orders`;
    assert.equal(decision(request(), identity(allow({ Resource: upper }))), "implicitDeny");
  });

  test("resource wildcards match within an ARN segment, not across segments", () => {
    assert.equal(decision(request(), identity(allow({ Resource: "arn:aws:sqs:*:*:ord*" }))), "allowed");
    assert.equal(decision(request(), identity(allow({ Resource: "arn:aws:sqs:*:orders" }))), "implicitDeny");
    assert.equal(decision(request(), identity(allow({ Resource: "*" }))), "allowed");
  });

  test("the resource segment's wildcard spans colons (log streams under a group)", () => {
    const stream = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/f:log-stream:2024/01/01/x`;
    const policy = identity({
      Effect: "Allow",
      Action: "logs:PutLogEvents",
      Resource: `arn:aws:logs:*:*:log-group:/aws/lambda/f:*`,
    });
    assert.equal(decision(request({ action: "logs:PutLogEvents", resource: stream }), policy), "allowed");
  });

  test("NotAction allows every action but the ones it names", () => {
    const policy = identity({ Effect: "Allow", NotAction: "sqs:DeleteQueue", Resource: "*" });
    assert.equal(decision(request(), policy), "allowed");
    assert.equal(decision(request({ action: "sqs:DeleteQueue" }), policy), "implicitDeny");
  });

  test("NotResource applies to every resource but the ones it names", () => {
    const policy = identity(allow({ Resource: "*" }), {
      Effect: "Deny",
      Action: "sqs:*",
      NotResource: `arn:aws:sqs:us-east-1:${ACCOUNT}:other`,
    });
    assert.equal(decision(request(), policy), "explicitDeny");
    const other = request({ resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:other` });
    assert.equal(decision(other, policy), "allowed");
  });

  test("a single statement (not a list) is read", () => {
    const policies = { identity: [{ source: "p", document: { Statement: allow() } }] };
    assert.equal(decision(request(), policies), "allowed");
  });

  test("policy variables are replaced in 2012-10-17 documents only", () => {
    const resource = "arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:orders";
    const context = { "aws:principalaccount": [ACCOUNT] };
    assert.equal(decision(request({}, context), identity(allow({ Resource: resource }))), "allowed");
    const old = {
      identity: [
        { source: "p", document: { Version: "2008-10-17", Statement: [allow({ Resource: resource })] } },
      ],
    };
    assert.equal(decision(request({}, context), old), "implicitDeny");
  });

  test("a variable the request lacks makes the element not match", () => {
    const resource = "arn:aws:sqs:us-east-1:${aws:username}:orders";
    assert.equal(decision(request(), identity(allow({ Resource: resource }))), "implicitDeny");
  });
});

describe("resource policies", () => {
  const withResource = (statement: PolicyStatement, identityStatements: PolicyStatement[] = []) => ({
    identity: identityStatements.length ? [{ source: "inline", document: doc(...identityStatements) }] : [],
    resource: { source: QUEUE, document: doc(statement) },
  });

  test("a statement naming the role grants within the account without an identity policy", () => {
    assert.equal(decision(request(), withResource(allow({ Principal: { AWS: ROLE_ARN } }))), "allowed");
  });

  test("a statement naming the role session grants too", () => {
    assert.equal(decision(request(), withResource(allow({ Principal: { AWS: [SESSION_ARN] } }))), "allowed");
  });

  test("Principal * grants anyone", () => {
    assert.equal(decision(request(), withResource(allow({ Principal: "*" }))), "allowed");
    assert.equal(decision(request(), withResource(allow({ Principal: { AWS: "*" } }))), "allowed");
  });

  test("a statement naming only the account delegates to identity policies", () => {
    const policies = withResource(allow({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }));
    assert.equal(decision(request(), policies), "implicitDeny");
  });

  test("a statement naming someone else does not apply", () => {
    const policies = withResource(allow({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/other` } }));
    assert.equal(decision(request(), policies), "implicitDeny");
  });

  test("a Deny in the resource policy beats an identity Allow", () => {
    const result = evaluate(request(), withResource(allow({ Effect: "Deny", Principal: "*" }), [allow()]));
    assert.equal(result.decision === "explicitDeny" && result.deniedIn, "resource");
  });

  test("a Deny naming the account applies to its roles", () => {
    const policies = withResource(allow({ Effect: "Deny", Principal: { AWS: ACCOUNT } }), [allow()]);
    assert.equal(decision(request(), policies), "explicitDeny");
  });

  test("NotPrincipal applies to everyone it does not name", () => {
    const denyOthers = allow({ Effect: "Deny", NotPrincipal: { AWS: ROLE_ARN } });
    assert.equal(decision(request(), withResource(denyOthers, [allow()])), "allowed");
    const denyUs = allow({ Effect: "Deny", NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:role/other` } });
    assert.equal(decision(request(), withResource(denyUs, [allow()])), "explicitDeny");
  });

  test("a service principal matches a Service entry (trust policies)", () => {
    const trust = {
      identity: [],
      resource: {
        source: ROLE_ARN,
        document: doc({
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Principal: { Service: ["lambda.amazonaws.com"] },
        }),
      },
    };
    const asLambda = request({
      principal: { arn: "lambda.amazonaws.com", accountId: ACCOUNT, service: "lambda.amazonaws.com" },
      action: "sts:AssumeRole",
      resource: ROLE_ARN,
    });
    assert.equal(decision(asLambda, trust), "allowed");
    const asSqs = request({
      principal: { arn: "sqs.amazonaws.com", accountId: ACCOUNT, service: "sqs.amazonaws.com" },
      action: "sts:AssumeRole",
      resource: ROLE_ARN,
    });
    assert.equal(decision(asSqs, trust), "implicitDeny");
  });

  test("across accounts both the identity and the resource policy must allow", () => {
    const foreign = request({
      resource: "arn:aws:sqs:us-east-1:111122223333:orders",
      resourceAccount: "111122223333",
    });
    const grant = allow({ Principal: { AWS: ACCOUNT }, Resource: "*" });
    const identityOnly = evaluate(foreign, identity(allow({ Resource: "*" })));
    assert.equal(identityOnly.decision === "implicitDeny" && identityOnly.missingIn, "resource");
    const resourceOnly = evaluate(foreign, withResource(grant));
    assert.equal(resourceOnly.decision === "implicitDeny" && resourceOnly.missingIn, "identity");
    assert.equal(decision(foreign, withResource(grant, [allow({ Resource: "*" })])), "allowed");
  });
});

describe("permissions boundaries", () => {
  const boundary = (statement: PolicyStatement) => ({ source: "boundary", document: doc(statement) });

  test("an identity Allow outside the boundary is denied, charged to the boundary", () => {
    const policies = { ...identity(allow()), boundary: boundary(allow({ Action: "sqs:ReceiveMessage" })) };
    const result = evaluate(request(), policies);
    assert.equal(result.decision === "implicitDeny" && result.missingIn, "boundary");
  });

  test("an identity Allow inside the boundary is allowed", () => {
    assert.equal(decision(request(), { ...identity(allow()), boundary: boundary(allow()) }), "allowed");
  });

  test("a resource policy naming the session is not limited by the boundary; naming the role is", () => {
    const tight = boundary(allow({ Action: "sqs:ReceiveMessage" }));
    const forSession = {
      identity: [],
      boundary: tight,
      resource: { source: QUEUE, document: doc(allow({ Principal: { AWS: SESSION_ARN } })) },
    };
    assert.equal(decision(request(), forSession), "allowed");
    const forRole = {
      identity: [],
      boundary: tight,
      resource: { source: QUEUE, document: doc(allow({ Principal: { AWS: ROLE_ARN } })) },
    };
    assert.equal(decision(request(), forRole), "implicitDeny");
  });
});

describe("conditions", () => {
  const when = (Condition: Record<string, Record<string, unknown>>, context: Record<string, string[]> = {}) =>
    decision(request({}, context), identity(allow({ Condition })));

  test("StringEquals compares exactly; any listed value may match", () => {
    assert.equal(when({ StringEquals: { "aws:RequestedRegion": ["eu-west-1", "us-east-1"] } }), "allowed");
    assert.equal(when({ StringEquals: { "aws:RequestedRegion": "US-EAST-1" } }), "implicitDeny");
    assert.equal(when({ StringEqualsIgnoreCase: { "aws:RequestedRegion": "US-EAST-1" } }), "allowed");
  });

  test("condition keys are case-insensitive", () => {
    assert.equal(when({ StringEquals: { "AWS:REQUESTEDREGION": "us-east-1" } }), "allowed");
  });

  test("every key and every operator must hold", () => {
    const both = { StringEquals: { "aws:RequestedRegion": "us-east-1", "aws:PrincipalType": "AssumedRole" } };
    assert.equal(when(both, { "aws:principaltype": ["AssumedRole"] }), "allowed");
    assert.equal(when(both, { "aws:principaltype": ["User"] }), "implicitDeny");
    const twoOperators = {
      StringEquals: { "aws:RequestedRegion": "us-east-1" },
      Bool: { "aws:SecureTransport": "true" },
    };
    assert.equal(when(twoOperators, { "aws:securetransport": ["false"] }), "implicitDeny");
  });

  test("a missing key fails a positive operator and satisfies a negated one", () => {
    assert.equal(when({ StringEquals: { "aws:SourceAccount": ACCOUNT } }), "implicitDeny");
    assert.equal(when({ StringNotEquals: { "aws:SourceAccount": ACCOUNT } }), "allowed");
    assert.equal(when({ ArnNotLike: { "aws:SourceArn": "arn:aws:sns:*" } }), "allowed");
  });

  test("IfExists holds when the key is absent and compares when present", () => {
    assert.equal(when({ StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } }), "allowed");
    assert.equal(when({ StringEqualsIfExists: { "aws:RequestedRegion": "eu-west-1" } }), "implicitDeny");
  });

  test("StringLike and StringNotLike use wildcards", () => {
    assert.equal(when({ StringLike: { "aws:RequestedRegion": "us-*" } }), "allowed");
    assert.equal(when({ StringNotLike: { "aws:RequestedRegion": "us-*" } }), "implicitDeny");
  });

  test("Null tests whether a key is present", () => {
    assert.equal(when({ Null: { "aws:SourceArn": "true" } }), "allowed");
    assert.equal(when({ Null: { "aws:RequestedRegion": "true" } }), "implicitDeny");
    assert.equal(when({ Null: { "aws:RequestedRegion": "false" } }), "allowed");
  });

  test("Bool compares true and false", () => {
    assert.equal(
      when({ Bool: { "aws:SecureTransport": "false" } }, { "aws:securetransport": ["false"] }),
      "allowed",
    );
    assert.equal(
      when({ Bool: { "aws:SecureTransport": true } }, { "aws:securetransport": ["false"] }),
      "implicitDeny",
    );
  });

  test("Numeric operators compare numbers", () => {
    const epoch = { "aws:epochtime": ["1700000000"] };
    assert.equal(when({ NumericGreaterThan: { "aws:EpochTime": 1600000000 } }, epoch), "allowed");
    assert.equal(when({ NumericLessThanEquals: { "aws:EpochTime": "1700000000" } }, epoch), "allowed");
    assert.equal(when({ NumericLessThan: { "aws:EpochTime": "1700000000" } }, epoch), "implicitDeny");
    assert.equal(when({ NumericEquals: { "aws:EpochTime": "not a number" } }, epoch), "implicitDeny");
  });

  test("Date operators compare instants", () => {
    const now = { "aws:currenttime": ["2024-06-01T12:00:00Z"] };
    assert.equal(when({ DateLessThan: { "aws:CurrentTime": "2025-01-01T00:00:00Z" } }, now), "allowed");
    assert.equal(
      when({ DateGreaterThan: { "aws:CurrentTime": "2025-01-01T00:00:00Z" } }, now),
      "implicitDeny",
    );
  });

  test("Arn operators match ARNs segment by segment", () => {
    const principal = { "aws:principalarn": [ROLE_ARN] };
    assert.equal(
      when({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/app/*" } }, principal),
      "allowed",
    );
    assert.equal(when({ ArnEquals: { "aws:PrincipalArn": ROLE_ARN } }, principal), "allowed");
    assert.equal(when({ ArnNotEquals: { "aws:PrincipalArn": ROLE_ARN } }, principal), "implicitDeny");
  });

  test("IpAddress matches CIDR blocks", () => {
    const ip = { "aws:sourceip": ["10.1.2.3"] };
    assert.equal(when({ IpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, ip), "allowed");
    assert.equal(when({ NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, ip), "implicitDeny");
  });

  test("ForAnyValue needs one request value to match; ForAllValues needs every one", () => {
    const tags = { "aws:tagkeys": ["team", "cost"] };
    assert.equal(when({ "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } }, tags), "allowed");
    assert.equal(when({ "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } }, tags), "implicitDeny");
    assert.equal(
      when({ "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "cost", "x"] } }, tags),
      "allowed",
    );
  });

  test("ForAllValues holds and ForAnyValue fails when the key is absent", () => {
    assert.equal(when({ "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } }), "allowed");
    assert.equal(when({ "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } }), "implicitDeny");
  });

  test("a condition variable compares against the request's own value", () => {
    const context = { "aws:principalaccount": [ACCOUNT], "aws:resourceaccount": [ACCOUNT] };
    assert.equal(
      when({ StringEquals: { "aws:ResourceAccount": "${aws:PrincipalAccount}" } }, context),
      "allowed",
    );
  });

  test("an operator IAM does not have never holds", () => {
    assert.equal(when({ StringSortOf: { "aws:RequestedRegion": "us-east-1" } }), "implicitDeny");
  });

  test("a Deny with a condition that fails does not apply", () => {
    const policies = identity(
      allow(),
      allow({ Effect: "Deny", Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } }),
    );
    assert.equal(decision(request(), policies), "allowed");
  });
});
