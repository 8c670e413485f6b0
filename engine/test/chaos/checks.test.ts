/**
 * The soak's own checks, on hand-made histories: each must catch the breach it exists for and allow
 * what a kill may legitimately leave behind (an unacknowledged write that landed or did not).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type ItemChange, ItemHistory } from "../../chaos/item-history.ts";
import { MessageLedger } from "../../chaos/message-ledger.ts";
import type { Timing } from "../../chaos/operation-log.ts";
import { killSchedule } from "../../chaos/run-soak.ts";

const insert = (token: string): ItemChange => ({ eventName: "INSERT", oldToken: undefined, newToken: token });
const modify = (from: string, to: string): ItemChange => ({
  eventName: "MODIFY",
  oldToken: from,
  newToken: to,
});
const remove = (from: string): ItemChange => ({ eventName: "REMOVE", oldToken: from, newToken: undefined });

function historyOf(...attempts: Array<[string | undefined, "acked" | "lost" | "rejected"]>): ItemHistory {
  const history = new ItemHistory("item");
  for (const [token, status] of attempts) history.record(token ? "write" : "delete", token, status);
  return history;
}

describe("an item's history against its stream and final state", () => {
  it("allows a lost write that landed and one that did not", () => {
    const history = historyOf(["a", "acked"], ["b", "lost"], ["c", "acked"], ["d", "lost"]);

    assert.deepEqual(history.check([insert("a"), modify("a", "b"), modify("b", "c")], "c"), []);
    assert.deepEqual(history.check([insert("a"), modify("a", "c"), modify("c", "d")], "d"), []);
  });

  it("flags an acknowledged write without a stream record", () => {
    const history = historyOf(["a", "acked"], ["b", "acked"]);

    const breaches = history.check([insert("a")], "a");

    assert.deepEqual(breaches, ["item: acknowledged write b has no stream record"]);
  });

  it("flags a second record for one change", () => {
    const history = historyOf(["a", "acked"], ["b", "acked"]);

    const breaches = history.check([insert("a"), modify("a", "b"), modify("b", "b")], "b");

    assert.match(breaches.join("\n"), /duplicate or out of order/);
  });

  it("flags an item that lost its last acknowledged value", () => {
    const history = historyOf(["a", "acked"], ["b", "acked"]);

    const breaches = history.check([insert("a"), modify("a", "b")], "a");

    assert.match(breaches.join("\n"), /holds a but its stream ends at b/);
  });

  it("allows an acknowledged delete of an absent item to leave no record", () => {
    const history = historyOf(["a", "acked"], [undefined, "acked"], [undefined, "acked"], ["b", "acked"]);

    assert.deepEqual(history.check([insert("a"), remove("a"), insert("b")], "b"), []);
  });

  it("flags a record of a rejected write", () => {
    const history = historyOf(["a", "acked"], ["b", "rejected"]);

    assert.match(history.check([insert("a"), modify("a", "b")], "b").join("\n"), /rejected write b/);
  });
});

describe("a queue's ledger", () => {
  const at = (sentAt: number, atMs: number, generation = 0): Timing => ({
    sentAt,
    at: atMs,
    generationSent: generation,
    generationAt: generation,
  });

  function ledgerWithDeleted(deleteAck: Timing): MessageLedger {
    const ledger = new MessageLedger();
    ledger.attempted.add("m");
    ledger.acknowledged.add("m");
    const [event] = ledger.received(["m"], "main", at(10, 20));
    ledger.deleted(event!, deleteAck);
    return ledger;
  }

  it("flags a message received after its delete was acknowledged", () => {
    const ledger = ledgerWithDeleted(at(25, 30));
    ledger.received(["m"], "main", at(40, 50));

    assert.match(ledger.commonBreaches().join("\n"), /m was received \(main\) 10 ms after its delete/);
  });

  it("does not hold a delete to its promise when a kill fell between the receive and the delete", () => {
    const ledger = ledgerWithDeleted({ ...at(25, 30), generationSent: 1, generationAt: 1 });
    ledger.received(["m"], "main", at(40, 50, 1));

    assert.deepEqual(ledger.commonBreaches(), []);
  });

  it("flags an acknowledged message that was never delivered, and a phantom", () => {
    const ledger = new MessageLedger();
    ledger.attempted.add("sent");
    ledger.acknowledged.add("sent");
    ledger.received(["phantom"], "dlq", at(1, 2));

    assert.deepEqual(ledger.commonBreaches(), [
      "received phantom, which was never sent",
      "acknowledged sent was never delivered",
    ]);
  });
});

describe("the kill schedule", () => {
  it("is the same for the same seed and differs for another", () => {
    assert.deepEqual(killSchedule(6, 10, 30_000), killSchedule(6, 10, 30_000));
    assert.notDeepEqual(killSchedule(6, 10, 30_000), killSchedule(7, 10, 30_000));
  });
});
