// The lab's stylesheet stays scoped: its own rules under the live lab root only (never the
// static snapshot), the shared base imported, and keyframes namespaced.
import { readFileSync } from "node:fs";

// A path in a variable: Vite rewrites a literal `new URL("./x.css", import.meta.url)` to an asset.
const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
const css = read("./lab.css").replace(/\/\*[\s\S]*?\*\//g, "");
const ROOT = /^\.puffle-widget\.puffle-lab:not\(\.puffle-static\)(?=[\s.:[{]|$)/;

function selectors(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/([^{}@;]+)\{[^{}]*\}/g)) {
    out.push(...(match[1] ?? "").split(",").map((s) => s.trim()).filter(Boolean));
  }
  return out;
}

describe("lab stylesheet", () => {
  it("imports the shared base", () => {
    expect(css).toMatch(/^\s*@import "\.\.\/styles\/base\.css";/);
  });

  it("puts every rule under the live lab root", () => {
    const found = selectors(css);
    expect(found.length).toBeGreaterThan(20);
    for (const sel of found) expect(sel, sel).toMatch(ROOT);
  });

  it("defines no keyframes of its own", () => {
    expect(css).not.toMatch(/@keyframes/);
  });
});
