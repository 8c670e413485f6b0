/**
 * The engine's single HTTP endpoint. Routing order: engine control routes, then `X-Amz-Target`
 * (awsJson services), then `Action=` (awsQuery services, picked by the credential scope, the
 * path, or the action name).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { EncodedResponse } from "../protocol/aws-json.ts";
import { encodeJsonError } from "../protocol/aws-json.ts";
import { encodeQueryError, parseForm } from "../protocol/aws-query.ts";
import { ServiceError, UnknownOperationException } from "../protocol/errors.ts";
import { invokeOperation, jsonInputReader, queryInputReader } from "../services/dispatch.ts";
import type { ServiceRegistry } from "../services/registry.ts";
import type { Logger } from "../shared/logger.ts";
import { createContext, parseCredentialScope } from "./context.ts";
import { type ControlOptions, handleControl } from "./control.ts";

/** Largest body read for any request before a service-specific limit applies. */
export const MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 60_000;

export interface HttpServerOptions {
  registry: ServiceRegistry;
  control: ControlOptions;
  logger: Logger;
  /** Used for URLs when a request carries no Host header. */
  baseUrl: () => string;
}

class BodyTooLarge extends Error {}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers["content-length"]);
    if (declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners("data");
        request.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks, size)));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, encoded: EncodedResponse, requestId: string): void {
  if (response.headersSent || response.destroyed) return;
  const body = typeof encoded.body === "string" ? Buffer.from(encoded.body) : encoded.body;
  response.writeHead(encoded.status, {
    ...encoded.headers,
    "x-amzn-requestid": requestId,
    "content-length": String(body.length),
  });
  response.end(body);
}

export function createHttpServer(options: HttpServerOptions): Server {
  const { registry, logger } = options;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://engine");
    const target = request.headers["x-amz-target"];
    const contentType = request.headers["content-type"] ?? "";
    const scope = parseCredentialScope(request.headers, url.searchParams);

    if (url.pathname.startsWith("/_orderflow/")) {
      const body = await readBody(request, 1024 * 1024);
      const result = handleControl(request.method ?? "GET", url.pathname, body, options.control);
      const json = JSON.stringify(result.body);
      response.writeHead(result.status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(json),
      });
      response.end(json);
      return;
    }

    if (typeof target === "string" && target.length > 0) {
      const context = createContext(request.headers, scope, options.baseUrl(), "json");
      const dot = target.lastIndexOf(".");
      const service = dot > 0 ? registry.byTargetPrefix(target.slice(0, dot)) : undefined;
      if (!service) {
        send(
          response,
          encodeJsonError(new UnknownOperationException(), {
            namespace: "com.amazon.coral.service",
            jsonVersion: "1.0",
            queryCompatible: false,
          }),
          context.requestId,
        );
        return;
      }
      let body: Buffer;
      try {
        body = await readBody(request, service.maxRequestBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        send(response, tooLarge(service.maxRequestBytes, "json"), context.requestId);
        return;
      }
      const operation = target.slice(dot + 1);
      send(
        response,
        await invokeOperation(service, operation, jsonInputReader(service, operation, body), context, logger),
        context.requestId,
      );
      return;
    }

    const isForm = contentType.startsWith("application/x-www-form-urlencoded");
    if (isForm || url.searchParams.has("Action")) {
      const context = createContext(request.headers, scope, options.baseUrl(), "query");
      let body: Buffer;
      try {
        body = await readBody(request, MAX_REQUEST_BODY_BYTES);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        send(response, tooLarge(MAX_REQUEST_BODY_BYTES, "query"), context.requestId);
        return;
      }
      const params = parseForm(body, url.search);
      const action = params.get("Action");
      const service = registry.forQuery(scope?.service, url.pathname, action);
      if (!service || !action) {
        const error = action
          ? new ServiceError("InvalidAction", `The action ${action} is not valid for this web service.`)
          : new ServiceError("MissingAction", "The request must contain the parameter Action.");
        send(response, encodeQueryError(error, context.requestId), context.requestId);
        return;
      }
      service.completeQueryParams?.(params, url.pathname, context);
      send(
        response,
        await invokeOperation(service, action, queryInputReader(service, action, params), context, logger),
        context.requestId,
      );
      return;
    }

    const json = JSON.stringify({
      message: "No AWS service matches this request. Send an AWS API request (X-Amz-Target or Action=).",
    });
    response.writeHead(404, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(json),
    });
    response.end(json);
  }

  const server = createServer(
    { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, keepAliveTimeout: 65_000 },
    (request, response) => {
      handle(request, response).catch((error: unknown) => {
        logger.error("request failed", {
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
        if (!response.headersSent && !response.destroyed) {
          response.writeHead(500, { "content-type": "application/json" });
          response.end(
            JSON.stringify({
              __type: "com.amazon.coral.service#InternalFailure",
              message: "internal failure",
            }),
          );
        }
      });
    },
  );
  server.on("clientError", (_error, socket) => {
    if (socket.writable)
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });
  return server;
}

function tooLarge(limit: number, protocol: "json" | "query"): EncodedResponse {
  const error = new ServiceError("RequestEntityTooLarge", `Request body must be at most ${limit} bytes.`, {
    status: 413,
  });
  return protocol === "json"
    ? encodeJsonError(error, {
        namespace: "com.amazon.coral.service",
        jsonVersion: "1.0",
        queryCompatible: false,
      })
    : encodeQueryError(error, "");
}
