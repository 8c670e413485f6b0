/**
 * What a handler's Powertools Logger prints, as CloudWatch Logs would receive it: JSON lines on
 * stdout and stderr. Lines that are not the logger's pass through untouched.
 */
import { Logger } from "@aws-lambda-powertools/logger";

export interface LogEntry {
  level: string;
  message: string;
  service: string;
  [key: string]: unknown;
}

/** A logger that prints nothing, for tests that do not look at logs. */
export const silentLogger = (): Logger => new Logger({ serviceName: "buffer-writer", logLevel: "SILENT" });

function asLogEntry(line: string): LogEntry | undefined {
  try {
    const parsed = JSON.parse(line) as Partial<LogEntry>;
    return typeof parsed.level === "string" && typeof parsed.service === "string"
      ? (parsed as LogEntry)
      : undefined;
  } catch {
    return undefined;
  }
}

export async function captureLogs<T>(act: () => Promise<T>): Promise<{ result: T; entries: LogEntry[] }> {
  const entries: LogEntry[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  streams.forEach((stream, i) => {
    const original = originals[i]!;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const caught = String(chunk)
        .split("\n")
        .filter((line) => line !== "")
        .map(asLogEntry);
      if (caught.length > 0 && caught.every((entry) => entry !== undefined)) {
        entries.push(...(caught as LogEntry[]));
        return true;
      }
      return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof stream.write;
  });
  try {
    return { result: await act(), entries };
  } finally {
    streams.forEach((stream, i) => {
      stream.write = originals[i]!;
    });
  }
}
