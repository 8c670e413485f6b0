/**
 * Errors carry their wire identity; only protocol code turns them into bytes.
 *
 * `code` is the modelled shape name (the JSON `__type` suffix); `queryCode` is the code the query
 * protocol (and the `x-amzn-query-error` header of query-compatible JSON services) uses when AWS
 * gave the shape a legacy code, e.g. QueueDoesNotExist → AWS.SimpleQueueService.NonExistentQueue.
 */
export type Fault = "Sender" | "Receiver";

export class ServiceError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fault: Fault;
  readonly queryCode: string | undefined;
  /** Extra members serialized beside the message (e.g. DynamoDB CancellationReasons). */
  readonly fields: Record<string, unknown> | undefined;
  /** Overrides the service's JSON error namespace (e.g. com.amazon.coral.service). */
  readonly typeNamespace: string | undefined;
  /** A different text for the query protocol, where AWS words it differently. */
  readonly queryMessage: string | undefined;

  constructor(
    code: string,
    message: string,
    options: {
      status?: number;
      fault?: Fault;
      queryCode?: string;
      fields?: Record<string, unknown>;
      typeNamespace?: string;
      queryMessage?: string;
    } = {},
  ) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = options.status ?? 400;
    this.fault = options.fault ?? (this.status >= 500 ? "Receiver" : "Sender");
    this.queryCode = options.queryCode;
    this.fields = options.fields;
    this.typeNamespace = options.typeNamespace;
    this.queryMessage = options.queryMessage;
  }
}

/** AWS's catch-all for a failure inside the service; the cause is logged, never sent. */
export class InternalFailure extends ServiceError {
  constructor() {
    super(
      "InternalFailure",
      "The request processing has failed because of an unknown error, exception or failure.",
      {
        status: 500,
        typeNamespace: "com.amazon.coral.service",
      },
    );
  }
}

/** An X-Amz-Target naming no operation; query-compatible services report it as InvalidAction. */
export class UnknownOperationException extends ServiceError {
  constructor(queryCode?: string) {
    super("UnknownOperationException", "", { typeNamespace: "com.amazon.coral.service", queryCode });
  }
}

export class SerializationException extends ServiceError {
  constructor(message: string) {
    super("SerializationException", message, { typeNamespace: "com.amazon.coral.service" });
  }
}

/** A body over the service's limit; AWS's front end answers 413 before the service sees it. */
export class RequestEntityTooLarge extends ServiceError {
  constructor(limitBytes: number) {
    super("RequestEntityTooLarge", `Request body must be at most ${limitBytes} bytes.`, {
      status: 413,
      typeNamespace: "com.amazon.coral.service",
    });
  }
}

/**
 * The engine is serving as many connections as it allows. AWS's front ends answer overload with
 * 503 ServiceUnavailable, which every SDK retries with back-off.
 */
export class ServiceUnavailable extends ServiceError {
  constructor(maxConnections: number) {
    super(
      "ServiceUnavailable",
      `Service is unable to handle request: the engine is serving its maximum of ${maxConnections} connections.`,
      { status: 503, typeNamespace: "com.amazon.coral.service" },
    );
  }
}

/** A query request (`Action=…`) naming an action no registered service has. */
export class UnknownAction extends ServiceError {
  constructor(action: string) {
    super("InvalidAction", `The action ${action} is not valid for this web service.`);
  }
}

/** A query request without `Action`. AWS: CommonErrors "MissingAction". */
export class MissingAction extends ServiceError {
  constructor() {
    super("MissingAction", "The request is missing an action or a required parameter.");
  }
}

/** An operation of a service's model that the engine does not serve (each service's LIMITATIONS). */
export class NotImplemented extends ServiceError {
  constructor(service: string, operation: string) {
    super(
      "NotImplemented",
      `The Orderflow engine does not implement ${service}'s ${operation} yet (see docs/CONFORMANCE.md).`,
      { status: 501 },
    );
  }
}
