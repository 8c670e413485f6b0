/**
 * IAM's state: roles (with inline policies and attachments) and managed policies. What policy
 * enforcement reads is `policiesOf(role)`: every identity document that applies to a role.
 */
import type { Clock } from "../../shared/clock.ts";
import type { Db } from "../../storage/database.ts";
import { PolicyStore } from "./managed-policies.ts";
import { type RoleRecord, RoleStore } from "./roles.ts";

export interface IamCore {
  clock: Clock;
  roles: RoleStore;
  policies: PolicyStore;
  /** The identity policies that apply to a role: its inline ones and its attached ones' default versions. */
  policiesOf(accountId: string, roleName: string): { source: string; document: string }[];
  /** The same, for a role already looked up. */
  policiesOfRole(role: RoleRecord): { source: string; document: string }[];
}

export function createIamCore(db: Db, clock: Clock): IamCore {
  const roles = new RoleStore(db, clock);
  const policies = new PolicyStore(db, clock);
  return {
    clock,
    roles,
    policies,
    policiesOf(accountId, roleName) {
      return this.policiesOfRole(roles.require(accountId, roleName));
    },
    policiesOfRole(role) {
      const inline = roles
        .inlinePolicies(role.accountId, role.name)
        .map((p) => ({ source: `${role.arn}/${p.name}`, document: p.document }));
      const attached = roles
        .attachedPolicies(role.accountId, role.name)
        .map((arn) => ({ source: arn, document: policies.defaultDocument(role.accountId, arn) }));
      return [...inline, ...attached];
    },
  };
}
