#!/usr/bin/env node
// `zopa` from the TypeScript source, through tsx's loader: for development and the tests (`npm run zopa`).
// The installed command is the build, dist/cli/bin.js (package.json "bin"; `npm run build`).
import { register } from "tsx/esm/api";

register();
await import("../src/cli/bin.ts");
