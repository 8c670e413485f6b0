#!/usr/bin/env node
// Launcher for the TypeScript CLI: registers tsx so the engine runs from source, no build step.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
