/**
 * Durability: whatever the engine acknowledged survives `kill -9`. The engine runs as a real child
 * process (the CLI, on a temporary data directory and the virtual clock); SDK clients send,
 * receive and delete; the process is killed with SIGKILL the moment the last acknowledgement
 * arrives, then restarted on the same directory and port.
 *
 * The tests in "after kill -9 and a restart" run in order on that one restarted engine: the last
 * moves its clock past the visibility timeout.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  type Message,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { TEST_CREDENTIALS, TEST_REGION } from "../support/engine.ts";
import {
  type EngineProcess,
  type EngineProcessOptions,
  freePort,
  type Launcher,
  launchEngine,
} from "../support/engine-process.ts";
import { createFifoQueue, createQueue, messageCounts, receive } from "../support/sqs.ts";

const VIRTUAL_CLOCK = ["--clock", "virtual", "--control", "--log-level", "warn"];
const IN_FLIGHT_SECONDS = 60;
/** Receives until the queue answers empty; a queue can never hold more than this many batches here. */
const MAX_RECEIVES = 50;

const tempDirs: string[] = [];
function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "orderflow-durability-"));
  tempDirs.push(dir);
  return dir;
}
/** Every engine process started here; whatever a failed test left running is killed at the end. */
const launched: EngineProcess[] = [];
function launch(options: EngineProcessOptions): EngineProcess {
  const engine = launchEngine(options);
  launched.push(engine);
  return engine;
}
after(async () => {
  for (const engine of launched) await engine.stop("SIGKILL");
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const sqsAt = (endpoint: string) =>
  new SQSClient({ endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });

/** Launches the engine and reports the spawn-to-ready time (informational: the benchmark holds targets). */
async function startedEngine(
  launcher: Launcher,
  port: number,
  dataDir: string,
  args: readonly string[] = [],
  report: (note: string) => void = console.log,
): Promise<EngineProcess> {
  const engine = launch({ launcher, port, dataDir, args });
  const readyMs = await engine.ready();
  report(`spawn to ready line: ${readyMs.toFixed(0)} ms (${launcher})`);
  return engine;
}

async function advanceClock(endpoint: string, seconds: number): Promise<void> {
  const response = await fetch(`${endpoint}/_orderflow/clock/advance`, {
    method: "POST",
    body: JSON.stringify({ seconds }),
  });
  assert.equal(response.status, 200);
}

/** Receives (short polls of ten) until an empty answer, hiding each message for `visibility` seconds. */
async function receiveAll(sqs: SQSClient, queueUrl: string, visibility: number): Promise<Message[]> {
  const all: Message[] = [];
  for (let i = 0; i < MAX_RECEIVES; i++) {
    const batch = await receive(sqs, queueUrl, {
      MaxNumberOfMessages: 10,
      VisibilityTimeout: visibility,
      MessageSystemAttributeNames: ["ApproximateReceiveCount", "MessageGroupId"],
    });
    if (batch.length === 0) return all;
    all.push(...batch);
  }
  throw new Error(`${queueUrl} still had messages after ${MAX_RECEIVES} receives`);
}

const idsOf = (messages: readonly Message[]) => new Set(messages.map((m) => m.MessageId!));
const without = <T>(set: ReadonlySet<T>, ...others: ReadonlySet<T>[]) =>
  new Set([...set].filter((item) => !others.some((other) => other.has(item))));

function byGroup(messages: readonly Message[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const m of messages) {
    const group = m.Attributes!.MessageGroupId!;
    groups.set(group, [...(groups.get(group) ?? []), m.Body!]);
  }
  return groups;
}

/** Sends `singles` SendMessage and `batches` SendMessageBatch of ten at once; returns MessageId → body. */
async function sendStandard(
  sqs: SQSClient,
  queueUrl: string,
  label: string,
  singles: number,
  batches: number,
): Promise<Map<string, string>> {
  const acknowledged = new Map<string, string>();
  const single = Array.from({ length: singles }, async (_, n) => {
    const body = `${label}-${n}`;
    const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    acknowledged.set(MessageId!, body);
  });
  const batched = Array.from({ length: batches }, async (_, b) => {
    const entries = Array.from({ length: 10 }, (_, n) => ({
      Id: `e${n}`,
      MessageBody: `${label}-b${b}-${n}`,
    }));
    const { Successful = [], Failed = [] } = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
    );
    assert.deepEqual(Failed, []);
    for (const entry of Successful) {
      acknowledged.set(entry.MessageId!, entries.find((e) => e.Id === entry.Id)!.MessageBody);
    }
  });
  await Promise.all([...single, ...batched]);
  return acknowledged;
}

let deduplicationCounter = 0;

/** Sends to one FIFO group in sequence, `singles` one by one then a batch; returns the bodies in order. */
async function sendFifoGroup(
  sqs: SQSClient,
  queueUrl: string,
  group: string,
  singles: number,
  batch: number,
): Promise<string[]> {
  const bodies: string[] = [];
  const entry = (n: number) => ({
    MessageBody: `${group}-${n}`,
    MessageGroupId: group,
    MessageDeduplicationId: `d${++deduplicationCounter}`,
  });
  for (let n = 0; n < singles; n++) {
    const input = entry(n);
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, ...input }));
    bodies.push(input.MessageBody);
  }
  const entries = Array.from({ length: batch }, (_, n) => ({ Id: `e${n}`, ...entry(singles + n) }));
  const { Failed = [] } = await sqs.send(
    new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
  );
  assert.deepEqual(Failed, []);
  return [...bodies, ...entries.map((e) => e.MessageBody)];
}

describe("SQS after kill -9 and a restart", () => {
  const dataDir = tempDataDir();
  let port: number;
  let engine: EngineProcess;
  let sqs: SQSClient;
  let standardUrl: string;
  let fifoUrl: string;
  /** MessageId → body of every acknowledged standard send. */
  const acknowledged = new Map<string, string>();
  const deleted = new Set<string>();
  const inFlight = new Set<string>();
  /** Bodies per FIFO group in the order sent (each group is sent in sequence). */
  const fifoSent = new Map<string, string[]>();
  let fifoHeldGroup: string;
  let fifoDeleted: string[];

  before(async () => {
    // Prepare: a first life of the engine that acknowledges sends, receives and deletes.
    port = await freePort();
    const first = await startedEngine("bin", port, dataDir, VIRTUAL_CLOCK);
    const client = sqsAt(first.endpoint);
    standardUrl = await createQueue(client, "durable");
    fifoUrl = await createFifoQueue(client, "durable");

    for (const [id, body] of await sendStandard(client, standardUrl, "first", 20, 8))
      acknowledged.set(id, body);
    // Thirty received: ten deleted (five one by one, five in a batch), twenty left in flight.
    const received: Message[] = [];
    for (let i = 0; i < 3; i++) {
      const options = { MaxNumberOfMessages: 10, VisibilityTimeout: IN_FLIGHT_SECONDS };
      received.push(...(await receive(client, standardUrl, options)));
    }
    assert.equal(received.length, 30);
    const [toDeleteOneByOne, toDeleteInBatch] = [received.slice(0, 5), received.slice(5, 10)];
    await Promise.all(
      toDeleteOneByOne.map(({ ReceiptHandle }) =>
        client.send(new DeleteMessageCommand({ QueueUrl: standardUrl, ReceiptHandle })),
      ),
    );
    const { Failed: deleteFailures = [] } = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: standardUrl,
        Entries: toDeleteInBatch.map(({ ReceiptHandle }, n) => ({ Id: `d${n}`, ReceiptHandle })),
      }),
    );
    assert.deepEqual(deleteFailures, []);
    for (const m of received.slice(0, 10)) deleted.add(m.MessageId!);
    for (const m of received.slice(10)) inFlight.add(m.MessageId!);

    // FIFO: three groups sent side by side, each in sequence; then the head of one group received
    // (four messages), its first two deleted and two left in flight.
    const groups = { a: [4, 4], b: [0, 10], c: [2, 3] } as const;
    await Promise.all(
      Object.entries(groups).map(async ([group, [singles, batch]]) => {
        fifoSent.set(group, await sendFifoGroup(client, fifoUrl, group, singles, batch));
      }),
    );
    const head = await receive(client, fifoUrl, {
      MaxNumberOfMessages: 4,
      VisibilityTimeout: IN_FLIGHT_SECONDS,
      MessageSystemAttributeNames: ["MessageGroupId"],
    });
    assert.equal(head.length, 4);
    fifoHeldGroup = head[0]!.Attributes!.MessageGroupId!;
    for (const { ReceiptHandle } of head.slice(0, 2)) {
      await client.send(new DeleteMessageCommand({ QueueUrl: fifoUrl, ReceiptHandle }));
    }
    fifoDeleted = head.slice(0, 2).map((m) => m.Body!);

    // Act: a last burst of sends, and SIGKILL as soon as every one is acknowledged.
    for (const [id, body] of await sendStandard(client, standardUrl, "last", 10, 4))
      acknowledged.set(id, body);
    const killed = await first.stop("SIGKILL");
    client.destroy();
    assert.equal(killed.signal, "SIGKILL");

    engine = await startedEngine("bin", port, dataDir, VIRTUAL_CLOCK);
    sqs = sqsAt(engine.endpoint);
  });

  after(async () => {
    sqs?.destroy();
    if (engine) assert.deepEqual(await engine.stop(), { code: 0, signal: null });
  });

  it("keeps every acknowledged message and none of the deleted ones", async () => {
    const waiting = without(new Set(acknowledged.keys()), deleted, inFlight);
    assert.deepEqual(await messageCounts(sqs, standardUrl), {
      visible: waiting.size,
      notVisible: inFlight.size,
      delayed: 0,
    });

    const messages = await receiveAll(sqs, standardUrl, 10 * IN_FLIGHT_SECONDS);

    assert.deepEqual(idsOf(messages), waiting);
    for (const m of messages) assert.equal(m.Body, acknowledged.get(m.MessageId!));
  });

  it("keeps FIFO order within each group and holds back the group that was in flight", async () => {
    const messages = await receiveAll(sqs, fifoUrl, 10 * IN_FLIGHT_SECONDS);

    const expected = new Map([...fifoSent].filter(([group]) => group !== fifoHeldGroup));
    assert.deepEqual(byGroup(messages), expected);
  });

  it("makes in-flight messages visible again once their visibility timeout passes", async () => {
    assert.deepEqual(await receive(sqs, standardUrl), []);

    await advanceClock(engine.endpoint, IN_FLIGHT_SECONDS + 1);

    const standard = await receiveAll(sqs, standardUrl, 10 * IN_FLIGHT_SECONDS);
    assert.deepEqual(idsOf(standard), inFlight);
    for (const m of standard) assert.equal(m.Attributes!.ApproximateReceiveCount, "2");
    const fifo = await receiveAll(sqs, fifoUrl, 10 * IN_FLIGHT_SECONDS);
    const held = fifoSent.get(fifoHeldGroup)!;
    assert.deepEqual(fifoDeleted, held.slice(0, 2));
    assert.deepEqual(byGroup(fifo), new Map([[fifoHeldGroup, held.slice(2)]]));
  });

  it("refuses a second engine on the same data directory", async () => {
    const second = launch({ launcher: "bin", port: await freePort(), dataDir });

    const exit = await second.exited;

    assert.deepEqual(exit, { code: 1, signal: null });
    assert.match(second.output(), /in use by another engine process/);
  });
});

describe("the orderflow-engine CLI", () => {
  for (const launcher of ["bin", "tsx"] as const) {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      it(`prints the ready line and exits 0 on ${signal} (${launcher})`, async (t) => {
        const engine = await startedEngine(launcher, await freePort(), tempDataDir(), [], (note) =>
          t.diagnostic(note),
        );
        const health = await fetch(`${engine.endpoint}/_orderflow/health`);
        assert.equal(health.status, 200);

        const exit = await engine.stop(signal);

        assert.deepEqual(exit, { code: 0, signal: null });
        assert.match(
          engine.output(),
          new RegExp(`ready at ${engine.endpoint} .*\\n.*export AWS_ENDPOINT_URL=`),
        );
        assert.match(engine.output(), new RegExp(`stopping \\(${signal}\\)`));
      });
    }
  }

  it("starts with npx orderflow-engine from the repository root and stops on Ctrl-C", async (t) => {
    const engine = await startedEngine("npx", await freePort(), tempDataDir(), [], (note) =>
      t.diagnostic(note),
    );
    const health = await fetch(`${engine.endpoint}/_orderflow/health`);
    assert.equal(health.status, 200);

    // A terminal's Ctrl-C signals the whole group: npm dies of it, the engine stops cleanly.
    await engine.stop("SIGINT");
    await engine.closed();

    assert.match(engine.output(), /stopping \(SIGINT\)/);
    await assert.rejects(fetch(`${engine.endpoint}/_orderflow/health`));
  });
});
