/** The load generator's one-line progress display. */
import type { SendStats } from "./send.ts";

export function progressLine(stats: Readonly<SendStats>): string {
  const seconds = stats.elapsedMs / 1000;
  const rate = seconds > 0 ? stats.acknowledged / seconds : 0;
  const line = `sent ${stats.sent} · acknowledged ${stats.acknowledged} · ${rate.toFixed(1)}/s · errors ${stats.errors} · ${seconds.toFixed(1)} s`;
  return stats.lastError === undefined ? line : `${line} · last error ${stats.lastError}`;
}

/** Redraws the line in place on a terminal; elsewhere (a pipe, a log) prints one every few seconds. */
export function showProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  read: () => Readonly<SendStats>,
): { stop(final: Readonly<SendStats>): void } {
  const tty = stream.isTTY === true;
  const draw = () => {
    const line = progressLine(read());
    if (tty) stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 200) - 1)}`);
    else stream.write(`${line}\n`);
  };
  const timer = setInterval(draw, tty ? 200 : 5000);
  return {
    stop(final) {
      clearInterval(timer);
      stream.write(`${tty ? "\r\x1b[2K" : ""}${progressLine(final)}\n`);
    },
  };
}
