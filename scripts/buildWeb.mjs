// `vite build` of the web workbench (src/web/) into dist/web, with the configuration inline (no config file to
// keep in step). The report's plot code (src/report/html/plots.ts) renders with linkedom under Node; in the
// browser the same code renders into the page's own document, so `linkedom` resolves to a two-line shim.
import { join } from "node:path";

export async function buildWeb({ root, outDir, logLevel = "warn" }) {
  const { build } = await import("vite");
  const { default: react } = await import("@vitejs/plugin-react");
  await build({
    root: join(root, "src", "web"),
    base: "/",
    logLevel,
    configFile: false,
    plugins: [react()],
    resolve: { alias: { linkedom: join(root, "src", "web", "plots", "linkedomShim.ts") } },
    build: {
      outDir,
      emptyOutDir: true,
      target: "es2022",
      reportCompressedSize: false,
      chunkSizeWarningLimit: 2000,
    },
  });
}
