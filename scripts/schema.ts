// `npm run schema`: writes schema/scenario.schema.json and docs/scenario-format.md from the zod schema.
import { writeFileSync } from "node:fs";
import { scenarioJsonSchema } from "../src/scenario/schema.ts";
import { scenarioFormatMarkdown } from "../src/scenario/schemaDocs.ts";

const schema = scenarioJsonSchema();
writeFileSync("schema/scenario.schema.json", `${JSON.stringify(schema, null, 2)}\n`);
writeFileSync("docs/scenario-format.md", scenarioFormatMarkdown(schema));
console.log("wrote schema/scenario.schema.json and docs/scenario-format.md");
