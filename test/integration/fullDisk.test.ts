/**
 * Files are sacred on a full disk: a tmpfs of 16 kB holds an older report; a command whose output does not
 * fit fails with exit 2 and says so, and the old report is intact byte for byte, with no temporary file left.
 * Needs root (mount); skipped with a one-line reason where mounting is not permitted. Integration test: run
 * by `npm run test:integration`.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../hostile/support.ts";

const mountPoint = mkdtempSync(join(tmpdir(), "zopa-full-disk-"));
let mounted = false;
let skipReason: string | false = false;

before(() => {
  if (process.platform !== "linux") skipReason = "tmpfs mounts are a Linux feature";
  else if (process.getuid?.() !== 0) skipReason = "mounting a tmpfs needs root";
  else {
    const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", mountPoint], {
      encoding: "utf8",
    });
    if (r.status === 0) mounted = true;
    else
      skipReason = `mount is not permitted here: ${(r.stderr || r.error?.message || "").trim().split("\n")[0]}`;
  }
});

after(() => {
  if (mounted) spawnSync("umount", [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

describe("a full disk", () => {
  it("an output that does not fit: exit 2, the reason, the old report byte for byte, no temporary file", async (t) => {
    if (skipReason) {
      t.skip(skipReason);
      return;
    }
    const report = join(mountPoint, "report.json");
    // An older report: different bytes, including ones a truncation would lose.
    const old = Buffer.from(
      `{"old": "report", "bytes": [${Array.from({ length: 300 }, (_, k) => k % 251).join(",")}]}\n`,
    );
    writeFileSync(report, old);
    const r = await runCli([
      "analyze",
      "examples/syria-israel-2026/scenario.yaml",
      "--format",
      "json",
      "-o",
      report,
    ]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /cannot write .*report\.json: no space left on the device; nothing was written/);
    assert.match(r.stderr, /the existing .*report\.json was left as it was/);
    assert.doesNotMatch(r.stderr, /internal error|replaced/);
    assert.deepEqual(readFileSync(report), old);
    assert.deepEqual(readdirSync(mountPoint), ["report.json"]);
  });

  it("export into a full folder: exit 2, the folder as it was", async (t) => {
    if (skipReason) {
      t.skip(skipReason);
      return;
    }
    const before = readdirSync(mountPoint).sort();
    const contents = before.map((n) => readFileSync(join(mountPoint, n)));
    // Fill what is left, so that not even the small GENIUS files fit.
    try {
      writeFileSync(join(mountPoint, "filler"), Buffer.alloc(64 * 1024));
    } catch {
      // ENOSPC: the filler took what it could.
    }
    const filler = readFileSync(join(mountPoint, "filler"));
    const r = await runCli(["export", "examples/car-purchase.yaml", "--to", "genius", "-o", mountPoint]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /no space left on the device; nothing was written/);
    assert.deepEqual(readdirSync(mountPoint).sort(), [...before, "filler"].sort());
    before.forEach((n, k) => {
      assert.deepEqual(readFileSync(join(mountPoint, n)), contents[k]);
    });
    assert.deepEqual(readFileSync(join(mountPoint, "filler")), filler);
  });
});
