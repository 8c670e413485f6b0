import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateTableCommand,
  DescribeTableCommand,
  ListTagsOfResourceCommand,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import {
  ACCOUNT_ID,
  assertDynamoError,
  attribute,
  createTable,
  hashKey,
  invalidParameter,
  provisionedTableInput,
  REGION,
  rangeKey,
  rawCall,
  tableInput,
  uniqueTableName,
  validationError,
} from "./support.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("CreateTable", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const create = (input: Parameters<typeof tableInput>[0]) =>
    t.dynamodb.send(new CreateTableCommand(tableInput(input)));

  describe("an on-demand table", () => {
    it("answers CREATING with the table's identity, keys and zero counts", async () => {
      const name = uniqueTableName("orders");
      const before = t.clock.now();

      const description = await createTable(t.dynamodb, tableInput({ TableName: name }));

      assert.equal(description.TableName, name);
      assert.equal(description.TableStatus, "CREATING");
      assert.equal(description.TableArn, `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/${name}`);
      assert.match(description.TableId!, UUID);
      assert.ok(description.CreationDateTime instanceof Date);
      assert.ok(Math.abs(description.CreationDateTime.getTime() - before) < 1000);
      assert.deepEqual(description.KeySchema, [hashKey("pk")]);
      assert.deepEqual(description.AttributeDefinitions, [attribute("pk")]);
      assert.equal(description.ItemCount, 0);
      assert.equal(description.TableSizeBytes, 0);
      assert.deepEqual(description.ProvisionedThroughput, {
        NumberOfDecreasesToday: 0,
        ReadCapacityUnits: 0,
        WriteCapacityUnits: 0,
      });
      assert.deepEqual(description.BillingModeSummary, { BillingMode: "PAY_PER_REQUEST" });
      assert.equal(description.DeletionProtectionEnabled, false);
      assert.equal(description.WarmThroughput, undefined);
    });

    it("is ACTIVE for the next DescribeTable, warm for 12,000 reads and 4,000 writes", async () => {
      const created = await createTable(t.dynamodb);

      const { Table } = await t.dynamodb.send(new DescribeTableCommand({ TableName: created.TableName }));

      assert.equal(Table!.TableStatus, "ACTIVE");
      assert.deepEqual(Table!.WarmThroughput, {
        ReadUnitsPerSecond: 12000,
        WriteUnitsPerSecond: 4000,
        Status: "ACTIVE",
      });
      assert.equal(Table!.BillingModeSummary!.BillingMode, "PAY_PER_REQUEST");
      assert.deepEqual(
        Table!.BillingModeSummary!.LastUpdateToPayPerRequestDateTime,
        created.CreationDateTime,
      );
    });
  });

  describe("a provisioned table", () => {
    it("reports its capacity and no billing summary", async () => {
      const description = await createTable(t.dynamodb, provisionedTableInput());

      assert.deepEqual(description.ProvisionedThroughput, {
        NumberOfDecreasesToday: 0,
        ReadCapacityUnits: 5,
        WriteCapacityUnits: 5,
      });
      assert.equal(description.BillingModeSummary, undefined);
      assert.deepEqual(description.KeySchema, [hashKey("pk"), rangeKey("sk")]);
    });

    it("is PROVISIONED when BillingMode is omitted", async () => {
      const description = await createTable(
        t.dynamodb,
        provisionedTableInput({ ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 2 } }),
      );

      assert.equal(description.ProvisionedThroughput!.WriteCapacityUnits, 2);
    });
  });

  describe("with secondary indexes", () => {
    const indexedTable = () =>
      provisionedTableInput({
        AttributeDefinitions: [attribute("sk", "N"), attribute("pk"), attribute("gpk"), attribute("lsk")],
        GlobalSecondaryIndexes: [
          {
            IndexName: "by-gpk",
            KeySchema: [hashKey("gpk")],
            Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["zz", "aa", "mm"] },
            ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
          },
        ],
        LocalSecondaryIndexes: [
          {
            IndexName: "by-lsk",
            KeySchema: [hashKey("pk"), rangeKey("lsk")],
            Projection: { ProjectionType: "KEYS_ONLY" },
          },
        ],
      });

    it("describes each index with its ARN, counts and CREATING status", async () => {
      const input = indexedTable();

      const description = await createTable(t.dynamodb, input);

      const arn = description.TableArn!;
      assert.deepEqual(description.GlobalSecondaryIndexes, [
        {
          IndexName: "by-gpk",
          KeySchema: [hashKey("gpk")],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["aa", "mm", "zz"] },
          IndexStatus: "CREATING",
          ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
          IndexSizeBytes: 0,
          ItemCount: 0,
          IndexArn: `${arn}/index/by-gpk`,
        },
      ]);
      assert.deepEqual(description.LocalSecondaryIndexes, [
        {
          IndexName: "by-lsk",
          KeySchema: [hashKey("pk"), rangeKey("lsk")],
          Projection: { ProjectionType: "KEYS_ONLY" },
          IndexSizeBytes: 0,
          ItemCount: 0,
          IndexArn: `${arn}/index/by-lsk`,
        },
      ]);
    });

    it("returns AttributeDefinitions sorted by name, as AWS does", async () => {
      const description = await createTable(t.dynamodb, indexedTable());

      assert.deepEqual(
        description.AttributeDefinitions!.map((a) => a.AttributeName),
        ["gpk", "lsk", "pk", "sk"],
      );
    });

    it("reports on-demand GSIs with zero provisioned throughput, ACTIVE once created", async () => {
      const input = tableInput({
        AttributeDefinitions: [attribute("pk"), attribute("g")],
        GlobalSecondaryIndexes: [
          { IndexName: "by-g", KeySchema: [hashKey("g")], Projection: { ProjectionType: "ALL" } },
        ],
      });
      await createTable(t.dynamodb, input);

      const { Table } = await t.dynamodb.send(new DescribeTableCommand({ TableName: input.TableName }));

      const [index] = Table!.GlobalSecondaryIndexes!;
      assert.equal(index!.IndexStatus, "ACTIVE");
      assert.deepEqual(index!.ProvisionedThroughput, {
        NumberOfDecreasesToday: 0,
        ReadCapacityUnits: 0,
        WriteCapacityUnits: 0,
      });
      assert.deepEqual(index!.WarmThroughput, {
        ReadUnitsPerSecond: 12000,
        WriteUnitsPerSecond: 4000,
        Status: "ACTIVE",
      });
    });
  });

  describe("options", () => {
    it("opens a stream labelled with the creation time", async () => {
      const description = await createTable(
        t.dynamodb,
        tableInput({ StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } }),
      );

      const label = description.LatestStreamLabel!;
      assert.equal(label, new Date(description.CreationDateTime!).toISOString().slice(0, -1));
      assert.equal(description.LatestStreamArn, `${description.TableArn}/stream/${label}`);
      assert.deepEqual(description.StreamSpecification, {
        StreamEnabled: true,
        StreamViewType: "NEW_AND_OLD_IMAGES",
      });
    });

    it("has no stream when StreamEnabled is false", async () => {
      const description = await createTable(
        t.dynamodb,
        tableInput({ StreamSpecification: { StreamEnabled: false } }),
      );

      assert.equal(description.StreamSpecification, undefined);
      assert.equal(description.LatestStreamArn, undefined);
    });

    it("keeps table class, deletion protection, on-demand maximums, encryption and tags", async () => {
      const input = tableInput({
        TableClass: "STANDARD_INFREQUENT_ACCESS",
        DeletionProtectionEnabled: true,
        OnDemandThroughput: { MaxReadRequestUnits: 100 },
        SSESpecification: {
          Enabled: true,
          SSEType: "KMS",
          KMSMasterKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
        },
        Tags: [{ Key: "team", Value: "orders" }],
      });

      const description = await createTable(t.dynamodb, input);

      assert.deepEqual(description.TableClassSummary, { TableClass: "STANDARD_INFREQUENT_ACCESS" });
      assert.equal(description.DeletionProtectionEnabled, true);
      assert.deepEqual(description.OnDemandThroughput, { MaxReadRequestUnits: 100 });
      assert.deepEqual(description.SSEDescription, {
        Status: "ENABLED",
        SSEType: "KMS",
        KMSMasterKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      });
      const { Tags } = await t.dynamodb.send(
        new ListTagsOfResourceCommand({ ResourceArn: description.TableArn }),
      );
      assert.deepEqual(Tags, [{ Key: "team", Value: "orders" }]);
    });

    it("encrypts with the AWS managed key when no key is named", async () => {
      const description = await createTable(t.dynamodb, tableInput({ SSESpecification: { Enabled: true } }));

      assert.match(
        description.SSEDescription!.KMSMasterKeyArn!,
        /^arn:aws:kms:us-east-1:000000000000:key\/[0-9a-f-]{36}$/,
      );
    });

    it("reports no encryption for the AWS-owned default key", async () => {
      const description = await createTable(t.dynamodb, tableInput({ SSESpecification: { Enabled: false } }));

      assert.equal(description.SSEDescription, undefined);
    });
  });

  describe("an existing name", () => {
    it("is ResourceInUseException 'Table already exists'", async () => {
      const input = tableInput();
      await createTable(t.dynamodb, input);

      await assertDynamoError(
        t.dynamodb.send(new CreateTableCommand(input)),
        "ResourceInUseException",
        `Table already exists: ${input.TableName}`,
      );
    });

    it("may exist in another region", async () => {
      const input = tableInput();
      await createTable(t.dynamodb, input);

      const description = await createTable(t.dynamodbClient("eu-west-1"), input);

      assert.equal(description.TableArn, `arn:aws:dynamodb:eu-west-1:${ACCOUNT_ID}:table/${input.TableName}`);
    });
  });

  describe("Coral's model constraints", () => {
    it("name a missing TableName first", async () => {
      await validationError(
        create({ TableName: undefined }),
        "The parameter 'TableName' is required but was not present in the request",
      );
    });

    it("hold a table name to 3 characters", async () => {
      await validationError(
        create({ TableName: "ab" }),
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      );
    });

    it("hold a table name to [a-zA-Z0-9_.-]", async () => {
      await validationError(
        create({ TableName: "abc;" }),
        "1 validation error detected: Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
      );
    });

    it("report several violations in one message", async () => {
      await validationError(
        create({ KeySchema: [], ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 1 } }),
        "2 validation errors detected: " +
          "Value '[]' at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
          "Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
    });

    it("list attribute types as DynamoDB orders them", async () => {
      await validationError(
        create({ AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "SS" as "S" }] }),
        "1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
      );
    });

    it("allow at most two key elements for the table", async () => {
      await validationError(
        create({
          AttributeDefinitions: [attribute("a"), attribute("b"), attribute("c")],
          KeySchema: [hashKey("a"), rangeKey("b"), rangeKey("c")],
        }),
        /^1 validation error detected: Value '.*' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2$/,
      );
    });

    it("answer a member of the wrong JSON type with Coral's SerializationException", async () => {
      const { status, body } = await rawCall(t.endpoint, "CreateTable", {
        TableName: "abc",
        DeletionProtectionEnabled: "yes",
      });

      assert.equal(status, 400);
      assert.deepEqual(body, {
        __type: "com.amazon.coral.service#SerializationException",
        message: "'YES' can not be converted to an Boolean",
      });
    });

    it("come back as com.amazon.coral.validate#ValidationException", async () => {
      const { status, body } = await rawCall(t.endpoint, "CreateTable", { TableName: "ab" });

      assert.equal(status, 400);
      assert.equal(body.__type, "com.amazon.coral.validate#ValidationException");
    });
  });

  describe("billing mode and throughput", () => {
    it("refuses provisioned throughput on an on-demand table", async () => {
      await invalidParameter(
        create({ ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
      );
    });

    it("requires throughput when BillingMode is PROVISIONED", async () => {
      await invalidParameter(
        create({ BillingMode: "PROVISIONED" }),
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
      );
    });

    it("requires throughput when BillingMode is omitted (PROVISIONED by default)", async () => {
      await invalidParameter(
        create({ BillingMode: undefined }),
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
      );
    });

    it("refuses on-demand maximums on a provisioned table", async () => {
      await invalidParameter(
        t.dynamodb.send(
          new CreateTableCommand(provisionedTableInput({ OnDemandThroughput: { MaxReadRequestUnits: 10 } })),
        ),
        "MaxReadRequestUnits for OnDemandThroughput cannot be specified when table BillingMode is PROVISIONED.",
      );
    });

    it("refuses an on-demand maximum below 1", async () => {
      await invalidParameter(
        create({ OnDemandThroughput: { MaxWriteRequestUnits: 0 } }),
        "Requested MaxWriteRequestUnits for OnDemandThroughput for table is outside of valid range",
      );
    });

    it("checks throughput before the key schema", async () => {
      await invalidParameter(
        create({ BillingMode: "PROVISIONED", KeySchema: [rangeKey("pk")] }),
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
      );
    });

    it("refuses capacity above the 40,000 per-table quota with LimitExceededException", async () => {
      await assertDynamoError(
        t.dynamodb.send(
          new CreateTableCommand(
            provisionedTableInput({
              ProvisionedThroughput: { ReadCapacityUnits: 40001, WriteCapacityUnits: 1 },
            }),
          ),
        ),
        "LimitExceededException",
        "The requested ReadCapacityUnits, 40001, is above the per table maximum for the account in us-east-1. Per table maximum: 40000. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
      );
    });

    it("accepts the quota itself", async () => {
      const description = await createTable(
        t.dynamodb,
        provisionedTableInput({
          ProvisionedThroughput: { ReadCapacityUnits: 40000, WriteCapacityUnits: 40000 },
        }),
      );

      assert.equal(description.ProvisionedThroughput!.ReadCapacityUnits, 40000);
    });
  });

  describe("key schema and attribute definitions", () => {
    it("need a definition for every key attribute", async () => {
      await validationError(
        create({ AttributeDefinitions: [] }),
        "Invalid KeySchema: Some index key attribute have no definition",
      );
    });

    it("name the undefined key and the definitions", async () => {
      await invalidParameter(
        create({ AttributeDefinitions: [attribute("other")] }),
        "Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]",
      );
    });

    it("compare attribute names case-sensitively", async () => {
      await invalidParameter(
        create({ AttributeDefinitions: [attribute("PK")] }),
        "Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [PK]",
      );
    });

    it("refuse a duplicated attribute definition", async () => {
      await validationError(
        create({ AttributeDefinitions: [attribute("pk"), attribute("pk", "N")] }),
        "Attribute Name is duplicated: pk",
      );
    });

    it("refuse the same attribute as hash and range key", async () => {
      await validationError(
        create({
          AttributeDefinitions: [attribute("pk"), attribute("sk")],
          KeySchema: [hashKey("pk"), hashKey("pk")],
        }),
        "Both the Hash Key and the Range Key element in the KeySchema have the same name",
      );
    });

    it("require HASH first", async () => {
      await validationError(
        create({
          AttributeDefinitions: [attribute("pk"), attribute("sk")],
          KeySchema: [rangeKey("sk"), hashKey("pk")],
        }),
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
      );
    });

    it("require RANGE second", async () => {
      await validationError(
        create({
          AttributeDefinitions: [attribute("pk"), attribute("sk")],
          KeySchema: [hashKey("pk"), hashKey("sk")],
        }),
        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
      );
    });

    it("refuse definitions no key uses (no indexes)", async () => {
      await invalidParameter(
        create({ AttributeDefinitions: [attribute("pk"), attribute("extra")] }),
        "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
      );
    });

    it("refuse definitions no key uses (with indexes)", async () => {
      await invalidParameter(
        create({
          AttributeDefinitions: [attribute("pk"), attribute("g"), attribute("extra")],
          GlobalSecondaryIndexes: [
            { IndexName: "by-g", KeySchema: [hashKey("g")], Projection: { ProjectionType: "ALL" } },
          ],
        }),
        "Some AttributeDefinitions are not used. AttributeDefinitions: [pk, g, extra], keys used: [pk, g]",
      );
    });
  });

  describe("local secondary indexes", () => {
    const lsiTable = (lsi: Record<string, unknown>, extra: Parameters<typeof tableInput>[0] = {}) =>
      create({
        AttributeDefinitions: [attribute("pk"), attribute("sk"), attribute("lsk")],
        KeySchema: [hashKey("pk"), rangeKey("sk")],
        LocalSecondaryIndexes: [
          {
            IndexName: "lsi",
            KeySchema: [hashKey("pk"), rangeKey("lsk")],
            Projection: { ProjectionType: "ALL" },
            ...lsi,
          },
        ],
        ...extra,
      });

    it("refuse an empty list", async () => {
      await invalidParameter(create({ LocalSecondaryIndexes: [] }), "List of LocalSecondaryIndexes is empty");
    });

    it("need a table with a range key", async () => {
      await invalidParameter(
        create({
          AttributeDefinitions: [attribute("pk"), attribute("lsk")],
          LocalSecondaryIndexes: [
            {
              IndexName: "lsi",
              KeySchema: [hashKey("pk"), rangeKey("lsk")],
              Projection: { ProjectionType: "ALL" },
            },
          ],
        }),
        "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
      );
    });

    it("need a range key of their own", async () => {
      await invalidParameter(
        lsiTable(
          { KeySchema: [hashKey("pk")] },
          { AttributeDefinitions: [attribute("pk"), attribute("sk")] },
        ),
        "Index KeySchema does not have a range key for index: lsi",
      );
    });

    it("share the table's hash key", async () => {
      await invalidParameter(
        lsiTable({ KeySchema: [hashKey("lsk"), rangeKey("sk")] }),
        "Index KeySchema does not have the same leading hash key as table KeySchema for index: lsi. index hash key: lsk, table hash key: pk",
      );
    });

    it("need a projection type", async () => {
      await invalidParameter(lsiTable({ Projection: {} }), "Unknown ProjectionType: null");
    });

    it("take NonKeyAttributes only with INCLUDE", async () => {
      await invalidParameter(
        lsiTable({ Projection: { ProjectionType: "KEYS_ONLY", NonKeyAttributes: ["a"] } }),
        "ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified",
      );
    });

    it("need NonKeyAttributes with INCLUDE", async () => {
      await invalidParameter(
        lsiTable({ Projection: { ProjectionType: "INCLUDE" } }),
        "ProjectionType is INCLUDE, but NonKeyAttributes is not specified",
      );
    });

    it("refuse a repeated non-key attribute", async () => {
      await invalidParameter(
        lsiTable({ Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["x", "x"] } }),
        "Duplicate element in NonKeyAttributes: x",
      );
    });

    it("number at most five", async () => {
      const lsis = Array.from({ length: 6 }, (_, i) => ({
        IndexName: `lsi${i}`,
        KeySchema: [hashKey("pk"), rangeKey("lsk")],
        Projection: { ProjectionType: "ALL" as const },
      }));

      await invalidParameter(
        create({
          AttributeDefinitions: [attribute("pk"), attribute("sk"), attribute("lsk")],
          KeySchema: [hashKey("pk"), rangeKey("sk")],
          LocalSecondaryIndexes: lsis,
        }),
        "Number of LocalSecondaryIndexes exceeds per-table limit of 5",
      );
    });
  });

  describe("global secondary indexes", () => {
    const gsiTable = (gsi: Record<string, unknown>, extra: Parameters<typeof tableInput>[0] = {}) =>
      create({
        AttributeDefinitions: [attribute("pk"), attribute("g")],
        GlobalSecondaryIndexes: [
          { IndexName: "gsi", KeySchema: [hashKey("g")], Projection: { ProjectionType: "ALL" }, ...gsi },
        ],
        ...extra,
      });

    it("refuse an empty list", async () => {
      await invalidParameter(
        create({ GlobalSecondaryIndexes: [] }),
        "List of GlobalSecondaryIndexes is empty",
      );
    });

    it("need their key attributes defined", async () => {
      await invalidParameter(
        create({
          AttributeDefinitions: [attribute("pk"), attribute("g")],
          GlobalSecondaryIndexes: [
            {
              IndexName: "gsi",
              KeySchema: [hashKey("g"), rangeKey("q")],
              Projection: { ProjectionType: "ALL" },
            },
          ],
        }),
        "Some index key attributes are not defined in AttributeDefinitions. Keys: [g, q], AttributeDefinitions: [pk, g]",
      );
    });

    it("require HASH first", async () => {
      await validationError(
        gsiTable({ KeySchema: [rangeKey("g")] }),
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
      );
    });

    it("take no provisioned throughput on an on-demand table", async () => {
      await invalidParameter(
        gsiTable({ ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
        "ProvisionedThroughput should not be specified for index: gsi when BillingMode is PAY_PER_REQUEST",
      );
    });

    it("need provisioned throughput on a provisioned table", async () => {
      await invalidParameter(
        gsiTable(
          {},
          {
            BillingMode: "PROVISIONED",
            ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
          },
        ),
        "ProvisionedThroughput is not specified for index: gsi",
      );
    });

    it("have names unique across GSIs and LSIs", async () => {
      await invalidParameter(
        create({
          AttributeDefinitions: [attribute("pk"), attribute("sk"), attribute("g")],
          KeySchema: [hashKey("pk"), rangeKey("sk")],
          LocalSecondaryIndexes: [
            {
              IndexName: "dup",
              KeySchema: [hashKey("pk"), rangeKey("g")],
              Projection: { ProjectionType: "ALL" },
            },
          ],
          GlobalSecondaryIndexes: [
            { IndexName: "dup", KeySchema: [hashKey("g")], Projection: { ProjectionType: "ALL" } },
          ],
        }),
        "Duplicate index name: dup",
      );
    });

    it("number at most twenty", async () => {
      const gsis = Array.from({ length: 21 }, (_, i) => ({
        IndexName: `gsi${i}`,
        KeySchema: [hashKey("g")],
        Projection: { ProjectionType: "ALL" as const },
      }));

      await invalidParameter(
        create({ AttributeDefinitions: [attribute("pk"), attribute("g")], GlobalSecondaryIndexes: gsis }),
        "GlobalSecondaryIndex count exceeds the per-table limit of 20",
      );
    });

    it("project at most 100 non-key attributes in all", async () => {
      const gsis = Array.from({ length: 6 }, (_, i) => ({
        IndexName: `gsi${i}`,
        KeySchema: [hashKey("g")],
        Projection: {
          ProjectionType: "INCLUDE" as const,
          NonKeyAttributes: Array.from({ length: 17 }, (_, j) => `a${j}`),
        },
      }));

      await invalidParameter(
        create({ AttributeDefinitions: [attribute("pk"), attribute("g")], GlobalSecondaryIndexes: gsis }),
        "Number of projected attributes in all indexes exceeds limit of 100",
      );
    });
  });

  describe("stream, class, encryption and tags", () => {
    it("need a view type for an enabled stream", async () => {
      await invalidParameter(
        create({ StreamSpecification: { StreamEnabled: true } }),
        "Table is being created with a stream enabled, UpdateViewType is required",
      );
    });

    it("take no view type for a disabled stream", async () => {
      await invalidParameter(
        create({ StreamSpecification: { StreamEnabled: false, StreamViewType: "KEYS_ONLY" } }),
        "Table is being created with a stream disabled, UpdateViewType should not be specified",
      );
    });

    it("refuse an unknown table class", async () => {
      await validationError(
        create({ TableClass: "GLACIER" as "STANDARD" }),
        "Invalid table-class parameter provided. Please try again with a valid table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS].",
      );
    });

    it("refuse SSEType with encryption disabled", async () => {
      await invalidParameter(
        create({ SSESpecification: { Enabled: false, SSEType: "KMS" } }),
        "SSEType can not be specified if Enabled is false",
      );
    });

    it("refuse AES256", async () => {
      await invalidParameter(
        create({ SSESpecification: { SSEType: "AES256" } }),
        "SSEType AES256 is not supported",
      );
    });

    it("refuse a key without SSEType KMS", async () => {
      await invalidParameter(
        create({ SSESpecification: { Enabled: true, KMSMasterKeyId: "alias/mine" } }),
        "SSEType KMS is required if KMSMasterKeyId is specified",
      );
    });

    it("refuse tag keys prefixed aws:", async () => {
      await validationError(
        create({ Tags: [{ Key: "aws:owner", Value: "x" }] }),
        "Tag Key cannot be prefixed with aws:, Key: aws:owner",
      );
    });

    it("refuse more than 50 tags", async () => {
      const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));

      await validationError(
        create({ Tags: tags }),
        "Number of Tags exceed the current limit for the provided ResourceArn",
      );
    });
  });
});
