// Renders a line diff as a <pre> of lines marked +/−; text only (escaped by construction).
import { diffLines, diffStats, type DiffLine } from "../lib/diff";
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
