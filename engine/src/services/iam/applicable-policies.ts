/**
 * The documents IAM evaluates for a role's sessions: its identity policies (inline, and the default
 * version of each attached managed policy) and its permissions boundary, parsed once per text.
 */
import type { IamCore } from "./core.ts";
import type { ApplicablePolicies, PolicyDocument, SourcedPolicy } from "./evaluate.ts";
import type { RoleRecord } from "./roles.ts";

const parsed = new Map<string, PolicyDocument>();
/** Documents are few and change rarely; the bound only stops a pathological workload growing it. */
const MAX_PARSED_DOCUMENTS = 2048;

/** A stored document as the evaluator reads it (stored documents were checked when written). */
export function parsePolicy(text: string): PolicyDocument {
  let document = parsed.get(text);
  if (!document) {
    document = JSON.parse(text) as PolicyDocument;
    if (parsed.size >= MAX_PARSED_DOCUMENTS) parsed.clear();
    parsed.set(text, document);
  }
  return document;
}

/** A role's identity policies and permissions boundary, as its sessions are evaluated against. */
export function rolePolicies(
  iam: IamCore,
  role: RoleRecord,
): Pick<ApplicablePolicies, "identity" | "boundary"> {
  const identity: SourcedPolicy[] = iam
    .policiesOfRole(role)
    .map(({ source, document }) => ({ source, document: parsePolicy(document) }));
  const boundaryArn = role.permissionsBoundary;
  if (!boundaryArn || !iam.policies.find(role.accountId, boundaryArn)) return { identity };
  const boundary = parsePolicy(iam.policies.defaultDocument(role.accountId, boundaryArn));
  return { identity, boundary: { source: boundaryArn, document: boundary } };
}
