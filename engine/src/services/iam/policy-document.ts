/**
 * Policy documents as IAM checks them before storing: JSON, the policy grammar's elements, what an
 * identity policy and a trust policy may and must hold, and sizes counted without whitespace.
 * Documents are stored as sent and returned URL-encoded, as IAM returns them (RFC 3986; boto3
 * decodes them, the JavaScript SDK does not).
 *
 * AWS's messages: "This policy contains invalid Json", "Has prohibited field Resource", "AssumeRole
 * policy may only specify STS AssumeRole actions." (recorded, LocalStack snapshots 2026); "Policy
 * document should not specify a principal." (SDK users' reports); the others as moto reproduces them.
 */
import { POLICY_LANGUAGE_VERSIONS } from "./constants.ts";
import { MalformedPolicyDocument } from "./errors.ts";

const TOP_ELEMENTS = new Set(["Version", "Id", "Statement"]);
const STATEMENT_ELEMENTS = new Set([
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
]);
const EFFECTS = new Set(["Allow", "Deny"]);

export type PolicyKind = "identity" | "trust";

const syntaxError = () => new MalformedPolicyDocument("Syntax errors in policy.");

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const isStringOrStrings = (value: unknown): boolean =>
  typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"));

function statementsOf(document: Record<string, unknown>): Record<string, unknown>[] {
  const raw = document.Statement;
  if (raw === undefined) throw syntaxError();
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0 || !list.every(isObject)) throw syntaxError();
  return list;
}

function checkStatementSyntax(statement: Record<string, unknown>): void {
  for (const key of Object.keys(statement)) if (!STATEMENT_ELEMENTS.has(key)) throw syntaxError();
  if (typeof statement.Effect !== "string" || !EFFECTS.has(statement.Effect)) throw syntaxError();
  for (const key of ["Action", "NotAction", "Resource", "NotResource"]) {
    if (statement[key] !== undefined && !isStringOrStrings(statement[key])) throw syntaxError();
  }
  if (statement.Sid !== undefined && typeof statement.Sid !== "string") throw syntaxError();
  if (statement.Condition !== undefined && !isObject(statement.Condition)) throw syntaxError();
  for (const key of ["Principal", "NotPrincipal"]) {
    const principal = statement[key];
    if (principal !== undefined && principal !== "*" && !isObject(principal)) throw syntaxError();
  }
}

const actionsOf = (statement: Record<string, unknown>): string[] => {
  const raw = statement.Action ?? statement.NotAction;
  return raw === undefined ? [] : Array.isArray(raw) ? (raw as string[]) : [raw as string];
};

/** Parses and checks a policy document; returns the parsed form (for later enforcement). */
export function checkPolicyDocument(text: string, kind: PolicyKind): Record<string, unknown> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new MalformedPolicyDocument("This policy contains invalid Json");
  }
  if (!isObject(document)) throw syntaxError();
  for (const key of Object.keys(document)) if (!TOP_ELEMENTS.has(key)) throw syntaxError();
  if (
    document.Version !== undefined &&
    !(POLICY_LANGUAGE_VERSIONS as readonly unknown[]).includes(document.Version)
  ) {
    throw new MalformedPolicyDocument("Policy document must be version 2012-10-17 or greater.");
  }
  const statements = statementsOf(document);
  statements.forEach(checkStatementSyntax);
  const sids = statements.map((s) => s.Sid).filter((sid) => sid !== undefined);
  if (new Set(sids).size !== sids.length) {
    throw new MalformedPolicyDocument("Statement IDs (SID) in a single policy must be unique.");
  }
  for (const statement of statements) {
    if (statement.Action === undefined && statement.NotAction === undefined) {
      throw new MalformedPolicyDocument("Policy statement must contain actions.");
    }
    if (kind === "identity") {
      if (statement.Principal !== undefined || statement.NotPrincipal !== undefined) {
        throw new MalformedPolicyDocument("Policy document should not specify a principal.");
      }
      if (statement.Resource === undefined && statement.NotResource === undefined) {
        throw new MalformedPolicyDocument("Policy statement must contain resources.");
      }
    } else {
      if (statement.Resource !== undefined)
        throw new MalformedPolicyDocument("Has prohibited field Resource");
      if (statement.NotResource !== undefined) {
        throw new MalformedPolicyDocument("Has prohibited field NotResource");
      }
      if (statement.Principal === undefined && statement.NotPrincipal === undefined) {
        throw new MalformedPolicyDocument("Missing required field Principal");
      }
      if (
        !actionsOf(statement).every(
          (action) =>
            /^sts:(\*|AssumeRole\w*|TagSession|SetSourceIdentity|SetContext)$/i.test(action) ||
            action === "*",
        )
      ) {
        throw new MalformedPolicyDocument("AssumeRole policy may only specify STS AssumeRole actions.");
      }
    }
  }
  return document;
}

/** A document's size as IAM counts it against its quotas: whitespace is not counted. */
export const policySize = (text: string): number => text.replace(/\s/g, "").length;

/** IAM returns documents URL-encoded (RFC 3986: everything but unreserved characters escaped). */
export const encodePolicyDocument = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
