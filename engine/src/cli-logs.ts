/**
 * `orderflow-engine logs <function-name | /log/group> [--follow] [--since 10m] [--endpoint URL]`:
 * prints a log group's events as `<ISO time> <stream> <message>`, read from a running engine
 * through the CloudWatch Logs API (FilterLogEvents) as any client would. A name that does not
 * start with `/` is a Lambda function's: its group is `/aws/lambda/<name>`. With --follow it
 * polls every second until interrupted, waiting for the group if the function has not run yet.
 *
 * The endpoint is --endpoint, else AWS_ENDPOINT_URL_CLOUDWATCH_LOGS or AWS_ENDPOINT_URL, else
 * the engine's default address; requests are signed (SigV4) with the usual AWS_* variables.
 */
import { createHash, createHmac } from "node:crypto";
import { parseArgs } from "node:util";

export const LOGS_USAGE =
  "usage: orderflow-engine logs <function-name | /log/group> [--follow] [--since 10m] [--endpoint URL]";

const DEFAULT_ENDPOINT = "http://127.0.0.1:4566";
/** As `aws logs tail`: without --since, the last ten minutes. */
const DEFAULT_SINCE = "10m";
const POLL_INTERVAL_MS = 1000;
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

export interface LogsCommandIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  /** Ends --follow. */
  signal?: AbortSignal;
}

interface FilteredEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  eventId: string;
}

class LogsApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The group a command-line name stands for. */
export const logGroupFor = (name: string): string => (name.startsWith("/") ? name : `/aws/lambda/${name}`);

/** `--since`: a duration back from `nowMs` (`30s`, `10m`, `2h`, `1d`, `1w`) or an ISO 8601 time. */
export function parseSince(text: string, nowMs: number): number {
  const duration = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(text.trim());
  if (duration) return nowMs - Number(duration[1]) * UNIT_MS[duration[2]!]!;
  const time = Date.parse(text);
  if (Number.isNaN(time))
    throw new Error(`--since must be a duration such as 10m, 2h, 1d, or an ISO time; got ${text}`);
  return time;
}

export const formatEvent = (event: Pick<FilteredEvent, "timestamp" | "logStreamName" | "message">): string =>
  `${new Date(event.timestamp).toISOString()} ${event.logStreamName} ${event.message.replace(/\r?\n$/, "")}`;

const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** One awsJson 1.1 call, signed with Signature Version 4 for the `logs` service. */
async function callLogs(
  endpoint: string,
  env: NodeJS.ProcessEnv,
  operation: string,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const url = new URL(endpoint);
  const body = JSON.stringify(input);
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
  const accessKey = env.AWS_ACCESS_KEY_ID ?? "test";
  const secretKey = env.AWS_SECRET_ACCESS_KEY ?? "test";
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, "");
  const day = amzDate.slice(0, 8);
  const target = `Logs_20140328.${operation}`;
  const headers: Record<string, string> = { host: url.host, "x-amz-date": amzDate, "x-amz-target": target };
  if (env.AWS_SESSION_TOKEN) headers["x-amz-security-token"] = env.AWS_SESSION_TOKEN;
  const signed = Object.keys(headers).sort();
  const canonical = [
    "POST",
    url.pathname || "/",
    "",
    ...signed.map((name) => `${name}:${headers[name]}\n`),
    signed.join(";"),
    sha256(body),
  ].join("\n");
  const scope = `${day}/${region}/logs/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, day), region), "logs"), "aws4_request");
  const signature = hmac(key, toSign).toString("hex");
  const { host: _host, ...sent } = headers;
  const response = await fetch(url, {
    method: "POST",
    headers: {
      ...sent,
      "content-type": "application/x-amz-json-1.1",
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKey}/${scope}, SignedHeaders=${signed.join(";")}, Signature=${signature}`,
    },
    body,
  });
  const text = await response.text();
  const output = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (!response.ok) {
    const code = String(output.__type ?? "UnknownError")
      .split("#")
      .pop()!;
    throw new LogsApiError(code, String(output.message ?? output.Message ?? code));
  }
  return output;
}

/** Every event of the group from `startTime` on, page by page. */
async function* filterAll(
  endpoint: string,
  env: NodeJS.ProcessEnv,
  logGroupName: string,
  startTime: number,
): AsyncGenerator<FilteredEvent> {
  let nextToken: string | undefined;
  do {
    const page = await callLogs(endpoint, env, "FilterLogEvents", {
      logGroupName,
      startTime,
      ...(nextToken && { nextToken }),
    });
    yield* (page.events as FilteredEvent[] | undefined) ?? [];
    nextToken = page.nextToken as string | undefined;
  } while (nextToken);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Runs the command; resolves with the process exit status. */
export async function runLogsCommand(argv: string[], io: LogsCommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      follow: { type: "boolean", short: "f", default: false },
      since: { type: "string", default: DEFAULT_SINCE },
      endpoint: { type: "string" },
    },
  });
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) {
    io.err(LOGS_USAGE);
    return 2;
  }
  const endpoint =
    values.endpoint ?? io.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS ?? io.env.AWS_ENDPOINT_URL ?? DEFAULT_ENDPOINT;
  const group = logGroupFor(name);
  let startTime = parseSince(values.since, Date.now());
  /** Events already printed at `startTime`, the newest timestamp seen: the next poll starts there. */
  let printedAtStart = new Set<string>();
  let waiting = false;
  for (;;) {
    try {
      for await (const event of filterAll(endpoint, io.env, group, startTime)) {
        if (event.timestamp === startTime && printedAtStart.has(event.eventId)) continue;
        if (event.timestamp > startTime) {
          startTime = event.timestamp;
          printedAtStart = new Set();
        }
        printedAtStart.add(event.eventId);
        io.out(formatEvent(event));
      }
    } catch (error) {
      if (!(error instanceof LogsApiError && error.code === "ResourceNotFoundException")) {
        const reason =
          error instanceof Error
            ? error.cause instanceof Error
              ? error.cause.message
              : error.message
            : String(error);
        io.err(`cannot read ${group} from ${endpoint}: ${reason}`);
        return 1;
      }
      if (!values.follow) {
        io.err(`log group ${group} does not exist`);
        return 1;
      }
      if (!waiting) io.err(`waiting for log group ${group} …`);
      waiting = true;
    }
    if (!values.follow || io.signal?.aborted) return 0;
    await sleep(POLL_INTERVAL_MS, io.signal);
    if (io.signal?.aborted) return 0;
  }
}

/** The command as the CLI runs it: the process's output and environment; Ctrl-C ends --follow. */
export function logsMain(argv: string[]): Promise<number> {
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  process.once("SIGTERM", () => stop.abort());
  return runLogsCommand(argv, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    signal: stop.signal,
  });
}
