import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../../src/shared/clock.ts";

describe("VirtualClock", () => {
  it("fires timers in due order as it advances", () => {
    const clock = new VirtualClock({ startMs: 1_000_000 });
    const fired: string[] = [];
    clock.setTimer(300, () => fired.push("b"));
    clock.setTimer(100, () => fired.push("a"));
    clock.setTimer(5_000, () => fired.push("late"));
    clock.advance(1_000);
    assert.deepEqual(fired, ["a", "b"]);
  });

  it("reads a timer's due time while it runs, so re-armed timers keep their cadence", () => {
    const clock = new VirtualClock({ startMs: 0 });
    const seen: number[] = [];
    const tick = () => {
      seen.push(clock.now());
      if (seen.length < 20) clock.setTimer(1_000, tick);
    };
    clock.setTimer(1_000, tick);
    clock.advance(10_000);
    // Time stands at each timer's due time while it runs, however slow the machine.
    assert.equal(seen.length, 10);
    assert.deepEqual(
      seen.slice(1).map((at, i) => at - seen[i]!),
      Array(seen.length - 1).fill(1_000),
    );
  });

  it("ends an advance at the requested time and never moves backwards", () => {
    const clock = new VirtualClock({ startMs: 5_000 });
    const before = clock.now();
    const after = clock.advance(60_000);
    assert.ok(after - before >= 60_000 && after - before < 61_000);
    assert.throws(() => clock.advance(-1), RangeError);
  });

  it("does not fire a cancelled timer", () => {
    const clock = new VirtualClock();
    let fired = false;
    clock
      .setTimer(10, () => {
        fired = true;
      })
      .cancel();
    clock.advance(100);
    assert.equal(fired, false);
  });

  it("lists how long each pending timer has left, without the cancelled ones", () => {
    const clock = new VirtualClock({ flowing: false });
    clock.setTimer(20_000, () => {});
    clock.setTimer(5_000, () => {}).cancel();
    clock.setTimer(2_000, () => {});
    clock.advance(1_000);
    assert.deepEqual(clock.pendingDelays(), [1_000, 19_000]);
  });
});
