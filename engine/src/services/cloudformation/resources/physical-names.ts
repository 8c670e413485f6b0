/**
 * Names CloudFormation generates for resources whose template gives none:
 * `<stack name>-<logical id>-<random>` (e.g. RichpanelMiddleware-prod-IngressInvokePermission-56YzcpgLqAAQ,
 * AWS 2026), the stack name and logical id shortened to fit the resource's name limit.
 */
import { randomBytes } from "node:crypto";

/** The random part: 12 letters and digits, mixed case, as CloudFormation generates them today. */
const RANDOM_SUFFIX_LENGTH = 12;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomSuffix(): string {
  const bytes = randomBytes(RANDOM_SUFFIX_LENGTH);
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

export function generatePhysicalName(
  ctx: { stackName: string; logicalId: string },
  options: { maxLength: number; suffix?: string },
): string {
  const suffix = options.suffix ?? "";
  const random = randomSuffix();
  const budget = Math.max(2, options.maxLength - suffix.length - random.length - 2);
  const stack = ctx.stackName;
  const logical = ctx.logicalId;
  let logicalPart = logical;
  let stackPart = stack;
  if (stack.length + logical.length > budget) {
    logicalPart = logical.slice(0, Math.max(budget - stack.length, Math.ceil(budget / 2)));
    stackPart = stack.slice(0, Math.max(1, budget - logicalPart.length));
  }
  return `${stackPart}-${logicalPart}-${random}${suffix}`;
}
