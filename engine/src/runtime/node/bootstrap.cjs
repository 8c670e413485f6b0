"use strict";
/**
 * The runtime of a Node.js execution environment: a worker thread of the engine, one per
 * environment, with the function's own environment variables. It behaves as Lambda's runtime
 * interface client (github.com/aws/aws-lambda-nodejs-runtime-interface-client: UserFunction.js,
 * Runtime.js, CallbackContext.js, LogPatch.js, Errors.js) does, but speaks to the engine through the
 * worker's message port instead of the Runtime API:
 *
 *   parent → worker  { type: "invoke", requestId, payload, deadlineMs, invokedFunctionArn, clientContext?, clockOffsetMs }
 *   worker → parent  { type: "log", text }                  one log event, in order with everything else
 *                    { type: "ready" } | { type: "init-error", error }
 *                    { type: "done", requestId, response?, error?, fatal, memoryMb }
 *
 * Plain CommonJS, loaded from disk by the Worker, so it runs the same from the TypeScript sources
 * and from the CLI's bundle.
 */
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const util = require("node:util");
const v8 = require("node:v8");

const { codeDir, handlerString, runtime, sdkAnchorFile, resolveHookFile } = workerData;
const NODE24_OR_LATER = Number(/^nodejs(\d+)/.exec(runtime)?.[1] ?? 0) >= 24;

// ---------------------------------------------------------------------------------------------
// Errors, as the RIC names and serializes them (Errors.js)

function runtimeError(name) {
  const ErrorClass = class extends Error {};
  ErrorClass.prototype.name = `Runtime.${name}`;
  return ErrorClass;
}
const ImportModuleError = runtimeError("ImportModuleError");
const HandlerNotFound = runtimeError("HandlerNotFound");
const MalformedHandlerName = runtimeError("MalformedHandlerName");
const UserCodeSyntaxError = runtimeError("UserCodeSyntaxError");
const CallbackHandlerDeprecated = runtimeError("CallbackHandlerDeprecated");
class NodeJsExit extends Error {
  constructor() {
    super(
      "The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes",
    );
  }
}
NodeJsExit.prototype.name = "Runtime.NodeJsExit";
class UnhandledPromiseRejection extends Error {
  constructor(reason, promise) {
    super(reason);
    this.reason = reason;
    this.promise = promise;
  }
}
UnhandledPromiseRejection.prototype.name = "Runtime.UnhandledPromiseRejection";

// AWS: callback handlers were removed in Node.js 24 (RIC context/constants.ts).
const CALLBACK_REMOVED_MESSAGE =
  "ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.";

const isErrorLike = (value) =>
  value &&
  typeof value.name === "string" &&
  typeof value.message === "string" &&
  typeof value.stack === "string" &&
  value.name &&
  value.message &&
  value.stack;

/** The document posted for a failed invocation (toRapidResponse). */
function errorDocument(error) {
  try {
    if (util.types.isNativeError(error) || isErrorLike(error)) {
      return {
        errorType: error.name?.replaceAll("\x7F", "%7F"),
        errorMessage: error.message?.replaceAll("\x7F", "%7F"),
        trace: error.stack.replaceAll("\x7F", "%7F").split("\n"),
      };
    }
    return { errorType: typeof error, errorMessage: error.toString(), trace: [] };
  } catch {
    return {
      errorType: "handled",
      errorMessage:
        "callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack",
    };
  }
}

/** The error as the log shows it: a tab, then its JSON with name, message and stack (toFormatted). */
function formattedError(error) {
  const withEnumerableProperties = (_key, value) => {
    if (!(value instanceof Error)) return value;
    const shown = Object.assign(
      { errorType: value.name, errorMessage: value.message, code: value.code },
      value,
    );
    if (typeof value.stack === "string") shown.stack = value.stack.split("\n");
    return shown;
  };
  try {
    return `\t${JSON.stringify(error, withEnumerableProperties)}`;
  } catch {
    return `\t${JSON.stringify(errorDocument(error))}`;
  }
}

const intoError = (value) => (value instanceof Error ? value : new Error(value));

// ---------------------------------------------------------------------------------------------
// Logging (LogPatch.js): each console call is one event, "<time>\t<request id>\t<LEVEL>\t<message>\n";
// raw writes to stdout and stderr become one event per line.

let currentRequestId; // undefined outside an invocation, printed as "undefined" as the RIC does
let clockOffsetMs = 0;

const emit = (text) => parentPort.postMessage({ type: "log", text });

function consoleLine(level) {
  return (message, ...params) => {
    const time = new Date(Date.now() + clockOffsetMs).toISOString();
    emit(`${time}\t${currentRequestId}\t${level}\t${util.format(message, ...params)}\n`);
  };
}
console.trace = consoleLine("TRACE");
console.debug = consoleLine("DEBUG");
console.info = consoleLine("INFO");
console.log = console.info;
console.warn = consoleLine("WARN");
console.error = consoleLine("ERROR");
console.fatal = consoleLine("FATAL");
const logError = (message, error) => console.error(message, formattedError(intoError(error)));

function lineStream(stream) {
  let partial = "";
  stream.write = (chunk, encoding, callback) => {
    const done = typeof encoding === "function" ? encoding : callback;
    partial += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    for (let end = partial.indexOf("\n"); end >= 0; end = partial.indexOf("\n")) {
      emit(partial.slice(0, end + 1));
      partial = partial.slice(end + 1);
    }
    if (done) process.nextTick(done);
    return true;
  };
  return () => {
    if (partial) emit(partial);
    partial = "";
  };
}
const flushStdout = lineStream(process.stdout);
const flushStderr = lineStream(process.stderr);
const flushOutput = () => {
  flushStdout();
  flushStderr();
};

// A worker shares the engine's working directory and cannot change it; paths resolved through
// process.cwd() (path.resolve) see LAMBDA_TASK_ROOT as they would on Lambda.
process.cwd = () => codeDir;

// ---------------------------------------------------------------------------------------------
// The AWS SDK for JavaScript v3, importable without bundling it as in Lambda's Node.js runtimes:
// `@aws-sdk/*` and friends that the function's code does not have resolve from the engine's own.

const SDK_SPECIFIER = /^@(aws-sdk|smithy|aws-crypto|aws)\//;
const sdkRequire = Module.createRequire(sdkAnchorFile);
const originalResolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveFilename(request, parent, isMain, options) {
  try {
    return originalResolveFilename.call(this, request, parent, isMain, options);
  } catch (error) {
    if (error?.code !== "MODULE_NOT_FOUND" || !SDK_SPECIFIER.test(request)) throw error;
    return sdkRequire.resolve(request);
  }
};

let resolveHookRegistered = false;
/** ES modules need a resolve hook; it costs a loader thread, so only ESM handlers get one. */
function registerResolveHook() {
  if (resolveHookRegistered) return;
  resolveHookRegistered = true;
  Module.register(pathToFileURL(resolveHookFile), {
    data: { parentURL: pathToFileURL(sdkAnchorFile).href, pattern: SDK_SPECIFIER.source },
  });
}

// ---------------------------------------------------------------------------------------------
// Loading the handler (UserFunction.js): "path/to/module.export.nested", the module tried as the
// file itself, .js (CommonJS unless the nearest package.json says "type": "module"), .mjs, .cjs,
// then as a Node.js module name.

function hasTypeModule(folder) {
  if (folder.endsWith("/node_modules")) return false;
  const manifest = path.join(folder, "/package.json");
  if (fs.existsSync(manifest)) {
    try {
      return JSON.parse(fs.readFileSync(manifest, "utf8"))?.type === "module";
    } catch (error) {
      console.warn(`${manifest} cannot be read, it will be ignored for ES module detection purposes.`, error);
      return false;
    }
  }
  if (folder === "/") return false;
  return hasTypeModule(path.resolve(folder, ".."));
}

const tryRequire = (file) => (fs.existsSync(file) ? require(file) : undefined);

async function tryImport(file) {
  if (!fs.existsSync(file)) return undefined;
  registerResolveHook();
  return import(pathToFileURL(file).href);
}

async function loadModule(moduleRoot, moduleName) {
  const lambdaStylePath = path.resolve(codeDir, moduleRoot, moduleName);
  try {
    const extensionless = tryRequire(lambdaStylePath);
    if (extensionless) return extensionless;
    const typeModule = hasTypeModule(path.resolve(path.dirname(lambdaStylePath)));
    if (!typeModule) {
      const loaded = tryRequire(`${lambdaStylePath}.js`);
      if (loaded) return loaded;
    }
    const loaded =
      (typeModule && (await tryImport(`${lambdaStylePath}.js`))) ||
      (await tryImport(`${lambdaStylePath}.mjs`)) ||
      tryRequire(`${lambdaStylePath}.cjs`);
    if (loaded) return loaded;
    return require(require.resolve(moduleName, { paths: [codeDir, path.join(codeDir, moduleRoot)] }));
  } catch (error) {
    if (error instanceof SyntaxError) throw new UserCodeSyntaxError(error);
    if (error?.code === "MODULE_NOT_FOUND") throw new ImportModuleError(error);
    throw error;
  }
}

const findIn = (object, propertyPath) =>
  propertyPath.split(".").reduce((nested, key) => (nested ? nested[key] : undefined), object);

async function loadHandler() {
  if (handlerString.includes("..")) {
    throw new MalformedHandlerName(
      `'${handlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerName = path.basename(handlerString);
  const moduleRoot = handlerString.substring(0, handlerString.indexOf(handlerName));
  const match = /^([^.]*)\.(.*)$/.exec(handlerName);
  if (!match) throw new MalformedHandlerName("Bad handler");
  const app = await loadModule(moduleRoot, match[1]);
  let handler = findIn(app, match[2]);
  // The Node.js 24 runtime also looks under a default export.
  if (!handler && NODE24_OR_LATER && app && typeof app === "object") handler = findIn(app.default, match[2]);
  if (!handler) throw new HandlerNotFound(`${handlerString} is undefined or not exported`);
  if (typeof handler !== "function") throw new HandlerNotFound(`${handlerString} is not a function`);
  if (NODE24_OR_LATER && handler.length >= 3) throw new CallbackHandlerDeprecated(CALLBACK_REMOVED_MESSAGE);
  return handler;
}

// ---------------------------------------------------------------------------------------------
// The invocation loop (Runtime.js, CallbackContext.js, BeforeExitListener.js)

const memoryUsedMb = () => {
  const heap = v8.getHeapStatistics();
  return Math.ceil((heap.total_heap_size + heap.external_memory) / (1024 * 1024));
};

/** Reports the current invocation's end; afterwards the port holds the worker open for the next. */
function report(requestId, outcome, fatal = false) {
  flushOutput();
  parentPort.postMessage({ type: "done", requestId, ...outcome, fatal, memoryMb: memoryUsedMb() });
  parentPort.ref();
}

function serialize(result) {
  try {
    return JSON.stringify(result === undefined ? null : result);
  } catch {
    throw new Error("Unable to stringify response body");
  }
}

/** What runs when the event loop empties during an invocation (the RIC's beforeExit listener). */
let beforeExit = () => {};
process.on("beforeExit", () => beforeExit());

/** What an uncaught exception or unhandled rejection does: during init, fail init; later, the invocation. */
let failFatally = (error, exitCode) => {
  flushOutput();
  parentPort.postMessage({ type: "init-error", error: errorDocument(error) });
  process.exit(exitCode);
};

process.on("uncaughtException", (error) => {
  logError("Uncaught Exception", error);
  failFatally(error, 129);
});
process.on("unhandledRejection", (reason, promise) => {
  const error = new UnhandledPromiseRejection(reason?.toString(), promise);
  logError("Unhandled Promise Rejection", error);
  failFatally(error, 128);
});

function invoke(handler, message) {
  const { requestId } = message;
  currentRequestId = requestId;
  clockOffsetMs = message.clockOffsetMs;
  failFatally = (error, exitCode) => {
    report(requestId, { error: errorDocument(error) }, true);
    process.exit(exitCode);
  };

  let completed = false;
  const postError = (error) => {
    logError("Invoke Error", error);
    report(requestId, { error: errorDocument(error) });
  };
  const complete = (result) => {
    if (completed) {
      console.error(
        "Invocation has already been reported as done. Cannot call complete more than once per invocation.",
      );
      return;
    }
    completed = true;
    report(requestId, { response: serialize(result) });
  };

  let waitForEmptyEventLoop = true;
  const callback = (error, result) => {
    beforeExit = () => {};
    if (error !== undefined && error !== null) postError(error);
    else if (!waitForEmptyEventLoop) complete(result);
    else beforeExit = () => setImmediate(() => complete(result));
  };
  const done = (error, result) => {
    beforeExit = () => {};
    if (error !== undefined && error !== null) postError(error);
    else complete(result);
  };
  const succeed = (result) => done(null, result);
  const fail = (error) => done(error === undefined || error === null ? "handled" : error, null);

  // Only the first of callback, done, succeed and fail counts.
  let finished = false;
  const once =
    (fn) =>
    (...args) => {
      if (finished) return;
      fn(...args);
      finished = true;
    };

  const deadline = message.deadlineMs;
  const clientContext = message.clientContext === undefined ? undefined : JSON.parse(message.clientContext);
  const environmentData = {
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
  };
  const headerData = {
    clientContext,
    identity: undefined,
    invokedFunctionArn: message.invokedFunctionArn,
    awsRequestId: requestId,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  let context;
  if (NODE24_OR_LATER) {
    context = Object.assign(headerData, environmentData);
  } else {
    context = {
      get callbackWaitsForEmptyEventLoop() {
        return waitForEmptyEventLoop;
      },
      set callbackWaitsForEmptyEventLoop(value) {
        waitForEmptyEventLoop = value;
      },
      succeed: once(succeed),
      fail: once(fail),
      done: once(done),
    };
    Object.assign(context, environmentData, headerData);
  }

  // The event loop running empty before the handler answers: an async handler's promise will never
  // settle (Runtime.NodeJsExit); any other handler answers null.
  const isAsync = handler.constructor?.name === "AsyncFunction";
  beforeExit = () => {
    beforeExit = () => {};
    completed = true;
    finished = true;
    if (isAsync || NODE24_OR_LATER) {
      const error = new NodeJsExit();
      logError("Invoke Error", error);
      report(requestId, { error: errorDocument(error) });
    } else {
      report(requestId, { response: "null" });
    }
  };

  // Until it answers, only the handler's own work keeps the worker's event loop alive.
  parentPort.unref();
  const succeedOnce = NODE24_OR_LATER ? once(succeed) : context.succeed;
  const failOnce = NODE24_OR_LATER ? once(fail) : context.fail;
  if (NODE24_OR_LATER) {
    // Node.js 24 awaits whatever the handler returns (RIC buffered-invoke-processor.ts).
    (async () => handler(JSON.parse(message.payload), context))().then(succeedOnce, failOnce).catch(failOnce);
    return;
  }
  try {
    const result = handler(JSON.parse(message.payload), context, once(callback));
    if (result && typeof result.then === "function") result.then(succeedOnce, failOnce).catch(failOnce);
  } catch (error) {
    once(callback)(error);
  }
}

async function main() {
  let handler;
  // Listening from the start holds the worker open while the handler's module loads.
  parentPort.on("message", (message) => {
    if (message.type === "invoke") invoke(handler, message);
  });
  try {
    handler = await loadHandler();
  } catch (error) {
    logError("Uncaught Exception", error);
    failFatally(error, 129);
    return;
  }
  flushOutput();
  parentPort.postMessage({ type: "ready", memoryMb: memoryUsedMb() });
}

main();
