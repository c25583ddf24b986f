/**
 * In the browser, the report's plot code (src/report/html/plots.ts, which asks linkedom for a document) renders
 * into the page's own document: the build resolves `linkedom` to this file.
 */
export function parseHTML(_html: string): { document: Document } {
  return { document: window.document };
}
