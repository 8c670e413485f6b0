/**
 * AWS::Serverless::SimpleTable → AWS::DynamoDB::Table (same logical id): a single hash key,
 * `PrimaryKey` (`{Name, Type: String | Number | Binary}`, default `id` String), the given
 * ProvisionedThroughput or else on-demand billing, TableName, Tags, SSESpecification and
 * PointInTimeRecoverySpecification. AWS: samtranslator/model/sam_resources.py `SamSimpleTable`.
 */
import { SAM_SIMPLE_TABLE, SUPPORTED_RESOURCE_ATTRIBUTES } from "./constants.ts";
import { InvalidResource } from "./errors.ts";
import {
  aMap,
  checkProperties,
  isInt,
  isMap,
  isString,
  mapOf,
  oneOf,
  type PropertySpec,
  passThrough,
} from "./properties.ts";
import { isSet, type JsonObject, pick, present, tagList, truthy } from "./values.ts";

const PROPERTIES: Readonly<Record<string, PropertySpec>> = {
  PointInTimeRecoverySpecification: passThrough,
  PrimaryKey: { check: mapOf(isString) },
  ProvisionedThroughput: { check: mapOf(oneOf(isInt, isMap)) },
  TableName: { check: oneOf(isString, isMap) },
  Tags: aMap,
  SSESpecification: aMap,
};

const ATTRIBUTE_TYPES: Readonly<Record<string, string>> = { String: "S", Number: "N", Binary: "B" };

export function translateSimpleTable(
  logicalId: string,
  resource: JsonObject,
  p: JsonObject,
): Record<string, JsonObject> {
  checkProperties(logicalId, SAM_SIMPLE_TABLE, p, PROPERTIES);
  let key = { AttributeName: "id" as unknown, AttributeType: "S" };
  if (truthy(p.PrimaryKey)) {
    const primaryKey = p.PrimaryKey as JsonObject;
    if (!isSet(primaryKey.Name))
      throw new InvalidResource(logicalId, "Property 'PrimaryKey.Name' is required.");
    if (!isSet(primaryKey.Type))
      throw new InvalidResource(logicalId, "Property 'PrimaryKey.Type' is required.");
    const type = ATTRIBUTE_TYPES[String(primaryKey.Type)];
    if (typeof primaryKey.Type !== "string" || !type) {
      throw new InvalidResource(logicalId, `Invalid 'Type' "${String(primaryKey.Type)}".`);
    }
    key = { AttributeName: primaryKey.Name, AttributeType: type };
  }
  const table = present({
    AttributeDefinitions: [key],
    KeySchema: [{ AttributeName: key.AttributeName, KeyType: "HASH" }],
    PointInTimeRecoverySpecification: truthy(p.PointInTimeRecoverySpecification)
      ? p.PointInTimeRecoverySpecification
      : undefined,
    ProvisionedThroughput: truthy(p.ProvisionedThroughput) ? p.ProvisionedThroughput : undefined,
    BillingMode: truthy(p.ProvisionedThroughput) ? undefined : "PAY_PER_REQUEST",
    SSESpecification: truthy(p.SSESpecification) ? p.SSESpecification : undefined,
    TableName: truthy(p.TableName) ? p.TableName : undefined,
    Tags: truthy(p.Tags) ? tagList(p.Tags) : undefined,
  });
  return {
    [logicalId]: {
      Type: "AWS::DynamoDB::Table",
      ...(truthy(resource.DependsOn) ? { DependsOn: resource.DependsOn } : {}),
      ...pick(resource, SUPPORTED_RESOURCE_ATTRIBUTES),
      Properties: table,
    },
  };
}
