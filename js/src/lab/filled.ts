// The draft filled with each sample lead; variables a lead has no value for stay as written
// (highlighted) and are named below it.
import { h } from "../lib/dom";
import { highlightVars } from "../lib/vars";
import type { FilledDraft } from "./types";

export function filledDrafts(filled: readonly FilledDraft[]): HTMLElement | null {
  if (!filled.length) return null;
  return h(
    "details",
    { class: "pw-lab-filled", "data-testid": "lab-filled" },
    h("summary", {}, `Filled for ${filled.length} lead${filled.length === 1 ? "" : "s"}`),
    filled.map((f) =>
      h(
        "div",
        { class: "pw-lab-filled-lead" },
        h("div", { class: "pw-lab-filled-name" }, f.lead),
        h("div", { class: "pw-lab-subject" }, highlightVars(f.subject)),
        h("div", { class: "pw-lab-text" }, highlightVars(f.body)),
        f.missing.length ? h("p", { class: "pw-hint" }, `No value for ${f.missing.join(", ")}`) : null,
      ),
    ),
  );
}
