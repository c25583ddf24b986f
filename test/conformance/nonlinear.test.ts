/**
 * ANAC 2014 nonlinear hyper-rectangle scenarios: our linear additive model cannot express them (the loader
 * refuses them, tested in loadAll.test.ts), but src/formats/nonlinear.ts evaluates them. Their `pareto.xml`
 * is an approximate frontier (CSV lines `uA, uB`, 7 significant digits): a soft check. For the 10-issue
 * spaces (10^10 bids) a seeded coordinate-ascent search reproduces every published point to 1e-6, which
 * checks the utility definition itself; for 30 and 50 issues its hypervolume must come within 1% of the
 * published frontier's (measured: 30 issues 0.9779 vs 0.9807; 50 issues 0.9906 vs 0.9860 and 0.9783 vs 0.9781).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import {
  approximateFrontier,
  hypervolume2d,
  readNonlinearProfile,
  readParetoCsv,
} from "../../src/formats/nonlinear.ts";
import { needsShared } from "../support/shared.ts";
import { shared } from "./support.ts";

const FOLDERS = ["10issues", "10issuesDiscountedwithRV", "30issues", "50issues", "50issuesDiscountedwithRV"];

describe(
  "ANAC 2014 nonlinear scenarios against pareto.xml",
  needsShared("ANAC 2014 nonlinear scenarios"),
  () => {
    for (const name of FOLDERS)
      test(name, () => {
        const dir = `anac2014_nonlinear_${name}`;
        const read = (f: string) => readFileSync(shared("genius", dir, f), "utf8");
        const a = readNonlinearProfile(read("profile-1.xml"), "profile-1.xml");
        const b = readNonlinearProfile(read("profile-2.xml"), "profile-2.xml");
        const published = readParetoCsv(read("pareto.xml"), "pareto.xml");
        const ours = approximateFrontier(a, b, { seed: 1 });
        // maxutility is each profile's maximum: the best bid found scores exactly 1 for each side.
        assert.equal(Math.max(...ours.map((p) => p[0])), 1);
        assert.equal(Math.max(...ours.map((p) => p[1])), 1);
        if (name.startsWith("10issues")) {
          for (const [x, y] of published)
            assert.ok(
              ours.some(([u, v]) => Math.abs(u - x) <= 1e-6 && Math.abs(v - y) <= 1e-6),
              `published point (${x}, ${y}) not found`,
            );
        } else {
          const ratio = hypervolume2d(ours) / hypervolume2d(published);
          assert.ok(
            ratio >= 0.99,
            `hypervolume ${hypervolume2d(ours)} vs published ${hypervolume2d(published)}`,
          );
        }
        if (name.endsWith("DiscountedwithRV")) {
          assert.equal(a.reservation, 0.75);
          assert.equal(a.discount, 0.5);
        }
      });
  },
);
