/**
 * Exports and Fn::ImportValue across stacks: an export is readable by other stacks of the region,
 * unique by name, and cannot be removed or changed while another stack imports it.
 * AWS: using-cfn-stack-exports.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateStackCommand, ListExportsCommand, ListImportsCommand } from "@aws-sdk/client-cloudformation";
import { awsError } from "../support/engine.ts";
import {
  type CfnHarness,
  createAndSettle,
  deleteAndSettle,
  eventLines,
  json,
  outputsOf,
  QUEUE,
  startCfn,
  TOPIC,
  uniqueStackName,
  updateAndSettle,
} from "./support.ts";

describe("CloudFormation exports", () => {
  let h: CfnHarness;
  before(async () => {
    h = await startCfn();
  });
  after(() => h.stop());

  /** A topic whose name (its physical id, replaced when it changes) is exported. */
  const exporter = (exportName: string, value = "v1") => ({
    Resources: {
      Q: { Type: TOPIC, Properties: { TopicName: { "Fn::Sub": `\${AWS::StackName}-${value}` } } },
    },
    Outputs: { Queue: { Value: { Ref: "Q" }, Export: { Name: exportName } } },
  });
  const importer = (exportName: string) => ({
    Resources: { Q: { Type: QUEUE, Properties: { Source: { "Fn::ImportValue": exportName } } } },
    Outputs: { Imported: { Value: { "Fn::ImportValue": exportName } } },
  });

  it("gives another stack the exported value", async () => {
    // Prepare
    const exportName = uniqueStackName("export");
    const producer = await createAndSettle(h.cfn, uniqueStackName("producer"), exporter(exportName));
    const start = h.cloud.calls.length;

    // Act
    const consumer = await createAndSettle(h.cfn, uniqueStackName("consumer"), importer(exportName));

    // Assess
    assert.equal(consumer.StackStatus, "CREATE_COMPLETE");
    assert.equal(outputsOf(consumer).Imported, outputsOf(producer).Queue);
    assert.deepEqual(h.cloud.calls[start]!.properties, { Source: outputsOf(producer).Queue });
  });

  it("lists exports and the stacks importing one", async () => {
    // Prepare
    const exportName = uniqueStackName("export");
    const producer = await createAndSettle(h.cfn, uniqueStackName("producer"), exporter(exportName));
    const consumerName = uniqueStackName("consumer");
    await createAndSettle(h.cfn, consumerName, importer(exportName));

    // Act
    const { Exports } = await h.cfn.send(new ListExportsCommand({}));
    const { Imports } = await h.cfn.send(new ListImportsCommand({ ExportName: exportName }));

    // Assess
    assert.deepEqual(
      Exports!.filter((e) => e.Name === exportName),
      [{ ExportingStackId: producer.StackId, Name: exportName, Value: outputsOf(producer).Queue }],
    );
    assert.deepEqual(Imports, [consumerName]);
  });

  it("refuses an import of an export that does not exist", async () => {
    const error = await awsError(() =>
      h.cfn.send(
        new CreateStackCommand({ StackName: uniqueStackName(), TemplateBody: json(importer("nowhere")) }),
      ),
    );

    assert.equal(error.name, "ValidationError");
    assert.equal(error.message, "No export named nowhere found.");
  });

  it("fails a stack exporting a name another stack exports", async () => {
    // Prepare
    const exportName = uniqueStackName("export");
    const first = uniqueStackName("first");
    await createAndSettle(h.cfn, first, exporter(exportName));

    // Act
    const second = await createAndSettle(h.cfn, uniqueStackName("second"), exporter(exportName));

    // Assess
    assert.equal(second.StackStatus, "ROLLBACK_COMPLETE");
    assert.equal(
      second.StackStatusReason,
      `Export with name ${exportName} is already exported by stack ${first}. Rollback requested by user.`,
    );
  });

  it("refuses to delete a stack whose export is imported", async () => {
    // Prepare
    const exportName = uniqueStackName("export");
    const producer = await createAndSettle(h.cfn, uniqueStackName("producer"), exporter(exportName));
    const consumerName = uniqueStackName("consumer");
    await createAndSettle(h.cfn, consumerName, importer(exportName));

    // Act
    const after = await deleteAndSettle(h.cfn, producer);

    // Assess
    assert.equal(after.StackStatus, "DELETE_FAILED");
    assert.equal(
      after.StackStatusReason,
      `Export ${exportName} cannot be deleted as it is in use by ${consumerName}`,
    );
    assert.ok(h.cloud.live.has(outputsOf(producer).Queue!));
  });

  it("rolls back an update that would change an imported export", async () => {
    // Prepare
    const exportName = uniqueStackName("export");
    const producerName = uniqueStackName("producer");
    await createAndSettle(h.cfn, producerName, exporter(exportName, "v1"));
    const consumerName = uniqueStackName("consumer");
    await createAndSettle(h.cfn, consumerName, importer(exportName));

    // Act
    const updated = await updateAndSettle(h.cfn, producerName, exporter(exportName, "v2"));

    // Assess
    assert.equal(updated.StackStatus, "UPDATE_ROLLBACK_COMPLETE");
    assert.equal(
      updated.StackStatusReason,
      `Cannot update export ${exportName} as it is in use by ${consumerName}. `,
    );
    assert.equal(outputsOf(updated).Queue, `${producerName}-v1`);
    const lines = await eventLines(h.cfn, producerName);
    assert.equal(lines.at(-1), `${producerName} UPDATE_ROLLBACK_COMPLETE`);
  });
});
