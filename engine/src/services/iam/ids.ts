/** IAM's unique ids: a four-letter prefix naming the kind (AROA role, ANPA managed policy) and 17 characters. */
import { randomBytes } from "node:crypto";
import { idCharacters } from "./aws-managed-policies.ts";

const UNIQUE_ID_SUFFIX_LENGTH = 17;

export const newRoleId = (): string =>
  `AROA${idCharacters(randomBytes(UNIQUE_ID_SUFFIX_LENGTH), UNIQUE_ID_SUFFIX_LENGTH)}`;
export const newPolicyId = (): string =>
  `ANPA${idCharacters(randomBytes(UNIQUE_ID_SUFFIX_LENGTH), UNIQUE_ID_SUFFIX_LENGTH)}`;

export const roleArn = (accountId: string, path: string, name: string): string =>
  `arn:aws:iam::${accountId}:role${path}${name}`;
export const policyArn = (accountId: string, path: string, name: string): string =>
  `arn:aws:iam::${accountId}:policy${path}${name}`;

/** An IAM policy ARN's parts, or undefined when the text is not one. */
export function parsePolicyArn(arn: string): { accountId: string; path: string; name: string } | undefined {
  const match = /^arn:aws[a-z-]*:iam::(\d{12}|aws):policy(\/(?:[^/]+\/)*)([^/]+)$/.exec(arn);
  return match ? { accountId: match[1]!, path: match[2]!, name: match[3]! } : undefined;
}
