/**
 * AWS::DynamoDB::GlobalTable (what the CDK's TableV2 emits), in one region: Replicas must hold
 * exactly the stack's region, and the table is created there as a regional table with its
 * replica's settings. Ref: the table name. GetAtt: Arn, StreamArn, TableId (and any property).
 *
 * Capacity: write capacity is always auto scaled in a global table
 * (WriteProvisionedThroughputSettings.WriteCapacityAutoScalingSettings), read capacity is fixed
 * (ReadCapacityUnits) or auto scaled, per replica and per index. The engine has no Application
 * Auto Scaling: an auto-scaled capacity stays at its SeedCapacity, else its MinCapacity (so a
 * throttling demo at 1 WCU throttles). On demand, WriteOnDemandThroughputSettings and the
 * replica's ReadOnDemandThroughputSettings are the table's OnDemandThroughput maximums.
 *
 * Not emulated: PointInTimeRecoverySpecification and ContributorInsightsSpecification are accepted
 * and ignored; KinesisStreamSpecification, GlobalTableWitnesses and MultiRegionConsistency STRONG
 * fail, naming the property.
 */
import {
  createTable,
  deleteTable,
  type IndexSpec,
  type OnDemand,
  type TableSpec,
  type Throughput,
  tableNameOf,
  tableState,
  updateTableTo,
} from "./dynamodb-tables.ts";
import { existing, invalidRequest } from "./errors.ts";
import { bool, jsonText, list, num, obj, type Properties, str, tagMap } from "./properties.ts";
import { defineProvider } from "./provider.ts";

const TYPE = "AWS::DynamoDB::GlobalTable";

/** A fixed capacity, or an auto-scaled one's starting point. */
function capacityOf(settings: Properties | undefined, fixedKey: string, autoKey: string): number | undefined {
  if (!settings) return undefined;
  const fixed = num(settings[fixedKey]);
  if (fixed !== undefined) return fixed;
  const auto = obj(settings[autoKey]);
  return auto ? (num(auto.SeedCapacity) ?? num(auto.MinCapacity)) : undefined;
}

const writeCapacity = (settings: unknown) =>
  capacityOf(obj(settings), "WriteCapacityUnits", "WriteCapacityAutoScalingSettings");
const readCapacity = (settings: unknown) =>
  capacityOf(obj(settings), "ReadCapacityUnits", "ReadCapacityAutoScalingSettings");

function throughput(read: number | undefined, write: number | undefined, what: string): Throughput {
  if (read === undefined || write === undefined) {
    throw invalidRequest(
      `${what} needs ReadProvisionedThroughputSettings in its replica and WriteProvisionedThroughputSettings when BillingMode is PROVISIONED.`,
    );
  }
  return { ReadCapacityUnits: read, WriteCapacityUnits: write };
}

function onDemand(read: unknown, write: unknown): OnDemand | undefined {
  const maxRead = num(obj(read)?.MaxReadRequestUnits);
  const maxWrite = num(obj(write)?.MaxWriteRequestUnits);
  if (maxRead === undefined && maxWrite === undefined) return undefined;
  return {
    ...(maxRead !== undefined && { MaxReadRequestUnits: maxRead }),
    ...(maxWrite !== undefined && { MaxWriteRequestUnits: maxWrite }),
  };
}

/** The one replica the engine creates: the stack's region, or a clear refusal. */
function replicaOf(properties: Properties, region: string): Properties {
  const replicas = list(properties.Replicas).map((r) => obj(r) ?? {});
  const others = replicas.map((r) => String(r.Region)).filter((r) => r !== region);
  if (others.length > 0) {
    throw invalidRequest(
      `The Orderflow engine creates a global table in one region only: remove the replicas in ${others.join(", ")}.`,
    );
  }
  const replica = replicas.find((r) => r.Region === region);
  if (!replica) throw invalidRequest(`Replicas must include the stack's region (${region}).`);
  return replica;
}

function specOf(properties: Properties, name: string, region: string): TableSpec {
  for (const property of ["GlobalTableWitnesses", "GlobalTableSourceArn"]) {
    if (properties[property] !== undefined) {
      throw invalidRequest(`${property} is not supported by the Orderflow engine (see docs/CONFORMANCE.md).`);
    }
  }
  if (properties.MultiRegionConsistency === "STRONG") {
    throw invalidRequest(
      "MultiRegionConsistency STRONG is not supported by the Orderflow engine (one region).",
    );
  }
  const replica = replicaOf(properties, region);
  if (replica.KinesisStreamSpecification !== undefined) {
    throw invalidRequest(
      "KinesisStreamSpecification is not supported by the Orderflow engine (see docs/CONFORMANCE.md).",
    );
  }
  // AWS::DynamoDB::GlobalTable reference: BillingMode defaults to PROVISIONED.
  const provisioned = properties.BillingMode !== "PAY_PER_REQUEST";
  const replicaIndexes = new Map(
    list(replica.GlobalSecondaryIndexes).map((i) => [String(obj(i)?.IndexName), obj(i) ?? {}]),
  );
  const indexes: IndexSpec[] = list(properties.GlobalSecondaryIndexes).map((raw) => {
    const index = obj(raw) ?? {};
    const name = String(index.IndexName);
    const replicaIndex = replicaIndexes.get(name);
    const indexOnDemand = onDemand(
      replicaIndex?.ReadOnDemandThroughputSettings,
      index.WriteOnDemandThroughputSettings,
    );
    return {
      IndexName: name,
      KeySchema: list(index.KeySchema),
      Projection: index.Projection,
      ...(provisioned && {
        ProvisionedThroughput: throughput(
          readCapacity(replicaIndex?.ReadProvisionedThroughputSettings),
          writeCapacity(index.WriteProvisionedThroughputSettings),
          `Index ${name}`,
        ),
      }),
      ...(!provisioned && indexOnDemand && { OnDemandThroughput: indexOnDemand }),
      ...(index.WarmThroughput !== undefined && { WarmThroughput: index.WarmThroughput }),
    };
  });
  const sse = obj(properties.SSESpecification);
  const replicaSse = obj(replica.SSESpecification);
  const ttl = obj(properties.TimeToLiveSpecification);
  const stream = obj(properties.StreamSpecification);
  const policy = obj(replica.ResourcePolicy);
  const tableOnDemand = onDemand(
    replica.ReadOnDemandThroughputSettings,
    properties.WriteOnDemandThroughputSettings,
  );
  return {
    TableName: name,
    KeySchema: list(properties.KeySchema),
    AttributeDefinitions: list(properties.AttributeDefinitions),
    BillingMode: provisioned ? "PROVISIONED" : "PAY_PER_REQUEST",
    ...(provisioned && {
      ProvisionedThroughput: throughput(
        readCapacity(replica.ReadProvisionedThroughputSettings),
        writeCapacity(properties.WriteProvisionedThroughputSettings),
        "The table",
      ),
    }),
    ...(!provisioned && tableOnDemand && { OnDemandThroughput: tableOnDemand }),
    ...(properties.WarmThroughput !== undefined && { WarmThroughput: properties.WarmThroughput }),
    GlobalSecondaryIndexes: indexes,
    LocalSecondaryIndexes: list(properties.LocalSecondaryIndexes),
    ...(stream && { StreamViewType: str(stream.StreamViewType) }),
    ...(sse && {
      SSESpecification: {
        Enabled: bool(sse.SSEEnabled) === true,
        ...(sse.SSEType !== undefined && { SSEType: str(sse.SSEType) }),
        ...(replicaSse?.KMSMasterKeyId !== undefined && { KMSMasterKeyId: str(replicaSse.KMSMasterKeyId) }),
      },
    }),
    ...(replica.TableClass !== undefined && { TableClass: str(replica.TableClass) }),
    DeletionProtectionEnabled: bool(replica.DeletionProtectionEnabled) === true,
    ...(ttl && {
      TimeToLive: { AttributeName: String(ttl.AttributeName ?? ""), Enabled: bool(ttl.Enabled) === true },
    }),
    Tags: tagMap(replica.Tags),
    ...(policy?.PolicyDocument !== undefined && { ResourcePolicy: jsonText(policy.PolicyDocument) }),
  };
}

export const dynamodbGlobalTableProvider = defineProvider({
  type: TYPE,
  replaceOn: ["KeySchema", "LocalSecondaryIndexes"],

  async create(properties, ctx) {
    const name = tableNameOf(properties, ctx);
    return tableState(
      await createTable(ctx, specOf(properties, name, ctx.region)).catch(existing(TYPE, name)),
      true,
    );
  },

  async update(previous, properties, previousProperties, ctx) {
    const name = previous.physicalId;
    const before = specOf(previousProperties, name, ctx.region);
    return tableState(await updateTableTo(ctx, before, specOf(properties, name, ctx.region)), true);
  },

  async delete(state, _properties, ctx) {
    await deleteTable(ctx, state.physicalId);
  },
});
