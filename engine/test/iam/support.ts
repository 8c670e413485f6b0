/** IAM test support: policy documents and a role factory. */
import { CreateRoleCommand, type IAMClient, type Role } from "@aws-sdk/client-iam";

export const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

export const identityPolicy = (action = "sqs:SendMessage", resource = "*"): string =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: action, Resource: resource }],
  });

export const BASIC_EXECUTION_ROLE = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

let roles = 0;

export async function createRole(
  iam: IAMClient,
  overrides: { RoleName?: string; Path?: string } = {},
): Promise<Role> {
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName: overrides.RoleName ?? `role-${++roles}`,
      AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY,
      ...(overrides.Path && { Path: overrides.Path }),
    }),
  );
  return Role!;
}

/** IAM returns documents URL-encoded; the JavaScript SDK leaves them so. */
export const decodeDocument = (encoded: string | undefined): unknown =>
  JSON.parse(decodeURIComponent(encoded ?? ""));
