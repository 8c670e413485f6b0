/**
 * @orderflow/engine — an embedded, durable, single-process AWS engine.
 *
 *   const engine = await createEngine({ port: 0, inMemory: true, clock: "virtual" });
 *   // point any AWS SDK at engine.endpoint
 *   await engine.stop();
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createPollerManager } from "./pollers/index.ts";
import { createRuntimeManager } from "./runtime/index.ts";
import { type AuthMode, createTrustingAuthenticator } from "./server/auth.ts";
import { type AccessKeyPair, CredentialStore, DEFAULT_ACCESS_KEY } from "./server/credentials.ts";
import { createHttpServer, type HttpServerLimits } from "./server/http-server.ts";
import { createSigV4Authenticator } from "./server/sigv4.ts";
import { createCloudFormationService } from "./services/cloudformation/index.ts";
import { createResourceProviders } from "./services/cloudformation/resources/index.ts";
import type { LocalFunctionCode } from "./services/cloudformation/resources/types.ts";
import type { CapacityMetrics } from "./services/dynamodb/capacity.ts";
import { createDynamoDbServices } from "./services/dynamodb/index.ts";
import { createAuthorizer, type IamMode } from "./services/iam/enforcement.ts";
import { createIamService } from "./services/iam/index.ts";
import { logDeliveryCheck } from "./services/iam/log-delivery.ts";
import { createInProcessClient, type InProcessClient } from "./services/in-process.ts";
import {
  createFunction,
  createLambdaService,
  updateFunctionCodeFromDirectory,
} from "./services/lambda/index.ts";
import type { FunctionMetrics } from "./services/lambda/metrics.ts";
import { createLogsService } from "./services/logs/index.ts";
import { ServiceRegistry } from "./services/registry.ts";
import { createSqsService } from "./services/sqs/index.ts";
import { type Clock, RealClock, VirtualClock } from "./shared/clock.ts";
import { createLogger, type Logger, type LogLevel } from "./shared/logger.ts";
import { openDatabase } from "./storage/database.ts";

export type { Clock } from "./shared/clock.ts";
export { RealClock, VirtualClock } from "./shared/clock.ts";

export const DEFAULT_PORT = 4566;
export const DEFAULT_HOST = "127.0.0.1";

export interface EngineOptions {
  /** TCP port; 0 picks a free one. Default 4566. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Directory for the engine's SQLite database. Default `.orderflow`. */
  dataDir?: string;
  /** Keep everything in memory (nothing survives stop). */
  inMemory?: boolean;
  /** "real" (default), "virtual", or a Clock instance. */
  clock?: "real" | "virtual" | Clock;
  /** Serve the clock control routes under /_orderflow/. Default: on with a virtual clock. */
  control?: boolean;
  logLevel?: LogLevel;
  logger?: Logger;
  /**
   * Directories CloudFormation may read local code from (SAM CodeUri, CDK assets, file://
   * templates); a template naming a path elsewhere is refused. Default: the working directory.
   */
  codeRoots?: string[];
  /** `strict` verifies every request's SigV4 signature against `credentials`. Default `off`. */
  auth?: AuthMode;
  /** The long-term access keys `--auth strict` accepts. Default: `test` / `test`. */
  credentials?: AccessKeyPair[];
  /**
   * Whether calls made with a function's role credentials are evaluated against the role's
   * policies: `enforce` refuses what AWS would deny, `warn` logs it. Default `off`.
   */
  iam?: IamMode;
  /**
   * What protects the endpoint from slow or too many clients: header and request timeouts, idle
   * keep-alive, concurrent connections. Defaults: DEFAULT_HTTP_LIMITS (10 s, 60 s, 65 s, 1,000).
   */
  limits?: Partial<HttpServerLimits>;
}

export interface Engine {
  /** http://host:port */
  readonly endpoint: string;
  readonly port: number;
  readonly clock: Clock;
  /**
   * The in-process client the services call each other with: the wire's operations without HTTP
   * (the engine's own tooling and tests, e.g. CloudFormation's resource providers).
   */
  readonly client: InProcessClient;
  /**
   * The access keys the engine knows: the configured ones and the role sessions it issues to
   * Lambda environments (tests issue their own to act as a role).
   */
  readonly credentials: CredentialStore;
  /** Read-only views of service state that AWS exposes only through CloudWatch (tests, console). */
  readonly inspect: {
    /** Cumulative DynamoDB capacity counters of a table or GSI, by its ARN. */
    dynamodbCapacity(resourceArn: string): CapacityMetrics;
    /** Lambda's per-function metrics (Invocations, Errors, Throttles, Duration, …), by function ARN. */
    lambdaMetrics(functionArn: string): FunctionMetrics;
  };
  stop(): Promise<void>;
}

function makeClock(option: EngineOptions["clock"]): Clock {
  if (option === "virtual") return new VirtualClock();
  if (option === undefined || option === "real") return new RealClock();
  return option;
}

export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const startedAt = Date.now();
  const logger = options.logger ?? createLogger(options.logLevel ?? "warn");
  const clock = makeClock(options.clock);
  const db = openDatabase({ dataDir: options.dataDir, inMemory: options.inMemory });
  const registry = new ServiceRegistry();
  const sqs = createSqsService({ db, clock });
  registry.register(sqs.definition);
  const dynamodb = createDynamoDbServices({ db, clock });
  registry.register(dynamodb.dynamodb);
  registry.register(dynamodb.streams);
  const logs = createLogsService({ db, clock });
  registry.register(logs.definition);
  const iam = createIamService({ db, clock });
  registry.register(iam.definition);

  const credentials = new CredentialStore(clock);
  credentials.configure(options.credentials ?? [DEFAULT_ACCESS_KEY]);
  const iamMode = options.iam ?? "off";

  const authorizer =
    iamMode === "off" ? undefined : createAuthorizer({ mode: iamMode, iam: iam.core, logger });

  let endpoint = "";
  const client = createInProcessClient(registry, () => endpoint, authorizer);
  // Uploaded packages are unpacked beside the database, or in a temporary directory when nothing
  // is kept.
  const codeRoot = options.inMemory
    ? mkdtempSync(join(tmpdir(), "orderflow-code-"))
    : join(options.dataDir ?? ".orderflow", "lambda-code");
  // An empty package.json keeps Node from taking the module type of whatever project the data
  // directory sits in: a package's `.js` files load as Lambda would load them.
  mkdirSync(codeRoot, { recursive: true });
  if (!existsSync(join(codeRoot, "package.json"))) writeFileSync(join(codeRoot, "package.json"), "{}\n");
  const runtime = createRuntimeManager({ clock, logs: logs.core, logger });
  const lambda = createLambdaService({
    db,
    clock,
    logger,
    runtime,
    client,
    codeRoot,
    endpoint: () => endpoint,
    credentials,
    iamMode,
    ...(iamMode !== "off" && { logsDelivered: logDeliveryCheck({ mode: iamMode, iam: iam.core, logger }) }),
    createPollers: (invoker, status) =>
      createPollerManager({
        db,
        clock,
        client,
        onStreamRecords: (listener) => dynamodb.dataPlane.streams.subscribe(listener),
        invoker,
        status,
        logger,
      }),
  });
  registry.register(lambda.definition);

  // Lambda's wire API cannot take code that stays in a local directory; deployments can.
  const localFunctions: LocalFunctionCode = {
    create: async (input, codeDir, scope) =>
      createFunction(lambda.core, scope, { ...input, Code: {} }, { localCodeDir: codeDir }),
    updateCode: async (name, codeDir, scope) =>
      updateFunctionCodeFromDirectory(lambda.core, scope, name, codeDir),
  };
  const cloudformation = createCloudFormationService({
    db,
    clock,
    logger,
    client,
    providers: createResourceProviders(),
    localFunctions,
    codeRoots: (options.codeRoots ?? [process.cwd()]).map((dir) => resolve(dir)),
    buildDir: join(options.inMemory ? codeRoot : (options.dataDir ?? ".orderflow"), "sam-builds"),
  });
  registry.register(cloudformation.definition);

  const host = options.host ?? DEFAULT_HOST;
  const server = createHttpServer({
    registry,
    logger,
    baseUrl: () => endpoint,
    ...(options.limits && { limits: options.limits }),
    authenticator:
      options.auth === "strict"
        ? createSigV4Authenticator(credentials, clock)
        : createTrustingAuthenticator(credentials),
    ...(authorizer && { authorizer }),
    control: {
      clock,
      services: registry.all.map((s) => s.name),
      enabled: options.control ?? clock.kind === "virtual",
      startedAt,
      metrics: (arn) =>
        arn.startsWith("arn:aws:lambda:")
          ? lambda.core.metrics.snapshot(arn.replace(/:\$LATEST$/, ""))
          : arn.startsWith("arn:aws:dynamodb:")
            ? dynamodb.dataPlane.plane.capacity.snapshot(arn)
            : undefined,
    },
  });
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  endpoint = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    port,
    clock,
    client,
    credentials,
    inspect: {
      dynamodbCapacity: (resourceArn) => dynamodb.dataPlane.plane.capacity.snapshot(resourceArn),
      lambdaMetrics: (functionArn) => lambda.core.metrics.snapshot(functionArn),
    },
    stop() {
      stopped ??= (async () => {
        for (const service of registry.all) service.close?.();
        await runtime.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        });
        db.close();
        if (options.inMemory) rmSync(codeRoot, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}
