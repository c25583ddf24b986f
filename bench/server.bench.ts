/**
 * The HTTP API under load: `POST /api/v1/analyze` of examples/car-purchase.yaml at 32 connections for 20 s
 * (wrk -t1 -c32 -d20s, Debian's wrk; a Node load script when wrk is absent), against `zopa serve` from the
 * build in its own process. Twice: the same request every time (answered from the server's cache of
 * deterministic answers), and a different seed in every request (each one analysed). Reports req/s,
 * p50/p99 latency, errors, and the server's RSS before and after each run.
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchRow } from "./main.ts";

const SECONDS = Number(process.env.ZOPA_BENCH_SECONDS ?? 20);
const CONNECTIONS = 32;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function hasWrk(): boolean {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (e) {
    return (e as { status?: number }).status !== undefined && (e as { code?: string }).code !== "ENOENT";
  }
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  tool: string;
}

/** `wrk --latency` output → numbers (latencies in ms). */
function parseWrk(out: string): Load {
  const ms = (s: string) => {
    const m = /^([\d.]+)(us|ms|s|m)$/.exec(s);
    if (!m) throw new Error(`cannot read the latency "${s}" in wrk's output:\n${out}`);
    return Number(m[1]) * { us: 1e-3, ms: 1, s: 1e3, m: 6e4 }[m[2] as "us" | "ms" | "s" | "m"];
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)![1]),
    p50: ms(/50%\s+(\S+)/.exec(out)?.[1] ?? "?"),
    p99: ms(/99%\s+(\S+)/.exec(out)?.[1] ?? "?"),
    errors:
      (socket ? socket.slice(1).reduce((s, x) => s + Number(x), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0),
    tool: "wrk -t1 -c32",
  };
}

function wrk(url: string, body: string, varySeed: boolean): Load {
  const dir = join(tmpdir(), `zopa-bench-${process.pid}`);
  const bodyFile = `${dir}.json`;
  const script = `${dir}.lua`;
  writeFileSync(bodyFile, body);
  writeFileSync(
    script,
    `wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("${bodyFile}", "r"); local text = f:read("*a"); f:close()
wrk.body = text
${
  varySeed
    ? `local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, string.sub(text, 1, -2) .. ',"seed":' .. n .. '}')
end`
    : ""
}
`,
  );
  try {
    const out = execFileSync(
      "wrk",
      ["-t1", `-c${CONNECTIONS}`, `-d${SECONDS}s`, "--latency", "-s", script, url],
      {
        encoding: "utf8",
      },
    );
    return parseWrk(out);
  } finally {
    rmSync(bodyFile, { force: true });
    rmSync(script, { force: true });
  }
}

/** The fallback: 32 loops of fetch for the duration. */
async function nodeLoad(url: string, body: string, varySeed: boolean): Promise<Load> {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const b = varySeed ? `${body.slice(0, -1)},"seed":${++n}}` : body;
      const t = performance.now();
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: b,
        });
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { rps: latencies.length / SECONDS, p50: at(0.5), p99: at(0.99), errors, tool: "Node fetch ×32" };
}

export default async function (): Promise<BenchRow[]> {
  const bin = join(import.meta.dirname, "..", "dist", "cli", "bin.js");
  const server = spawn(process.execPath, [bin, "serve", "--port", "0", "--store", ":memory:"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let out = "";
      server.stdout!.on("data", (d: Buffer) => {
        out += d;
        const m = /(http:\/\/\S+?)\/api\/v1/.exec(out);
        if (m) resolve(m[1]);
      });
      server.once("exit", (code) => reject(new Error(`zopa serve exited (${code})`)));
    });
    const url = `${base}/api/v1/analyze`;
    const body = JSON.stringify({
      scenario: readFileSync(join(import.meta.dirname, "..", "examples", "car-purchase.yaml"), "utf8"),
    });
    const useWrk = hasWrk();
    const rows: BenchRow[] = [];
    for (const [label, vary] of [
      ["same request (cached answer)", false],
      ["a new seed each request (analysed)", true],
    ] as const) {
      // Warm-up: JIT and caches, then the memory baseline. (A keep-alive connection the server closed while
      // the previous run went on fails once: send again.)
      for (let i = 0; i < 200; i++) {
        const b = vary ? `${body.slice(0, -1)},"seed":${-i}}` : body;
        const post = () =>
          fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: b });
        await (await post().catch(post)).arrayBuffer();
      }
      const before = rssMb(server.pid!);
      const load = useWrk ? wrk(url, body, vary) : await nodeLoad(url, body, vary);
      const afterMb = rssMb(server.pid!);
      const w = `POST /api/v1/analyze car-purchase, ${label}`;
      rows.push(
        { workload: w, value: load.rps, unit: "req/s", note: `${load.tool}, ${SECONDS} s` },
        { workload: `${w}: p50`, value: load.p50, unit: "ms" },
        { workload: `${w}: p99`, value: load.p99, unit: "ms" },
        { workload: `${w}: errors`, value: load.errors, unit: "" },
        {
          workload: `${w}: server RSS before → after`,
          value: afterMb,
          unit: "MB",
          note: `before ${before.toFixed(0)} MB`,
        },
      );
    }
    return rows;
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
}
