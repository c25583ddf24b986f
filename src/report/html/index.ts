export * from "./data.ts";
export * from "./markdown.ts";
export * from "./plots.ts";
export * from "./report.ts";
