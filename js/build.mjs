// Bundles the widget front ends into ../puffle_widgets/static/ (ES modules that anywidget loads):
// each widget's whole front end, and the small loaders that take it from the one copy a kernel
// shares between its widgets (src/loader/code.ts; Python: widgets/assets.py).
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";

const watch = process.argv.includes("--watch");
const outdir = fileURLToPath(new URL("../puffle_widgets/static/", import.meta.url));

const options = {
  entryPoints: {
    session: "src/session/index.ts",
    campaign: "src/campaign/index.ts",
    "session-loader": "src/loader/session.ts",
    "campaign-loader": "src/loader/campaign.ts",
    "lab-loader": "src/loader/lab.ts",
    styles: "src/styles.css",
    lab: "src/lab/index.ts",
    "lab-styles": "src/lab/lab.css",
  },
  outdir,
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: !watch,
  sourcemap: watch ? "inline" : false,
  logLevel: "warning",
  // Bundled UMD code must not see Jupyter's require.js `define`.
  define: { "define.amd": "false" },
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
  console.log(`watching js/src -> ${outdir}`);
} else {
  await esbuild.build(options);
}
