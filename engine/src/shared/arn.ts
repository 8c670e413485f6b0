export const DEFAULT_ACCOUNT_ID = "000000000000";
export const DEFAULT_REGION = "us-east-1";

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export const buildArn = (service: string, region: string, accountId: string, resource: string): string =>
  `arn:aws:${service}:${region}:${accountId}:${resource}`;

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const [, partition, service, region, accountId] = parts as [string, string, string, string, string];
  return { partition, service, region, accountId, resource: parts.slice(5).join(":") };
}
