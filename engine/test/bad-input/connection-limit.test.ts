/**
 * The connection bound: beyond `maxConnections` open connections, a request is answered 503
 * ServiceUnavailable in its own protocol (which SDKs retry) and its connection closed; once
 * connections close, requests are served again.
 */
import assert from "node:assert/strict";
import type { Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { LIST_QUEUES, readUntilClosed, startHttpServer, type TestServer } from "./support/http-server.ts";

const MAX_CONNECTIONS = 3;

describe("connection limit", () => {
  let server: TestServer;
  const idle: Socket[] = [];

  before(async () => {
    server = await startHttpServer({ maxConnections: MAX_CONNECTIONS });
  });
  after(async () => {
    for (const socket of idle) socket.destroy();
    await server.close();
  });

  it("answers a request on a connection beyond the limit with 503 ServiceUnavailable and closes it", async () => {
    for (let i = 0; i < MAX_CONNECTIONS; i++) idle.push(await server.open());
    const extra = await server.open();
    const closed = readUntilClosed(extra, 5_000);
    extra.write(LIST_QUEUES);
    const { text } = await closed;
    assert.match(text, /^HTTP\/1\.1 503 Service Unavailable\r\n/);
    assert.match(text, /\r\nconnection: close\r\n/i);
    const body = JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4)) as { __type: string; message: string };
    assert.equal(body.__type, "com.amazon.coral.service#ServiceUnavailable");
    assert.match(body.message, /maximum of 3 connections/);
  });

  it("answers a query request beyond the limit with an awsQuery ErrorResponse", async () => {
    const extra = await server.open();
    const closed = readUntilClosed(extra, 5_000);
    const form = "Action=ListQueues&Version=2012-11-05";
    extra.write(
      `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\n\r\n${form}`,
    );
    const { text } = await closed;
    assert.match(text, /^HTTP\/1\.1 503 /);
    assert.match(text, /<ErrorResponse><Error><Type>Receiver<\/Type><Code>ServiceUnavailable<\/Code>/);
  });

  it("serves requests again once connections close", async () => {
    for (const socket of idle.splice(0)) socket.destroy();
    // The engine counts a connection as gone when its close reaches it: ask until then.
    let status = "";
    for (let attempt = 0; attempt < 50 && status !== "200"; attempt++) {
      const socket = await server.open();
      const closed = readUntilClosed(socket, 5_000);
      socket.write(LIST_QUEUES);
      status = (await closed).text.split(" ")[1] ?? "";
    }
    assert.equal(status, "200");
  });
});
