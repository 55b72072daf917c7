// The stylesheet must stay scoped: no global rules, and nothing that reaches the static views
// (root `.puffle-widget.puffle-static`, styled by puffle_widgets/render).
import { readFileSync } from "node:fs";

const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
const PARTS = ["base", "draft", "session-layout", "skeleton-history", "tables", "transcript", "live-state"];
const entry = read("./styles.css");
const FILES: Record<string, string> = Object.fromEntries(PARTS.map((p) => [p, read(`./styles/${p}.css`)]));
const SCOPED = /^\.puffle-widget(?::not\(\.puffle-static\)|\.puffle-session|\.puffle-campaign)(?=[\s.:[{]|$)/;

/** Selector lists and at-rule preludes of a stylesheet (keyframe bodies skipped). */
function preludes(css: string): { selectors: string[]; keyframes: string[] } {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  const selectors: string[] = [];
  const keyframes: string[] = [];
  let i = 0;
  let start = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "{") {
      const prelude = text.slice(start, i).trim();
      if (prelude.startsWith("@keyframes")) {
        keyframes.push(prelude.split(/\s+/)[1] ?? "");
        let depth = 1;
        while (depth > 0 && ++i < text.length) depth += text[i] === "{" ? 1 : text[i] === "}" ? -1 : 0;
      } else if (!prelude.startsWith("@")) {
        selectors.push(...prelude.split(",").map((s) => s.trim()));
        i = text.indexOf("}", i);
      }
      start = i + 1;
    } else if (ch === "}" || ch === ";") {
      start = i + 1;
    }
    i++;
  }
  return { selectors, keyframes };
}

describe("stylesheet", () => {
  it("imports every part", () => {
    const imported = [...entry.matchAll(/@import "\.\/styles\/([a-z-]+)\.css";/g)].map((m) => m[1]);
    expect(imported.sort()).toEqual([...PARTS].sort());
  });

  it.each(Object.entries(FILES))("%s: every selector is under a live widget root", (_name, css) => {
    const { selectors, keyframes } = preludes(css);
    expect(selectors.length).toBeGreaterThan(0);
    for (const sel of selectors) expect(sel, sel).toMatch(SCOPED);
    for (const name of keyframes) expect(name).toMatch(/^pw-/);
  });
});
