/**
 * How Lambda reads a FunctionName parameter: a name (`my-function`), a partial ARN
 * (`123456789012:function:my-function`) or a full ARN, each optionally with a qualifier
 * (`:$LATEST`, a version, an alias).
 */
import { InvalidParameterValueException } from "./errors.ts";

export interface FunctionRef {
  name: string;
  accountId: string | undefined;
  region: string | undefined;
  qualifier: string | undefined;
}

const FULL_ARN =
  /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9$_-]+))?$/;
const PARTIAL_ARN = /^(\d{12}):function:([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9$_-]+))?$/;
const NAME_WITH_QUALIFIER = /^([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9$_-]+))?$/;

export function parseFunctionName(value: string): FunctionRef | undefined {
  const full = FULL_ARN.exec(value);
  if (full) return { region: full[1], accountId: full[2], name: full[3]!, qualifier: full[4] };
  const partial = PARTIAL_ARN.exec(value);
  if (partial) return { region: undefined, accountId: partial[1], name: partial[2]!, qualifier: partial[3] };
  const plain = NAME_WITH_QUALIFIER.exec(value);
  if (plain) return { region: undefined, accountId: undefined, name: plain[1]!, qualifier: plain[2] };
  return undefined;
}

/** The one qualifier a request names, from the function name and the Qualifier parameter. */
export function qualifierOf(ref: FunctionRef, qualifier: string | undefined): string | undefined {
  if (ref.qualifier !== undefined && qualifier !== undefined && ref.qualifier !== qualifier) {
    // AWS's wording for FunctionName "f:1" with Qualifier "2".
    throw new InvalidParameterValueException(
      "The derived qualifier from the function name does not match the specified qualifier.",
    );
  }
  return ref.qualifier ?? qualifier;
}

export const functionArn = (region: string, accountId: string, name: string, qualifier?: string): string =>
  `arn:aws:lambda:${region}:${accountId}:function:${name}${qualifier ? `:${qualifier}` : ""}`;
