#!/usr/bin/env node
/** The `zopa` executable: runs the command line on this process's arguments and exits with its code. */
import { main } from "./main.ts";

process.exitCode = await main(process.argv);
