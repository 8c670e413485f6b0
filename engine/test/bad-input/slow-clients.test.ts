/**
 * Slow senders: a client dribbling its headers or its body is cut off with 408 once the headers
 * or request timeout passes, and never holds up anyone else. The timeouts are shortened here
 * (HttpServerLimits); the engine's defaults are 10 s for headers and 60 s for a whole request.
 */
import assert from "node:assert/strict";
import type { Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { LIST_QUEUES, readUntilClosed, startHttpServer, type TestServer } from "./support/http-server.ts";

const HEADERS_TIMEOUT_MS = 400;
const REQUEST_TIMEOUT_MS = 800;
/** Node checks the timeouts periodically (a quarter of the shorter one here), so allow slack. */
const SLACK_MS = 1_500;

/** Writes `text` a byte at a time, `everyMs` apart, until the socket closes. */
function dribble(socket: Socket, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable || i >= text.length) {
      clearInterval(timer);
      return;
    }
    socket.write(text[i++]!);
  }, everyMs);
  socket.once("close", () => clearInterval(timer));
}

describe("slow clients", () => {
  let server: TestServer;

  before(async () => {
    server = await startHttpServer({
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
  });
  after(() => server.close());

  it("answers a client dribbling its headers with 408 once the headers timeout passes", async () => {
    const socket = await server.open();
    const closed = readUntilClosed(socket, HEADERS_TIMEOUT_MS + SLACK_MS);
    dribble(socket, LIST_QUEUES, 50);
    const { text, ms } = await closed;
    assert.match(text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    assert.ok(ms >= HEADERS_TIMEOUT_MS - 50, `cut off after ${ms} ms`);
  });

  it("answers a client dribbling its body with 408 once the request timeout passes", async () => {
    const socket = await server.open();
    const closed = readUntilClosed(socket, REQUEST_TIMEOUT_MS + SLACK_MS);
    socket.write(
      "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n" +
        "X-Amz-Target: AmazonSQS.ListQueues\r\nContent-Length: 1000\r\n\r\n",
    );
    dribble(socket, `{"QueueNamePrefix":"${"x".repeat(900)}"}`, 50);
    const { text, ms } = await closed;
    assert.match(text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    assert.ok(ms >= REQUEST_TIMEOUT_MS - 50, `cut off after ${ms} ms`);
  });

  it("closes a connection that never sends a request once the headers timeout passes", async () => {
    const socket = await server.open();
    const { ms } = await readUntilClosed(socket, HEADERS_TIMEOUT_MS + SLACK_MS);
    assert.ok(ms >= HEADERS_TIMEOUT_MS - 50, `closed after ${ms} ms`);
  });

  it("answers other clients while one dribbles", async () => {
    const slow = await server.open();
    const slowClosed = readUntilClosed(slow, REQUEST_TIMEOUT_MS + SLACK_MS);
    dribble(slow, LIST_QUEUES, 100);
    const fast = await server.open();
    const answered = readUntilClosed(fast, SLACK_MS);
    fast.write(LIST_QUEUES);
    const { text, ms } = await answered;
    assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
    assert.ok(ms < HEADERS_TIMEOUT_MS, `answered after ${ms} ms`);
    await slowClosed;
  });
});
