/** docs/llm.md quotes the prompt, the answer schema, the retry text and the tool definitions verbatim. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { LlmOptions } from "../../src/negotiation/llm/settings.ts";
import { REPO_ROOT } from "../support/shared.ts";
import { llmDocBlocks } from "./llmDoc.ts";

const doc = readFileSync(join(REPO_ROOT, "docs", "llm.md"), "utf8");

test("docs/llm.md quotes the system prompt, the turn prompt, the schema, the retry text and the tools as the code renders them", () => {
  for (const [name, text] of Object.entries(llmDocBlocks()))
    assert.ok(doc.includes(text), `docs/llm.md lacks the ${name} text as rendered`);
});

test("docs/llm.md names every setting and the environment variables", () => {
  for (const field of Object.keys(LlmOptions.shape)) assert.match(doc, new RegExp(`\`${field}\``), field);
  for (const v of ["ZOPA_LLM_BASE_URL", "ZOPA_LLM_MODEL", "ZOPA_LLM_API_KEY", "OPENAI_API_KEY"])
    assert.ok(doc.includes(v), v);
});
