/**
 * The credential store's role sessions: issued with a principal of the role, expired when their
 * environment ends (still recognised as the role for a while), then forgotten.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CredentialStore } from "../../src/server/credentials.ts";
import { VirtualClock } from "../../src/shared/clock.ts";

const ROLE = "arn:aws:iam::000000000000:role/service-role/writer";
const HOUR_MS = 60 * 60 * 1000;

describe("CredentialStore role sessions", () => {
  it("issues an ASIA key with a token, acting as the role's session", () => {
    const store = new CredentialStore(new VirtualClock({ flowing: false }));

    const session = store.issueRoleSession(ROLE, "order-writer");

    assert.match(session.accessKeyId, /^ASIA[0-9A-F]{16}$/);
    assert.ok(session.sessionToken);
    assert.deepEqual(store.principalFor(session.accessKeyId), {
      arn: "arn:aws:sts::000000000000:assumed-role/writer/order-writer",
      accountId: "000000000000",
      type: "AssumedRole",
      roleArn: ROLE,
      roleName: "writer",
      sessionName: "order-writer",
    });
  });

  it("keeps a revoked session as the role, expired, and forgets it an hour later", () => {
    const clock = new VirtualClock({ flowing: false });
    const store = new CredentialStore(clock);
    const ended = store.issueRoleSession(ROLE, "fn");

    store.revoke(ended.accessKeyId);
    const justAfter = store.lookup(ended.accessKeyId);
    clock.advance(HOUR_MS + 1);
    store.revoke(store.issueRoleSession(ROLE, "fn").accessKeyId);

    assert.ok(justAfter && justAfter.expiresAt! <= clock.now() - HOUR_MS);
    assert.equal(justAfter.principal.type, "AssumedRole");
    assert.equal(store.lookup(ended.accessKeyId), undefined);
    assert.equal(store.principalFor(ended.accessKeyId).type, "Root");
  });

  it("never revokes a configured long-term key", () => {
    const store = new CredentialStore(new VirtualClock({ flowing: false }));
    store.configure([{ accessKeyId: "AKIAEXAMPLE", secretAccessKey: "secret" }]);

    store.revoke("AKIAEXAMPLE");

    assert.equal(store.lookup("AKIAEXAMPLE")?.expiresAt, undefined);
  });
});
