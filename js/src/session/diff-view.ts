// Renders a line diff as a <pre> of lines marked +/−, or a word diff as running text with
// <del>/<ins>; text only (escaped by construction).
import { diffLines, diffStats, diffWords, type DiffLine } from "../lib/diff";
import { h } from "../lib/dom";

const MARK: Record<DiffLine["op"], string> = { eq: " ", add: "+", del: "-" };
const CLASS: Record<DiffLine["op"], string> = { eq: "pw-diff-eq", add: "pw-diff-add", del: "pw-diff-del" };

export function diffView(before: string, after: string, labels: { before: string; after: string }): HTMLElement {
  const lines = diffLines(before, after);
  const { added, removed } = diffStats(lines);
  const summary =
    added === 0 && removed === 0
      ? "No differences."
      : `−${removed} line${removed === 1 ? "" : "s"} (${labels.before}), +${added} line${added === 1 ? "" : "s"} (${labels.after})`;
  return h(
    "div",
    { class: "pw-diff", "data-testid": "diff" },
    h("p", { class: "pw-diff-summary" }, summary),
    h(
      "pre",
      { class: "pw-diff-lines" },
      lines.map((l) =>
        h("div", { class: `pw-diff-line ${CLASS[l.op]}`, "data-op": l.op }, h("span", { class: "pw-diff-mark", "aria-hidden": "true" }, MARK[l.op]), l.text || "\u00a0"),
      ),
    ),
  );
}

/** Running text with removed words in <del> and added ones in <ins> (newlines kept). */
export function wordDiffView(before: string | null | undefined, after: string | null | undefined): HTMLElement {
  const parts = diffWords(before, after);
  const el = h("p", { class: "pw-word-diff", "data-testid": "word-diff" });
  if (!parts.some((p) => p.op !== "eq")) {
    el.append(h("span", { class: "pw-diff-summary" }, "No differences."));
    return el;
  }
  for (const part of parts) {
    if (part.op === "eq") el.append(part.text);
    else el.append(h(part.op === "add" ? "ins" : "del", { class: part.op === "add" ? "pw-diff-add" : "pw-diff-del" }, part.text));
  }
  return el;
}
