/**
 * The HTTP API under load: `POST /api/v1/analyze` of examples/car-purchase.yaml at 32 connections for 20 s
 * (wrk -t1 -c32 -d20s, Debian's wrk; a Node load script when wrk is absent), against `zopa serve` from the
 * build in its own process. Three times: the same request every time (answered from the server's cache of
 * deterministic answers), a different seed in every request (each one analysed; the scenario's parse is
 * reused), and a different comment in the scenario text of every request (each one parsed and analysed).
 * Reports req/s, p50/p99 latency, errors, and the server's RSS before and after each run.
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
    // Anchored: "66.50%" at the end of the Req/Sec line must not read as the 50 % latency.
    p50: ms(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? "?"),
    p99: ms(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? "?"),
    errors:
      (socket ? socket.slice(1).reduce((s, x) => s + Number(x), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0),
    tool: "wrk -t1 -c32",
  };
}

/**
 * What changes from one request to the next: nothing (the answer comes from the cache), the seed (each is
 * analysed; the scenario text is the same, so its parse is reused), or a comment in the scenario text (each
 * is parsed and analysed).
 */
type Vary = "nothing" | "seed" | "text";

/** The n-th request's body. */
function varied(body: string, vary: Vary, n: number): string {
  if (vary === "seed") return `${body.slice(0, -1)},"seed":${n}}`;
  if (vary === "text") return `${body.slice(0, -2)}# ${n}\\n"}`;
  return body;
}

function wrk(url: string, body: string, vary: Vary): Load {
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
  vary === "nothing"
    ? ""
    : `local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, ${
    vary === "seed"
      ? `string.sub(text, 1, -2) .. ',"seed":' .. n .. '}'`
      : `string.sub(text, 1, -3) .. '# ' .. n .. '\\\\n"}'`
  })
end`
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
async function nodeLoad(url: string, body: string, vary: Vary): Promise<Load> {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const b = varied(body, vary, ++n);
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
      ["same request (cached answer)", "nothing"],
      ["a new seed each request (analysed)", "seed"],
      ["a new text each request (parsed, analysed)", "text"],
    ] as const) {
      // Warm-up: JIT and caches, then the memory baseline. (A keep-alive connection the server closed while
      // the previous run went on fails once: send again.)
      for (let i = 0; i < 200; i++) {
        const b = varied(body, vary, -i);
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
