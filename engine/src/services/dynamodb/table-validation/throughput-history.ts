/**
 * Provisioned throughput changes: LastIncrease/LastDecrease times and the daily decrease budget
 * (AWS: 4 decreases per UTC day, then one more every 3600 seconds after the last one).
 */
import { LimitExceededException } from "../errors.ts";
import type { Throughput } from "../table-definition.ts";
import { decreasesToday } from "../table-description.ts";

export const FREE_DECREASES_PER_DAY = 4;
export const DECREASE_INTERVAL_AFTER_BUDGET_MS = 3600 * 1000;
const DAY_MS = 86_400_000;

export interface ThroughputHistory {
  lastIncreaseAt?: number;
  lastDecreaseAt?: number;
  decreasesToday?: number;
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Java's FULL date-time style in UTC, as DynamoDB prints it: "Thursday, October 8, 2026 at 11:20:48 PM Coordinated Universal Time". */
export function fullUtcDateTime(ms: number): string {
  const d = new Date(ms);
  const hours = d.getUTCHours();
  const two = (n: number) => String(n).padStart(2, "0");
  const time = `${hours % 12 === 0 ? 12 : hours % 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${hours < 12 ? "AM" : "PM"}`;
  return `${WEEKDAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} at ${time} Coordinated Universal Time`;
}

/** Records a change from `current` to `next` in `history`, or refuses a decrease over budget. */
export function recordThroughputChange(
  history: ThroughputHistory,
  current: Throughput,
  next: Throughput,
  now: number,
): void {
  const increase =
    next.readCapacityUnits > current.readCapacityUnits ||
    next.writeCapacityUnits > current.writeCapacityUnits;
  const decrease =
    next.readCapacityUnits < current.readCapacityUnits ||
    next.writeCapacityUnits < current.writeCapacityUnits;
  if (decrease) {
    const today = decreasesToday(history.lastDecreaseAt, history.decreasesToday, now);
    const last = history.lastDecreaseAt;
    if (
      today >= FREE_DECREASES_PER_DAY &&
      last !== undefined &&
      now - last < DECREASE_INTERVAL_AFTER_BUDGET_MS
    ) {
      const nextMidnight = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
      const nextAllowed = Math.min(last + DECREASE_INTERVAL_AFTER_BUDGET_MS, nextMidnight);
      throw new LimitExceededException(
        "Subscriber limit exceeded: Provisioned throughput decreases are limited within a given UTC day. " +
          `After the first ${FREE_DECREASES_PER_DAY} decreases, each subsequent decrease in the same UTC day can be performed at most once every 3600 seconds. ` +
          `Number of decreases today: ${today}. Last decrease at ${fullUtcDateTime(last)}. ` +
          `Next decrease can be made at ${fullUtcDateTime(nextAllowed)}`,
      );
    }
    history.decreasesToday = today + 1;
    history.lastDecreaseAt = now;
  }
  if (increase) history.lastIncreaseAt = now;
}
