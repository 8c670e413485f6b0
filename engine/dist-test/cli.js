// src/cli.ts
import { parseArgs } from "node:util";

// src/server/http-server.ts
import { createServer } from "node:http";

// src/protocol/errors.ts
var ServiceError = class extends Error {
  code;
  status;
  fault;
  queryCode;
  /** Extra members serialized beside the message (e.g. DynamoDB CancellationReasons). */
  fields;
  /** Overrides the service's JSON error namespace (e.g. com.amazon.coral.service). */
  typeNamespace;
  /** A different text for the query protocol, where AWS words it differently. */
  queryMessage;
  constructor(code, message, options = {}) {
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
};
var InternalFailure = class extends ServiceError {
  constructor() {
    super(
      "InternalFailure",
      "The request processing has failed because of an unknown error, exception or failure.",
      {
        status: 500,
        typeNamespace: "com.amazon.coral.service"
      }
    );
  }
};
var UnknownOperationException = class extends ServiceError {
  constructor(queryCode) {
    super("UnknownOperationException", "", { typeNamespace: "com.amazon.coral.service", queryCode });
  }
};
var SerializationException = class extends ServiceError {
  constructor(message) {
    super("SerializationException", message, { typeNamespace: "com.amazon.coral.service" });
  }
};

// src/protocol/aws-json.ts
function parseJsonBody(body) {
  if (body.length === 0) return {};
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw new SerializationException("Request body is not valid UTF-8");
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SerializationException("Start of structure or map found where not expected.");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new SerializationException("Start of structure or map found where not expected.");
  }
  return parsed;
}
function replacer(_key, value) {
  if (value && typeof value === "object" && value.type === "Buffer" && Array.isArray(value.data)) {
    return Buffer.from(value.data).toString("base64");
  }
  return value;
}
function encodeJsonResult(result, jsonVersion) {
  return {
    status: 200,
    headers: { "content-type": `application/x-amz-json-${jsonVersion}` },
    body: JSON.stringify(result ?? {}, replacer)
  };
}
function encodeJsonError(error, options) {
  const headers = {
    "content-type": `application/x-amz-json-${options.jsonVersion}`,
    "x-amzn-errortype": error.code
  };
  if (options.queryCompatible)
    headers["x-amzn-query-error"] = `${error.queryCode ?? error.code};${error.fault}`;
  const body = {
    __type: `${error.typeNamespace ?? options.namespace}#${error.code}`
  };
  if (error.message) body.message = error.message;
  if (error.fields) Object.assign(body, error.fields);
  return { status: error.status, headers, body: JSON.stringify(body, replacer) };
}

// src/protocol/model.ts
function shapeOf(model3, name) {
  const shape = model3.shapes[name];
  if (!shape) throw new Error(`model has no shape ${name}`);
  return shape;
}

// src/protocol/xml.ts
var XML_ESCAPES = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\r": "&#xD;"
};
function escapeXml(text) {
  return text.replace(/[&<>"'\r]/g, (c) => XML_ESCAPES[c]);
}

// src/protocol/aws-query.ts
function parseForm(body, search) {
  const params = /* @__PURE__ */ new Map();
  const add = (text) => {
    for (const [k, v] of new URLSearchParams(text)) params.set(k, v);
  };
  if (search) add(search);
  if (body.length > 0) add(body.toString("utf8"));
  return params;
}
function serializedName(model3, ref, fallback) {
  return ref.locationName ?? shapeOf(model3, ref.shape).locationName ?? fallback;
}
function writeValue(model3, ref, name, value, out) {
  if (value === void 0 || value === null) return;
  const shape = shapeOf(model3, ref.shape);
  switch (shape.type) {
    case "structure":
      out.push(`<${name}>`);
      writeMembers(model3, ref.shape, value, out);
      out.push(`</${name}>`);
      return;
    case "list": {
      const member = shape.member;
      const items = value;
      if (shape.flattened || ref.flattened) {
        const itemName = member.locationName ?? name;
        for (const item of items) writeValue(model3, member, itemName, item, out);
      } else {
        out.push(`<${name}>`);
        for (const item of items) writeValue(model3, member, member.locationName ?? "member", item, out);
        out.push(`</${name}>`);
      }
      return;
    }
    case "map": {
      const keyName = shape.key.locationName ?? "key";
      const valueName = shape.value.locationName ?? "value";
      const flattened = shape.flattened || ref.flattened;
      if (!flattened) out.push(`<${name}>`);
      for (const [key2, item] of Object.entries(value)) {
        out.push(flattened ? `<${name}>` : "<entry>");
        out.push(`<${keyName}>${escapeXml(key2)}</${keyName}>`);
        writeValue(model3, shape.value, valueName, item, out);
        out.push(flattened ? `</${name}>` : "</entry>");
      }
      if (!flattened) out.push(`</${name}>`);
      return;
    }
    case "blob":
      out.push(
        `<${name}>${Buffer.isBuffer(value) ? value.toString("base64") : escapeXml(String(value))}</${name}>`
      );
      return;
    case "timestamp":
      out.push(
        `<${name}>${new Date(typeof value === "number" ? value * 1e3 : String(value)).toISOString()}</${name}>`
      );
      return;
    default:
      out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
  }
}
function writeMembers(model3, shapeName, value, out) {
  for (const [memberName, ref] of Object.entries(shapeOf(model3, shapeName).members ?? {})) {
    writeValue(model3, ref, serializedName(model3, ref, memberName), value[memberName], out);
  }
}
function encodeQueryResult(model3, operation, result, requestId) {
  const op = model3.operations[operation];
  const out = ['<?xml version="1.0"?>'];
  const ns = model3.metadata.xmlNamespace ? ` xmlns="${model3.metadata.xmlNamespace}"` : "";
  out.push(`<${operation}Response${ns}>`);
  if (op.output) {
    const wrapper = op.resultWrapper ?? `${operation}Result`;
    out.push(`<${wrapper}>`);
    writeMembers(model3, op.output, result ?? {}, out);
    out.push(`</${wrapper}>`);
  }
  out.push(`<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`);
  return { status: 200, headers: { "content-type": "text/xml" }, body: out.join("") };
}
function encodeQueryError(error, requestId, xmlNamespace) {
  const ns = xmlNamespace ? ` xmlns="${xmlNamespace}"` : "";
  const body = `<?xml version="1.0"?><ErrorResponse${ns}><Error><Type>${error.fault}</Type><Code>${escapeXml(error.queryCode ?? error.code)}</Code><Message>${escapeXml(error.queryMessage ?? error.message)}</Message><Detail/></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: error.status, headers: { "content-type": "text/xml" }, body };
}

// src/protocol/shape-input.ts
var MAX_DEPTH = 32;
function decodeJson(model3, shapeName, value, errors, path = "", depth = 0) {
  if (value === null || value === void 0) return void 0;
  if (depth > MAX_DEPTH) throw errors.invalidType(path, "structure", value, "json");
  const shape = shapeOf(model3, shapeName);
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || Array.isArray(value))
        throw errors.invalidType(path, shape.type, value, "json");
      const out = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const raw = value[name];
        if (raw === void 0 || raw === null) continue;
        out[name] = decodeJson(model3, ref.shape, raw, errors, join(path, name), depth + 1);
      }
      return out;
    }
    case "list": {
      if (!Array.isArray(value)) throw errors.invalidType(path, shape.type, value, "json");
      const member = shape.member.shape;
      return value.map((item, i) => decodeJson(model3, member, item, errors, `${path}[${i}]`, depth + 1));
    }
    case "map": {
      if (typeof value !== "object" || Array.isArray(value))
        throw errors.invalidType(path, shape.type, value, "json");
      const out = {};
      for (const [key2, item] of Object.entries(value)) {
        out[key2] = decodeJson(model3, shape.value.shape, item, errors, `${path}.${key2}`, depth + 1);
      }
      return out;
    }
    case "string":
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      if (typeof value !== "string") throw errors.invalidType(path, shape.type, value, "json");
      return value;
    case "integer":
    case "long":
      if (typeof value !== "number" || !Number.isInteger(value))
        throw errors.invalidType(path, shape.type, value, "json");
      return value;
    case "double":
    case "float":
    case "timestamp":
      if (typeof value !== "number") throw errors.invalidType(path, shape.type, value, "json");
      return value;
    case "boolean":
      if (typeof value !== "boolean") throw errors.invalidType(path, shape.type, value, "json");
      return value;
    case "blob":
      if (typeof value !== "string") throw errors.invalidType(path, shape.type, value, "json");
      return Buffer.from(value, "base64");
  }
}
var join = (prefix, name) => prefix ? `${prefix}.${name}` : name;
function serializedName2(model3, ref, fallback) {
  return ref.locationName ?? shapeOf(model3, ref.shape).locationName ?? fallback;
}
function decodeQuery(model3, shapeName, params, errors) {
  const index = new QueryIndex(params);
  return readQueryValue(model3, { shape: shapeName }, "", index, errors, 0) ?? {};
}
var QueryIndex = class {
  constructor(params) {
    this.params = params;
    this.keys = [...params.keys()];
  }
  params;
  keys;
  hasPrefix(prefix) {
    if (this.params.has(prefix)) return true;
    const dotted = `${prefix}.`;
    return this.keys.some((k) => k.startsWith(dotted));
  }
  /** Numeric positions present under `prefix.N`, ascending. */
  positions(prefix) {
    const dotted = `${prefix}.`;
    const found = /* @__PURE__ */ new Set();
    for (const key2 of this.keys) {
      if (!key2.startsWith(dotted)) continue;
      const segment = key2.slice(dotted.length).split(".", 1)[0];
      if (/^[1-9][0-9]{0,5}$/.test(segment)) found.add(Number(segment));
    }
    return [...found].sort((a, b) => a - b);
  }
};
function readQueryValue(model3, ref, prefix, index, errors, depth) {
  const shape = shapeOf(model3, ref.shape);
  if (depth > MAX_DEPTH) return void 0;
  switch (shape.type) {
    case "structure": {
      if (prefix && !index.hasPrefix(prefix)) return void 0;
      const out = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const key2 = join(prefix, serializedName2(model3, member, name));
        const value = readQueryValue(model3, member, key2, index, errors, depth + 1);
        if (value !== void 0) out[name] = value;
      }
      return out;
    }
    case "list": {
      const member = shape.member;
      let listPrefix;
      if (shape.flattened || ref.flattened) {
        const name = member.locationName;
        listPrefix = name ? [...prefix.split(".").slice(0, -1), name].join(".") : prefix;
      } else {
        listPrefix = `${prefix}.${member.locationName ?? "member"}`;
      }
      const positions = index.positions(listPrefix);
      if (positions.length === 0) return index.params.get(prefix) === "" ? [] : void 0;
      return positions.map(
        (i) => readQueryValue(model3, member, `${listPrefix}.${i}`, index, errors, depth + 1)
      );
    }
    case "map": {
      const base = shape.flattened || ref.flattened ? prefix : `${prefix}.entry`;
      const keyName = shape.key.locationName ?? "key";
      const valueName = shape.value.locationName ?? "value";
      const positions = index.positions(base);
      if (positions.length === 0) return void 0;
      const out = {};
      for (const i of positions) {
        const key2 = index.params.get(`${base}.${i}.${keyName}`);
        if (key2 === void 0) continue;
        out[key2] = readQueryValue(model3, shape.value, `${base}.${i}.${valueName}`, index, errors, depth + 1);
      }
      return out;
    }
    default: {
      const raw = index.params.get(prefix);
      if (raw === void 0) return void 0;
      return parseScalar(shape.type, raw, prefix, errors);
    }
  }
}
function parseScalar(type, raw, path, errors) {
  switch (type) {
    case "integer":
    case "long": {
      const trimmed = raw.trim();
      if (!/^[+-]?\d+$/.test(trimmed)) throw errors.invalidType(path, type, raw, "query");
      const n = Number(trimmed);
      if (!Number.isSafeInteger(n)) throw errors.invalidType(path, type, raw, "query");
      return n;
    }
    case "double":
    case "float":
    case "timestamp": {
      const n = Number(raw);
      if (raw.trim() === "" || Number.isNaN(n)) throw errors.invalidType(path, type, raw, "query");
      return n;
    }
    case "boolean": {
      const lower = raw.toLowerCase();
      if (lower !== "true" && lower !== "false") throw errors.invalidType(path, type, raw, "query");
      return lower === "true";
    }
    case "blob":
      return Buffer.from(raw, "base64");
    default:
      return raw;
  }
}

// src/services/dispatch.ts
function findMissingMember(model3, shapeName, value, path = "") {
  const shape = shapeOf(model3, shapeName);
  if (shape.type === "structure") {
    const record = value ?? {};
    for (const required of shape.required ?? []) {
      if (record[required] === void 0) return path ? `${path}.${required}` : required;
    }
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      if (record[name] === void 0) continue;
      const missing = findMissingMember(model3, ref.shape, record[name], path ? `${path}.${name}` : name);
      if (missing) return missing;
    }
  } else if (shape.type === "list" && Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const missing = findMissingMember(model3, shape.member.shape, value[i], `${path}.${i + 1}`);
      if (missing) return missing;
    }
  }
  return void 0;
}
async function invokeOperation(service, operation, readInput, context, logger) {
  const { model: model3 } = service;
  const encodeError = (error) => context.protocol === "query" ? encodeQueryError(error, context.requestId, model3.metadata.xmlNamespace) : encodeJsonError(error, {
    namespace: service.jsonErrorNamespace,
    jsonVersion: model3.metadata.jsonVersion ?? "1.0",
    queryCompatible: model3.metadata.awsQueryCompatible
  });
  try {
    const opModel = model3.operations[operation];
    const handler = service.operations[operation];
    if (!opModel || !handler)
      throw service.unknownOperation(operation, context.protocol === "query" ? "query" : "json");
    const input = readInput();
    if (opModel.input) {
      const missing = findMissingMember(model3, opModel.input, input);
      if (missing) throw service.missingParameter(missing);
    }
    const result = await handler(input, context);
    return context.protocol === "query" ? encodeQueryResult(model3, operation, result, context.requestId) : encodeJsonResult(result, model3.metadata.jsonVersion ?? "1.0");
  } catch (error) {
    if (error instanceof ServiceError) return encodeError(error);
    logger.error(`${service.name}.${operation} failed`, {
      requestId: context.requestId,
      error: error instanceof Error ? error.stack ?? error.message : String(error)
    });
    return encodeError(new InternalFailure());
  }
}
var jsonInputReader = (service, operation, body) => () => {
  const parsed = parseJsonBody(body);
  const shape = service.model.operations[operation]?.input;
  if (!shape) return {};
  return decodeJson(service.model, shape, parsed, service.inputErrors) ?? {};
};
var queryInputReader = (service, operation, params) => () => {
  const shape = service.model.operations[operation]?.input;
  if (!shape) return {};
  return decodeQuery(service.model, shape, params, service.inputErrors);
};

// src/shared/arn.ts
var DEFAULT_ACCOUNT_ID = "000000000000";
var DEFAULT_REGION = "us-east-1";
var buildArn = (service, region, accountId, resource) => `arn:aws:${service}:${region}:${accountId}:${resource}`;
function parseArn(arn) {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return void 0;
  const [, partition, service, region, accountId] = parts;
  return { partition, service, region, accountId, resource: parts.slice(5).join(":") };
}

// src/shared/ids.ts
import { randomBytes, randomUUID } from "node:crypto";
var newRequestId = () => randomUUID();
var newMessageId = () => randomUUID();
var randomToken = (bytes = 16) => randomBytes(bytes).toString("base64url");

// src/server/context.ts
var CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;
function parseCredentialScope(headers, search) {
  const authorization = headers.authorization;
  const source = authorization ? authorization : search.has("X-Amz-Credential") ? `Credential=${search.get("X-Amz-Credential")}` : "";
  const match = CREDENTIAL.exec(source);
  if (!match) return void 0;
  return { accessKeyId: match[1], region: match[3], service: match[4] };
}
function createContext(headers, scope, fallbackBaseUrl, protocol) {
  const host = headers.host;
  return {
    requestId: newRequestId(),
    accountId: DEFAULT_ACCOUNT_ID,
    region: scope?.region ?? DEFAULT_REGION,
    accessKeyId: scope?.accessKeyId,
    signingService: scope?.service,
    baseUrl: host && /^[A-Za-z0-9.\-[\]:]+$/.test(host) ? `http://${host}` : fallbackBaseUrl,
    protocol
  };
}

// src/shared/clock.ts
var RealClock = class {
  kind = "real";
  now() {
    return Date.now();
  }
  setTimer(delayMs, callback) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    timer.unref?.();
    return { cancel: () => clearTimeout(timer) };
  }
};
var VirtualClock = class {
  kind = "virtual";
  offsetMs;
  timers = [];
  seq = 0;
  wakeup;
  constructor(options = {}) {
    this.offsetMs = options.startMs === void 0 ? 0 : options.startMs - Date.now();
  }
  now() {
    return Date.now() + this.offsetMs;
  }
  setTimer(delayMs, callback) {
    const timer = {
      due: this.now() + Math.max(0, delayMs),
      seq: this.seq++,
      callback,
      cancelled: false
    };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
    this.schedule();
    return {
      cancel: () => {
        timer.cancelled = true;
        const index = this.timers.indexOf(timer);
        if (index >= 0) this.timers.splice(index, 1);
        this.schedule();
      }
    };
  }
  /** Moves time forward by `ms` and fires every timer that falls due, in order. */
  advance(ms) {
    if (!(ms >= 0)) throw new RangeError("the clock only moves forward");
    this.offsetMs += ms;
    this.fireDue();
    return this.now();
  }
  /** Moves time forward to `epochMs` (never backwards). */
  set(epochMs) {
    return this.advance(Math.max(0, epochMs - this.now()));
  }
  fireDue() {
    for (; ; ) {
      const next = this.timers[0];
      if (!next || next.due > this.now()) break;
      this.timers.shift();
      if (!next.cancelled) next.callback();
    }
    this.schedule();
  }
  schedule() {
    if (this.wakeup) clearTimeout(this.wakeup);
    this.wakeup = void 0;
    const next = this.timers[0];
    if (!next) return;
    this.wakeup = setTimeout(() => this.fireDue(), Math.max(0, next.due - this.now()));
    this.wakeup.unref?.();
  }
};

// src/server/control.ts
function handleControl(method, path, body, options) {
  const { clock } = options;
  if (path === "/_orderflow/health") {
    return {
      status: 200,
      body: { status: "ok", services: options.services, uptimeMs: Date.now() - options.startedAt }
    };
  }
  if (!options.enabled)
    return { status: 404, body: { message: "control routes are disabled (start with --control)" } };
  const time = () => ({ kind: clock.kind, now: clock.now(), iso: new Date(clock.now()).toISOString() });
  if (path === "/_orderflow/clock" && method === "GET") return { status: 200, body: time() };
  if (path === "/_orderflow/clock/advance" || path === "/_orderflow/clock/set") {
    if (method !== "POST") return { status: 405, body: { message: "use POST" } };
    if (!(clock instanceof VirtualClock))
      return { status: 409, body: { message: "the engine runs the real clock" } };
    let args;
    try {
      args = body.length ? JSON.parse(body.toString("utf8")) : {};
    } catch {
      return { status: 400, body: { message: "body must be JSON" } };
    }
    if (path.endsWith("/advance")) {
      const ms = typeof args.ms === "number" ? args.ms : typeof args.seconds === "number" ? args.seconds * 1e3 : NaN;
      if (!(ms >= 0)) return { status: 400, body: { message: "give a non-negative ms or seconds" } };
      clock.advance(ms);
    } else {
      if (typeof args.epochMs !== "number") return { status: 400, body: { message: "give epochMs" } };
      clock.set(args.epochMs);
    }
    return { status: 200, body: time() };
  }
  return { status: 404, body: { message: `no control route ${path}` } };
}

// src/server/http-server.ts
var MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;
var HEADERS_TIMEOUT_MS = 1e4;
var REQUEST_TIMEOUT_MS = 6e4;
var BodyTooLarge = class extends Error {
};
function readBody(request, limit) {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers["content-length"]);
    if (declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks = [];
    let size = 0;
    request.on("data", (chunk) => {
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
function send(response, encoded, requestId) {
  if (response.headersSent || response.destroyed) return;
  const body = typeof encoded.body === "string" ? Buffer.from(encoded.body) : encoded.body;
  response.writeHead(encoded.status, {
    ...encoded.headers,
    "x-amzn-requestid": requestId,
    "content-length": String(body.length)
  });
  response.end(body);
}
function createHttpServer(options) {
  const { registry, logger } = options;
  async function handle(request, response) {
    const url = new URL(request.url ?? "/", "http://engine");
    const target = request.headers["x-amz-target"];
    const contentType = request.headers["content-type"] ?? "";
    const scope = parseCredentialScope(request.headers, url.searchParams);
    if (url.pathname.startsWith("/_orderflow/")) {
      const body = await readBody(request, 1024 * 1024);
      const result = handleControl(request.method ?? "GET", url.pathname, body, options.control);
      const json2 = JSON.stringify(result.body);
      response.writeHead(result.status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(json2)
      });
      response.end(json2);
      return;
    }
    if (typeof target === "string" && target.length > 0) {
      const context = createContext(request.headers, scope, options.baseUrl(), "json");
      const dot = target.lastIndexOf(".");
      const service = dot > 0 ? registry.byTargetPrefix(target.slice(0, dot)) : void 0;
      if (!service) {
        send(
          response,
          encodeJsonError(new UnknownOperationException(), {
            namespace: "com.amazon.coral.service",
            jsonVersion: "1.0",
            queryCompatible: false
          }),
          context.requestId
        );
        return;
      }
      let body;
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
        context.requestId
      );
      return;
    }
    const isForm = contentType.startsWith("application/x-www-form-urlencoded");
    if (isForm || url.searchParams.has("Action")) {
      const context = createContext(request.headers, scope, options.baseUrl(), "query");
      let body;
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
        const error = action ? new ServiceError("InvalidAction", `The action ${action} is not valid for this web service.`) : new ServiceError("MissingAction", "The request must contain the parameter Action.");
        send(response, encodeQueryError(error, context.requestId), context.requestId);
        return;
      }
      service.completeQueryParams?.(params, url.pathname, context);
      send(
        response,
        await invokeOperation(service, action, queryInputReader(service, action, params), context, logger),
        context.requestId
      );
      return;
    }
    const json = JSON.stringify({
      message: "No AWS service matches this request. Send an AWS API request (X-Amz-Target or Action=)."
    });
    response.writeHead(404, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(json)
    });
    response.end(json);
  }
  const server = createServer(
    { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, keepAliveTimeout: 65e3 },
    (request, response) => {
      handle(request, response).catch((error) => {
        logger.error("request failed", {
          error: error instanceof Error ? error.stack ?? error.message : String(error)
        });
        if (!response.headersSent && !response.destroyed) {
          response.writeHead(500, { "content-type": "application/json" });
          response.end(
            JSON.stringify({
              __type: "com.amazon.coral.service#InternalFailure",
              message: "internal failure"
            })
          );
        }
      });
    }
  );
  server.on("clientError", (_error, socket) => {
    if (socket.writable)
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });
  return server;
}
function tooLarge(limit, protocol) {
  const error = new ServiceError("RequestEntityTooLarge", `Request body must be at most ${limit} bytes.`, {
    status: 413
  });
  return protocol === "json" ? encodeJsonError(error, {
    namespace: "com.amazon.coral.service",
    jsonVersion: "1.0",
    queryCompatible: false
  }) : encodeQueryError(error, "");
}

// src/services/registry.ts
var ServiceRegistry = class {
  services = [];
  register(service) {
    this.services.push(service);
  }
  get all() {
    return this.services;
  }
  byTargetPrefix(prefix) {
    return this.services.find((s) => s.model.metadata.targetPrefix === prefix);
  }
  /** Picks the query service: by signing name, else by path ownership, else by who has the action. */
  forQuery(signingName, path, action) {
    const queryServices = this.services.filter((s) => s.query);
    if (signingName) {
      const signed = queryServices.find((s) => s.signingNames.includes(signingName));
      if (signed) return signed;
    }
    const byPath = queryServices.find((s) => s.ownsQueryPath?.(path));
    if (byPath) return byPath;
    return action ? queryServices.find((s) => s.model.operations[action] !== void 0) : void 0;
  }
};

// src/models/sqs.json
var sqs_default = {
  source: "botocore sqs/2012-11-05 + query-protocol names",
  metadata: {
    apiVersion: "2012-11-05",
    protocol: "json",
    jsonVersion: "1.0",
    targetPrefix: "AmazonSQS",
    endpointPrefix: "sqs",
    awsQueryCompatible: true,
    xmlNamespace: "http://queue.amazonaws.com/doc/2012-11-05/"
  },
  operations: {
    AddPermission: {
      http: { method: "POST", requestUri: "/" },
      input: "AddPermissionRequest",
      resultWrapper: "AddPermissionResult",
      errors: [
        "OverLimit",
        "RequestThrottled",
        "QueueDoesNotExist",
        "InvalidAddress",
        "InvalidSecurity",
        "UnsupportedOperation"
      ]
    },
    CancelMessageMoveTask: {
      http: { method: "POST", requestUri: "/" },
      input: "CancelMessageMoveTaskRequest",
      output: "CancelMessageMoveTaskResult",
      resultWrapper: "CancelMessageMoveTaskResult",
      errors: [
        "ResourceNotFoundException",
        "RequestThrottled",
        "InvalidAddress",
        "InvalidSecurity",
        "UnsupportedOperation"
      ]
    },
    ChangeMessageVisibility: {
      http: { method: "POST", requestUri: "/" },
      input: "ChangeMessageVisibilityRequest",
      resultWrapper: "ChangeMessageVisibilityResult",
      errors: [
        "MessageNotInflight",
        "ReceiptHandleIsInvalid",
        "RequestThrottled",
        "QueueDoesNotExist",
        "UnsupportedOperation",
        "InvalidAddress",
        "InvalidSecurity"
      ]
    },
    ChangeMessageVisibilityBatch: {
      http: { method: "POST", requestUri: "/" },
      input: "ChangeMessageVisibilityBatchRequest",
      output: "ChangeMessageVisibilityBatchResult",
      resultWrapper: "ChangeMessageVisibilityBatchResult",
      errors: [
        "TooManyEntriesInBatchRequest",
        "EmptyBatchRequest",
        "BatchEntryIdsNotDistinct",
        "InvalidBatchEntryId",
        "RequestThrottled",
        "QueueDoesNotExist",
        "UnsupportedOperation",
        "InvalidAddress",
        "InvalidSecurity"
      ]
    },
    CreateQueue: {
      http: { method: "POST", requestUri: "/" },
      input: "CreateQueueRequest",
      output: "CreateQueueResult",
      resultWrapper: "CreateQueueResult",
      errors: [
        "QueueDeletedRecently",
        "QueueNameExists",
        "RequestThrottled",
        "InvalidAddress",
        "InvalidAttributeName",
        "InvalidAttributeValue",
        "UnsupportedOperation",
        "InvalidSecurity"
      ]
    },
    DeleteMessage: {
      http: { method: "POST", requestUri: "/" },
      input: "DeleteMessageRequest",
      resultWrapper: "DeleteMessageResult",
      errors: [
        "InvalidIdFormat",
        "ReceiptHandleIsInvalid",
        "RequestThrottled",
        "QueueDoesNotExist",
        "UnsupportedOperation",
        "InvalidSecurity",
        "InvalidAddress"
      ]
    },
    DeleteMessageBatch: {
      http: { method: "POST", requestUri: "/" },
      input: "DeleteMessageBatchRequest",
      output: "DeleteMessageBatchResult",
      resultWrapper: "DeleteMessageBatchResult",
      errors: [
        "TooManyEntriesInBatchRequest",
        "EmptyBatchRequest",
        "BatchEntryIdsNotDistinct",
        "InvalidBatchEntryId",
        "RequestThrottled",
        "QueueDoesNotExist",
        "UnsupportedOperation",
        "InvalidAddress",
        "InvalidSecurity"
      ]
    },
    DeleteQueue: {
      http: { method: "POST", requestUri: "/" },
      input: "DeleteQueueRequest",
      resultWrapper: "DeleteQueueResult",
      errors: [
        "RequestThrottled",
        "QueueDoesNotExist",
        "InvalidAddress",
        "UnsupportedOperation",
        "InvalidSecurity"
      ]
    },
    GetQueueAttributes: {
      http: { method: "POST", requestUri: "/" },
      input: "GetQueueAttributesRequest",
      output: "GetQueueAttributesResult",
      resultWrapper: "GetQueueAttributesResult",
      errors: [
        "InvalidAttributeName",
        "RequestThrottled",
        "QueueDoesNotExist",
        "UnsupportedOperation",
        "InvalidSecurity",
        "InvalidAddress"
      ]
    },
    GetQueueUrl: {
      http: { method: "POST", requestUri: "/" },
      input: "GetQueueUrlRequest",
      output: "GetQueueUrlResult",
      resultWrapper: "GetQueueUrlResult",
      errors: [
        "RequestThrottled",
        "QueueDoesNotExist",
        "InvalidAddress",
        "InvalidSecurity",
        "UnsupportedOperation"
      ]
    },
    ListDeadLetterSourceQueues: {
      http: { method: "POST", requestUri: "/" },
      input: "ListDeadLetterSourceQueuesRequest",
      output: "ListDeadLetterSourceQueuesResult",
      resultWrapper: "ListDeadLetterSourceQueuesResult",
      errors: [
        "QueueDoesNotExist",
        "RequestThrottled",
        "InvalidSecurity",
        "InvalidAddress",
        "UnsupportedOperation"
      ]
    },
    ListMessageMoveTasks: {
      http: { method: "POST", requestUri: "/" },
      input: "ListMessageMoveTasksRequest",
      output: "ListMessageMoveTasksResult",
      resultWrapper: "ListMessageMoveTasksResult",
      errors: [
        "ResourceNotFoundException",
        "RequestThrottled",
        "InvalidAddress",
        "InvalidSecurity",
        "UnsupportedOperation"
      ]
    },
    ListQueueTags: {
      http: { method: "POST", requestUri: "/" },
      input: "ListQueueTagsRequest",
      output: "ListQueueTagsResult",
      resultWrapper: "ListQueueTagsResult",
      errors: [
        "RequestThrottled",
        "QueueDoesNotExist",
        "UnsupportedOperation",
        "InvalidAddress",
        "InvalidSecurity"
      ]
    },
    ListQueues: {
      http: { method: "POST", requestUri: "/" },
      input: "ListQueuesRequest",
      output: "ListQueuesResult",
      resultWrapper: "ListQueuesResult",
      errors: ["RequestThrottled", "InvalidSecurity", "InvalidAddress", "UnsupportedOperation"]
    },
    PurgeQueue: {
      http: { method: "POST", requestUri: "/" },
      input: "PurgeQueueRequest",
      resultWrapper: "PurgeQueueResult",
      errors: [
        "QueueDoesNotExist",
        "PurgeQueueInProgress",
        "RequestThrottled",
        "InvalidAddress",
        "InvalidSecurity",
        "UnsupportedOperation"
      ]
    },
    ReceiveMessage: {
      http: { method: "POST", requestUri: "/" },
      input: "ReceiveMessageRequest",
      output: "ReceiveMessageResult",
      resultWrapper: "ReceiveMessageResult",
      errors: [
        "UnsupportedOperation",
        "OverLimit",
        "RequestThrottled",
        "QueueDoesNotExist",
        "InvalidSecurity",
        "KmsDisabled",
        "KmsInvalidState",
        "KmsNotFound",
        "KmsOptInRequired",
        "KmsThrottled",
        "KmsAccessDenied",
        "KmsInvalidKeyUsage",
        "InvalidAddress"
      ]
    },
    RemovePermission: {
      http: { method: "POST", requestUri: "/" },
      input: "RemovePermissionRequest",
      resultWrapper: "RemovePermissionResult",
      errors: [
        "InvalidAddress",
        "RequestThrottled",
        "QueueDoesNotExist",
        "InvalidSecurity",
        "UnsupportedOperation"
      ]
    },
    SendMessage: {
      http: { method: "POST", requestUri: "/" },
      input: "SendMessageRequest",
      output: "SendMessageResult",
      resultWrapper: "SendMessageResult",
      errors: [
        "InvalidMessageContents",
        "UnsupportedOperation",
        "RequestThrottled",
        "QueueDoesNotExist",
        "InvalidSecurity",
        "KmsDisabled",
        "KmsInvalidState",
        "KmsNotFound",
        "KmsOptInRequired",
        "KmsThrottled",
        "KmsAccessDenied",
        "KmsInvalidKeyUsage",
        "InvalidAddress"
      ]
    },
    SendMessageBatch: {
      http: { method: "POST", requestUri: "/" },
      input: "SendMessageBatchRequest",
      output: "SendMessageBatchResult",
      resultWrapper: "SendMessageBatchResult",
      errors: [
        "TooManyEntriesInBatchRequest",
        "EmptyBatchRequest",
        "BatchEntryIdsNotDistinct",
        "BatchRequestTooLong",
        "InvalidBatchEntryId",
        "UnsupportedOperation",
        "RequestThrottled",
        "QueueDoesNotExist",
        "InvalidSecurity",
        "KmsDisabled",
        "KmsInvalidState",
        "KmsNotFound",
        "KmsOptInRequired",
        "KmsThrottled",
        "KmsAccessDenied",
        "KmsInvalidKeyUsage",
        "InvalidAddress"
      ]
    },
    SetQueueAttributes: {
      http: { method: "POST", requestUri: "/" },
      input: "SetQueueAttributesRequest",
      resultWrapper: "SetQueueAttributesResult",
      errors: [
        "InvalidAttributeName",
        "InvalidAttributeValue",
        "RequestThrottled",
        "QueueDoesNotExist",
        "UnsupportedOperation",
        "OverLimit",
        "InvalidAddress",
        "InvalidSecurity"
      ]
    },
    StartMessageMoveTask: {
      http: { method: "POST", requestUri: "/" },
      input: "StartMessageMoveTaskRequest",
      output: "StartMessageMoveTaskResult",
      resultWrapper: "StartMessageMoveTaskResult",
      errors: [
        "ResourceNotFoundException",
        "RequestThrottled",
        "InvalidAddress",
        "InvalidSecurity",
        "UnsupportedOperation"
      ]
    },
    TagQueue: {
      http: { method: "POST", requestUri: "/" },
      input: "TagQueueRequest",
      resultWrapper: "TagQueueResult",
      errors: [
        "InvalidAddress",
        "RequestThrottled",
        "QueueDoesNotExist",
        "InvalidSecurity",
        "UnsupportedOperation"
      ]
    },
    UntagQueue: {
      http: { method: "POST", requestUri: "/" },
      input: "UntagQueueRequest",
      resultWrapper: "UntagQueueResult",
      errors: [
        "InvalidAddress",
        "RequestThrottled",
        "QueueDoesNotExist",
        "InvalidSecurity",
        "UnsupportedOperation"
      ]
    }
  },
  shapes: {
    AWSAccountIdList: {
      type: "list",
      flattened: true,
      member: { shape: "String", locationName: "AWSAccountId" }
    },
    ActionNameList: {
      type: "list",
      flattened: true,
      member: { shape: "String", locationName: "ActionName" }
    },
    AddPermissionRequest: {
      type: "structure",
      required: ["QueueUrl", "Label", "AWSAccountIds", "Actions"],
      members: {
        QueueUrl: { shape: "String" },
        Label: { shape: "String" },
        AWSAccountIds: { shape: "AWSAccountIdList" },
        Actions: { shape: "ActionNameList" }
      }
    },
    AttributeNameList: {
      type: "list",
      flattened: true,
      member: { shape: "QueueAttributeName", locationName: "AttributeName" }
    },
    BatchEntryIdsNotDistinct: {
      type: "structure",
      exception: true,
      error: {
        code: "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
        httpStatusCode: 400,
        senderFault: true
      },
      members: { message: { shape: "ExceptionMessage" } }
    },
    BatchRequestTooLong: {
      type: "structure",
      exception: true,
      error: {
        code: "AWS.SimpleQueueService.BatchRequestTooLong",
        httpStatusCode: 400,
        senderFault: true
      },
      members: { message: { shape: "ExceptionMessage" } }
    },
    BatchResultErrorEntry: {
      type: "structure",
      required: ["Id", "SenderFault", "Code"],
      members: {
        Id: { shape: "String" },
        SenderFault: { shape: "Boolean" },
        Code: { shape: "String" },
        Message: { shape: "String" }
      }
    },
    BatchResultErrorEntryList: {
      type: "list",
      flattened: true,
      member: { shape: "BatchResultErrorEntry", locationName: "BatchResultErrorEntry" }
    },
    Binary: { type: "blob" },
    BinaryList: { type: "list", member: { shape: "Binary", locationName: "BinaryListValue" } },
    Boolean: { type: "boolean" },
    BoxedInteger: { type: "integer" },
    CancelMessageMoveTaskRequest: {
      type: "structure",
      required: ["TaskHandle"],
      members: { TaskHandle: { shape: "String" } }
    },
    CancelMessageMoveTaskResult: {
      type: "structure",
      members: { ApproximateNumberOfMessagesMoved: { shape: "Long" } }
    },
    ChangeMessageVisibilityBatchRequest: {
      type: "structure",
      required: ["QueueUrl", "Entries"],
      members: {
        QueueUrl: { shape: "String" },
        Entries: { shape: "ChangeMessageVisibilityBatchRequestEntryList" }
      }
    },
    ChangeMessageVisibilityBatchRequestEntry: {
      type: "structure",
      required: ["Id", "ReceiptHandle"],
      members: {
        Id: { shape: "String" },
        ReceiptHandle: { shape: "String" },
        VisibilityTimeout: { shape: "NullableInteger" }
      }
    },
    ChangeMessageVisibilityBatchRequestEntryList: {
      type: "list",
      flattened: true,
      member: {
        shape: "ChangeMessageVisibilityBatchRequestEntry",
        locationName: "ChangeMessageVisibilityBatchRequestEntry"
      }
    },
    ChangeMessageVisibilityBatchResult: {
      type: "structure",
      required: ["Successful", "Failed"],
      members: {
        Successful: { shape: "ChangeMessageVisibilityBatchResultEntryList" },
        Failed: { shape: "BatchResultErrorEntryList" }
      }
    },
    ChangeMessageVisibilityBatchResultEntry: {
      type: "structure",
      required: ["Id"],
      members: { Id: { shape: "String" } }
    },
    ChangeMessageVisibilityBatchResultEntryList: {
      type: "list",
      flattened: true,
      member: {
        shape: "ChangeMessageVisibilityBatchResultEntry",
        locationName: "ChangeMessageVisibilityBatchResultEntry"
      }
    },
    ChangeMessageVisibilityRequest: {
      type: "structure",
      required: ["QueueUrl", "ReceiptHandle", "VisibilityTimeout"],
      members: {
        QueueUrl: { shape: "String" },
        ReceiptHandle: { shape: "String" },
        VisibilityTimeout: { shape: "NullableInteger" }
      }
    },
    CreateQueueRequest: {
      type: "structure",
      required: ["QueueName"],
      members: {
        QueueName: { shape: "String" },
        Attributes: { shape: "QueueAttributeMap", locationName: "Attribute" },
        tags: { shape: "TagMap", locationName: "Tag" }
      }
    },
    CreateQueueResult: { type: "structure", members: { QueueUrl: { shape: "String" } } },
    DeleteMessageBatchRequest: {
      type: "structure",
      required: ["QueueUrl", "Entries"],
      members: {
        QueueUrl: { shape: "String" },
        Entries: { shape: "DeleteMessageBatchRequestEntryList" }
      }
    },
    DeleteMessageBatchRequestEntry: {
      type: "structure",
      required: ["Id", "ReceiptHandle"],
      members: { Id: { shape: "String" }, ReceiptHandle: { shape: "String" } }
    },
    DeleteMessageBatchRequestEntryList: {
      type: "list",
      flattened: true,
      member: {
        shape: "DeleteMessageBatchRequestEntry",
        locationName: "DeleteMessageBatchRequestEntry"
      }
    },
    DeleteMessageBatchResult: {
      type: "structure",
      required: ["Successful", "Failed"],
      members: {
        Successful: { shape: "DeleteMessageBatchResultEntryList" },
        Failed: { shape: "BatchResultErrorEntryList" }
      }
    },
    DeleteMessageBatchResultEntry: {
      type: "structure",
      required: ["Id"],
      members: { Id: { shape: "String" } }
    },
    DeleteMessageBatchResultEntryList: {
      type: "list",
      flattened: true,
      member: { shape: "DeleteMessageBatchResultEntry", locationName: "DeleteMessageBatchResultEntry" }
    },
    DeleteMessageRequest: {
      type: "structure",
      required: ["QueueUrl", "ReceiptHandle"],
      members: { QueueUrl: { shape: "String" }, ReceiptHandle: { shape: "String" } }
    },
    DeleteQueueRequest: {
      type: "structure",
      required: ["QueueUrl"],
      members: { QueueUrl: { shape: "String" } }
    },
    EmptyBatchRequest: {
      type: "structure",
      exception: true,
      error: {
        code: "AWS.SimpleQueueService.EmptyBatchRequest",
        httpStatusCode: 400,
        senderFault: true
      },
      members: { message: { shape: "ExceptionMessage" } }
    },
    ExceptionMessage: { type: "string" },
    GetQueueAttributesRequest: {
      type: "structure",
      required: ["QueueUrl"],
      members: { QueueUrl: { shape: "String" }, AttributeNames: { shape: "AttributeNameList" } }
    },
    GetQueueAttributesResult: {
      type: "structure",
      members: { Attributes: { shape: "QueueAttributeMap", locationName: "Attribute" } }
    },
    GetQueueUrlRequest: {
      type: "structure",
      required: ["QueueName"],
      members: { QueueName: { shape: "String" }, QueueOwnerAWSAccountId: { shape: "String" } }
    },
    GetQueueUrlResult: { type: "structure", members: { QueueUrl: { shape: "String" } } },
    InvalidAddress: {
      type: "structure",
      exception: true,
      members: { message: { shape: "ExceptionMessage" } }
    },
    InvalidAttributeName: {
      type: "structure",
      exception: true,
      members: { message: { shape: "ExceptionMessage" } }
    },
    InvalidAttributeValue: {
      type: "structure",
      exception: true,
      members: { message: { shape: "ExceptionMessage" } }
    },
    InvalidBatchEntryId: {
      type: "structure",
      exception: true,
      error: {
        code: "AWS.SimpleQueueService.InvalidBatchEntryId",
        httpStatusCode: 400,
        senderFault: true
      },
      members: { message: { shape: "ExceptionMessage" } }
    },
    InvalidIdFormat: { type: "structure", exception: true, members: {} },
    InvalidMessageContents: {
      type: "structure",
      exception: true,
      members: { message: { shape: "ExceptionMessage" } }
    },
    InvalidSecurity: {
      type: "structure",
      exception: true,
      members: { message: { shape: "ExceptionMessage" } }
    },
    KmsAccessDenied: {
      type: "structure",
      exception: true,
      members: { message: { shape: "ExceptionMessage" } }
    },
    KmsDisabled: {
      type: "structure",
      exception: true,
      members: { message: { shape: "ExceptionMessage" } }
    },
    KmsInvalidKeyUsage: {
      type: "structure",
      exception: true,
      members: { message: { shape: "ExceptionMessage" } }
    },
    KmsInvalidState: {
      type: "structure",
      exception: true,
      members: { message: { shape: "ExceptionMessage" } }
    },
    KmsNotFound: {
      type: "structure",
      exception: true,
      members: { message: { shape: "ExceptionMessage" } }
    },
    KmsOptInRequired: {
      type: "structure",
      exception: true,
      members: { message: { shape: "ExceptionMessage" } }
    },
    KmsThrottled: {
      type: "structure",
      exception: true,
      members: { message: { shape: "ExceptionMessage" } }
    },
    ListDeadLetterSourceQueuesRequest: {
      type: "structure",
      required: ["QueueUrl"],
      members: {
        QueueUrl: { shape: "String" },
        NextToken: { shape: "Token" },
        MaxResults: { shape: "BoxedInteger" }
      }
    },
    ListDeadLetterSourceQueuesResult: {
      type: "structure",
      required: ["queueUrls"],
      members: { queueUrls: { shape: "QueueUrlList" }, NextToken: { shape: "Token" } }
    },
    ListMessageMoveTasksRequest: {
      type: "structure",
      required: ["SourceArn"],
      members: { SourceArn: { shape: "String" }, MaxResults: { shape: "NullableInteger" } }
    },
    ListMessageMoveTasksResult: {
      type: "structure",
      members: { Results: { shape: "ListMessageMoveTasksResultEntryList", flattened: true } }
    },
    ListMessageMoveTasksResultEntry: {
      type: "structure",
      members: {
        TaskHandle: { shape: "String" },
        Status: { shape: "String" },
        SourceArn: { shape: "String" },
        DestinationArn: { shape: "String" },
        MaxNumberOfMessagesPerSecond: { shape: "NullableInteger" },
        ApproximateNumberOfMessagesMoved: { shape: "Long" },
        ApproximateNumberOfMessagesToMove: { shape: "NullableLong" },
        FailureReason: { shape: "String" },
        StartedTimestamp: { shape: "Long" }
      }
    },
    ListMessageMoveTasksResultEntryList: {
      type: "list",
      flattened: true,
      member: {
        shape: "ListMessageMoveTasksResultEntry",
        locationName: "ListMessageMoveTasksResultEntry"
      }
    },
    ListQueueTagsRequest: {
      type: "structure",
      required: ["QueueUrl"],
      members: { QueueUrl: { shape: "String" } }
    },
    ListQueueTagsResult: {
      type: "structure",
      members: { Tags: { shape: "TagMap", locationName: "Tag" } }
    },
    ListQueuesRequest: {
      type: "structure",
      members: {
        QueueNamePrefix: { shape: "String" },
        NextToken: { shape: "Token" },
        MaxResults: { shape: "BoxedInteger" }
      }
    },
    ListQueuesResult: {
      type: "structure",
      members: { QueueUrls: { shape: "QueueUrlList" }, NextToken: { shape: "Token" } }
    },
    Long: { type: "long" },
    Message: {
      type: "structure",
      members: {
        MessageId: { shape: "String" },
        ReceiptHandle: { shape: "String" },
        MD5OfBody: { shape: "String" },
        Body: { shape: "String" },
        Attributes: { shape: "MessageSystemAttributeMap", locationName: "Attribute" },
        MD5OfMessageAttributes: { shape: "String" },
        MessageAttributes: { shape: "MessageBodyAttributeMap", locationName: "MessageAttribute" }
      }
    },
    MessageAttributeName: { type: "string" },
    MessageAttributeNameList: {
      type: "list",
      flattened: true,
      member: { shape: "MessageAttributeName", locationName: "MessageAttributeName" }
    },
    MessageAttributeValue: {
      type: "structure",
      required: ["DataType"],
      members: {
        StringValue: { shape: "String" },
        BinaryValue: { shape: "Binary" },
        StringListValues: { shape: "StringList", flattened: true, locationName: "StringListValue" },
        BinaryListValues: { shape: "BinaryList", flattened: true, locationName: "BinaryListValue" },
        DataType: { shape: "String" }
      }
    },
    MessageBodyAttributeMap: {
      type: "map",
      flattened: true,
      key: { shape: "String", locationName: "Name" },
      value: { shape: "MessageAttributeValue", locationName: "Value" }
    },
    MessageBodySystemAttributeMap: {
      type: "map",
      flattened: true,
      key: { shape: "MessageSystemAttributeNameForSends", locationName: "Name" },
      value: { shape: "MessageSystemAttributeValue", locationName: "Value" }
    },
    MessageList: {
      type: "list",
      flattened: true,
      member: { shape: "Message", locationName: "Message" }
    },
    MessageNotInflight: {
      type: "structure",
      exception: true,
      error: {
        code: "AWS.SimpleQueueService.MessageNotInflight",
        httpStatusCode: 400,
        senderFault: true
      },
      members: {}
    },
    MessageSystemAttributeList: {
      type: "list",
      flattened: true,
      member: { shape: "MessageSystemAttributeName" }
    },
    MessageSystemAttributeMap: {
      type: "map",
      flattened: true,
      locationName: "Attribute",
      key: { shape: "MessageSystemAttributeName", locationName: "Name" },
      value: { shape: "String", locationName: "Value" }
    },
    MessageSystemAttributeName: {
      type: "string",
      enum: [
        "All",
        "SenderId",
        "SentTimestamp",
        "ApproximateReceiveCount",
        "ApproximateFirstReceiveTimestamp",
        "SequenceNumber",
        "MessageDeduplicationId",
        "MessageGroupId",
        "AWSTraceHeader",
        "DeadLetterQueueSourceArn"
      ]
    },
    MessageSystemAttributeNameForSends: { type: "string", enum: ["AWSTraceHeader"] },
    MessageSystemAttributeValue: {
      type: "structure",
      required: ["DataType"],
      members: {
        StringValue: { shape: "String" },
        BinaryValue: { shape: "Binary" },
        StringListValues: { shape: "StringList", flattened: true, locationName: "StringListValue" },
        BinaryListValues: { shape: "BinaryList", flattened: true, locationName: "BinaryListValue" },
        DataType: { shape: "String" }
      }
    },
    NullableInteger: { type: "integer" },
    NullableLong: { type: "long" },
    OverLimit: {
      type: "structure",
      exception: true,
      error: { code: "OverLimit", httpStatusCode: 403, senderFault: true },
      members: { message: { shape: "ExceptionMessage" } }
    },
    PurgeQueueInProgress: {
      type: "structure",
      exception: true,
      error: {
        code: "AWS.SimpleQueueService.PurgeQueueInProgress",
        httpStatusCode: 403,
        senderFault: true
      },
      members: { message: { shape: "ExceptionMessage" } }
    },
    PurgeQueueRequest: {
      type: "structure",
      required: ["QueueUrl"],
      members: { QueueUrl: { shape: "String" } }
    },
    QueueAttributeMap: {
      type: "map",
      flattened: true,
      locationName: "Attribute",
      key: { shape: "QueueAttributeName", locationName: "Name" },
      value: { shape: "String", locationName: "Value" }
    },
    QueueAttributeName: {
      type: "string",
      enum: [
        "All",
        "Policy",
        "VisibilityTimeout",
        "MaximumMessageSize",
        "MessageRetentionPeriod",
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "CreatedTimestamp",
        "LastModifiedTimestamp",
        "QueueArn",
        "ApproximateNumberOfMessagesDelayed",
        "DelaySeconds",
        "ReceiveMessageWaitTimeSeconds",
        "RedrivePolicy",
        "FifoQueue",
        "ContentBasedDeduplication",
        "KmsMasterKeyId",
        "KmsDataKeyReusePeriodSeconds",
        "DeduplicationScope",
        "FifoThroughputLimit",
        "RedriveAllowPolicy",
        "SqsManagedSseEnabled"
      ]
    },
    QueueDeletedRecently: {
      type: "structure",
      exception: true,
      error: {
        code: "AWS.SimpleQueueService.QueueDeletedRecently",
        httpStatusCode: 400,
        senderFault: true
      },
      members: { message: { shape: "ExceptionMessage" } }
    },
    QueueDoesNotExist: {
      type: "structure",
      exception: true,
      error: {
        code: "AWS.SimpleQueueService.NonExistentQueue",
        httpStatusCode: 400,
        senderFault: true
      },
      members: { message: { shape: "ExceptionMessage" } }
    },
    QueueNameExists: {
      type: "structure",
      exception: true,
      error: { code: "QueueAlreadyExists", httpStatusCode: 400, senderFault: true },
      members: { message: { shape: "ExceptionMessage" } }
    },
    QueueUrlList: {
      type: "list",
      flattened: true,
      member: { shape: "String", locationName: "QueueUrl" }
    },
    ReceiptHandleIsInvalid: {
      type: "structure",
      exception: true,
      members: { message: { shape: "ExceptionMessage" } }
    },
    ReceiveMessageRequest: {
      type: "structure",
      required: ["QueueUrl"],
      members: {
        QueueUrl: { shape: "String" },
        AttributeNames: { shape: "AttributeNameList" },
        MessageSystemAttributeNames: { shape: "MessageSystemAttributeList" },
        MessageAttributeNames: { shape: "MessageAttributeNameList" },
        MaxNumberOfMessages: { shape: "NullableInteger" },
        VisibilityTimeout: { shape: "NullableInteger" },
        WaitTimeSeconds: { shape: "NullableInteger" },
        ReceiveRequestAttemptId: { shape: "String" }
      }
    },
    ReceiveMessageResult: { type: "structure", members: { Messages: { shape: "MessageList" } } },
    RemovePermissionRequest: {
      type: "structure",
      required: ["QueueUrl", "Label"],
      members: { QueueUrl: { shape: "String" }, Label: { shape: "String" } }
    },
    RequestThrottled: {
      type: "structure",
      exception: true,
      members: { message: { shape: "ExceptionMessage" } }
    },
    ResourceNotFoundException: {
      type: "structure",
      exception: true,
      error: { code: "ResourceNotFoundException", httpStatusCode: 404, senderFault: true },
      members: { message: { shape: "ExceptionMessage" } }
    },
    SendMessageBatchRequest: {
      type: "structure",
      required: ["QueueUrl", "Entries"],
      members: {
        QueueUrl: { shape: "String" },
        Entries: { shape: "SendMessageBatchRequestEntryList" }
      }
    },
    SendMessageBatchRequestEntry: {
      type: "structure",
      required: ["Id", "MessageBody"],
      members: {
        Id: { shape: "String" },
        MessageBody: { shape: "String" },
        DelaySeconds: { shape: "NullableInteger" },
        MessageAttributes: { shape: "MessageBodyAttributeMap", locationName: "MessageAttribute" },
        MessageSystemAttributes: {
          shape: "MessageBodySystemAttributeMap",
          locationName: "MessageSystemAttribute"
        },
        MessageDeduplicationId: { shape: "String" },
        MessageGroupId: { shape: "String" }
      }
    },
    SendMessageBatchRequestEntryList: {
      type: "list",
      flattened: true,
      member: { shape: "SendMessageBatchRequestEntry", locationName: "SendMessageBatchRequestEntry" }
    },
    SendMessageBatchResult: {
      type: "structure",
      required: ["Successful", "Failed"],
      members: {
        Successful: { shape: "SendMessageBatchResultEntryList" },
        Failed: { shape: "BatchResultErrorEntryList" }
      }
    },
    SendMessageBatchResultEntry: {
      type: "structure",
      required: ["Id", "MessageId", "MD5OfMessageBody"],
      members: {
        Id: { shape: "String" },
        MessageId: { shape: "String" },
        MD5OfMessageBody: { shape: "String" },
        MD5OfMessageAttributes: { shape: "String" },
        MD5OfMessageSystemAttributes: { shape: "String" },
        SequenceNumber: { shape: "String" }
      }
    },
    SendMessageBatchResultEntryList: {
      type: "list",
      flattened: true,
      member: { shape: "SendMessageBatchResultEntry", locationName: "SendMessageBatchResultEntry" }
    },
    SendMessageRequest: {
      type: "structure",
      required: ["QueueUrl", "MessageBody"],
      members: {
        QueueUrl: { shape: "String" },
        MessageBody: { shape: "String" },
        DelaySeconds: { shape: "NullableInteger" },
        MessageAttributes: { shape: "MessageBodyAttributeMap", locationName: "MessageAttribute" },
        MessageSystemAttributes: {
          shape: "MessageBodySystemAttributeMap",
          locationName: "MessageSystemAttribute"
        },
        MessageDeduplicationId: { shape: "String" },
        MessageGroupId: { shape: "String" }
      }
    },
    SendMessageResult: {
      type: "structure",
      members: {
        MD5OfMessageBody: { shape: "String" },
        MD5OfMessageAttributes: { shape: "String" },
        MD5OfMessageSystemAttributes: { shape: "String" },
        MessageId: { shape: "String" },
        SequenceNumber: { shape: "String" }
      }
    },
    SetQueueAttributesRequest: {
      type: "structure",
      required: ["QueueUrl", "Attributes"],
      members: {
        QueueUrl: { shape: "String" },
        Attributes: { shape: "QueueAttributeMap", locationName: "Attribute" }
      }
    },
    StartMessageMoveTaskRequest: {
      type: "structure",
      required: ["SourceArn"],
      members: {
        SourceArn: { shape: "String" },
        DestinationArn: { shape: "String" },
        MaxNumberOfMessagesPerSecond: { shape: "NullableInteger" }
      }
    },
    StartMessageMoveTaskResult: { type: "structure", members: { TaskHandle: { shape: "String" } } },
    String: { type: "string" },
    StringList: { type: "list", member: { shape: "String", locationName: "StringListValue" } },
    TagKey: { type: "string" },
    TagKeyList: {
      type: "list",
      flattened: true,
      member: { shape: "TagKey", locationName: "TagKey" }
    },
    TagMap: {
      type: "map",
      flattened: true,
      locationName: "Tag",
      key: { shape: "TagKey", locationName: "Key" },
      value: { shape: "TagValue", locationName: "Value" }
    },
    TagQueueRequest: {
      type: "structure",
      required: ["QueueUrl", "Tags"],
      members: { QueueUrl: { shape: "String" }, Tags: { shape: "TagMap" } }
    },
    TagValue: { type: "string" },
    Token: { type: "string" },
    TooManyEntriesInBatchRequest: {
      type: "structure",
      exception: true,
      error: {
        code: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
        httpStatusCode: 400,
        senderFault: true
      },
      members: { message: { shape: "ExceptionMessage" } }
    },
    UnsupportedOperation: {
      type: "structure",
      exception: true,
      error: {
        code: "AWS.SimpleQueueService.UnsupportedOperation",
        httpStatusCode: 400,
        senderFault: true
      },
      members: { message: { shape: "ExceptionMessage" } }
    },
    UntagQueueRequest: {
      type: "structure",
      required: ["QueueUrl", "TagKeys"],
      members: { QueueUrl: { shape: "String" }, TagKeys: { shape: "TagKeyList" } }
    }
  }
};

// src/storage/database.ts
import { mkdirSync } from "node:fs";
import { join as join2 } from "node:path";
import Database from "better-sqlite3";
function openDatabase(options) {
  let path = ":memory:";
  if (!options.inMemory) {
    const dir = options.dataDir ?? ".orderflow";
    mkdirSync(dir, { recursive: true });
    path = join2(dir, "engine.sqlite");
  }
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (scope TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (scope, version))"
  );
  return db;
}
function migrate(db, scope, migrations) {
  const applied = new Set(
    db.prepare("SELECT version FROM schema_migrations WHERE scope = ?").pluck().all(scope)
  );
  const record = db.prepare("INSERT INTO schema_migrations (scope, version) VALUES (?, ?)");
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(scope, migration.version);
    })();
  }
}

// src/services/sqs/constants.ts
var MAX_MESSAGE_SIZE_BYTES = 1048576;
var MIN_MAXIMUM_MESSAGE_SIZE_BYTES = 1024;
var MAX_BATCH_PAYLOAD_BYTES = 1048576;
var MAX_BATCH_ENTRIES = 10;
var MAX_BATCH_ENTRY_ID_LENGTH = 80;
var DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;
var MAX_VISIBILITY_TIMEOUT_SECONDS = 43200;
var MAX_DELAY_SECONDS = 900;
var MIN_RETENTION_SECONDS = 60;
var MAX_RETENTION_SECONDS = 1209600;
var DEFAULT_RETENTION_SECONDS = 345600;
var MAX_WAIT_TIME_SECONDS = 20;
var MAX_RECEIVE_MESSAGES = 10;
var MIN_KMS_DATA_KEY_REUSE_SECONDS = 60;
var MAX_KMS_DATA_KEY_REUSE_SECONDS = 86400;
var DEFAULT_KMS_DATA_KEY_REUSE_SECONDS = 300;
var MAX_QUEUE_NAME_LENGTH = 80;
var FIFO_SUFFIX = ".fifo";
var MAX_MESSAGE_ATTRIBUTES = 10;
var MAX_ATTRIBUTE_NAME_LENGTH = 256;
var MAX_DATA_TYPE_LENGTH = 256;
var MAX_GROUP_OR_DEDUP_ID_LENGTH = 128;
var MIN_MAX_RECEIVE_COUNT = 1;
var MAX_MAX_RECEIVE_COUNT = 1e3;
var MAX_REDRIVE_ALLOW_SOURCE_ARNS = 10;
var FIFO_DEDUPLICATION_WINDOW_MS = 5 * 6e4;
var RECEIVE_ATTEMPT_WINDOW_MS = 5 * 6e4;
var PURGE_INTERVAL_MS = 6e4;
var QUEUE_DELETED_RECENTLY_MS = 6e4;
var MAX_INFLIGHT_MESSAGES = 12e4;
var MAX_TAGS_PER_QUEUE = 50;
var MAX_TAG_KEY_LENGTH = 128;
var MAX_TAG_VALUE_LENGTH = 256;
var MAX_LIST_RESULTS = 1e3;
var MAX_PERMISSION_LABEL_LENGTH = 80;
var MIN_MOVE_RATE_PER_SECOND = 1;
var MAX_MOVE_RATE_PER_SECOND = 500;
var SYSTEM_MOVE_RATE_PER_SECOND = 500;
var MAX_LIST_MOVE_TASKS = 10;

// src/services/sqs/errors.ts
var model = sqs_default;
var SqsError = class extends ServiceError {
  constructor(code, message, options = {}) {
    const modelled = model.shapes[code]?.error;
    super(code, message, {
      status: options.status ?? modelled?.httpStatusCode ?? 400,
      queryCode: modelled?.code,
      queryMessage: options.queryMessage
    });
  }
};
var CoralError = class extends ServiceError {
  constructor(exception, queryCode, message) {
    super(exception, message, { typeNamespace: "com.amazon.coral.service", queryCode });
  }
};
var QueueDoesNotExist = class extends SqsError {
  constructor() {
    super("QueueDoesNotExist", "The specified queue does not exist.", {
      queryMessage: "The specified queue does not exist for this wsdl version."
    });
  }
};
var QueueNameExists = class extends SqsError {
  constructor(name) {
    super(
      "QueueNameExists",
      `A queue already exists with the same name and a different value for attribute ${name}`
    );
  }
};
var QueueDeletedRecently = class extends SqsError {
  constructor() {
    super(
      "QueueDeletedRecently",
      "You must wait 60 seconds after deleting a queue before you can create another with the same name."
    );
  }
};
var InvalidAttributeName = class extends SqsError {
  constructor(name) {
    super("InvalidAttributeName", `Unknown Attribute ${name}.`);
  }
};
var InvalidAttributeValue = class extends SqsError {
  constructor(message) {
    super("InvalidAttributeValue", message);
  }
};
var InvalidParameterValue = class extends CoralError {
  constructor(message) {
    super("InvalidParameterValueException", "InvalidParameterValue", message);
  }
};
var MissingParameter = class extends CoralError {
  constructor(name) {
    super(
      "MissingRequiredParameterException",
      "MissingParameter",
      `The request must contain the parameter ${name}.`
    );
  }
};
var SqsSerializationException = class extends CoralError {
  constructor(message) {
    super("SerializationException", "MalformedInput", message);
  }
};
var InvalidAction = class extends CoralError {
  constructor(action) {
    super(
      "UnknownOperationException",
      "InvalidAction",
      `The action ${action} is not valid for this web service.`
    );
  }
};
var InvalidMessageContents = class extends SqsError {
  constructor(message) {
    super("InvalidMessageContents", message);
  }
};
var ReceiptHandleIsInvalid = class extends SqsError {
  constructor(handle) {
    super("ReceiptHandleIsInvalid", `The input receipt handle "${handle}" is not a valid receipt handle.`, {
      status: 404
    });
  }
};
var ReceiptHandleForOtherQueue = class extends SqsError {
  constructor(handle) {
    super("ReceiptHandleIsInvalid", `The receipt handle "${handle}" is not valid for this queue.`, {
      status: 404
    });
  }
};
var PurgeQueueInProgress = class extends SqsError {
  constructor(queueName) {
    super(
      "PurgeQueueInProgress",
      `Only one PurgeQueue operation on ${queueName} is allowed every 60 seconds.`
    );
  }
};
var EmptyBatchRequest = class extends SqsError {
  constructor(entryName) {
    super("EmptyBatchRequest", `There should be at least one ${entryName} in the request.`);
  }
};
var TooManyEntriesInBatchRequest = class extends SqsError {
  constructor(count) {
    super(
      "TooManyEntriesInBatchRequest",
      `Maximum number of entries per request are 10. You have sent ${count}.`
    );
  }
};
var BatchEntryIdsNotDistinct = class extends SqsError {
  constructor(id) {
    super("BatchEntryIdsNotDistinct", `Id ${id} repeated.`);
  }
};
var InvalidBatchEntryId = class extends SqsError {
  constructor() {
    super(
      "InvalidBatchEntryId",
      "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long."
    );
  }
};
var BatchRequestTooLong = class extends SqsError {
  constructor(limit, size) {
    super(
      "BatchRequestTooLong",
      `Batch requests cannot be longer than ${limit} bytes. You have sent ${size} bytes.`
    );
  }
};
var OverLimit = class extends SqsError {
  constructor(message) {
    super("OverLimit", message);
  }
};
var UnsupportedOperation = class extends SqsError {
  constructor(message) {
    super("UnsupportedOperation", message);
  }
};
var ResourceNotFoundException = class extends SqsError {
  constructor(message) {
    super("ResourceNotFoundException", message);
  }
};
var invalidParameter = (parameter, value, reason) => new InvalidParameterValue(
  `Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`
);

// src/services/sqs/long-poll.ts
var QueueSignals = class {
  constructor(clock) {
    this.clock = clock;
  }
  clock;
  waiters = /* @__PURE__ */ new Map();
  closed = false;
  /** Wakes every receive waiting on the queue; each one tries again. */
  notify(queueId) {
    const set = this.waiters.get(queueId);
    if (!set) return;
    this.waiters.delete(queueId);
    for (const waiter of set) waiter.wake();
  }
  /** Resolves on the next signal for the queue, at `wakeAt` (clock time), or on close. */
  wait(queueId, wakeAt) {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      let timer;
      const waiter = {
        wake: () => {
          timer?.cancel();
          this.waiters.get(queueId)?.delete(waiter);
          resolve();
        }
      };
      timer = this.clock.setTimer(Math.max(0, wakeAt - this.clock.now()), () => waiter.wake());
      let set = this.waiters.get(queueId);
      if (!set) {
        set = /* @__PURE__ */ new Set();
        this.waiters.set(queueId, set);
      }
      set.add(waiter);
    });
  }
  close() {
    this.closed = true;
    for (const queueId of [...this.waiters.keys()]) this.notify(queueId);
  }
};

// src/shared/digest.ts
import { createHash } from "node:crypto";
var md5Hex = (data) => createHash("md5").update(data).digest("hex");
var sha256Hex = (data) => createHash("sha256").update(data).digest("hex");

// src/services/sqs/message-attributes.ts
import { createHash as createHash2 } from "node:crypto";
var NAME_CHARS = /^[A-Za-z0-9_\-.]+$/;
var DATA_TYPE = /^(String|Number|Binary)(\.[^\s]+)?$/;
var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
function validateAttributeName(name) {
  if (name.length === 0)
    throw new InvalidParameterValue("The request must contain non-empty message (user) attribute names.");
  if (Buffer.byteLength(name) > MAX_ATTRIBUTE_NAME_LENGTH) {
    throw new InvalidParameterValue("Message (user) attribute name must be shorter than 256 bytes.");
  }
  const lower = name.toLowerCase();
  if (lower.startsWith("aws.") || lower.startsWith("amazon.")) {
    throw new InvalidParameterValue(
      "You can't use message attribute names beginning with 'AWS.' or 'Amazon'. These strings are reserved for internal use."
    );
  }
  if (!NAME_CHARS.test(name) || name.startsWith(".") || name.endsWith(".") || name.includes("..")) {
    throw new InvalidParameterValue(
      `The message attribute name '${name}' is invalid. Attribute name can contain A-Z, a-z, 0-9, underscore (_), hyphen (-), and period (.) characters.`
    );
  }
}
function isValidNumber(text) {
  if (!NUMBER.test(text.trim())) return false;
  const digits = text.replace(/[eE].*$/, "").replace(/[^0-9]/g, "").replace(/^0+/, "").replace(/0+$/, "");
  if (digits.length > 38) return false;
  const value = Number(text);
  return value === 0 || Math.abs(value) >= 1e-128 && Math.abs(value) <= 1e126;
}
function readAttribute(name, attr) {
  if (attr.StringListValues?.length || attr.BinaryListValues?.length) {
    throw new UnsupportedOperation(
      "Message attribute list values in SendMessage operation are not supported."
    );
  }
  const dataType = attr.DataType;
  const hasValue = attr.StringValue !== void 0 || attr.BinaryValue !== void 0;
  if (!hasValue) {
    throw new InvalidParameterValue(
      `The message (user) attribute '${name}' must contain a non-empty message attribute value.`
    );
  }
  if (!dataType) {
    throw new InvalidParameterValue(
      `The message (user) attribute '${name}' must contain a non-empty message attribute type.`
    );
  }
  if (Buffer.byteLength(dataType) > MAX_DATA_TYPE_LENGTH) {
    throw new InvalidParameterValue("Message (user) attribute type must be shorter than 256 bytes.");
  }
  if (!DATA_TYPE.test(dataType)) {
    throw new InvalidParameterValue(
      `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`
    );
  }
  const base = dataType.split(".", 1)[0];
  if (base === "Binary") {
    if (attr.BinaryValue === void 0 || attr.BinaryValue.length === 0) {
      throw new InvalidParameterValue(
        `Message (user) attribute '${name}' must contain a non-empty value of type 'Binary'.`
      );
    }
    return { DataType: dataType, BinaryValue: attr.BinaryValue.toString("base64") };
  }
  const value = attr.StringValue;
  if (value === void 0 || value.length === 0) {
    throw new InvalidParameterValue(
      `Message (user) attribute '${name}' must contain a non-empty value of type '${base}'.`
    );
  }
  if (base === "Number" && !isValidNumber(value)) {
    throw new InvalidParameterValue(
      `Can't cast the value of message (user) attribute '${name}' to a number.`
    );
  }
  return { DataType: dataType, StringValue: value };
}
function readMessageAttributes(input) {
  if (!input) return void 0;
  const names = Object.keys(input);
  if (names.length === 0) return void 0;
  if (names.length > MAX_MESSAGE_ATTRIBUTES) {
    throw new InvalidParameterValue(
      `Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_MESSAGE_ATTRIBUTES}].`
    );
  }
  const out = {};
  for (const name of names) {
    validateAttributeName(name);
    out[name] = readAttribute(name, input[name] ?? {});
  }
  return out;
}
function readSystemAttributes(input) {
  if (!input) return void 0;
  const out = {};
  for (const [name, attr] of Object.entries(input)) {
    if (name !== "AWSTraceHeader")
      throw new InvalidParameterValue(`Message system attribute name '${name}' is invalid.`);
    if (attr.DataType !== "String" || !attr.StringValue) {
      throw new InvalidParameterValue(
        `Message system attribute '${name}' must contain a non-empty value of type 'String'.`
      );
    }
    out[name] = { DataType: "String", StringValue: attr.StringValue };
  }
  return Object.keys(out).length > 0 ? out : void 0;
}
function attributesSize(attributes) {
  if (!attributes) return 0;
  let size = 0;
  for (const [name, attr] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(attr.DataType);
    size += attr.BinaryValue !== void 0 ? Buffer.from(attr.BinaryValue, "base64").length : Buffer.byteLength(attr.StringValue ?? "");
  }
  return size;
}
function lengthPrefixed(hash, bytes) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  hash.update(length);
  hash.update(bytes);
}
function md5OfAttributes(attributes) {
  if (!attributes) return void 0;
  const names = Object.keys(attributes).sort((a, b) => a < b ? -1 : a > b ? 1 : 0);
  if (names.length === 0) return void 0;
  const hash = createHash2("md5");
  for (const name of names) {
    const attr = attributes[name];
    lengthPrefixed(hash, Buffer.from(name, "utf8"));
    lengthPrefixed(hash, Buffer.from(attr.DataType, "utf8"));
    if (attr.BinaryValue !== void 0) {
      hash.update(Buffer.from([2]));
      lengthPrefixed(hash, Buffer.from(attr.BinaryValue, "base64"));
    } else {
      hash.update(Buffer.from([1]));
      lengthPrefixed(hash, Buffer.from(attr.StringValue ?? "", "utf8"));
    }
  }
  return hash.digest("hex");
}
function toWireAttributes(attributes) {
  const out = {};
  for (const [name, attr] of Object.entries(attributes)) {
    out[name] = attr.BinaryValue !== void 0 ? { DataType: attr.DataType, BinaryValue: Buffer.from(attr.BinaryValue, "base64") } : { DataType: attr.DataType, StringValue: attr.StringValue };
  }
  return out;
}
function selectAttributes(attributes, names) {
  if (!attributes || names.length === 0) return void 0;
  const out = {};
  for (const [name, attr] of Object.entries(attributes)) {
    const wanted = names.some(
      (n) => n === "All" || n === ".*" || n === name || n.endsWith(".*") && name.startsWith(n.slice(0, -1))
    );
    if (wanted) out[name] = attr;
  }
  return Object.keys(out).length > 0 ? out : void 0;
}

// src/services/sqs/receipt-handle.ts
var FORMAT = /^([0-9]{12}\/[a-z0-9-]+\/[A-Za-z0-9_.-]+) ([0-9]{1,16}) ([A-Za-z0-9_-]{22})$/;
function encodeReceiptHandle(handle) {
  return Buffer.from(`${handle.queueKey} ${handle.seq} ${handle.token}`, "utf8").toString("base64");
}
function decodeReceiptHandle(text) {
  if (text.length === 0 || text.length > 1024 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return void 0;
  const match = FORMAT.exec(Buffer.from(text, "base64").toString("utf8"));
  if (!match) return void 0;
  return { queueKey: match[1], seq: Number(match[2]), token: match[3] };
}
var queueKeyOf = (queue) => `${queue.accountId}/${queue.region}/${queue.name}`;

// src/services/sqs/messages.ts
var sequenceNumberOf = (seq) => (10n ** 19n + BigInt(seq)).toString();
var MessageStore = class {
  constructor(db, clock, queues, onAvailable) {
    this.db = db;
    this.clock = clock;
    this.queues = queues;
    this.onAvailable = onAvailable;
    const maxRow = db.prepare("SELECT MAX(seq) FROM sqs_messages").pluck().get();
    const sequence = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'sqs_messages'").pluck().get();
    this.nextSeq = Math.max(maxRow ?? 0, sequence ?? 0) + 1;
    this.s = {
      insert: db.prepare(`INSERT INTO sqs_messages (seq, queue_id, message_id, body, md5_body, attributes, system_attributes,
        sent_at, retain_from, visible_at, receive_count, first_received_at, group_id, dedup_id, sequence_number, sender_id, dlq_source_arn)
        VALUES (@seq, @queue_id, @message_id, @body, @md5_body, @attributes, @system_attributes, @sent_at, @retain_from, @visible_at,
        @receive_count, @first_received_at, @group_id, @dedup_id, @sequence_number, @sender_id, @dlq_source_arn)`),
      expire: db.prepare("DELETE FROM sqs_messages WHERE queue_id = ? AND retain_from <= ?"),
      standardCandidates: db.prepare(
        "SELECT * FROM sqs_messages WHERE queue_id = ? AND visible_at <= ? ORDER BY visible_at, seq LIMIT ?"
      ),
      readyGroups: db.prepare(
        "SELECT group_id, MIN(seq) AS first FROM sqs_messages WHERE queue_id = ? AND visible_at <= ? GROUP BY group_id ORDER BY first"
      ),
      blockedGroups: db.prepare(
        "SELECT DISTINCT group_id FROM sqs_messages WHERE queue_id = ? AND visible_at > ? AND receive_count > 0"
      ).pluck(),
      groupHead: db.prepare(
        "SELECT * FROM sqs_messages WHERE queue_id = ? AND group_id = ? ORDER BY seq LIMIT ?"
      ),
      markReceived: db.prepare(
        "UPDATE sqs_messages SET receive_count = receive_count + 1, first_received_at = COALESCE(first_received_at, ?), received_at = ?, receipt = ?, visible_at = ? WHERE seq = ?"
      ),
      bySeq: db.prepare("SELECT * FROM sqs_messages WHERE seq = ? AND queue_id = ?"),
      deleteBySeq: db.prepare("DELETE FROM sqs_messages WHERE seq = ?"),
      setVisibleAt: db.prepare("UPDATE sqs_messages SET visible_at = ? WHERE seq = ?"),
      counts: db.prepare(
        `SELECT COALESCE(SUM(visible_at <= @now), 0) AS visible,
                COALESCE(SUM(visible_at > @now AND receive_count > 0), 0) AS inFlight,
                COALESCE(SUM(visible_at > @now AND receive_count = 0), 0) AS delayed
         FROM sqs_messages WHERE queue_id = @queue`
      ),
      inFlight: db.prepare(
        "SELECT COUNT(*) FROM sqs_messages WHERE queue_id = ? AND visible_at > ? AND receive_count > 0"
      ).pluck(),
      nextVisible: db.prepare("SELECT MIN(visible_at) FROM sqs_messages WHERE queue_id = ? AND visible_at > ?").pluck(),
      purge: db.prepare("DELETE FROM sqs_messages WHERE queue_id = ?"),
      findDedup: db.prepare(
        "SELECT message_id, sequence_number FROM sqs_deduplication WHERE queue_id = ? AND scope_key = ? AND dedup_id = ? AND expires_at > ?"
      ),
      putDedup: db.prepare(
        "INSERT OR REPLACE INTO sqs_deduplication (queue_id, scope_key, dedup_id, message_id, sequence_number, expires_at) VALUES (?, ?, ?, ?, ?, ?)"
      ),
      sweepDedup: db.prepare("DELETE FROM sqs_deduplication WHERE expires_at <= ?"),
      findAttempt: db.prepare(
        "SELECT receipts FROM sqs_receive_attempts WHERE queue_id = ? AND attempt_id = ? AND expires_at > ?"
      ).pluck(),
      putAttempt: db.prepare(
        "INSERT OR REPLACE INTO sqs_receive_attempts (queue_id, attempt_id, receipts, expires_at) VALUES (?, ?, ?, ?)"
      ),
      sweepAttempts: db.prepare("DELETE FROM sqs_receive_attempts WHERE expires_at <= ?"),
      maxSeq: db.prepare("SELECT MAX(seq) FROM sqs_messages WHERE queue_id = ?").pluck(),
      movable: db.prepare(
        "SELECT * FROM sqs_messages WHERE queue_id = ? AND seq <= ? AND visible_at <= ? ORDER BY seq LIMIT ?"
      )
    };
  }
  db;
  clock;
  queues;
  onAvailable;
  nextSeq;
  lastDedupSweep = 0;
  s;
  // ---- sending -------------------------------------------------------------------------------
  /** Sends messages to one queue in one transaction; results keep the input order. */
  send(queue, requests) {
    const now = this.clock.now();
    const results = this.db.transaction(
      () => requests.map((request) => this.insertOne(queue, request, now))
    )();
    if (results.length > 0) this.onAvailable(queue.id);
    return results;
  }
  insertOne(queue, request, now) {
    const md5OfBody = md5Hex(Buffer.from(request.body, "utf8"));
    const md5Attributes = md5OfAttributes(request.attributes);
    const md5System = md5OfAttributes(request.systemAttributes);
    let dedupId;
    let scopeKey = "";
    if (queue.fifo) {
      this.sweepDeduplication(now);
      dedupId = request.deduplicationId ?? sha256Hex(Buffer.from(request.body, "utf8"));
      scopeKey = queue.config.deduplicationScope === "messageGroup" ? request.groupId ?? "" : "";
      const duplicate = this.s.findDedup.get(queue.id, scopeKey, dedupId, now);
      if (duplicate) {
        return {
          messageId: duplicate.message_id,
          md5OfBody,
          md5OfAttributes: md5Attributes,
          md5OfSystemAttributes: md5System,
          sequenceNumber: duplicate.sequence_number ?? void 0
        };
      }
    }
    const seq = this.nextSeq++;
    const messageId = newMessageId();
    const sequenceNumber = queue.fifo ? sequenceNumberOf(seq) : void 0;
    const delaySeconds = request.delaySeconds ?? queue.config.delaySeconds;
    this.s.insert.run({
      seq,
      queue_id: queue.id,
      message_id: messageId,
      body: request.body,
      md5_body: md5OfBody,
      attributes: request.attributes ? JSON.stringify(request.attributes) : null,
      system_attributes: request.systemAttributes ? JSON.stringify(request.systemAttributes) : null,
      sent_at: now,
      retain_from: now,
      visible_at: now + delaySeconds * 1e3,
      receive_count: 0,
      first_received_at: null,
      group_id: request.groupId ?? null,
      dedup_id: queue.fifo ? dedupId : null,
      sequence_number: sequenceNumber ?? null,
      sender_id: request.senderId,
      dlq_source_arn: null
    });
    if (queue.fifo && dedupId !== void 0) {
      this.s.putDedup.run(
        queue.id,
        scopeKey,
        dedupId,
        messageId,
        sequenceNumber,
        now + FIFO_DEDUPLICATION_WINDOW_MS
      );
    }
    return {
      messageId,
      md5OfBody,
      md5OfAttributes: md5Attributes,
      md5OfSystemAttributes: md5System,
      sequenceNumber
    };
  }
  sweepDeduplication(now) {
    if (now - this.lastDedupSweep < 6e4) return;
    this.lastDedupSweep = now;
    this.s.sweepDedup.run(now);
    this.s.sweepAttempts.run(now);
  }
  // ---- receiving -----------------------------------------------------------------------------
  receive(queue, options) {
    const visibilityMs = (options.visibilityTimeoutSeconds ?? queue.config.visibilityTimeoutSeconds) * 1e3;
    return this.db.transaction(() => {
      const now = this.clock.now();
      this.expire(queue, now);
      if (queue.fifo && options.attemptId) {
        const replay = this.replayAttempt(queue, options.attemptId, now, visibilityMs);
        if (replay) return replay;
      }
      if (!queue.fifo && this.s.inFlight.get(queue.id, now) >= MAX_INFLIGHT_MESSAGES) {
        throw new OverLimit(`Too many messages in flight for queue ${queue.name}.`);
      }
      const received = [];
      for (let round = 0; round < 100 && received.length < options.maxMessages; round++) {
        const want = options.maxMessages - received.length;
        const candidates = queue.fifo ? this.fifoCandidates(queue, now, want) : this.standardCandidates(queue, now, want);
        if (candidates.length === 0) break;
        let moved = false;
        for (const row of candidates) {
          if (this.redriveIfExhausted(queue, row, now)) {
            moved = true;
            if (queue.fifo) break;
            continue;
          }
          received.push(this.markReceived(queue, row, now, visibilityMs));
        }
        if (!moved) break;
      }
      if (queue.fifo && options.attemptId) {
        const receipts = received.map((m) => decodeReceiptHandle(m.receiptHandle)).map((h) => ({ seq: h.seq, token: h.token }));
        this.s.putAttempt.run(
          queue.id,
          options.attemptId,
          JSON.stringify(receipts),
          now + RECEIVE_ATTEMPT_WINDOW_MS
        );
      }
      return received;
    })();
  }
  standardCandidates(queue, now, limit) {
    return this.s.standardCandidates.all(queue.id, now, limit);
  }
  /**
   * FIFO: strict order within a group, and no message of a group while another of it is in
   * flight. Messages of one group are returned together, as many as fit, before the next group.
   */
  fifoCandidates(queue, now, limit) {
    const blocked = new Set(this.s.blockedGroups.all(queue.id, now));
    const out = [];
    for (const { group_id } of this.s.readyGroups.all(queue.id, now)) {
      if (blocked.has(group_id)) continue;
      for (const row of this.s.groupHead.all(queue.id, group_id, limit - out.length)) {
        if (row.visible_at > now) break;
        out.push(row);
      }
      if (out.length >= limit) break;
    }
    return out;
  }
  replayAttempt(queue, attemptId, now, visibilityMs) {
    const stored = this.s.findAttempt.get(queue.id, attemptId, now);
    if (!stored) return void 0;
    const out = [];
    for (const { seq, token } of JSON.parse(stored)) {
      const row = this.s.bySeq.get(seq, queue.id);
      if (!row || row.receipt !== token) continue;
      this.s.setVisibleAt.run(now + visibilityMs, seq);
      out.push(this.toReceived(queue, { ...row, visible_at: now + visibilityMs }, token));
    }
    return out.length > 0 ? out : void 0;
  }
  markReceived(queue, row, now, visibilityMs) {
    const token = randomToken(16);
    this.s.markReceived.run(now, now, token, now + visibilityMs, row.seq);
    return this.toReceived(
      queue,
      {
        ...row,
        receive_count: row.receive_count + 1,
        first_received_at: row.first_received_at ?? now,
        received_at: now
      },
      token
    );
  }
  toReceived(queue, row, token) {
    return {
      messageId: row.message_id,
      receiptHandle: encodeReceiptHandle({ queueKey: queueKeyOf(queue), seq: row.seq, token }),
      body: row.body,
      md5OfBody: row.md5_body,
      attributes: row.attributes ? JSON.parse(row.attributes) : void 0,
      systemAttributes: row.system_attributes ? JSON.parse(row.system_attributes) : void 0,
      sentAt: row.sent_at,
      receiveCount: row.receive_count,
      firstReceivedAt: row.first_received_at ?? row.sent_at,
      groupId: row.group_id ?? void 0,
      deduplicationId: row.dedup_id ?? void 0,
      sequenceNumber: row.sequence_number ?? void 0,
      senderId: row.sender_id,
      deadLetterSourceArn: row.dlq_source_arn ?? void 0
    };
  }
  /**
   * AWS: "When the ReceiveCount for a message exceeds the maxReceiveCount for a queue, Amazon SQS
   * moves the message to the dead-letter-queue" — on the receive that would exceed it.
   */
  redriveIfExhausted(queue, row, now) {
    const redrive = queue.config.redrive;
    if (!redrive || row.receive_count < redrive.maxReceiveCount) return false;
    const dlq = this.queues.fromArn(redrive.deadLetterTargetArn);
    if (!dlq) return false;
    this.transfer(row, dlq, now, { sourceArn: queue.arn, resetReceives: false });
    return true;
  }
  /**
   * Moves one message to another queue. Standard queues keep the original enqueue time for
   * retention; FIFO queues restart it (SQS Developer Guide, dead-letter queue retention).
   */
  transfer(row, target, now, options) {
    const seq = this.nextSeq++;
    this.s.insert.run({
      seq,
      queue_id: target.id,
      message_id: row.message_id,
      body: row.body,
      md5_body: row.md5_body,
      attributes: row.attributes,
      system_attributes: row.system_attributes,
      sent_at: row.sent_at,
      retain_from: target.fifo ? now : row.retain_from,
      visible_at: now,
      receive_count: options.resetReceives ? 0 : row.receive_count,
      first_received_at: options.resetReceives ? null : row.first_received_at,
      group_id: row.group_id,
      dedup_id: row.dedup_id,
      sequence_number: target.fifo ? sequenceNumberOf(seq) : null,
      sender_id: row.sender_id,
      dlq_source_arn: options.sourceArn ?? null
    });
    this.s.deleteBySeq.run(row.seq);
    this.onAvailable(target.id);
  }
  expire(queue, now) {
    this.s.expire.run(queue.id, now - queue.config.retentionSeconds * 1e3);
  }
  // ---- deleting and visibility ---------------------------------------------------------------
  locate(queue, receiptHandle) {
    const handle = decodeReceiptHandle(receiptHandle);
    if (!handle) throw new ReceiptHandleIsInvalid(receiptHandle);
    if (handle.queueKey !== queueKeyOf(queue)) throw new ReceiptHandleForOtherQueue(receiptHandle);
    return { row: this.s.bySeq.get(handle.seq, queue.id), token: handle.token };
  }
  /**
   * AWS: deleting with the latest handle deletes the message; with an older handle the call
   * "succeeds, but the message might not be deleted" (here: it is not). FIFO handles expire with
   * the visibility timeout.
   */
  delete(queue, receiptHandle) {
    const now = this.clock.now();
    const { row, token } = this.locate(queue, receiptHandle);
    if (!row) return;
    if (queue.fifo && (row.receipt !== token || row.visible_at <= now)) {
      throw invalidParameter("ReceiptHandle", receiptHandle, "The receipt handle has expired.");
    }
    if (row.receipt !== token) return;
    this.s.deleteBySeq.run(row.seq);
    if (queue.fifo) this.onAvailable(queue.id);
  }
  changeVisibility(queue, receiptHandle, timeoutSeconds) {
    const now = this.clock.now();
    const { row, token } = this.locate(queue, receiptHandle);
    if (!row || row.receipt !== token) {
      throw invalidParameter(
        "ReceiptHandle",
        receiptHandle,
        "Message does not exist or is not available for visibility timeout change."
      );
    }
    if (queue.fifo && row.visible_at <= now) {
      throw invalidParameter("ReceiptHandle", receiptHandle, "The receipt handle has expired.");
    }
    const visibleAt = now + timeoutSeconds * 1e3;
    if (visibleAt - (row.received_at ?? now) > MAX_VISIBILITY_TIMEOUT_SECONDS * 1e3) {
      throw invalidParameter(
        "VisibilityTimeout",
        timeoutSeconds,
        `Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_TIMEOUT_SECONDS} seconds]`
      );
    }
    this.s.setVisibleAt.run(visibleAt, row.seq);
    if (timeoutSeconds === 0) this.onAvailable(queue.id);
  }
  /** Runs `work` for each entry in one transaction, collecting per-entry errors. */
  batch(entries, work) {
    return this.db.transaction(
      () => entries.map((entry) => {
        try {
          return { ok: work(entry) };
        } catch (error) {
          return { error };
        }
      })
    )();
  }
  purge(queue) {
    this.s.purge.run(queue.id);
  }
  counts(queue) {
    const now = this.clock.now();
    this.expire(queue, now);
    return this.s.counts.get({ now, queue: queue.id });
  }
  /** When the next not-yet-visible message becomes visible, if any. */
  nextVisibleAt(queue) {
    return this.s.nextVisible.get(queue.id, this.clock.now()) ?? void 0;
  }
  // ---- message move tasks --------------------------------------------------------------------
  /** The newest message in a queue now: a move task moves what was there when it started. */
  highWaterMark(queue) {
    return this.s.maxSeq.get(queue.id) ?? 0;
  }
  /**
   * Moves up to `limit` visible messages (enqueued at or before `upToSeq`) out of `source`.
   * `destinationFor` picks each message's target; an undefined target stops the move with the
   * returned failure reason.
   */
  moveBatch(source, upToSeq, limit, destinationFor) {
    return this.db.transaction(() => {
      const now = this.clock.now();
      this.expire(source, now);
      const rows = this.s.movable.all(source.id, upToSeq, now, limit + 1);
      let moved = 0;
      for (const row of rows.slice(0, limit)) {
        const target = destinationFor(row.dlq_source_arn ?? void 0);
        if (typeof target === "string") return { moved, remaining: true, failure: target };
        this.transfer(row, target, now, { sourceArn: void 0, resetReceives: true });
        moved++;
      }
      return { moved, remaining: rows.length > limit };
    })();
  }
};

// src/services/sqs/move-tasks.ts
import { randomUUID as randomUUID2 } from "node:crypto";
var TICK_MS = 1e3;
var ARN_FORMAT = (parameter) => new InvalidParameterValue(
  `You must use this format to specify the ${parameter}: arn:<partition>:<service>:<region>:<account-id>:<resource-id>`
);
var missingResource = (parameter) => new ResourceNotFoundException(
  `The resource that you specified for the ${parameter} parameter doesn't exist.`
);
var encodeHandle = (taskId, sourceArn) => Buffer.from(JSON.stringify({ taskId, sourceArn })).toString("base64");
function decodeHandle(handle) {
  try {
    const parsed = JSON.parse(Buffer.from(handle, "base64").toString("utf8"));
    if (typeof parsed.taskId === "string" && typeof parsed.sourceArn === "string") {
      return { taskId: parsed.taskId, sourceArn: parsed.sourceArn };
    }
  } catch {
  }
  return void 0;
}
var MoveTasks = class {
  constructor(db, clock, queues, messages) {
    this.clock = clock;
    this.queues = queues;
    this.messages = messages;
    this.s = {
      insert: db.prepare(
        `INSERT INTO sqs_move_tasks (task_id, account_id, region, source_arn, destination_arn, max_per_second, status, started_at, last_seq, to_move)
         VALUES (?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?, ?)`
      ),
      get: db.prepare("SELECT * FROM sqs_move_tasks WHERE task_id = ?"),
      active: db.prepare(
        "SELECT task_id FROM sqs_move_tasks WHERE source_arn = ? AND status IN ('RUNNING', 'CANCELLING')"
      ).pluck(),
      running: db.prepare("SELECT task_id FROM sqs_move_tasks WHERE status IN ('RUNNING', 'CANCELLING')").pluck(),
      list: db.prepare(
        "SELECT * FROM sqs_move_tasks WHERE source_arn = ? ORDER BY started_at DESC, rowid DESC LIMIT ?"
      ),
      progress: db.prepare("UPDATE sqs_move_tasks SET moved = moved + ? WHERE task_id = ?"),
      finish: db.prepare("UPDATE sqs_move_tasks SET status = ?, failure_reason = ? WHERE task_id = ?")
    };
  }
  clock;
  queues;
  messages;
  timers = /* @__PURE__ */ new Map();
  s;
  /** Restarts the ticks of tasks that were running when the engine stopped. */
  resume() {
    for (const taskId of this.s.running.all()) this.schedule(taskId);
  }
  sourceQueue(sourceArn) {
    if (!parseArn(sourceArn)) throw ARN_FORMAT("SourceArn");
    const source = this.queues.fromArn(sourceArn);
    if (!source) throw missingResource("SourceArn");
    return source;
  }
  start(input) {
    const source = this.sourceQueue(input.sourceArn);
    if (this.queues.sourcesOf(source.arn).length === 0) {
      throw new InvalidParameterValue("Source queue must be configured as a Dead Letter Queue.");
    }
    if (input.destinationArn !== void 0) {
      if (!parseArn(input.destinationArn)) throw ARN_FORMAT("DestinationArn");
      if (input.destinationArn === source.arn) {
        throw new InvalidParameterValue("Source queue arn and destination queue arn cannot be the same.");
      }
      const destination = this.queues.fromArn(input.destinationArn);
      if (!destination) throw missingResource("DestinationArn");
      if (destination.fifo !== source.fifo) {
        throw new InvalidParameterValue(
          "The source queue and destination queue must be of the same queue type."
        );
      }
    }
    const rate = input.maxPerSecond;
    if (rate !== void 0 && (rate < MIN_MOVE_RATE_PER_SECOND || rate > MAX_MOVE_RATE_PER_SECOND)) {
      throw new InvalidParameterValue(
        "Value for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: You must enter a number that's between 1 and 500."
      );
    }
    if (this.s.active.get(source.arn)) {
      throw new InvalidParameterValue(
        "There is already a task running. Only one active task is allowed for a source queue arn at a given time."
      );
    }
    const taskId = randomUUID2();
    this.s.insert.run(
      taskId,
      source.accountId,
      source.region,
      source.arn,
      input.destinationArn ?? null,
      rate ?? null,
      this.clock.now(),
      this.messages.highWaterMark(source),
      this.messages.counts(source).visible
    );
    this.schedule(taskId);
    return encodeHandle(taskId, source.arn);
  }
  cancel(taskHandle) {
    const decoded = decodeHandle(taskHandle);
    if (!decoded) throw new InvalidParameterValue("Value for parameter TaskHandle is invalid.");
    this.sourceQueue(decoded.sourceArn);
    const row = this.s.get.get(decoded.taskId);
    if (!row || row.source_arn !== decoded.sourceArn)
      throw new ResourceNotFoundException("Task does not exist.");
    if (row.status !== "RUNNING") throw new ResourceNotFoundException("Task does not exist.");
    this.timers.get(row.task_id)?.cancel();
    this.timers.delete(row.task_id);
    this.s.finish.run("CANCELLED", null, row.task_id);
    return row.moved;
  }
  list(sourceArn, maxResults) {
    this.sourceQueue(sourceArn);
    if (maxResults !== void 0 && (maxResults < 1 || maxResults > MAX_LIST_MOVE_TASKS)) {
      throw new InvalidParameterValue(
        `Value for parameter MaxResults is invalid. Reason: You must enter a number that's between 1 and ${MAX_LIST_MOVE_TASKS}.`
      );
    }
    return this.s.list.all(sourceArn, maxResults ?? 1).map((row) => ({
      taskId: row.task_id,
      taskHandle: encodeHandle(row.task_id, row.source_arn),
      sourceArn: row.source_arn,
      destinationArn: row.destination_arn ?? void 0,
      maxPerSecond: row.max_per_second ?? void 0,
      status: row.status,
      startedAt: row.started_at,
      toMove: row.to_move,
      moved: row.moved,
      failureReason: row.failure_reason ?? void 0
    }));
  }
  schedule(taskId) {
    this.timers.set(
      taskId,
      this.clock.setTimer(0, () => this.tick(taskId))
    );
  }
  tick(taskId) {
    this.timers.delete(taskId);
    const row = this.s.get.get(taskId);
    if (row?.status !== "RUNNING") return;
    const source = this.queues.fromArn(row.source_arn);
    if (!source) {
      this.s.finish.run("FAILED", "AWS.SimpleQueueService.NonExistentQueue", taskId);
      return;
    }
    const fixed = row.destination_arn ? this.queues.fromArn(row.destination_arn) : void 0;
    if (row.destination_arn && !fixed) {
      this.s.finish.run("FAILED", "AWS.SimpleQueueService.NonExistentQueue", taskId);
      return;
    }
    const result = this.messages.moveBatch(
      source,
      row.last_seq,
      row.max_per_second ?? SYSTEM_MOVE_RATE_PER_SECOND,
      (origin) => {
        if (fixed) return fixed;
        if (!origin) return "CouldNotDetermineMessageSource";
        return this.queues.fromArn(origin) ?? "AWS.SimpleQueueService.NonExistentQueue";
      }
    );
    if (result.moved > 0) this.s.progress.run(result.moved, taskId);
    if (result.failure) {
      this.s.finish.run("FAILED", result.failure, taskId);
      return;
    }
    if (!result.remaining) {
      this.s.finish.run("COMPLETED", null, taskId);
      return;
    }
    this.timers.set(
      taskId,
      this.clock.setTimer(TICK_MS, () => this.tick(taskId))
    );
  }
  close() {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }
};

// src/services/sqs/queue-attributes.ts
var READ_ONLY_ATTRIBUTES = [
  "QueueArn",
  "ApproximateNumberOfMessages",
  "ApproximateNumberOfMessagesNotVisible",
  "ApproximateNumberOfMessagesDelayed",
  "CreatedTimestamp",
  "LastModifiedTimestamp"
];
var FIFO_ONLY = /* @__PURE__ */ new Set(["ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"]);
var integerIn = (name, min, max) => (value) => {
  if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InvalidAttributeValue(`Invalid value for the parameter ${name}.`);
  }
  return String(Number(value));
};
var booleanValue = (name) => (value) => {
  const lower = value.toLowerCase();
  if (lower !== "true" && lower !== "false")
    throw new InvalidAttributeValue(`Invalid value for the parameter ${name}.`);
  return lower;
};
var oneOf = (name, allowed) => (value) => {
  if (!allowed.includes(value)) throw new InvalidAttributeValue(`Invalid value for the parameter ${name}.`);
  return value;
};
var jsonDocument = (name) => (value) => {
  if (value === "") return "";
  try {
    const parsed = JSON.parse(value);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      throw new Error("not an object");
  } catch {
    throw new InvalidAttributeValue(`Invalid value for the parameter ${name}.`);
  }
  return value;
};
var ARN = /^arn:[a-z-]+:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+$/;
function redrivePolicy(value) {
  if (value === "") return "";
  const fail = (reason) => invalidParameter("RedrivePolicy", value, reason);
  let parsed;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw fail("Redrive policy is not a valid JSON map.");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw fail("Redrive policy is not a valid JSON map.");
  const { deadLetterTargetArn: target, maxReceiveCount: rawCount } = parsed;
  if (target === void 0)
    throw fail("Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
  if (rawCount === void 0)
    throw fail("Redrive policy does not contain mandatory attribute: maxReceiveCount.");
  if (typeof target !== "string" || !ARN.test(target)) throw fail("Invalid value for deadLetterTargetArn.");
  const count = typeof rawCount === "number" ? rawCount : typeof rawCount === "string" && /^-?[0-9]+$/.test(rawCount) ? Number(rawCount) : NaN;
  if (!Number.isInteger(count) || count < MIN_MAX_RECEIVE_COUNT || count > MAX_MAX_RECEIVE_COUNT) {
    throw fail(
      `Invalid value for maxReceiveCount: ${String(rawCount)}, valid values are from 1 to 1000 both inclusive.`
    );
  }
  return JSON.stringify({ deadLetterTargetArn: target, maxReceiveCount: count });
}
function redriveAllowPolicy(value) {
  if (value === "") return "";
  const fail = (reason) => invalidParameter("RedriveAllowPolicy", value, reason);
  let parsed;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw fail("Redrive allow policy is not a valid JSON map.");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw fail("Redrive allow policy is not a valid JSON map.");
  const permission = parsed.redrivePermission;
  const sources = parsed.sourceQueueArns;
  if (permission !== "allowAll" && permission !== "denyAll" && permission !== "byQueue") {
    throw fail("Invalid value for redrivePermission.");
  }
  if (permission === "byQueue") {
    if (!Array.isArray(sources) || sources.length === 0)
      throw fail("sourceQueueArns must be specified when redrivePermission is byQueue.");
    if (sources.length > MAX_REDRIVE_ALLOW_SOURCE_ARNS)
      throw fail("Number of sourceQueueArns exceeds the allowed maximum of 10.");
    if (!sources.every((s) => typeof s === "string" && ARN.test(s)))
      throw fail("Invalid value for sourceQueueArns.");
    return JSON.stringify({ redrivePermission: permission, sourceQueueArns: sources });
  }
  if (sources !== void 0) throw fail(`sourceQueueArns is only allowed when redrivePermission is byQueue.`);
  return JSON.stringify({ redrivePermission: permission });
}
var SETTABLE = {
  DelaySeconds: integerIn("DelaySeconds", 0, MAX_DELAY_SECONDS),
  MaximumMessageSize: integerIn("MaximumMessageSize", MIN_MAXIMUM_MESSAGE_SIZE_BYTES, MAX_MESSAGE_SIZE_BYTES),
  MessageRetentionPeriod: integerIn("MessageRetentionPeriod", MIN_RETENTION_SECONDS, MAX_RETENTION_SECONDS),
  ReceiveMessageWaitTimeSeconds: integerIn("ReceiveMessageWaitTimeSeconds", 0, MAX_WAIT_TIME_SECONDS),
  VisibilityTimeout: integerIn("VisibilityTimeout", 0, MAX_VISIBILITY_TIMEOUT_SECONDS),
  Policy: jsonDocument("Policy"),
  RedrivePolicy: redrivePolicy,
  RedriveAllowPolicy: redriveAllowPolicy,
  KmsMasterKeyId: (value) => value,
  KmsDataKeyReusePeriodSeconds: integerIn(
    "KmsDataKeyReusePeriodSeconds",
    MIN_KMS_DATA_KEY_REUSE_SECONDS,
    MAX_KMS_DATA_KEY_REUSE_SECONDS
  ),
  SqsManagedSseEnabled: booleanValue("SqsManagedSseEnabled"),
  FifoQueue: booleanValue("FifoQueue"),
  ContentBasedDeduplication: booleanValue("ContentBasedDeduplication"),
  DeduplicationScope: oneOf("DeduplicationScope", ["messageGroup", "queue"]),
  FifoThroughputLimit: oneOf("FifoThroughputLimit", ["perQueue", "perMessageGroupId"])
};
var ALL_ATTRIBUTE_NAMES = [...READ_ONLY_ATTRIBUTES, ...Object.keys(SETTABLE)];
function normalizeAttributes(input, options) {
  const out = {};
  for (const [name, raw] of Object.entries(input)) {
    const normalize = SETTABLE[name];
    if (!normalize) throw new InvalidAttributeName(`Unknown Attribute ${name}.`);
    if (!options.fifo && (FIFO_ONLY.has(name) || name === "FifoQueue"))
      throw new InvalidAttributeName(`Unknown Attribute ${name}.`);
    if (name === "FifoQueue" && !options.creating) {
      throw new InvalidAttributeValue(
        "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported."
      );
    }
    out[name] = normalize(String(raw));
  }
  const sseManaged = out.SqsManagedSseEnabled === "true";
  if (sseManaged && out.KmsMasterKeyId) {
    throw new InvalidAttributeName(
      "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE."
    );
  }
  return out;
}
function mergeAttributes(current, change) {
  const next = { ...current, ...change };
  for (const name of ["Policy", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId"]) {
    if (next[name] === "") delete next[name];
  }
  if (change.KmsMasterKeyId) next.SqsManagedSseEnabled = "false";
  if (change.SqsManagedSseEnabled === "true") {
    delete next.KmsMasterKeyId;
    delete next.KmsDataKeyReusePeriodSeconds;
  }
  return next;
}
function queueConfig(attributes) {
  const int = (name, fallback) => attributes[name] === void 0 ? fallback : Number(attributes[name]);
  return {
    delaySeconds: int("DelaySeconds", 0),
    maximumMessageSize: int("MaximumMessageSize", MAX_MESSAGE_SIZE_BYTES),
    retentionSeconds: int("MessageRetentionPeriod", DEFAULT_RETENTION_SECONDS),
    receiveWaitSeconds: int("ReceiveMessageWaitTimeSeconds", 0),
    visibilityTimeoutSeconds: int("VisibilityTimeout", DEFAULT_VISIBILITY_TIMEOUT_SECONDS),
    redrive: attributes.RedrivePolicy ? JSON.parse(attributes.RedrivePolicy) : void 0,
    redriveAllow: attributes.RedriveAllowPolicy ? JSON.parse(attributes.RedriveAllowPolicy) : void 0,
    contentBasedDeduplication: attributes.ContentBasedDeduplication === "true",
    deduplicationScope: attributes.DeduplicationScope === "messageGroup" ? "messageGroup" : "queue",
    fifoThroughputLimit: attributes.FifoThroughputLimit === "perMessageGroupId" ? "perMessageGroupId" : "perQueue"
  };
}
function effectiveAttributes(attributes, fifo) {
  const out = {
    VisibilityTimeout: String(DEFAULT_VISIBILITY_TIMEOUT_SECONDS),
    MaximumMessageSize: String(MAX_MESSAGE_SIZE_BYTES),
    MessageRetentionPeriod: String(DEFAULT_RETENTION_SECONDS),
    DelaySeconds: "0",
    ReceiveMessageWaitTimeSeconds: "0",
    SqsManagedSseEnabled: attributes.KmsMasterKeyId ? "false" : "true"
  };
  if (attributes.KmsMasterKeyId)
    out.KmsDataKeyReusePeriodSeconds = String(DEFAULT_KMS_DATA_KEY_REUSE_SECONDS);
  if (fifo) {
    Object.assign(out, {
      FifoQueue: "true",
      ContentBasedDeduplication: "false",
      DeduplicationScope: "queue",
      FifoThroughputLimit: "perQueue"
    });
  }
  return { ...out, ...attributes };
}

// src/services/sqs/queues.ts
var key = (accountId, region, name) => `${accountId}/${region}/${name}`;
function queueUrl(baseUrl, queue) {
  return `${baseUrl}/${queue.accountId}/${queue.name}`;
}
function parseQueueUrl(url) {
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/]+)?\/?([0-9]{12})\/([A-Za-z0-9_-]{1,80}(?:\.fifo)?)\/?$/.exec(
    url.trim()
  );
  return match ? { accountId: match[1], name: match[2] } : void 0;
}
var QueueRegistry = class {
  constructor(db, clock) {
    this.db = db;
    this.clock = clock;
    this.statements = {
      insert: db.prepare(
        "INSERT INTO sqs_queues (account_id, region, name, fifo, attributes, tags, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
      ),
      updateAttributes: db.prepare("UPDATE sqs_queues SET attributes = ?, modified_at = ? WHERE id = ?"),
      updateTags: db.prepare("UPDATE sqs_queues SET tags = ? WHERE id = ?"),
      updatePurged: db.prepare("UPDATE sqs_queues SET purged_at = ? WHERE id = ?"),
      delete: db.prepare("DELETE FROM sqs_queues WHERE id = ?"),
      recordDeleted: db.prepare(
        "INSERT INTO sqs_deleted_queues (account_id, region, name, deleted_at) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET deleted_at = excluded.deleted_at"
      ),
      deletedAt: db.prepare("SELECT deleted_at FROM sqs_deleted_queues WHERE account_id = ? AND region = ? AND name = ?").pluck()
    };
    for (const row of db.prepare("SELECT * FROM sqs_queues").all())
      this.remember(this.fromRow(row));
  }
  db;
  clock;
  byKey = /* @__PURE__ */ new Map();
  byId = /* @__PURE__ */ new Map();
  statements;
  fromRow(row) {
    const attributes = JSON.parse(row.attributes);
    return {
      id: row.id,
      accountId: row.account_id,
      region: row.region,
      name: row.name,
      fifo: row.fifo === 1,
      arn: buildArn("sqs", row.region, row.account_id, row.name),
      attributes,
      tags: JSON.parse(row.tags),
      createdAt: row.created_at,
      modifiedAt: row.modified_at,
      purgedAt: row.purged_at ?? void 0,
      config: queueConfig(attributes)
    };
  }
  remember(queue) {
    this.byKey.set(key(queue.accountId, queue.region, queue.name), queue);
    this.byId.set(queue.id, queue);
  }
  find(accountId, region, name) {
    return this.byKey.get(key(accountId, region, name));
  }
  byInternalId(id) {
    return this.byId.get(id);
  }
  get(accountId, region, name) {
    const queue = this.find(accountId, region, name);
    if (!queue) throw new QueueDoesNotExist();
    return queue;
  }
  /** Resolves a QueueUrl from a request made in `region`. */
  fromUrl(url, region) {
    const parsed = url ? parseQueueUrl(url) : void 0;
    if (!parsed) throw new QueueDoesNotExist();
    return this.get(parsed.accountId, region, parsed.name);
  }
  fromArn(arn) {
    const parsed = parseArn(arn);
    if (parsed?.service !== "sqs") return void 0;
    return this.find(parsed.accountId, parsed.region, parsed.resource);
  }
  list(accountId, region) {
    return [...this.byKey.values()].filter((q) => q.accountId === accountId && q.region === region).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  }
  /** Queues whose RedrivePolicy names `arn` as their dead-letter queue. */
  sourcesOf(arn) {
    return [...this.byKey.values()].filter((q) => q.config.redrive?.deadLetterTargetArn === arn).sort((a, b) => a.id - b.id);
  }
  /**
   * AWS: an existing name with the same attribute values returns the existing queue; any provided
   * attribute with a different value fails with QueueNameExists (tags are not compared).
   */
  create(identity, attributes, tags) {
    const existing = this.find(identity.accountId, identity.region, identity.name);
    if (existing) {
      const current = effectiveAttributes(existing.attributes, existing.fifo);
      for (const [name, value] of Object.entries(attributes)) {
        if (current[name] !== value) throw new QueueNameExists(name);
      }
      return { queue: existing, created: false };
    }
    const now = this.clock.now();
    const deletedAt = this.statements.deletedAt.get(identity.accountId, identity.region, identity.name);
    if (deletedAt !== void 0 && now - deletedAt < QUEUE_DELETED_RECENTLY_MS)
      throw new QueueDeletedRecently();
    this.checkRedrive(identity, attributes);
    const stored = mergeAttributes({}, attributes);
    if (identity.fifo) stored.FifoQueue = "true";
    const info = this.statements.insert.run(
      identity.accountId,
      identity.region,
      identity.name,
      identity.fifo ? 1 : 0,
      JSON.stringify(stored),
      JSON.stringify(tags),
      now,
      now
    );
    const queue = this.fromRow({
      id: Number(info.lastInsertRowid),
      account_id: identity.accountId,
      region: identity.region,
      name: identity.name,
      fifo: identity.fifo ? 1 : 0,
      attributes: JSON.stringify(stored),
      tags: JSON.stringify(tags),
      created_at: now,
      modified_at: now,
      purged_at: null
    });
    this.remember(queue);
    return { queue, created: true };
  }
  /** A redrive target must exist and be of the same type, and its RedriveAllowPolicy must admit the source. */
  checkRedrive(source, attributes) {
    if (!attributes.RedrivePolicy) return;
    const policy = JSON.parse(attributes.RedrivePolicy);
    const raw = attributes.RedrivePolicy;
    const target = this.fromArn(policy.deadLetterTargetArn);
    if (!target) throw invalidParameter("RedrivePolicy", raw, "Dead letter target does not exist.");
    if (target.fifo !== source.fifo) {
      throw invalidParameter(
        "RedrivePolicy",
        raw,
        "Dead-letter queue must be same type of queue as the source."
      );
    }
    const sourceArn = buildArn("sqs", source.region, source.accountId, source.name);
    const allow = target.config.redriveAllow;
    const denied = allow?.redrivePermission === "denyAll" || allow?.redrivePermission === "byQueue" && !(allow.sourceQueueArns ?? []).includes(sourceArn);
    if (denied) {
      throw invalidParameter(
        "RedrivePolicy",
        raw,
        `Queue ${target.arn} does not allow ${sourceArn} as a source queue.`
      );
    }
  }
  setAttributes(queue, change) {
    this.checkRedrive(queue, change);
    const next = mergeAttributes(queue.attributes, change);
    const now = this.clock.now();
    this.statements.updateAttributes.run(JSON.stringify(next), now, queue.id);
    queue.attributes = next;
    queue.modifiedAt = now;
    queue.config = queueConfig(next);
  }
  setTags(queue, tags) {
    this.statements.updateTags.run(JSON.stringify(tags), queue.id);
    queue.tags = tags;
  }
  markPurged(queue, at) {
    this.statements.updatePurged.run(at, queue.id);
    queue.purgedAt = at;
  }
  delete(queue) {
    this.db.transaction(() => {
      this.statements.delete.run(queue.id);
      this.statements.recordDeleted.run(queue.accountId, queue.region, queue.name, this.clock.now());
    })();
    this.byKey.delete(key(queue.accountId, queue.region, queue.name));
    this.byId.delete(queue.id);
  }
  /** Adds a permission statement to the queue's Policy (AddPermission). */
  addPermission(queue, label, accountIds, actions) {
    const policy = parsePolicy(queue);
    if (policy.Statement.some((s) => s.Sid === label)) {
      throw invalidParameter("Label", label, "Already exists.");
    }
    const principals = accountIds.map((id) => `arn:aws:iam::${id}:root`);
    const verbs = actions.map((a) => `SQS:${a}`);
    policy.Statement.push({
      Sid: label,
      Effect: "Allow",
      Principal: { AWS: principals.length === 1 ? principals[0] : principals },
      Action: verbs.length === 1 ? verbs[0] : verbs,
      Resource: queue.arn
    });
    this.setAttributes(queue, { Policy: JSON.stringify(policy) });
  }
  removePermission(queue, label) {
    const policy = parsePolicy(queue);
    const remaining = policy.Statement.filter((s) => s.Sid !== label);
    if (remaining.length === policy.Statement.length)
      throw invalidParameter("Label", label, "can't find label.");
    this.setAttributes(queue, {
      Policy: remaining.length === 0 ? "" : JSON.stringify({ ...policy, Statement: remaining })
    });
  }
};
function parsePolicy(queue) {
  const empty = { Version: "2008-10-17", Id: `${queue.arn}/SQSDefaultPolicy`, Statement: [] };
  if (!queue.attributes.Policy) return empty;
  try {
    const parsed = JSON.parse(queue.attributes.Policy);
    const statements = Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
    return { ...empty, ...parsed, Statement: statements };
  } catch {
    throw new InvalidParameterValue("The queue's existing Policy is not valid JSON.");
  }
}

// src/services/sqs/send-validation.ts
var INVALID_BODY_CHARACTER = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
var GROUP_OR_DEDUP_ID = /^[!-~]{1,128}$/;
function checkId(parameter, value) {
  if (value.length > MAX_GROUP_OR_DEDUP_ID_LENGTH || !GROUP_OR_DEDUP_ID.test(value)) {
    throw invalidParameter(
      parameter,
      value,
      `${parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.`
    );
  }
}
function checkFifoBatch(queue, entries) {
  if (!queue.fifo) return;
  if (entries.some((e) => !e.MessageGroupId)) {
    throw new InvalidParameterValue("The request must contain the parameter MessageGroupId.");
  }
  if (!queue.config.contentBasedDeduplication && entries.some((e) => !e.MessageDeduplicationId)) {
    throw new InvalidParameterValue(
      "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"
    );
  }
}
function prepareSend(queue, entry, senderId) {
  const body = entry.MessageBody;
  if (body === void 0 || body.length === 0) throw new MissingParameter("MessageBody");
  if (INVALID_BODY_CHARACTER.test(body)) {
    throw new InvalidMessageContents(
      "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF"
    );
  }
  const attributes = readMessageAttributes(entry.MessageAttributes);
  const systemAttributes = readSystemAttributes(entry.MessageSystemAttributes);
  const delay = entry.DelaySeconds;
  if (delay !== void 0) {
    if (queue.fifo && delay !== 0) {
      throw invalidParameter(
        "DelaySeconds",
        delay,
        "The request include parameter that is not valid for this queue type."
      );
    }
    if (delay < 0 || delay > MAX_DELAY_SECONDS) {
      throw invalidParameter("DelaySeconds", delay, `DelaySeconds must be >= 0 and <= ${MAX_DELAY_SECONDS}.`);
    }
  }
  const size = Buffer.byteLength(body, "utf8") + attributesSize(attributes);
  if (size > queue.config.maximumMessageSize) {
    throw new InvalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${queue.config.maximumMessageSize} bytes.`
    );
  }
  if (queue.fifo) {
    if (!entry.MessageGroupId) throw new MissingParameter("MessageGroupId");
    checkId("MessageGroupId", entry.MessageGroupId);
    if (entry.MessageDeduplicationId !== void 0)
      checkId("MessageDeduplicationId", entry.MessageDeduplicationId);
    else if (!queue.config.contentBasedDeduplication) {
      throw new InvalidParameterValue(
        "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"
      );
    }
  } else {
    if (entry.MessageDeduplicationId !== void 0) {
      throw new InvalidParameterValue(
        "The request include parameter MessageDeduplicationId which is not valid for this queue type"
      );
    }
    if (entry.MessageGroupId !== void 0) checkId("MessageGroupId", entry.MessageGroupId);
  }
  return {
    body,
    delaySeconds: queue.fifo ? void 0 : delay,
    attributes,
    systemAttributes,
    groupId: entry.MessageGroupId,
    deduplicationId: queue.fifo ? entry.MessageDeduplicationId : void 0,
    senderId
  };
}
function entrySize(entry) {
  let size = Buffer.byteLength(entry.MessageBody ?? "", "utf8");
  for (const [name, attr] of Object.entries(entry.MessageAttributes ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(attr.DataType ?? "");
    size += attr.BinaryValue ? attr.BinaryValue.length : Buffer.byteLength(attr.StringValue ?? "");
  }
  return size;
}

// src/services/sqs/operations.ts
var QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
var FIFO_QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;
var BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
var PERMISSION_LABEL = /^[A-Za-z0-9_-]{1,80}$/;
var SHAREABLE_ACTIONS = /* @__PURE__ */ new Set([
  "*",
  "SendMessage",
  "ReceiveMessage",
  "DeleteMessage",
  "ChangeMessageVisibility",
  "GetQueueAttributes",
  "GetQueueUrl",
  "ListDeadLetterSourceQueues",
  "PurgeQueue",
  "ListQueueTags"
]);
var MAX_PERMISSION_ACTIONS = 7;
function checkQueueName(name, fifoRequested) {
  const fifo = name.endsWith(FIFO_SUFFIX);
  if (fifoRequested && !FIFO_QUEUE_NAME.test(name)) {
    throw new InvalidParameterValue(
      "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length."
    );
  }
  if (name.length > MAX_QUEUE_NAME_LENGTH || !(fifo ? FIFO_QUEUE_NAME.test(name) : QUEUE_NAME.test(name)) || fifo && !fifoRequested) {
    throw new InvalidParameterValue(
      "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"
    );
  }
  return { name, fifo };
}
function checkBatch(entries, entryName) {
  if (!entries || entries.length === 0) throw new EmptyBatchRequest(entryName);
  if (entries.length > MAX_BATCH_ENTRIES) throw new TooManyEntriesInBatchRequest(entries.length);
  const seen = /* @__PURE__ */ new Set();
  for (const entry of entries) {
    if (!entry.Id || entry.Id.length > MAX_BATCH_ENTRY_ID_LENGTH || !BATCH_ENTRY_ID.test(entry.Id))
      throw new InvalidBatchEntryId();
    if (seen.has(entry.Id)) throw new BatchEntryIdsNotDistinct(entry.Id);
    seen.add(entry.Id);
  }
  return entries;
}
function failure(id, error) {
  if (!(error instanceof ServiceError)) throw error;
  return {
    Id: id,
    SenderFault: error.fault === "Sender",
    Code: error.queryCode ?? error.code,
    Message: error.message
  };
}
function rangeCheck(parameter, value, min, max, reason) {
  if (value !== void 0 && (value < min || value > max)) throw invalidParameter(parameter, value, reason);
}
function sqsOperations(core) {
  const { queues, messages, signals, moveTasks, clock } = core;
  const queueFor = (input, ctx) => queues.fromUrl(input.QueueUrl, ctx.region);
  function systemAttributesOf(queue, message, wanted) {
    const all = wanted.has("All");
    const out = {};
    const put = (name, value) => {
      if (value !== void 0 && (all || wanted.has(name))) out[name] = value;
    };
    put("SenderId", message.senderId);
    put("SentTimestamp", String(message.sentAt));
    put("ApproximateReceiveCount", String(message.receiveCount));
    put("ApproximateFirstReceiveTimestamp", String(message.firstReceivedAt));
    if (queue.fifo) {
      put("SequenceNumber", message.sequenceNumber);
      put("MessageDeduplicationId", message.deduplicationId);
    }
    put("MessageGroupId", message.groupId);
    put("AWSTraceHeader", message.systemAttributes?.AWSTraceHeader?.StringValue);
    put("DeadLetterQueueSourceArn", message.deadLetterSourceArn);
    return Object.keys(out).length > 0 ? out : void 0;
  }
  function toWireMessage(queue, message, input) {
    const wanted = /* @__PURE__ */ new Set([
      ...input.AttributeNames ?? [],
      ...input.MessageSystemAttributeNames ?? []
    ]);
    const selected = selectAttributes(message.attributes, input.MessageAttributeNames ?? []);
    return {
      MessageId: message.messageId,
      ReceiptHandle: message.receiptHandle,
      MD5OfBody: message.md5OfBody,
      Body: message.body,
      Attributes: systemAttributesOf(queue, message, wanted),
      MD5OfMessageAttributes: md5OfAttributes(selected),
      MessageAttributes: selected ? toWireAttributes(selected) : void 0
    };
  }
  function queueAttributes(queue, names) {
    if (names.length === 0) return void 0;
    for (const name of names) {
      if (name !== "All" && !ALL_ATTRIBUTE_NAMES.includes(name))
        throw new InvalidAttributeName(`Unknown Attribute ${name}.`);
    }
    const counts = messages.counts(queue);
    const all = {
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: String(counts.visible),
      ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      CreatedTimestamp: String(Math.floor(queue.createdAt / 1e3)),
      LastModifiedTimestamp: String(Math.floor(queue.modifiedAt / 1e3)),
      ...effectiveAttributes(queue.attributes, queue.fifo)
    };
    if (names.includes("All")) return all;
    const out = {};
    for (const name of names) if (all[name] !== void 0) out[name] = all[name];
    return Object.keys(out).length > 0 ? out : void 0;
  }
  async function receive(input, ctx) {
    const queue = queueFor(input, ctx);
    const max = input.MaxNumberOfMessages ?? 1;
    rangeCheck(
      "MaxNumberOfMessages",
      input.MaxNumberOfMessages,
      1,
      MAX_RECEIVE_MESSAGES,
      "Must be between 1 and 10, if provided."
    );
    rangeCheck(
      "WaitTimeSeconds",
      input.WaitTimeSeconds,
      0,
      MAX_WAIT_TIME_SECONDS,
      "Must be >= 0 and <= 20, if provided."
    );
    rangeCheck(
      "VisibilityTimeout",
      input.VisibilityTimeout,
      0,
      MAX_VISIBILITY_TIMEOUT_SECONDS,
      "Must be >= 0 and <= 43200, if provided."
    );
    const waitSeconds = input.WaitTimeSeconds ?? queue.config.receiveWaitSeconds;
    const deadline = clock.now() + waitSeconds * 1e3;
    const options = {
      maxMessages: max,
      visibilityTimeoutSeconds: input.VisibilityTimeout,
      attemptId: queue.fifo ? input.ReceiveRequestAttemptId : void 0
    };
    for (; ; ) {
      const current = queues.byInternalId(queue.id);
      if (!current) return {};
      const received = messages.receive(current, options);
      if (received.length > 0) return { Messages: received.map((m) => toWireMessage(current, m, input)) };
      const now = clock.now();
      if (now >= deadline) return {};
      const next = messages.nextVisibleAt(current);
      await signals.wait(current.id, next === void 0 ? deadline : Math.min(deadline, next));
    }
  }
  const operations = {
    CreateQueue(input, ctx) {
      const raw = input.Attributes ?? {};
      const named = input.QueueName ?? "";
      if (!named)
        throw new InvalidParameterValue(
          "Value for parameter QueueName is invalid. Reason: Must specify a queue name."
        );
      const nameIsFifo = named.endsWith(FIFO_SUFFIX);
      if (!nameIsFifo && raw.FifoQueue !== void 0)
        throw new InvalidAttributeName("Unknown Attribute FifoQueue.");
      const { name, fifo } = checkQueueName(named, String(raw.FifoQueue).toLowerCase() === "true");
      const attributes = normalizeAttributes(raw, { fifo, creating: true });
      delete attributes.FifoQueue;
      const tags = input.tags ?? {};
      checkTags(tags, name);
      const { queue } = queues.create(
        { accountId: ctx.accountId, region: ctx.region, name, fifo },
        attributes,
        tags
      );
      return { QueueUrl: queueUrl(ctx.baseUrl, queue) };
    },
    GetQueueUrl(input, ctx) {
      if (!input.QueueName)
        throw new InvalidParameterValue(
          "Value for parameter QueueName is invalid. Reason: Must specify a queue name."
        );
      const queue = queues.get(input.QueueOwnerAWSAccountId ?? ctx.accountId, ctx.region, input.QueueName);
      return { QueueUrl: queueUrl(ctx.baseUrl, queue) };
    },
    ListQueues(input, ctx) {
      rangeCheck(
        "MaxResults",
        input.MaxResults,
        1,
        MAX_LIST_RESULTS,
        "MaxResults must be an integer between 1 and 1000."
      );
      const prefix = input.QueueNamePrefix ?? "";
      let candidates = queues.list(ctx.accountId, ctx.region).filter((q) => q.name.startsWith(prefix));
      if (input.NextToken) {
        const after = decodeToken(input.NextToken);
        candidates = candidates.filter((q) => q.name > after);
      }
      const limit = input.MaxResults ?? MAX_LIST_RESULTS;
      const page = candidates.slice(0, limit);
      const result = {};
      if (page.length > 0) result.QueueUrls = page.map((q) => queueUrl(ctx.baseUrl, q));
      if (input.MaxResults !== void 0 && candidates.length > limit)
        result.NextToken = encodeToken(page.at(-1).name);
      return result;
    },
    DeleteQueue(input, ctx) {
      const queue = queueFor(input, ctx);
      queues.delete(queue);
      signals.notify(queue.id);
      return {};
    },
    PurgeQueue(input, ctx) {
      const queue = queueFor(input, ctx);
      const now = clock.now();
      if (queue.purgedAt !== void 0 && now - queue.purgedAt < PURGE_INTERVAL_MS)
        throw new PurgeQueueInProgress(queue.name);
      messages.purge(queue);
      queues.markPurged(queue, now);
      return {};
    },
    GetQueueAttributes(input, ctx) {
      const queue = queueFor(input, ctx);
      const attributes = queueAttributes(queue, input.AttributeNames ?? []);
      return attributes ? { Attributes: attributes } : {};
    },
    SetQueueAttributes(input, ctx) {
      const queue = queueFor(input, ctx);
      const attributes = input.Attributes ?? {};
      if (Object.keys(attributes).length === 0) throw new MissingParameter("Attribute.Name");
      queues.setAttributes(queue, normalizeAttributes(attributes, { fifo: queue.fifo, creating: false }));
      return {};
    },
    SendMessage(input, ctx) {
      const queue = queueFor(input, ctx);
      const request = prepareSend(queue, input, ctx.accountId);
      const [sent] = messages.send(queue, [request]);
      return {
        MessageId: sent.messageId,
        MD5OfMessageBody: sent.md5OfBody,
        MD5OfMessageAttributes: sent.md5OfAttributes,
        MD5OfMessageSystemAttributes: sent.md5OfSystemAttributes,
        SequenceNumber: sent.sequenceNumber
      };
    },
    SendMessageBatch(input, ctx) {
      const queue = queueFor(input, ctx);
      const entries = checkBatch(input.Entries, "SendMessageBatchRequestEntry");
      const total = entries.reduce((sum, e) => sum + entrySize(e), 0);
      if (total > MAX_BATCH_PAYLOAD_BYTES) throw new BatchRequestTooLong(MAX_BATCH_PAYLOAD_BYTES, total);
      checkFifoBatch(queue, entries);
      const Successful = [];
      const Failed = [];
      const accepted = [];
      for (const entry of entries) {
        try {
          accepted.push({ id: entry.Id, request: prepareSend(queue, entry, ctx.accountId) });
        } catch (error) {
          Failed.push(failure(entry.Id, error));
        }
      }
      const results = messages.send(
        queue,
        accepted.map((a) => a.request)
      );
      results.forEach((sent, i) => {
        Successful.push({
          Id: accepted[i].id,
          MessageId: sent.messageId,
          MD5OfMessageBody: sent.md5OfBody,
          MD5OfMessageAttributes: sent.md5OfAttributes,
          MD5OfMessageSystemAttributes: sent.md5OfSystemAttributes,
          SequenceNumber: sent.sequenceNumber
        });
      });
      return { Successful, Failed };
    },
    ReceiveMessage: receive,
    DeleteMessage(input, ctx) {
      const queue = queueFor(input, ctx);
      if (!input.ReceiptHandle) throw new MissingParameter("ReceiptHandle");
      messages.delete(queue, input.ReceiptHandle);
      return {};
    },
    DeleteMessageBatch(input, ctx) {
      const queue = queueFor(input, ctx);
      const entries = checkBatch(input.Entries, "DeleteMessageBatchRequestEntry");
      const outcomes = messages.batch(entries, (entry) => {
        if (!entry.ReceiptHandle) throw new MissingParameter("ReceiptHandle");
        messages.delete(queue, entry.ReceiptHandle);
      });
      const Successful = [];
      const Failed = [];
      outcomes.forEach((outcome, i) => {
        const id = entries[i].Id;
        if ("error" in outcome) Failed.push(failure(id, outcome.error));
        else Successful.push({ Id: id });
      });
      return { Successful, Failed };
    },
    ChangeMessageVisibility(input, ctx) {
      const queue = queueFor(input, ctx);
      if (!input.ReceiptHandle) throw new MissingParameter("ReceiptHandle");
      if (input.VisibilityTimeout === void 0) throw new MissingParameter("VisibilityTimeout");
      changeVisibility(queue, input.ReceiptHandle, input.VisibilityTimeout);
      return {};
    },
    ChangeMessageVisibilityBatch(input, ctx) {
      const queue = queueFor(input, ctx);
      const entries = checkBatch(input.Entries, "ChangeMessageVisibilityBatchRequestEntry");
      const outcomes = messages.batch(entries, (entry) => {
        if (!entry.ReceiptHandle) throw new MissingParameter("ReceiptHandle");
        if (entry.VisibilityTimeout === void 0) throw new MissingParameter("VisibilityTimeout");
        changeVisibility(queue, entry.ReceiptHandle, entry.VisibilityTimeout);
      });
      const Successful = [];
      const Failed = [];
      outcomes.forEach((outcome, i) => {
        const id = entries[i].Id;
        if ("error" in outcome) Failed.push(failure(id, outcome.error));
        else Successful.push({ Id: id });
      });
      return { Successful, Failed };
    },
    ListDeadLetterSourceQueues(input, ctx) {
      const queue = queueFor(input, ctx);
      rangeCheck(
        "MaxResults",
        input.MaxResults,
        1,
        MAX_LIST_RESULTS,
        "MaxResults must be an integer between 1 and 1000."
      );
      let sources = queues.sourcesOf(queue.arn).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
      if (input.NextToken) {
        const after = decodeToken(input.NextToken);
        sources = sources.filter((q) => q.name > after);
      }
      const limit = input.MaxResults ?? MAX_LIST_RESULTS;
      const page = sources.slice(0, limit);
      const result = {
        queueUrls: page.map((q) => queueUrl(ctx.baseUrl, q))
      };
      if (input.MaxResults !== void 0 && sources.length > limit)
        result.NextToken = encodeToken(page.at(-1).name);
      return result;
    },
    TagQueue(input, ctx) {
      const queue = queueFor(input, ctx);
      if (!input.Tags || Object.keys(input.Tags).length === 0) throw new MissingParameter("Tags");
      const next = { ...queue.tags, ...input.Tags };
      checkTags(next, queue.name);
      queues.setTags(queue, next);
      return {};
    },
    UntagQueue(input, ctx) {
      const queue = queueFor(input, ctx);
      const keys = input.TagKeys ?? [];
      if (keys.length === 0) throw new MissingParameter("TagKeys");
      for (const key2 of keys) {
        if (key2.length < 1 || key2.length > MAX_TAG_KEY_LENGTH) {
          throw new InvalidParameterValue("Tag keys must be between 1 and 128 characters in length.");
        }
      }
      const next = { ...queue.tags };
      for (const key2 of keys) delete next[key2];
      queues.setTags(queue, next);
      return {};
    },
    ListQueueTags(input, ctx) {
      const queue = queueFor(input, ctx);
      return Object.keys(queue.tags).length > 0 ? { Tags: queue.tags } : {};
    },
    AddPermission(input, ctx) {
      const queue = queueFor(input, ctx);
      const label = input.Label ?? "";
      if (!label) throw new MissingParameter("Label");
      if (label.length > MAX_PERMISSION_LABEL_LENGTH || !PERMISSION_LABEL.test(label)) {
        throw invalidParameter(
          "Label",
          label,
          "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"
        );
      }
      const accounts = input.AWSAccountIds ?? [];
      if (accounts.length === 0) throw invalidParameter("PrincipalId", "[]", "Unable to verify.");
      const actions = input.Actions ?? [];
      if (actions.length === 0) throw new MissingParameter("ActionName");
      if (actions.length > MAX_PERMISSION_ACTIONS) {
        throw new OverLimit(
          `${actions.length} Actions were found, maximum allowed is ${MAX_PERMISSION_ACTIONS}.`
        );
      }
      for (const action of actions) {
        if (!SHAREABLE_ACTIONS.has(action)) {
          throw invalidParameter(
            "ActionName",
            `SQS:${action}`,
            "Please refer to the appropriate WSDL for a list of valid actions. "
          );
        }
      }
      queues.addPermission(queue, label, accounts, actions);
      return {};
    },
    RemovePermission(input, ctx) {
      const queue = queueFor(input, ctx);
      if (!input.Label) throw new MissingParameter("Label");
      queues.removePermission(queue, input.Label);
      return {};
    },
    StartMessageMoveTask(input) {
      if (!input.SourceArn) throw new MissingParameter("SourceArn");
      const handle = moveTasks.start({
        sourceArn: input.SourceArn,
        destinationArn: input.DestinationArn,
        maxPerSecond: input.MaxNumberOfMessagesPerSecond
      });
      return { TaskHandle: handle };
    },
    CancelMessageMoveTask(input) {
      if (!input.TaskHandle) throw new MissingParameter("TaskHandle");
      return {
        ApproximateNumberOfMessagesMoved: moveTasks.cancel(input.TaskHandle)
      };
    },
    ListMessageMoveTasks(input) {
      if (!input.SourceArn) throw new MissingParameter("SourceArn");
      const Results = moveTasks.list(input.SourceArn, input.MaxResults).map(
        (task) => ({
          TaskHandle: task.status === "RUNNING" ? task.taskHandle : void 0,
          Status: task.status,
          SourceArn: task.sourceArn,
          DestinationArn: task.destinationArn,
          MaxNumberOfMessagesPerSecond: task.maxPerSecond,
          ApproximateNumberOfMessagesMoved: task.moved,
          ApproximateNumberOfMessagesToMove: task.toMove,
          FailureReason: task.failureReason,
          StartedTimestamp: task.startedAt
        })
      );
      return { Results };
    }
  };
  function changeVisibility(queue, receiptHandle, timeout) {
    rangeCheck(
      "VisibilityTimeout",
      timeout,
      0,
      MAX_VISIBILITY_TIMEOUT_SECONDS,
      "Must be >= 0 and <= 43200, if provided."
    );
    messages.changeVisibility(queue, receiptHandle, timeout);
  }
  return operations;
}
function checkTags(tags, queueName) {
  const keys = Object.keys(tags);
  if (keys.length > MAX_TAGS_PER_QUEUE)
    throw new InvalidParameterValue(`Too many tags added for queue ${queueName}.`);
  for (const [key2, value] of Object.entries(tags)) {
    if (key2.length < 1 || key2.length > MAX_TAG_KEY_LENGTH) {
      throw new InvalidParameterValue("Tag keys must be between 1 and 128 characters in length.");
    }
    if (value.length > MAX_TAG_VALUE_LENGTH) {
      throw new InvalidParameterValue("Tag values may only be up to 256 characters in length.");
    }
  }
}
var encodeToken = (lastName) => Buffer.from(JSON.stringify({ after: lastName })).toString("base64");
function decodeToken(token) {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
    if (typeof parsed.after === "string") return parsed.after;
  } catch {
  }
  throw new InvalidParameterValue("Invalid NextToken value.");
}

// src/services/sqs/store.ts
var SQS_MIGRATIONS = [
  {
    version: 1,
    sql: `
      CREATE TABLE sqs_queues (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        fifo INTEGER NOT NULL,
        attributes TEXT NOT NULL,
        tags TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        modified_at INTEGER NOT NULL,
        purged_at INTEGER,
        UNIQUE (account_id, region, name)
      );
      CREATE TABLE sqs_deleted_queues (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        deleted_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, region, name)
      );
      CREATE TABLE sqs_messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        queue_id INTEGER NOT NULL REFERENCES sqs_queues(id) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        body TEXT NOT NULL,
        md5_body TEXT NOT NULL,
        attributes TEXT,
        system_attributes TEXT,
        sent_at INTEGER NOT NULL,
        retain_from INTEGER NOT NULL,
        visible_at INTEGER NOT NULL,
        receive_count INTEGER NOT NULL DEFAULT 0,
        first_received_at INTEGER,
        received_at INTEGER,
        receipt TEXT,
        group_id TEXT,
        dedup_id TEXT,
        sequence_number TEXT,
        sender_id TEXT NOT NULL,
        dlq_source_arn TEXT
      );
      CREATE INDEX sqs_messages_by_visibility ON sqs_messages (queue_id, visible_at, seq);
      CREATE INDEX sqs_messages_by_retention ON sqs_messages (queue_id, retain_from);
      CREATE INDEX sqs_messages_by_group ON sqs_messages (queue_id, group_id, seq) WHERE group_id IS NOT NULL;
      CREATE TABLE sqs_deduplication (
        queue_id INTEGER NOT NULL REFERENCES sqs_queues(id) ON DELETE CASCADE,
        scope_key TEXT NOT NULL,
        dedup_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        sequence_number TEXT,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (queue_id, scope_key, dedup_id)
      );
      CREATE TABLE sqs_receive_attempts (
        queue_id INTEGER NOT NULL REFERENCES sqs_queues(id) ON DELETE CASCADE,
        attempt_id TEXT NOT NULL,
        receipts TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (queue_id, attempt_id)
      );
      CREATE TABLE sqs_move_tasks (
        task_id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        source_arn TEXT NOT NULL,
        destination_arn TEXT,
        max_per_second INTEGER,
        status TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        to_move INTEGER NOT NULL,
        moved INTEGER NOT NULL DEFAULT 0,
        failure_reason TEXT
      );
      CREATE INDEX sqs_move_tasks_by_source ON sqs_move_tasks (source_arn, started_at);
    `
  }
];

// src/services/sqs/index.ts
var model2 = sqs_default;
var inputErrors = {
  invalidType(path, expected, value, protocol) {
    if (protocol === "query") {
      if (expected === "integer" || expected === "long") {
        return new InvalidParameterValue(
          `Value ${value} for parameter ${path} is invalid. Reason: Must be an integer.`
        );
      }
      if (expected === "boolean") {
        return new InvalidParameterValue(
          `Value ${value} for parameter ${path} is invalid. Reason: Must be a boolean.`
        );
      }
    }
    if (Array.isArray(value)) return new SqsSerializationException("Start of list found where not expected");
    if (value !== null && typeof value === "object") {
      return new SqsSerializationException("Start of structure or map found where not expected.");
    }
    if (typeof value === "string" && (expected === "integer" || expected === "long")) {
      return new SqsSerializationException("STRING_VALUE can not be converted to an Integer");
    }
    return new SqsSerializationException(`Unexpected value type for ${path}: expected ${expected}.`);
  }
};
function createSqsService(deps) {
  migrate(deps.db, "sqs", SQS_MIGRATIONS);
  const signals = new QueueSignals(deps.clock);
  const queues = new QueueRegistry(deps.db, deps.clock);
  const messages = new MessageStore(deps.db, deps.clock, queues, (queueId) => signals.notify(queueId));
  const moveTasks = new MoveTasks(deps.db, deps.clock, queues, messages);
  moveTasks.resume();
  const core = { clock: deps.clock, queues, messages, signals, moveTasks };
  const definition = {
    name: "sqs",
    signingNames: ["sqs"],
    model: model2,
    jsonErrorNamespace: "com.amazonaws.sqs",
    query: true,
    // A 1 MiB message can grow about six-fold when JSON-escaped; anything larger cannot be valid.
    maxRequestBytes: 8 * MAX_BATCH_PAYLOAD_BYTES,
    inputErrors,
    missingParameter(path) {
      if (path === "QueueUrl") return new QueueDoesNotExist();
      if (path === "QueueName") {
        return new InvalidParameterValue(
          "Value for parameter QueueName is invalid. Reason: Must specify a queue name."
        );
      }
      return new MissingParameter(path);
    },
    unknownOperation: (name) => new InvalidAction(name),
    ownsQueryPath: (path) => parseQueueUrl(path) !== void 0,
    completeQueryParams(params, path) {
      if (!params.has("QueueUrl") && parseQueueUrl(path)) params.set("QueueUrl", path);
    },
    operations: sqsOperations(core),
    close() {
      signals.close();
      moveTasks.close();
    }
  };
  return { definition, core };
}

// src/shared/logger.ts
var ORDER = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
function createLogger(level = "info") {
  const emit = (at, message, fields) => {
    if (ORDER[at] < ORDER[level]) return;
    const extra = fields ? ` ${JSON.stringify(fields)}` : "";
    process.stderr.write(`${(/* @__PURE__ */ new Date()).toISOString()} ${at.toUpperCase()} ${message}${extra}
`);
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f)
  };
}

// src/index.ts
var DEFAULT_PORT = 4566;
var DEFAULT_HOST = "127.0.0.1";
function makeClock(option) {
  if (option === "virtual") return new VirtualClock();
  if (option === void 0 || option === "real") return new RealClock();
  return option;
}
async function createEngine(options = {}) {
  const startedAt = Date.now();
  const logger = options.logger ?? createLogger(options.logLevel ?? "warn");
  const clock = makeClock(options.clock);
  const db = openDatabase({ dataDir: options.dataDir, inMemory: options.inMemory });
  const registry = new ServiceRegistry();
  const sqs = createSqsService({ db, clock });
  registry.register(sqs.definition);
  const host = options.host ?? DEFAULT_HOST;
  let endpoint = "";
  const server = createHttpServer({
    registry,
    logger,
    baseUrl: () => endpoint,
    control: {
      clock,
      services: registry.all.map((s) => s.name),
      enabled: options.control ?? clock.kind === "virtual",
      startedAt
    }
  });
  const sockets = /* @__PURE__ */ new Set();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = server.address().port;
  endpoint = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  let stopped;
  return {
    endpoint,
    port,
    clock,
    stop() {
      stopped ??= (async () => {
        for (const service of registry.all) service.close?.();
        await new Promise((resolve) => {
          server.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        });
        db.close();
      })();
      return stopped;
    }
  };
}

// src/cli.ts
var USAGE = `usage: orderflow-engine start [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--data-dir .orderflow] [--in-memory]
                              [--clock real|virtual] [--control] [--log-level debug|info|warn|error]`;
async function main(argv) {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === void 0) {
    console.log(USAGE);
    return;
  }
  if (command !== "start") {
    console.error(`unknown command ${command}
${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      port: { type: "string", default: String(DEFAULT_PORT) },
      host: { type: "string", default: DEFAULT_HOST },
      "data-dir": { type: "string", default: ".orderflow" },
      "in-memory": { type: "boolean", default: false },
      clock: { type: "string", default: "real" },
      control: { type: "boolean" },
      "log-level": { type: "string", default: "info" }
    }
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${values.port}`);
  if (values.clock !== "real" && values.clock !== "virtual")
    throw new Error("--clock must be real or virtual");
  const engine = await createEngine({
    port,
    host: values.host,
    dataDir: values["data-dir"],
    inMemory: values["in-memory"],
    clock: values.clock,
    control: values.control,
    logLevel: values["log-level"]
  });
  const storage = values["in-memory"] ? "in memory" : `data in ${values["data-dir"]}`;
  console.log(`orderflow engine ready at ${engine.endpoint} (${storage}, ${engine.clock.kind} clock)`);
  console.log(
    `  export AWS_ENDPOINT_URL=${engine.endpoint} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1`
  );
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`orderflow engine stopping (${signal})`);
    engine.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      }
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}
main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
