#!/usr/bin/env node
/** The `zopa` process: runs the command line against the process's streams and sets the exit code. */
import { main } from "./main.ts";

// A closed pipe (`zopa … | head`) ends the run quietly instead of crashing with EPIPE; any other failure to
// write standard output (`zopa schema > /dev/full`) is an I/O problem: one line, exit 2.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) process.stderr.write(`zopa: cannot write the output: ${e.message}\n`);
    process.exit(2);
  });

process.exitCode = await main(process.argv);
