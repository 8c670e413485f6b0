/**
 * A function's resource-based policy, as AddPermission builds it (Lambda API reference,
 * AddPermission; the statement format is what GetPolicy returns on AWS). Stored now, enforced when
 * IAM enforcement comes (issue 6).
 */
import type { AddPermissionRequest } from "@aws-sdk/client-lambda";
import { ResourceConflictException, ResourceNotFoundException } from "./errors.ts";
import type { PolicyDocument, PolicyStatement } from "./functions.ts";

function principalOf(principal: string): PolicyStatement["Principal"] {
  if (principal === "*") return "*";
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (principal.startsWith("arn:")) return { AWS: principal };
  return { Service: principal };
}

export function addStatement(
  policy: PolicyDocument | undefined,
  resource: string,
  input: AddPermissionRequest & { StatementId: string; Action: string; Principal: string },
): { policy: PolicyDocument; statement: PolicyStatement } {
  const document: PolicyDocument = policy ?? { Version: "2012-10-17", Id: "default", Statement: [] };
  if (document.Statement.some((s) => s.Sid === input.StatementId)) {
    throw new ResourceConflictException(
      `The statement id (${input.StatementId}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
    );
  }
  const condition: Record<string, Record<string, string>> = {};
  if (input.SourceAccount) condition.StringEquals = { "AWS:SourceAccount": input.SourceAccount };
  if (input.SourceArn) condition.ArnLike = { "AWS:SourceArn": input.SourceArn };
  if (input.PrincipalOrgID)
    condition.StringEquals = { ...condition.StringEquals, "aws:PrincipalOrgID": input.PrincipalOrgID };
  if (input.FunctionUrlAuthType)
    condition.StringEquals = {
      ...condition.StringEquals,
      "lambda:FunctionUrlAuthType": input.FunctionUrlAuthType,
    };
  const statement: PolicyStatement = {
    Sid: input.StatementId,
    Effect: "Allow",
    Principal: principalOf(input.Principal),
    Action: input.Action,
    Resource: resource,
    ...(Object.keys(condition).length > 0 && { Condition: condition }),
  };
  return { policy: { ...document, Statement: [...document.Statement, statement] }, statement };
}

export function removeStatement(policy: PolicyDocument | undefined, sid: string): PolicyDocument | undefined {
  if (!policy?.Statement.some((s) => s.Sid === sid))
    throw new ResourceNotFoundException(`Statement ${sid} is not found in resource policy.`);
  const remaining = policy.Statement.filter((s) => s.Sid !== sid);
  return remaining.length > 0 ? { ...policy, Statement: remaining } : undefined;
}
