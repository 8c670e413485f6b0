/**
 * One execution environment's log stream. Lambda gives every environment a stream of its own,
 * named `YYYY/MM/DD/[<version>]<32 hex>` after the day it started, in the function's log group.
 * Events are stamped with the clock and handed to the LogSink in batches: whatever arrived in one
 * turn of the event loop, and everything at the end of an invocation (so an Invoke's logs are
 * stored before its response is). Lines written during an invocation are also kept for its tail.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../shared/clock.ts";
import type { Logger } from "../shared/logger.ts";
import { LOG_TAIL_BYTES } from "./constants.ts";
import type { LogSink } from "./types.ts";

export function logStreamName(atMs: number, version: string): string {
  const day = new Date(atMs).toISOString().slice(0, 10).replaceAll("-", "/");
  return `${day}/[${version}]${randomBytes(16).toString("hex")}`;
}

export class EnvironmentLog {
  private pending: { timestamp: number; message: string }[] = [];
  private flushScheduled = false;
  private captured: string[] | undefined;

  constructor(
    readonly groupName: string,
    readonly streamName: string,
    private readonly deps: { clock: Clock; sink: LogSink; logger: Logger },
  ) {}

  write(message: string): void {
    this.pending.push({ timestamp: this.deps.clock.now(), message });
    this.captured?.push(message);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    try {
      this.deps.sink.append(this.groupName, this.streamName, events);
    } catch (error) {
      this.deps.logger.warn("lambda: function log events were not stored", {
        group: this.groupName,
        stream: this.streamName,
        error: String(error),
      });
    }
  }

  /** Starts keeping lines for a tail, dropping any kept before. */
  capture(): void {
    this.captured = [];
  }

  /** The last 4 KB of the lines kept since `capture()`, cut at a character boundary. */
  tail(): string {
    const text = Buffer.from((this.captured ?? []).join(""), "utf8");
    this.captured = undefined;
    if (text.length <= LOG_TAIL_BYTES) return text.toString("utf8");
    let start = text.length - LOG_TAIL_BYTES;
    // Skip UTF-8 continuation bytes so the tail does not open with half a character.
    while (start < text.length && ((text[start] ?? 0) & 0xc0) === 0x80) start++;
    return text.subarray(start).toString("utf8");
  }
}
