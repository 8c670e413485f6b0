/** The load generator's command line. */
import { resolve } from "node:path";
import { parseArgs } from "node:util";

export const USAGE = `usage: npm run orders -- (--queue-url URL | --queue NAME)
         [--rate N | --interval SECONDS] [--duration 60s | --count N]
         [--file batch.json [--repeat N]] [--endpoint-url URL] [--region R]

  Sends seed-000 orders at a rate (default ${10} a second, seed 000's \`orders.py -i 0.1\`) until
  the duration or count is reached or Ctrl+C; or replays a SendMessageBatch file (seed 001's
  test batch) --repeat times, as fast as SQS takes it unless a rate is given.
  Durations: 500ms, 30s, 2m, 1h, or plain seconds.`;

/** Seed 000 sends an order every 0.1 s. */
export const DEFAULT_RATE_PER_SECOND = 10;

export interface OrdersOptions {
  queueUrl?: string;
  queueName?: string;
  /** Messages a second; undefined sends as fast as SQS acknowledges (file replay only). */
  ratePerSecond: number | undefined;
  count?: number;
  durationMs?: number;
  /** An absolute path. */
  file?: string;
  repeat: number;
  endpointUrl?: string;
  region?: string;
}

export class UsageError extends Error {}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new UsageError(`not a duration: ${text} (try 500ms, 30s, 2m, 1h)`);
  const ms = Number(match[1]) * UNIT_MS[match[2] ?? "s"]!;
  if (ms <= 0) throw new UsageError(`the duration must be more than zero: ${text}`);
  return ms;
}

function positive(name: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value)))
    throw new UsageError(`--${name} must be a positive ${integer ? "integer" : "number"}, got ${text}`);
  return value;
}

/** `baseDir` resolves a relative --file: npm runs scripts in the workspace, so pass INIT_CWD. */
export function parseOrdersArgs(argv: string[], baseDir: string): OrdersOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        "queue-url": { type: "string" },
        queue: { type: "string", short: "q" },
        rate: { type: "string", short: "r" },
        interval: { type: "string", short: "i" },
        duration: { type: "string", short: "d" },
        count: { type: "string", short: "c" },
        file: { type: "string", short: "f" },
        repeat: { type: "string", short: "n" },
        "endpoint-url": { type: "string" },
        region: { type: "string" },
      },
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if ((values["queue-url"] === undefined) === (values.queue === undefined))
    throw new UsageError("give one of --queue-url or --queue");
  if (values.rate !== undefined && values.interval !== undefined)
    throw new UsageError("give --rate or --interval, not both");
  if (values.repeat !== undefined && values.file === undefined) throw new UsageError("--repeat needs --file");
  const rate = positive("rate", values.rate, false);
  const interval = positive("interval", values.interval, false);
  const paced = rate ?? (interval === undefined ? undefined : 1 / interval);
  return {
    queueUrl: values["queue-url"],
    queueName: values.queue,
    ratePerSecond: paced ?? (values.file === undefined ? DEFAULT_RATE_PER_SECOND : undefined),
    count: positive("count", values.count, true),
    durationMs: values.duration === undefined ? undefined : parseDuration(values.duration),
    file: values.file === undefined ? undefined : resolve(baseDir, values.file),
    repeat: positive("repeat", values.repeat, true) ?? 1,
    endpointUrl: values["endpoint-url"],
    region: values.region,
  };
}
