/**
 * Amazon CloudWatch Logs (API 2014-03-28, awsJson 1.1, target prefix Logs_20140328, signing name
 * `logs`): where Lambda function output lands (groups `/aws/lambda/<name>`).
 *
 * Operations: CreateLogGroup, DeleteLogGroup, DescribeLogGroups, PutRetentionPolicy,
 * DeleteRetentionPolicy, CreateLogStream, DeleteLogStream, DescribeLogStreams, PutLogEvents,
 * GetLogEvents, FilterLogEvents, TagResource, UntagResource, ListTagsForResource, and the
 * deprecated TagLogGroup, UntagLogGroup, ListTagsLogGroup. The core is also the Lambda runtime's
 * LogSink (`core.append`).
 *
 * LIMITATIONS
 * - Every other operation of the model (metric and subscription filters, Logs Insights queries,
 *   export and import tasks, deliveries, destinations, resource, account, data protection,
 *   index and transformer policies, anomaly detection, integrations, Live Tail, KMS
 *   association, deletion protection updates, ListLogGroups, …) answers
 *   UnknownOperationException, as the engine does for any operation it does not serve.
 * - New events are visible at once (AWS: typically within seconds); lastEventTimestamp,
 *   lastIngestionTime and storedBytes are exact at once (AWS: eventually consistent, up to an hour).
 * - Retention: events past it are never returned and are deleted by an hourly sweep on the clock
 *   (AWS: within about 72 hours). storedBytes counts messages' UTF-8 bytes.
 * - KMS keys are recorded and reported, nothing is encrypted and keys are not checked. Log group
 *   classes are recorded; INFREQUENT_ACCESS and DELIVERY restrict nothing.
 * - Cross-account observability is not emulated: logGroupIdentifier ARNs of another account or
 *   region name no group; includeLinkedAccounts and accountIdentifiers are ignored.
 * - Filter patterns: terms, phrases, `?`/`-` terms, `%regex%`, JSON and space-delimited patterns.
 *   Pattern errors other than the two AWS words specifically are "Invalid filter pattern".
 *   The limit of two regexes per pattern is not enforced. Data protection masking (unmask) and
 *   log transformers do not exist; events are returned as stored.
 * - FilterLogEvents tokens do not expire (AWS: after 24 hours). Stream names in logStreamNames
 *   that do not exist are ignored.
 * - No throttling (PutLogEvents' per-account rate, DescribeLogStreams' 25 TPS, CreateLogStream's
 *   50 TPS) and no limit on the number of log groups.
 */
import logsModel from "../../models/logs.json" with { type: "json" };
import { SerializationException, UnknownOperationException } from "../../protocol/errors.ts";
import type { ServiceModel } from "../../protocol/model.ts";
import type { Clock } from "../../shared/clock.ts";
import { type Db, migrate } from "../../storage/database.ts";
import type { ServiceDefinition } from "../service.ts";
import { MAX_BATCH_BYTES } from "./constants.ts";
import { LogsCore } from "./core.ts";
import { InvalidParameterException, LOGS_ERROR_NAMESPACE } from "./errors.ts";
import { logsOperations } from "./operations/index.ts";
import { LOGS_MIGRATIONS } from "./store.ts";
import { createValidator } from "./validation.ts";

export { DEFAULT_SCOPE, type FoundEvent, LogsCore, type Scope } from "./core.ts";

const model = logsModel as unknown as ServiceModel;

export interface LogsService {
  definition: ServiceDefinition;
  core: LogsCore;
}

export function createLogsService(deps: { db: Db; clock: Clock }): LogsService {
  migrate(deps.db, "logs", LOGS_MIGRATIONS);
  const core = new LogsCore(deps.db, deps.clock);
  core.start();
  const validate = createValidator(model);
  const definition: ServiceDefinition = {
    name: "logs",
    signingNames: ["logs"],
    model,
    jsonErrorNamespace: LOGS_ERROR_NAMESPACE,
    query: false,
    // A full PutLogEvents batch is 1 MiB of messages; JSON escaping can multiply that up to six-fold.
    maxRequestBytes: 8 * MAX_BATCH_BYTES,
    inputErrors: {
      invalidType(path, expected, value) {
        if (Array.isArray(value)) return new SerializationException("Start of list found where not expected");
        if (value !== null && typeof value === "object")
          return new SerializationException("Start of structure or map found where not expected.");
        return new SerializationException(`Unexpected value type for ${path}: expected ${expected}.`);
      },
    },
    validateInput: validate,
    missingParameter: (path) =>
      new InvalidParameterException(
        `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
      ),
    unknownOperation: () => new UnknownOperationException(),
    operations: logsOperations(core),
    close: () => core.close(),
  };
  return { definition, core };
}
