/**
 * Amazon DynamoDB (API 2012-08-10) over awsJson 1.0 (target prefix DynamoDB_20120810).
 *
 * Operations (control plane): CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables,
 * UpdateTimeToLive, DescribeTimeToLive, TagResource, UntagResource, ListTagsOfResource,
 * DescribeLimits, DescribeEndpoints. The data plane's operations join the same map.
 *
 * Requests are checked as DynamoDB does: Coral's model constraints first ("N validation errors
 * detected: …", with the table-name, 2-element key schema and tag rules DynamoDB applies on top of
 * the published model), then each operation's own checks in DynamoDB's order and words.
 *
 * LIMITATIONS
 * - Tables and indexes are ACTIVE at once. CreateTable answers CREATING, UpdateTable UPDATING (or
 *   CREATING/DELETING for the index it adds or removes), DeleteTable DELETING, as AWS does; the
 *   next call sees the settled state, so "still in use" (ResourceInUseException) races never occur.
 * - UpdateTable's response shows the new throughput; AWS echoes the old values until it settles.
 * - Time to live switches between ENABLED and DISABLED at once (AWS passes through ENABLING and
 *   DISABLING) and is not limited to one change per hour.
 * - Multi-attribute GSI keys (several HASH or RANGE attributes, 2025) are rejected; each index is
 *   keyed on one partition and at most one sort attribute.
 * - Global tables (ReplicaUpdates, witnesses, GlobalTableSourceArn) are not emulated and rejected.
 * - ResourcePolicy is stored, not enforced. SSE keys are recorded, nothing is encrypted; KMS aliases
 *   are not resolved and key states are not checked; the 4-per-day encryption change quota is not
 *   applied. Deletion protection toggles are not throttled.
 * - The account-wide capacity quota (80,000 RCU/WCU) is reported by DescribeLimits but not enforced;
 *   the per-table and per-index quota (40,000) is.
 * - Streams carry no tags of their own (a stream ARN given to the tag operations is not found).
 * - WarmThroughput is recorded and reported (never lowered); it has no effect on throttling.
 */
import dynamodbModel from "../../models/dynamodb.json" with { type: "json" };
import { coralValidationMessage } from "../../protocol/coral-validation.ts";
import { SerializationException, UnknownOperationException } from "../../protocol/errors.ts";
import type { ServiceModel, Shape } from "../../protocol/model.ts";
import type { InputErrors } from "../../protocol/shape-input.ts";
import type { Clock } from "../../shared/clock.ts";
import { type Db, migrate } from "../../storage/database.ts";
import { createDynamoDbStreamsService } from "../dynamodbstreams/index.ts";
import type { ServiceDefinition } from "../service.ts";
import { MAX_BATCH_REQUEST_BYTES } from "./constants.ts";
import { createDataPlane, type DataPlaneService } from "./data-plane.ts";
import { DYNAMODB_ERROR_NAMESPACE, ValidationException } from "./errors.ts";
import { type ControlPlane, controlPlaneOperations } from "./operations/control-plane.ts";
import { DYNAMODB_MIGRATIONS } from "./store.ts";
import { type TableHooks, TableRegistry } from "./tables.ts";

const model = dynamodbModel as unknown as ServiceModel;

const CONTROL_PLANE_TABLE_OPERATIONS = new Set([
  "CreateTable",
  "DescribeTable",
  "UpdateTable",
  "DeleteTable",
  "UpdateTimeToLive",
  "DescribeTimeToLive",
]);

/** What the operations share; the data plane adds its stores to it. */
export type DynamoDbCore = ControlPlane;

/**
 * The model as DynamoDB validates it. The published model types TableName as a table ARN
 * (1–1024 characters) because either may be given; a plain name is still held to 3–255 characters
 * of [a-zA-Z0-9_.-]. Table and LSI key schemas have at most 2 elements (GSIs, since 2025, up to 8).
 * Tags and TableClass are checked by DynamoDB's own rules ("The Tag Key provided is invalid, …"),
 * not the model's. Some enums are listed in another order than the published model's (as recorded
 * from DynamoDB by dynalite's tests).
 */
function validationModels(source: ServiceModel): { byName: ServiceModel; byArn: ServiceModel } {
  const byArn = structuredClone(source);
  const shapes = byArn.shapes;
  shapes.TableKeySchema = { ...shapes.KeySchema!, max: 2 };
  shapes.CreateTableInput!.members!.KeySchema = { shape: "TableKeySchema" };
  // Newer models leave both optional, but DynamoDB still refuses a table without them ("Value
  // null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null").
  shapes.CreateTableInput!.required = ["AttributeDefinitions", "TableName", "KeySchema"];
  shapes.LocalSecondaryIndex!.members!.KeySchema = { shape: "TableKeySchema" };
  const { min: _keyMin, max: _keyMax, ...tagKey } = shapes.TagKeyString!;
  const { min: _valueMin, max: _valueMax, ...tagValue } = shapes.TagValueString!;
  shapes.TagKeyString = tagKey as Shape;
  shapes.TagValueString = tagValue as Shape;
  const { required: _tagRequired, ...tag } = shapes.Tag!;
  shapes.Tag = tag as Shape;
  const { enum: _tableClasses, ...tableClass } = shapes.TableClass!;
  shapes.TableClass = tableClass as Shape;
  shapes.ScalarAttributeType = { ...shapes.ScalarAttributeType!, enum: ["B", "N", "S"] };
  shapes.ProjectionType = { ...shapes.ProjectionType!, enum: ["ALL", "INCLUDE", "KEYS_ONLY"] };

  const byName = structuredClone(byArn);
  for (const operation of Object.values(byName.operations)) {
    const input = operation.input ? byName.shapes[operation.input] : undefined;
    if (input?.members?.TableName?.shape === "TableArn") input.members.TableName = { shape: "TableName" };
  }
  return { byName, byArn };
}

/** Java's class for a JSON number, as Coral names it in SerializationException texts. */
function javaNumberClass(value: number): string {
  if (!Number.isInteger(value)) return "java.lang.Double";
  if (value >= -32768 && value <= 32767) return "java.lang.Short";
  return value >= -2147483648 && value <= 2147483647 ? "java.lang.Integer" : "java.lang.Long";
}

/** Coral's texts for a JSON member of the wrong type (as recorded by dynalite against DynamoDB). */
const inputErrors: InputErrors = {
  // DynamoDB answers an empty or unparseable body with a bare SerializationException (dynalite's
  // recording of DynamoDB).
  malformedBody: () => new SerializationException(""),
  invalidType(_path, expected, value) {
    if (Array.isArray(value)) return new SerializationException("Start of list found where not expected");
    if (value !== null && typeof value === "object") {
      return new SerializationException("Start of structure or map found where not expected.");
    }
    if (expected === "structure") return new SerializationException("Expected null");
    if (expected === "list") return new SerializationException("Expected list or null");
    if (expected === "map") return new SerializationException("Expected map or null");
    const javaType = {
      integer: "Integer",
      long: "Long",
      double: "Double",
      float: "Float",
      boolean: "Boolean",
    }[expected as string];
    const source =
      typeof value === "string"
        ? "class java.lang.String"
        : typeof value === "boolean"
          ? "class java.lang.Boolean"
          : `class ${javaNumberClass(value as number)}`;
    if (expected === "boolean" && typeof value === "string") {
      return new SerializationException(`'${value.toUpperCase()}' can not be converted to an Boolean`);
    }
    if (expected === "blob") return new SerializationException(`${source} can not be converted to a Blob`);
    return new SerializationException(`${source} can not be converted to an ${javaType ?? "String"}`);
  },
};

export interface DynamoDbServices {
  dynamodb: ServiceDefinition;
  /** DynamoDB Streams, a service of its own on the wire (DynamoDBStreams_20120810). */
  streams: ServiceDefinition;
  tables: TableRegistry;
  dataPlane: DataPlaneService;
}

/** `hooks` replaces the data plane's (tests of the control plane record them). */
export function createDynamoDbServices(deps: { db: Db; clock: Clock; hooks?: TableHooks }): DynamoDbServices {
  migrate(deps.db, "dynamodb", DYNAMODB_MIGRATIONS);
  let tables: TableRegistry | undefined;
  const dataPlane = createDataPlane({ db: deps.db, clock: deps.clock, tables: () => tables! });
  tables = new TableRegistry(deps.db, deps.clock, deps.hooks ?? (dataPlane.hooks satisfies TableHooks));
  const registry = tables;
  dataPlane.startTtl(() => registry.all());
  const core: DynamoDbCore = { tables, clock: deps.clock };
  const models = validationModels(model);

  const dynamodb: ServiceDefinition = {
    name: "dynamodb",
    signingNames: ["dynamodb"],
    model,
    jsonErrorNamespace: DYNAMODB_ERROR_NAMESPACE,
    query: false,
    // BatchWriteItem may carry 16 MB of items; JSON framing and escaping add to that.
    maxRequestBytes: MAX_BATCH_REQUEST_BYTES + 1024 * 1024,
    inputErrors,
    validateInput(operation, input) {
      const shapeName = model.operations[operation]?.input;
      if (!shapeName) return;
      // The control plane names a missing TableName itself; the data plane leaves it to Coral
      // ("Value null at 'tableName' …", as seen from PutItem in production logs).
      if (
        CONTROL_PLANE_TABLE_OPERATIONS.has(operation) &&
        model.shapes[shapeName]?.required?.includes("TableName") &&
        input.TableName === undefined
      ) {
        throw new ValidationException(
          "The parameter 'TableName' is required but was not present in the request",
        );
      }
      const byName =
        operation === "CreateTable" ||
        (typeof input.TableName === "string" && !input.TableName.startsWith("arn:"));
      const message = coralValidationMessage(byName ? models.byName : models.byArn, shapeName, input);
      if (message) throw new ValidationException(message);
    },
    missingParameter: (path) =>
      new ValidationException(`The parameter '${path}' is required but was not present in the request`),
    unknownOperation: () => new UnknownOperationException(),
    operations: { ...controlPlaneOperations(core), ...dataPlane.operations },
    close: () => dataPlane.close(),
  };
  const streams = createDynamoDbStreamsService({ clock: deps.clock, streams: dataPlane.streams });
  return { dynamodb, streams, tables, dataPlane };
}

export const createDynamoDbService = (deps: {
  db: Db;
  clock: Clock;
  hooks?: TableHooks;
}): ServiceDefinition => createDynamoDbServices(deps).dynamodb;
