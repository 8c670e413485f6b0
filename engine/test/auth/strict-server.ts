/**
 * SQS and DynamoDB behind the engine's HTTP server with the SigV4 authenticator, composed as
 * createEngine composes them, but with the CredentialStore in the test's hands so it can issue
 * role sessions (createEngine does not expose its store).
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { CredentialStore } from "../../src/server/credentials.ts";
import { createHttpServer } from "../../src/server/http-server.ts";
import { createSigV4Authenticator } from "../../src/server/sigv4.ts";
import { createDynamoDbServices } from "../../src/services/dynamodb/index.ts";
import { ServiceRegistry } from "../../src/services/registry.ts";
import { createSqsService } from "../../src/services/sqs/index.ts";
import { VirtualClock } from "../../src/shared/clock.ts";
import { createLogger } from "../../src/shared/logger.ts";
import { openDatabase } from "../../src/storage/database.ts";
import { CONFIGURED, type Credentials, REGION } from "./support.ts";

export interface StrictServer {
  endpoint: string;
  clock: VirtualClock;
  store: CredentialStore;
  sqs(credentials: Credentials): SQSClient;
  dynamodb(credentials: Credentials): DynamoDBClient;
  stop(): Promise<void>;
}

export async function startStrictServer(): Promise<StrictServer> {
  const clock = new VirtualClock({ flowing: false });
  const db = openDatabase({ inMemory: true });
  const registry = new ServiceRegistry();
  const sqs = createSqsService({ db, clock });
  registry.register(sqs.definition);
  const dynamodb = createDynamoDbServices({ db, clock });
  registry.register(dynamodb.dynamodb);
  const store = new CredentialStore(clock);
  store.configure([CONFIGURED]);
  let endpoint = "";
  const server: Server = createHttpServer({
    registry,
    logger: createLogger("error"),
    baseUrl: () => endpoint,
    authenticator: createSigV4Authenticator(store, clock),
    control: { clock, services: registry.all.map((s) => s.name), enabled: false, startedAt: Date.now() },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: { destroy(): void }[] = [];
  const track = <T extends { destroy(): void }>(client: T): T => {
    clients.push(client);
    return client;
  };
  return {
    endpoint,
    clock,
    store,
    sqs: (credentials) => track(new SQSClient({ endpoint, region: REGION, credentials, maxAttempts: 1 })),
    dynamodb: (credentials) =>
      track(new DynamoDBClient({ endpoint, region: REGION, credentials, maxAttempts: 1 })),
    async stop() {
      for (const client of clients) client.destroy();
      for (const service of registry.all) service.close?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
