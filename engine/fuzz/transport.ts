/**
 * Sends a raw request over node:net and reads the first response, with the sender's behaviour as a
 * parameter: all at once, dribbled a few bytes at a time, or hanging up part way through.
 */
import { connect } from "node:net";
import type { Random } from "./prng.ts";

export type Delivery =
  | { kind: "whole" }
  /** Chunks of 1–`maxChunk` bytes, `delayMs` apart, for the first `bytes` bytes; the rest at once. */
  | { kind: "dribble"; bytes: number; maxChunk: number; delayMs: number }
  /** Sends the first `bytes` bytes, then destroys the socket. */
  | { kind: "hang-up"; bytes: number };

export interface RawResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export type Outcome =
  | { kind: "response"; response: RawResponse; ms: number }
  /** The engine closed the connection without a (complete) response. */
  | { kind: "closed"; ms: number; partial: number }
  | { kind: "timeout"; ms: number }
  | { kind: "hung-up" };

export function chooseDelivery(rng: Random, size: number): Delivery {
  return rng.weighted<Delivery>([
    [20, { kind: "whole" }],
    [
      1,
      {
        kind: "dribble",
        bytes: Math.min(size, rng.int(20, 400)),
        maxChunk: rng.int(1, 8),
        delayMs: rng.int(1, 15),
      },
    ],
    [1, { kind: "hang-up", bytes: rng.int(0, size) }],
  ]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function sendRaw(
  port: number,
  bytes: Buffer,
  delivery: Delivery,
  timeoutMs: number,
  options: { head?: boolean; halfClose?: boolean } = {},
): Promise<Outcome> {
  const head = options.head ?? false;
  return new Promise((resolve) => {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const socket = connect(port, "127.0.0.1");
    const received: Buffer[] = [];
    let receivedBytes = 0;
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ kind: "timeout", ms: elapsed() }), timeoutMs);
    const tryParse = () => {
      const response = parseResponse(Buffer.concat(received, receivedBytes), false, head);
      if (response) finish({ kind: "response", response, ms: elapsed() });
    };
    socket.on("data", (chunk: Buffer) => {
      received.push(chunk);
      receivedBytes += chunk.length;
      tryParse();
    });
    socket.on("error", () => {
      // ECONNRESET and the like: what was read decides below.
    });
    socket.on("close", () => {
      if (settled) return;
      const response = parseResponse(Buffer.concat(received, receivedBytes), true, head);
      if (response) finish({ kind: "response", response, ms: elapsed() });
      else finish({ kind: "closed", ms: elapsed(), partial: receivedBytes });
    });
    socket.on("connect", () => {
      (async () => {
        if (delivery.kind === "hang-up") {
          await write(socket, bytes.subarray(0, delivery.bytes));
          settled = true;
          clearTimeout(timer);
          socket.destroy();
          resolve({ kind: "hung-up" });
          return;
        }
        let offset = 0;
        if (delivery.kind === "dribble") {
          while (offset < delivery.bytes && !socket.destroyed) {
            const size = Math.min(delivery.bytes - offset, 1 + Math.floor(Math.random() * delivery.maxChunk));
            await write(socket, bytes.subarray(offset, offset + size));
            offset += size;
            await sleep(delivery.delayMs);
          }
        }
        if (!socket.destroyed) await write(socket, bytes.subarray(offset));
        // Half-close: a request shorter than its Content-Length ends here instead of waiting for
        // the engine's request timeout. (Node drops a half-closed client's pending answer, so a
        // complete request keeps its side open.)
        if (options.halfClose && !socket.destroyed) socket.end();
      })().catch(() => {
        // the engine answered (or closed) before the upload ended; the response decides
      });
    });
  });
}

function write(socket: import("node:net").Socket, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed || chunk.length === 0) {
      resolve();
      return;
    }
    socket.write(chunk, () => resolve());
  });
}

/** The first HTTP/1.1 response in `data`, or undefined while it is incomplete. */
export function parseResponse(data: Buffer, atEnd: boolean, head = false): RawResponse | undefined {
  const end = data.indexOf("\r\n\r\n");
  if (end === -1) return undefined;
  const [statusLine = "", ...lines] = data.subarray(0, end).toString("latin1").split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!status) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const rest = data.subarray(end + 4);
  const code = Number(status[1]);
  if (head || code === 204 || code === 304) return { status: code, headers, body: Buffer.alloc(0) };
  const length = headers["content-length"];
  if (length !== undefined) {
    const n = Number(length);
    if (rest.length < n) return undefined;
    return { status: code, headers, body: rest.subarray(0, n) };
  }
  if (!atEnd) return undefined;
  return { status: code, headers, body: rest };
}
