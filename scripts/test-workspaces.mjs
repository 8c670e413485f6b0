#!/usr/bin/env node
// Runs each workspace's tests in turn (engine, then app), passing their TAP output through, and
// ends with a recap of every failed test and its error. CI shows only the tail of a long log; the
// recap puts what failed there instead of wherever in the log it happened.
import { spawn } from "node:child_process";

const WORKSPACES = ["engine", "app"];
/** Lines of a failure's YAML block kept in the recap (the error, its location and the stack top). */
const DETAIL_LINES = 30;

const failures = [];
let exitCode = 0;
for (const workspace of WORKSPACES) {
  const { code, output } = await run(workspace);
  if (code !== 0) exitCode = 1;
  failures.push(...failedTests(output).map((failure) => ({ workspace, ...failure })));
  if (code !== 0 && !failures.some((f) => f.workspace === workspace))
    failures.push({
      workspace,
      name: `(exit code ${code}, no failed test reported)`,
      detail: output.slice(-20),
    });
}

if (failures.length > 0) {
  console.log(`\n# ${failures.length} failed test(s):`);
  for (const { workspace, name, detail } of failures) {
    console.log(`# ✖ [${workspace}] ${name}`);
    for (const line of detail.slice(0, DETAIL_LINES)) console.log(`#   ${line}`);
  }
}
process.exit(exitCode);

function run(workspace) {
  return new Promise((resolve) => {
    const child = spawn("npm", ["test", "--workspace", workspace], { stdio: ["ignore", "pipe", "inherit"] });
    const lines = [];
    let partial = "";
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      const text = partial + chunk.toString("utf8");
      const parts = text.split("\n");
      partial = parts.pop() ?? "";
      lines.push(...parts);
    });
    child.on("close", (code) => resolve({ code: code ?? 1, output: partial ? [...lines, partial] : lines }));
  });
}

/**
 * The innermost failed tests of a TAP stream: a `not ok` line whose YAML block says more than
 * "N subtests failed" (a suite that only failed through its children is left out).
 */
function failedTests(lines) {
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const match = /^(\s*)not ok \d+ - (.*)$/.exec(lines[i]);
    if (!match) continue;
    const indent = match[1].length;
    const detail = [];
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (line.trim() === "..." && line.length - line.trimStart().length === indent + 2) break;
      if (line.trim() !== "---") detail.push(line.slice(indent + 2));
    }
    if (detail.some((line) => /^failureType: 'subtestsFailed'/.test(line))) continue;
    found.push({ name: match[2], detail });
  }
  return found;
}
