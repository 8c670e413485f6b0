/**
 * The Lambda Runtime API for one execution environment, on a loopback port of its own
 * (AWS_LAMBDA_RUNTIME_API=127.0.0.1:<port>). AWS: "Using the Lambda runtime API for custom runtimes":
 *
 *   GET  /2018-06-01/runtime/invocation/next             waits for an invocation; its headers carry
 *        Lambda-Runtime-Aws-Request-Id, -Deadline-Ms, -Invoked-Function-Arn, -Client-Context
 *   POST /2018-06-01/runtime/invocation/{id}/response    202
 *   POST /2018-06-01/runtime/invocation/{id}/error       202 (Lambda-Runtime-Function-Error-Type)
 *   POST /2018-06-01/runtime/init/error                  202
 *
 * A request is acted on only once the runtime's output written before it has been read (the mark
 * frames of log-frames.ts), so an invocation's log lines always precede its END line.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { EnvironmentInvocation } from "../environment.ts";

const API_PREFIX = "/2018-06-01/runtime";
const INVOCATION_PATH = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;
/** The engine clock's lead over real time, so the runtime stamps its log lines in the clock's time. */
export const CLOCK_OFFSET_HEADER = "Lambda-Runtime-Orderflow-Clock-Offset-Ms";

export interface RuntimeApiEvents {
  /** The runtime asked for its first invocation: initialization is over. */
  ready(): void;
  initError(document: Buffer, errorType: string): void;
  response(requestId: string, payload: Buffer): void;
  error(requestId: string, document: Buffer, errorType: string): void;
}

export class RuntimeApiServer {
  private readonly server: Server;
  private waitingNext: ServerResponse | undefined;
  private queued: EnvironmentInvocation | undefined;
  private currentRequestId: string | undefined;
  private initialized = false;
  private requestsSeen = 0;
  private marksRead = 0;
  private outputClosed = false;
  private readonly outputWaiters: { upTo: number; resume: () => void }[] = [];

  constructor(private readonly events: RuntimeApiEvents) {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch(() => {
        if (!response.headersSent)
          reply(response, 500, { errorMessage: "Internal error", errorType: "ServiceException" });
      });
    });
    // The runtime keeps one connection and waits on it for as long as the environment is idle.
    this.server.keepAliveTimeout = 0;
    this.server.requestTimeout = 0;
    this.server.on("connection", (socket) => socket.unref());
    this.server.unref();
  }

  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => {
        const { port } = this.server.address() as AddressInfo;
        resolve(`127.0.0.1:${port}`);
      });
    });
  }

  /** The runtime's output up to one of its requests has been read. */
  outputMarked(): void {
    this.marksRead++;
    this.resumeWaiters();
  }

  /** The runtime is gone: nothing more will be written. */
  outputEnded(): void {
    this.outputClosed = true;
    this.resumeWaiters();
  }

  private resumeWaiters(): void {
    for (let i = this.outputWaiters.length - 1; i >= 0; i--) {
      const waiter = this.outputWaiters[i]!;
      if (this.outputClosed || waiter.upTo <= this.marksRead) {
        this.outputWaiters.splice(i, 1);
        waiter.resume();
      }
    }
  }

  private outputUpTo(request: number): Promise<void> {
    if (this.outputClosed || request <= this.marksRead) return Promise.resolve();
    return new Promise((resume) => this.outputWaiters.push({ upTo: request, resume }));
  }

  dispatch(invocation: EnvironmentInvocation): void {
    this.currentRequestId = invocation.requestId;
    const waiting = this.waitingNext;
    this.waitingNext = undefined;
    if (waiting && !waiting.destroyed) this.send(waiting, invocation);
    else this.queued = invocation;
  }

  private send(response: ServerResponse, invocation: EnvironmentInvocation): void {
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "Lambda-Runtime-Aws-Request-Id": invocation.requestId,
      "Lambda-Runtime-Deadline-Ms": String(invocation.deadlineMs),
      "Lambda-Runtime-Invoked-Function-Arn": invocation.invokedFunctionArn,
      [CLOCK_OFFSET_HEADER]: String(invocation.clockOffsetMs),
    };
    if (invocation.clientContext !== undefined) {
      headers["Lambda-Runtime-Client-Context"] = asciiJson(invocation.clientContext);
    }
    response.writeHead(200, headers);
    response.end(invocation.payload);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const sequence = ++this.requestsSeen;
    const body = await readBody(request);
    await this.outputUpTo(sequence);
    const path = request.url ?? "";
    if (request.method === "GET" && path === `${API_PREFIX}/invocation/next`) {
      if (!this.initialized) {
        this.initialized = true;
        this.events.ready();
      }
      const queued = this.queued;
      this.queued = undefined;
      if (queued) this.send(response, queued);
      else this.waitingNext = response;
      return;
    }
    const errorType = String(request.headers["lambda-runtime-function-error-type"] ?? "Unhandled");
    if (request.method === "POST" && path === `${API_PREFIX}/init/error`) {
      reply(response, 202, { status: "OK" });
      this.events.initError(body, errorType);
      return;
    }
    const match = request.method === "POST" ? INVOCATION_PATH.exec(path) : null;
    if (!match) {
      reply(response, 404, { errorMessage: "Unknown Runtime API path", errorType: "InvalidRequest" });
      return;
    }
    const requestId = decodeURIComponent(match[1]!);
    if (requestId !== this.currentRequestId) {
      reply(response, 400, { errorMessage: "Invalid request ID", errorType: "InvalidRequestID" });
      return;
    }
    this.currentRequestId = undefined;
    reply(response, 202, { status: "OK" });
    if (match[2] === "response") this.events.response(requestId, body);
    else this.events.error(requestId, body, errorType);
  }

  close(): Promise<void> {
    this.waitingNext?.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function reply(response: ServerResponse, status: number, document: unknown): void {
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify(document));
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** A header value must be Latin-1 text: JSON with every other character escaped. */
const asciiJson = (json: string): string =>
  JSON.stringify(JSON.parse(json)).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
