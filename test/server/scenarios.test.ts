/**
 * The scenario library over HTTP: create, list, read, replace, delete with every version kept; ETag on reads
 * and If-Match on writes (412 stale, 428 missing); bundled examples under their meta.id, read-only.
 */
import { describe } from "node:test";
import { scenarioLibraryTests } from "./scenariosCases.ts";
import { useServer } from "./support.ts";

describe("scenario library (SQLite, in memory)", () => {
  scenarioLibraryTests(useServer());
});
