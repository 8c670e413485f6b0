/**
 * The engine's single HTTP endpoint. Routing order: engine control routes, then awsJson
 * (`X-Amz-Target`, or an `application/x-amz-json-*` body without one), then awsQuery (`Action=` in
 * a form body or the query string; the service picked by the credential scope, the path, or the
 * action name).
 *
 * Every failure a client can provoke ends in a well-formed AWS error of the request's protocol:
 * bodies over the service's limit (413), unknown targets and actions, malformed input, a
 * connection beyond the connection limit (503), and unexpected faults (500 InternalFailure).
 * Slow senders get 408 once the headers or request timeout passes (HttpServerLimits) and never
 * hold up other requests; a client that hangs up ends its long poll.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { EncodedResponse } from "../protocol/aws-json.ts";
import { encodeJsonError } from "../protocol/aws-json.ts";
import { encodeQueryError, parseForm } from "../protocol/aws-query.ts";
import {
  InternalFailure,
  MissingAction,
  RequestEntityTooLarge,
  ServiceError,
  ServiceUnavailable,
  UnknownAction,
  UnknownOperationException,
} from "../protocol/errors.ts";
import { matchRestRoute } from "../protocol/rest-json.ts";
import {
  encodeServiceError,
  invokeOperation,
  jsonInputReader,
  queryInputReader,
  restInputReader,
} from "../services/dispatch.ts";
import type { Authorizer } from "../services/iam/enforcement.ts";
import type { ServiceRegistry } from "../services/registry.ts";
import type { ServiceDefinition } from "../services/service.ts";
import type { Logger } from "../shared/logger.ts";
import type { Authenticator } from "./auth.ts";
import { type CredentialScope, createContext, parseCredentialScope, type RequestContext } from "./context.ts";
import { type ControlOptions, handleControl } from "./control.ts";

/** Largest body read for a request whose service is not known until its body is parsed. */
const MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;
const MAX_CONTROL_BODY_BYTES = 1024 * 1024;

/** What a client may cost the engine: time to send a request, and connections held open. */
export interface HttpServerLimits {
  /** Time a client has to send its request line and headers; then it gets 408 and is closed. */
  headersTimeoutMs: number;
  /** Time a client has to send a whole request, body included; then it gets 408 and is closed. */
  requestTimeoutMs: number;
  /** How long an idle kept-alive connection is held open between requests. */
  keepAliveTimeoutMs: number;
  /**
   * Connections served at once. A request on a connection beyond it is answered 503
   * ServiceUnavailable (which the SDKs retry) and the connection closed; beyond twice as many,
   * node refuses the connection outright.
   */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: HttpServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 65_000,
  maxConnections: 1_000,
};

export interface HttpServerOptions {
  registry: ServiceRegistry;
  control: ControlOptions;
  logger: Logger;
  /** Used for URLs when a request carries no Host header. */
  baseUrl: () => string;
  /** Who sent each request (`--auth`). */
  authenticator: Authenticator;
  /** Whether the caller may make the call (`--iam`); absent means every call is allowed. */
  authorizer?: Authorizer;
  /** Defaults: DEFAULT_HTTP_LIMITS. */
  limits?: Partial<HttpServerLimits>;
}

class BodyTooLarge extends Error {}
/** The client went away (or broke the stream) before its body was complete; nobody is left to answer. */
class RequestAborted extends Error {}

function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers["content-length"]) > limitBytes) {
      reject(new BodyTooLarge());
      return;
    }
    let chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      request.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        chunks = [];
        // Keep reading and dropping the rest: a client that is still uploading only sees the
        // 413 once its upload is taken (closing early gives it EPIPE instead of an answer).
        // The request timeout bounds a body that never ends.
        request.resume();
        settle(() => reject(new BodyTooLarge()));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, size)));
    const onError = () => settle(() => reject(new RequestAborted()));
    const onClose = () => settle(() => reject(new RequestAborted()));
    request.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
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

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  if (response.headersSent || response.destroyed) return;
  const json = JSON.stringify(value);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
  });
  response.end(json);
}

/** An error for a request no registered service claims: Coral's generic shape, no service namespace. */
function encodeUnclaimed(error: ServiceError, protocol: RequestContext["protocol"], requestId: string) {
  return protocol === "query"
    ? encodeQueryError(error, requestId)
    : encodeJsonError(error, {
        namespace: "com.amazon.coral.service",
        jsonVersion: "1.0",
        queryCompatible: false,
      });
}

/**
 * The request target as a URL. Read relative to the origin, not resolved against it: `//x` is a
 * path here (as it is to AWS), where `new URL("//x", base)` reads a host or throws.
 */
function requestUrl(target: string): URL {
  try {
    return new URL(`http://engine${target.startsWith("/") ? target : `/${target}`}`);
  } catch {
    return new URL("http://engine/");
  }
}

/** What is known about a request while it is routed; the service once one claims it. */
interface Route {
  context: RequestContext;
  scope: CredentialScope | undefined;
  service: ServiceDefinition | undefined;
}

/** Statuses for requests node cannot parse or that arrive too slowly (the rest are 400). */
const CLIENT_ERROR_STATUS: Record<string, string> = {
  ERR_HTTP_REQUEST_TIMEOUT: "408 Request Timeout",
  HPE_HEADER_OVERFLOW: "431 Request Header Fields Too Large",
};

export function createHttpServer(options: HttpServerOptions): Server {
  const { registry, logger } = options;
  const limits: HttpServerLimits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  let openConnections = 0;
  /** Connections accepted beyond `maxConnections`: their request is answered 503 and they close. */
  const overLimit = new WeakSet<Socket>();

  /** Sets the request's principal, or throws the addressed service's authentication error. */
  const authenticate = (request: IncomingMessage, body: Buffer, route: Route): void => {
    route.context.principal = options.authenticator.authenticate(
      { method: request.method ?? "GET", rawUrl: request.url ?? "/", headers: request.headers, body },
      route.scope,
      route.service,
      route.context.protocol,
    );
  };

  /**
   * The body of a request `service` claimed, read up to its limit and authenticated; undefined once
   * the 413 for a longer one has been sent in the service's protocol.
   */
  const serviceBody = async (
    request: IncomingMessage,
    response: ServerResponse,
    route: Route,
    service: ServiceDefinition,
  ): Promise<Buffer | undefined> => {
    let body: Buffer;
    try {
      body = await readBody(request, service.maxRequestBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      const tooLarge = new RequestEntityTooLarge(service.maxRequestBytes);
      send(response, encodeServiceError(service, route.context, tooLarge), route.context.requestId);
      return undefined;
    }
    authenticate(request, body, route);
    return body;
  };

  const invoke = (
    service: ServiceDefinition,
    operation: string,
    reader: () => Record<string, unknown>,
    context: RequestContext,
  ) => invokeOperation(service, operation, reader, context, logger, options.authorizer);

  /** The JSON service a signed request without a usable target was meant for. */
  const jsonServiceFor = (scope: CredentialScope | undefined): ServiceDefinition | undefined =>
    scope
      ? registry.all.find((s) => s.model.metadata.targetPrefix && s.signingNames.includes(scope.service))
      : undefined;

  async function handleJson(
    request: IncomingMessage,
    response: ServerResponse,
    route: Route,
    target: string,
  ) {
    const { context } = route;
    const dot = target.lastIndexOf(".");
    const byTarget = dot > 0 ? registry.byTargetPrefix(target.slice(0, dot)) : undefined;
    const service = byTarget ?? jsonServiceFor(route.scope);
    route.service = service;
    if (!service) {
      send(
        response,
        encodeUnclaimed(new UnknownOperationException(), "json", context.requestId),
        context.requestId,
      );
      return;
    }
    if (!byTarget) {
      // AWS: a missing target is Coral's UnknownOperationException, without a message.
      const error = target
        ? service.unknownOperation(target, "json")
        : new UnknownOperationException(
            service.model.metadata.awsQueryCompatible ? "InvalidAction" : undefined,
          );
      send(response, encodeServiceError(service, context, error), context.requestId);
      return;
    }
    const body = await serviceBody(request, response, route, service);
    if (!body) return;
    const operation = target.slice(dot + 1);
    const reader = jsonInputReader(service, operation, body);
    send(response, await invoke(service, operation, reader, context), context.requestId);
  }

  async function handleQuery(request: IncomingMessage, response: ServerResponse, route: Route, url: URL) {
    const { context } = route;
    // The credential scope or the path usually names the service before the body is read.
    const known = registry.forQuery(route.scope?.service, url.pathname, undefined);
    route.service = known;
    const limitBytes = known?.maxRequestBytes ?? MAX_REQUEST_BODY_BYTES;
    let body: Buffer;
    try {
      body = await readBody(request, limitBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      const tooLarge = new RequestEntityTooLarge(limitBytes);
      const encoded = known
        ? encodeServiceError(known, context, tooLarge)
        : encodeUnclaimed(tooLarge, "query", context.requestId);
      send(response, encoded, context.requestId);
      return;
    }
    const params = parseForm(body, url.search);
    const action = params.get("Action");
    const service = known ?? registry.forQuery(undefined, url.pathname, action);
    route.service = service;
    authenticate(request, body, route);
    if (!action || !service) {
      const error = action ? new UnknownAction(action) : new MissingAction();
      const encoded = service
        ? encodeServiceError(service, context, error)
        : encodeUnclaimed(error, "query", context.requestId);
      send(response, encoded, context.requestId);
      return;
    }
    service.completeQueryParams?.(params, url.pathname, context);
    const reader = queryInputReader(service, action, params);
    send(response, await invoke(service, action, reader, context), context.requestId);
  }

  /**
   * A restJson request: the service is the one whose model routes this method and path (the
   * signed-for service first, since paths of different services could overlap).
   */
  async function handleRest(request: IncomingMessage, response: ServerResponse, route: Route, url: URL) {
    const { context } = route;
    const method = request.method ?? "GET";
    const candidates = registry.all.filter((s) => s.model.metadata.protocol === "rest-json");
    candidates.sort(
      (a, b) =>
        Number(b.signingNames.includes(route.scope?.service ?? "")) -
        Number(a.signingNames.includes(route.scope?.service ?? "")),
    );
    for (const service of candidates) {
      const match = matchRestRoute(service.model, method, url.pathname, url.searchParams);
      if (!match) continue;
      route.service = service;
      if (match === "method") {
        send(
          response,
          encodeServiceError(service, context, new UnknownOperationException()),
          context.requestId,
        );
        return;
      }
      const body = await serviceBody(request, response, route, service);
      if (!body) return;
      const reader = restInputReader(service, match.operation, {
        labels: match.labels,
        search: url.searchParams,
        headers: request.headers,
        body,
      });
      send(response, await invoke(service, match.operation, reader, context), context.requestId);
      return;
    }
    sendJson(response, 404, {
      message:
        "No AWS service matches this request. Send an AWS API request (X-Amz-Target, Action= or a REST path).",
    });
  }

  async function handleControlRoute(request: IncomingMessage, response: ServerResponse, url: URL) {
    let body: Buffer;
    try {
      body = await readBody(request, MAX_CONTROL_BODY_BYTES);
    } catch (error) {
      if (error instanceof RequestAborted) return;
      if (!(error instanceof BodyTooLarge)) throw error;
      sendJson(response, 413, { message: `control requests are limited to ${MAX_CONTROL_BODY_BYTES} bytes` });
      return;
    }
    const result = handleControl(
      request.method ?? "GET",
      url.pathname,
      body,
      options.control,
      url.searchParams,
    );
    sendJson(response, result.status, result.body);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = requestUrl(request.url ?? "/");
    if (url.pathname.startsWith("/_orderflow/")) {
      await handleControlRoute(request, response, url);
      return;
    }
    const target = request.headers["x-amz-target"];
    const contentType = request.headers["content-type"] ?? "";
    const protocol: RequestContext["protocol"] =
      typeof target === "string" || contentType.startsWith("application/x-amz-json-")
        ? "json"
        : contentType.startsWith("application/x-www-form-urlencoded") || url.searchParams.has("Action")
          ? "query"
          : "rest";
    const scope = parseCredentialScope(request.headers, url.searchParams);
    const context = createContext(request.headers, scope, options.baseUrl(), protocol);
    const route: Route = { context, scope, service: undefined };
    // A long poll whose client has gone away ends at once instead of holding its waiter.
    const abandoned = new AbortController();
    response.once("close", () => {
      if (!response.writableFinished) abandoned.abort();
    });
    context.signal = abandoned.signal;
    if (overLimit.has(request.socket)) {
      response.shouldKeepAlive = false;
      const busy = new ServiceUnavailable(limits.maxConnections);
      send(response, encodeUnclaimed(busy, protocol, context.requestId), context.requestId);
      return;
    }
    try {
      if (protocol === "json")
        await handleJson(request, response, route, typeof target === "string" ? target : "");
      else if (protocol === "query") await handleQuery(request, response, route, url);
      else await handleRest(request, response, route, url);
    } catch (error) {
      if (error instanceof RequestAborted) {
        logger.debug("client went away before its request was complete", { requestId: context.requestId });
        return;
      }
      if (error instanceof ServiceError) {
        // Refused before any operation ran (authentication).
        const encoded = route.service
          ? encodeServiceError(route.service, context, error)
          : encodeUnclaimed(error, protocol, context.requestId);
        send(response, encoded, context.requestId);
        return;
      }
      logger.error("request failed", {
        requestId: context.requestId,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      const failure = new InternalFailure();
      const encoded = route.service
        ? encodeServiceError(route.service, context, failure)
        : encodeUnclaimed(failure, protocol, context.requestId);
      send(response, encoded, context.requestId);
    }
  }

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two timeouts every 30 s by default, which would let a stalled client
      // stay that much longer than its limit.
      connectionsCheckingInterval: Math.max(
        10,
        Math.min(1_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
      ),
    },
    (request, response) => {
      // AWS answers with its time in `Date`, and SDKs correct their clock skew from it (a signature
      // refused as expired is retried with the corrected time). The engine's time is its clock's,
      // so clients keep signing in step with a virtual clock that was moved ahead.
      response.sendDate = false;
      response.setHeader("date", new Date(options.control.clock.now()).toUTCString());
      handle(request, response).catch((error: unknown) => {
        // Only a fault in a control route lands here; AWS requests are answered in their protocol.
        logger.error("request failed", {
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
        if (!response.headersSent && !response.destroyed)
          sendJson(response, 500, { message: "internal failure" });
      });
    },
  );
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status = CLIENT_ERROR_STATUS[error.code ?? ""] ?? "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  // No AWS API tunnels; without a listener node would drop the connection unanswered.
  server.on("connect", (_request, socket: Socket) => {
    socket.end("HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  server.maxConnections = 2 * limits.maxConnections;
  server.on("connection", (socket: Socket) => {
    openConnections++;
    socket.once("close", () => openConnections--);
    if (openConnections > limits.maxConnections) overLimit.add(socket);
  });
  return server;
}
