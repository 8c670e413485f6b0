/**
 * The floor for the DynamoDB PutItem + GetItem figures: a bare node:http server that stores
 * nothing and answers every request with the least the SDK accepts (GetItem: an item with the
 * requested key and a ~200 B body, as the bench's items). What any Node server pays per request on
 * this machine before doing any DynamoDB work; no validation, no storage.
 *
 *   node --import tsx bench/http-floor.ts 4567
 */
import { createServer } from "node:http";

const port = Number(process.argv[2]);
const DATA = "x".repeat(180);

createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const operation = String(request.headers["x-amz-target"] ?? "").split(".")[1];
    let answer: unknown = {};
    if (operation === "GetItem") {
      const { Key } = JSON.parse(Buffer.concat(chunks).toString()) as { Key: unknown };
      answer = { Item: { ...(Key as object), n: { N: "1" }, data: { S: DATA } } };
    } else if (operation === "ListTables") answer = { TableNames: [] };
    const body = JSON.stringify(answer);
    response.writeHead(200, {
      "content-type": "application/x-amz-json-1.0",
      "x-amzn-requestid": "floor",
      "content-length": Buffer.byteLength(body),
    });
    response.end(body);
  });
}).listen(port, "127.0.0.1", () => console.log("ready"));

process.on("SIGTERM", () => process.exit(0));
