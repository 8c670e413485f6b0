/**
 * AWS::DynamoDB::Table. Ref: the table name. GetAtt: Arn, StreamArn (and any property). Without
 * TableName the name is generated. KeySchema, LocalSecondaryIndexes and TableName replace the
 * table (AWS::DynamoDB::Table reference: "Update requires: Replacement"); the rest is updated in
 * place, one UpdateTable change at a time. StreamSpecification needs only StreamViewType (the
 * stream is on when it is present); TimeToLiveSpecification is applied with UpdateTimeToLive.
 *
 * Not emulated: PointInTimeRecoverySpecification and ContributorInsightsSpecification are accepted
 * and ignored (the engine keeps no backups and no Contributor Insights); KinesisStreamSpecification
 * and ImportSourceSpecification fail, naming the property.
 */
import {
  createTable,
  deleteTable,
  type IndexSpec,
  type TableSpec,
  tableNameOf,
  tableState,
  updateTableTo,
} from "./dynamodb-tables.ts";
import { existing, invalidRequest } from "./errors.ts";
import { bool, jsonText, list, obj, type Properties, str, tagMap } from "./properties.ts";
import { defineProvider } from "./provider.ts";

const TYPE = "AWS::DynamoDB::Table";
const UNSUPPORTED = ["KinesisStreamSpecification", "ImportSourceSpecification"] as const;

function indexSpec(raw: unknown): IndexSpec {
  const index = obj(raw) ?? {};
  return {
    IndexName: String(index.IndexName),
    KeySchema: list(index.KeySchema),
    Projection: index.Projection,
    ...(index.ProvisionedThroughput !== undefined && {
      ProvisionedThroughput: index.ProvisionedThroughput as IndexSpec["ProvisionedThroughput"],
    }),
    ...(index.OnDemandThroughput !== undefined && {
      OnDemandThroughput: index.OnDemandThroughput as IndexSpec["OnDemandThroughput"],
    }),
    ...(index.WarmThroughput !== undefined && { WarmThroughput: index.WarmThroughput }),
  };
}

function specOf(properties: Properties, name: string): TableSpec {
  for (const property of UNSUPPORTED) {
    if (properties[property] !== undefined) {
      throw invalidRequest(`${property} is not supported by the Orderflow engine (see docs/CONFORMANCE.md).`);
    }
  }
  const stream = obj(properties.StreamSpecification);
  const sse = obj(properties.SSESpecification);
  const ttl = obj(properties.TimeToLiveSpecification);
  const policy = obj(properties.ResourcePolicy);
  return {
    TableName: name,
    KeySchema: list(properties.KeySchema),
    AttributeDefinitions: list(properties.AttributeDefinitions),
    BillingMode: properties.BillingMode === "PAY_PER_REQUEST" ? "PAY_PER_REQUEST" : "PROVISIONED",
    ...(properties.ProvisionedThroughput !== undefined && {
      ProvisionedThroughput: properties.ProvisionedThroughput as TableSpec["ProvisionedThroughput"],
    }),
    ...(properties.OnDemandThroughput !== undefined && {
      OnDemandThroughput: properties.OnDemandThroughput as TableSpec["OnDemandThroughput"],
    }),
    ...(properties.WarmThroughput !== undefined && { WarmThroughput: properties.WarmThroughput }),
    GlobalSecondaryIndexes: list(properties.GlobalSecondaryIndexes).map(indexSpec),
    LocalSecondaryIndexes: list(properties.LocalSecondaryIndexes),
    ...(stream && { StreamViewType: str(stream.StreamViewType) }),
    ...(sse && {
      SSESpecification: {
        Enabled: bool(sse.SSEEnabled) === true,
        ...(sse.SSEType !== undefined && { SSEType: str(sse.SSEType) }),
        ...(sse.KMSMasterKeyId !== undefined && { KMSMasterKeyId: str(sse.KMSMasterKeyId) }),
      },
    }),
    ...(properties.TableClass !== undefined && { TableClass: str(properties.TableClass) }),
    DeletionProtectionEnabled: bool(properties.DeletionProtectionEnabled) === true,
    ...(ttl && {
      TimeToLive: { AttributeName: String(ttl.AttributeName ?? ""), Enabled: bool(ttl.Enabled) === true },
    }),
    Tags: tagMap(properties.Tags),
    ...(policy?.PolicyDocument !== undefined && { ResourcePolicy: jsonText(policy.PolicyDocument) }),
  };
}

export const dynamodbTableProvider = defineProvider({
  type: TYPE,
  replaceOn: ["KeySchema", "LocalSecondaryIndexes"],

  async create(properties, ctx) {
    const name = tableNameOf(properties, ctx);
    return tableState(await createTable(ctx, specOf(properties, name)).catch(existing(TYPE, name)), false);
  },

  async update(previous, properties, previousProperties, ctx) {
    const name = previous.physicalId;
    return tableState(
      await updateTableTo(ctx, specOf(previousProperties, name), specOf(properties, name)),
      false,
    );
  },

  async delete(state, _properties, ctx) {
    await deleteTable(ctx, state.physicalId);
  },
});
