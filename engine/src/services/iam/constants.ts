/** IAM quotas and defaults (IAM User Guide, "IAM and AWS STS quotas"; API reference). */

/** AWS: the default and the lower bound of a role's MaxSessionDuration. */
export const DEFAULT_MAX_SESSION_DURATION_SECONDS = 3600;
/** Managed policies attached to one role (default quota; adjustable to 20). */
export const MAX_MANAGED_POLICIES_PER_ROLE = 10;
/** Aggregate size of a role's inline policies, whitespace not counted. */
export const MAX_ROLE_INLINE_POLICIES_CHARS = 10_240;
/** A role trust policy's size, whitespace not counted (default quota; adjustable to 4,096). */
export const MAX_TRUST_POLICY_CHARS = 2_048;
/** A managed policy document's size, whitespace not counted. */
export const MAX_MANAGED_POLICY_CHARS = 6_144;
/** Versions a customer managed policy keeps. */
export const MAX_POLICY_VERSIONS = 5;
/** AWS: the default page size of the List operations (MaxItems). */
export const DEFAULT_MAX_ITEMS = 100;
/** The account owner of AWS managed policies in their ARNs (arn:aws:iam::aws:policy/…). */
export const AWS_MANAGED_ACCOUNT = "aws";
/** IAM's policy language versions. */
export const POLICY_LANGUAGE_VERSIONS = ["2008-10-17", "2012-10-17"] as const;
/** A role's ARN: account (1) and name (2), past any path (`role/service-role/name`). */
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[^/]+\/)*([^/]+)$/;
