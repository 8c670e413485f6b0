/**
 * The engine's HTTP endpoint alone (SQS behind it), with limits a test can shorten: what the
 * slow-client and connection-limit tests need without waiting out the real 10- and 60-second
 * timeouts. Raw sockets talk to it.
 */
import type { Server } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { createTrustingAuthenticator } from "../../../src/server/auth.ts";
import { CredentialStore, DEFAULT_ACCESS_KEY } from "../../../src/server/credentials.ts";
import { createHttpServer, type HttpServerLimits } from "../../../src/server/http-server.ts";
import { ServiceRegistry } from "../../../src/services/registry.ts";
import { createSqsService } from "../../../src/services/sqs/index.ts";
import { VirtualClock } from "../../../src/shared/clock.ts";
import { createLogger } from "../../../src/shared/logger.ts";
import { openDatabase } from "../../../src/storage/database.ts";

export interface TestServer {
  port: number;
  open(): Promise<Socket>;
  close(): Promise<void>;
}

export async function startHttpServer(limits: Partial<HttpServerLimits>): Promise<TestServer> {
  const clock = new VirtualClock({ flowing: false });
  const db = openDatabase({ inMemory: true });
  const registry = new ServiceRegistry();
  const sqs = createSqsService({ db, clock });
  registry.register(sqs.definition);
  const credentials = new CredentialStore(clock);
  credentials.configure([DEFAULT_ACCESS_KEY]);
  let endpoint = "";
  const server: Server = createHttpServer({
    registry,
    logger: createLogger("silent"),
    baseUrl: () => endpoint,
    authenticator: createTrustingAuthenticator(credentials),
    control: { clock, services: ["sqs"], enabled: false, startedAt: Date.now() },
    limits,
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  endpoint = `http://127.0.0.1:${port}`;
  return {
    port,
    open: () =>
      new Promise((resolve, reject) => {
        const socket = connect(port, "127.0.0.1");
        socket.once("connect", () => resolve(socket)).once("error", reject);
      }),
    async close() {
      sqs.definition.close?.();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      db.close();
    },
  };
}

/** Everything the engine sends on `socket` until it closes it, and how long that took. */
export function readUntilClosed(socket: Socket, limitMs: number): Promise<{ text: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the engine kept the connection open for ${limitMs} ms`));
    }, limitMs);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => {
      // a reset after the answer: what was read decides
    });
    socket.once("close", () => {
      clearTimeout(timer);
      resolve({ text: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started });
    });
  });
}

export const LIST_QUEUES =
  "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n" +
  "X-Amz-Target: AmazonSQS.ListQueues\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
