#!/usr/bin/env node
/** The `zopa` process: runs the command line against the process's streams and sets the exit code. */
import { main } from "./main.ts";

// A closed pipe (`zopa … | head`) ends the run quietly instead of crashing with EPIPE.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });

process.exitCode = await main(process.argv);
