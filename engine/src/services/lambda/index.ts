/**
 * AWS Lambda (API 2015-03-31, restJson1): functions, invocation (synchronous, asynchronous with
 * retries and destinations, dry run), reserved concurrency, asynchronous-invocation settings,
 * resource policies, tags, account settings, and event source mappings for SQS queues and
 * DynamoDB streams. Functions run in the engine's execution environments (runtime/), their output
 * goes to CloudWatch Logs, mappings are fed by the pollers (pollers/).
 *
 * LIMITATIONS
 * - Only `$LATEST`: no PublishVersion, aliases, layers, function URLs, code signing, provisioned
 *   concurrency, SnapStart, capacity providers or durable executions (they answer NotImplemented,
 *   501). `Publish: true` is accepted and ignored.
 * - Runtimes: nodejs18.x–nodejs24.x and python3.9–python3.14 (on the machine's python3); others
 *   are refused at CreateFunction. Zip packages only (no container images); no S3 code source
 *   (the engine has no S3): S3Bucket answers NoSuchBucket.
 * - A new or updated function is Active / Successful at once (AWS passes through Pending /
 *   InProgress for a few seconds). GetFunction's Code.Location is not downloadable.
 * - Event source mappings: SQS and DynamoDB Streams only (no Kinesis, Kafka, MQ, DocumentDB);
 *   stream failure destinations: SQS only; async destinations: SQS and Lambda (no SNS or
 *   EventBridge yet). TumblingWindowInSeconds is stored but not applied.
 * - Execution roles: each function's environments run with a role session the engine issues
 *   (one per execution environment, named after the function, expired when it ends).
 *   Under `--iam` the function policy grants role sessions (services/iam/enforcement.ts), the
 *   role is checked at CreateFunction, UpdateFunctionConfiguration and Create/Update-
 *   EventSourceMapping (role-checks.ts), and mappings and failure deliveries act as the role
 *   (pollers/index.ts, async-invocations.ts). A
 *   function policy's service principals (sns.amazonaws.com, …) are never evaluated: nothing in
 *   the engine invokes a function as another service.
 */
import lambdaModel from "../../models/lambda.json" with { type: "json" };
import {
  InvocationThrottled,
  type MappingInvoker,
  type MappingStatusSink,
  type PollerManager,
} from "../../pollers/types.ts";
import { coralValidationMessage } from "../../protocol/coral-validation.ts";
import { UnknownOperationException } from "../../protocol/errors.ts";
import type { ServiceModel } from "../../protocol/model.ts";
import type { RuntimeManager } from "../../runtime/types.ts";
import { type CredentialStore, roleSessionPrincipal } from "../../server/credentials.ts";
import { parseArn } from "../../shared/arn.ts";
import type { Clock } from "../../shared/clock.ts";
import { newRequestId } from "../../shared/ids.ts";
import type { Logger } from "../../shared/logger.ts";
import { type Db, migrate } from "../../storage/database.ts";
import type { IamMode } from "../iam/enforcement.ts";
import type { LogDeliveryQuery } from "../iam/log-delivery.ts";
import type { InProcessClient } from "../in-process.ts";
import { everyOperation, type OperationHandler, type ServiceDefinition } from "../service.ts";
import { AsyncInvocations } from "./async-invocations.ts";
import { unpackZip } from "./code.ts";
import { ACCOUNT_CONCURRENCY, MAX_REQUEST_BYTES } from "./constants.ts";
import type { LambdaCore } from "./core.ts";
import {
  functionNotFound,
  InvalidRequestContentException,
  TooManyRequestsException,
  ValidationException,
} from "./errors.ts";
import { validateRuntime } from "./function-config.ts";
import { FunctionRegistry } from "./functions.ts";
import { FunctionInvoker } from "./invoker.ts";
import { MappingRegistry } from "./mappings.ts";
import { LambdaMetrics } from "./metrics.ts";
import { functionOperations } from "./operations/functions.ts";
import { invokeOperations } from "./operations/invoke.ts";
import { mappingOperations } from "./operations/mappings.ts";
import { settingsOperations } from "./operations/settings.ts";
import { LAMBDA_MIGRATIONS } from "./store.ts";

export type { LambdaCore } from "./core.ts";
export { createFunction, updateFunctionCodeFromDirectory } from "./operations/functions.ts";

const model = lambdaModel as unknown as ServiceModel;

export interface LambdaServiceDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  runtime: RuntimeManager;
  client: InProcessClient;
  /** Where uploaded deployment packages are unpacked. */
  codeRoot: string;
  /** The engine's endpoint, given to functions as AWS_ENDPOINT_URL. */
  endpoint: () => string;
  accountConcurrency?: number;
  /** Issues each execution environment its role session's credentials. */
  credentials: CredentialStore;
  /** Whether function roles are evaluated (`--iam`); `off` leaves roles unchecked. */
  iamMode: IamMode;
  /** Under `--iam`: whether a function's role may write its logs (services/iam/log-delivery.ts). */
  logsDelivered?: (query: LogDeliveryQuery) => boolean;
  /** Builds the pollers that feed event source mappings. */
  createPollers(invoker: MappingInvoker, status: MappingStatusSink): PollerManager;
}

export interface LambdaService {
  definition: ServiceDefinition;
  core: LambdaCore;
}

export function createLambdaService(deps: LambdaServiceDeps): LambdaService {
  migrate(deps.db, "lambda", LAMBDA_MIGRATIONS);
  const metrics = new LambdaMetrics();
  const functions = new FunctionRegistry(
    deps.db,
    deps.clock,
    (zip, _config, localDir) => localDir ?? unpackZip(deps.codeRoot, zip ?? Buffer.alloc(0)).dir,
  );
  const invoker = new FunctionInvoker({
    functions,
    runtime: deps.runtime,
    metrics,
    endpoint: deps.endpoint,
    accountConcurrency: deps.accountConcurrency ?? ACCOUNT_CONCURRENCY,
    credentials: deps.credentials,
    ...(deps.logsDelivered && { logsDelivered: deps.logsDelivered }),
  });

  const functionOf = (functionArn: string) => {
    const parsed = parseArn(functionArn);
    const name = parsed?.resource.replace(/^function:/, "").split(":")[0] ?? "";
    return parsed ? functions.find(parsed.accountId, parsed.region, name) : undefined;
  };
  const mappingInvoker: MappingInvoker = {
    executionRole(functionArn) {
      const config = functionOf(functionArn)?.config;
      return config?.Role ? roleSessionPrincipal(config.Role, config.FunctionName ?? "") : undefined;
    },
    async invoke(functionArn, payload, meta) {
      const fn = functionOf(functionArn);
      if (!fn) throw functionNotFound(functionArn);
      try {
        const outcome = await invoker.invoke(fn, payload, {
          requestId: newRequestId(),
          iteratorAgeMs: meta.iteratorAgeMs,
        });
        return {
          payload: outcome.payload,
          functionError: outcome.functionError,
          requestId: outcome.requestId,
          executedVersion: "$LATEST",
          statusCode: 200,
        };
      } catch (error) {
        if (error instanceof TooManyRequestsException) throw new InvocationThrottled();
        throw error;
      }
    },
  };
  let mappings: MappingRegistry | undefined;
  const status: MappingStatusSink = {
    processingResult: (uuid, result) => mappings?.processingResult(uuid, result),
  };
  const pollers = deps.createPollers(mappingInvoker, status);
  mappings = new MappingRegistry(deps.db, deps.clock, pollers);
  const asyncInvocations = new AsyncInvocations({
    db: deps.db,
    clock: deps.clock,
    functions,
    invoker,
    client: deps.client,
    metrics,
    logger: deps.logger,
  });
  const core: LambdaCore = {
    clock: deps.clock,
    logger: deps.logger,
    functions,
    invoker,
    asyncInvocations,
    mappings,
    metrics,
    runtime: deps.runtime,
    client: deps.client,
    codeRoot: deps.codeRoot,
    iamMode: deps.iamMode,
  };

  const implemented: Record<string, OperationHandler> = {
    ...functionOperations(core),
    ...invokeOperations(core),
    ...settingsOperations(core),
    ...mappingOperations(core),
  } as unknown as Record<string, OperationHandler>;
  const operations = everyOperation("Lambda", model, implemented);

  const definition: ServiceDefinition = {
    name: "lambda",
    signingNames: ["lambda"],
    model,
    jsonErrorNamespace: "com.amazonaws.lambda",
    query: false,
    maxRequestBytes: MAX_REQUEST_BYTES,
    inputErrors: {
      invalidType: (path, expected) =>
        new InvalidRequestContentException(
          `Could not parse request body into json: Could not parse payload into json: Cannot deserialize value of type ${expected} at '${path}'`,
        ),
      malformedBody: () =>
        new InvalidRequestContentException("Could not parse request body into json: Unexpected character"),
    },
    validateInput(operation, input) {
      // AWS checks the runtime itself, with its own message, before the model's constraints.
      if (typeof input.Runtime === "string") validateRuntime(input.Runtime);
      const shape = model.operations[operation]?.input;
      const message = shape ? coralValidationMessage(model, shape, input) : undefined;
      if (message) throw new ValidationException(message);
    },
    missingParameter: (path) =>
      new ValidationException(
        `1 validation error detected: Value null at '${path.charAt(0).toLowerCase()}${path.slice(1)}' failed to satisfy constraint: Member must not be null`,
      ),
    unknownOperation: () => new UnknownOperationException(),
    operations,
    close() {
      asyncInvocations.close();
      mappings?.close();
      void pollers.close();
    },
  };
  return { definition, core };
}
