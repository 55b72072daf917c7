// The compact line under an assistant reply that says what its turn changed: which of title,
// subject, body and skeleton, framework vN -> vM, a word diff on demand, and, when the turn
// replaced a hand edit saved from this kernel, an offer to bring it back (a restore, which the
// kernel plans by the rules of Save).
import { h, show } from "../lib/dom";
import type { Disposer } from "../lib/disposer";
import type { EditableField, TurnChange } from "../types";
import { wordDiffView } from "./diff-view";
import { skeletonDiffView } from "./skeleton-diff";

const NAMES: Record<EditableField, string> = { title: "title", draft_subject: "subject", draft_body: "body", skeleton: "skeleton" };
const DIFFED: EditableField[] = ["draft_subject", "draft_body", "skeleton"];

const list = (fields: EditableField[]) => {
  const names = fields.map((f) => NAMES[f] ?? f);
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
};

/** "Changed subject and body · framework v3 → v4". */
export function changeSummary(change: TurnChange): string {
  const fields = (change.fields ?? []).filter((f) => f in NAMES);
  const what = fields.length ? `Changed ${list(fields)}` : "No change to the draft or skeleton";
  const { from_version: from, to_version: to } = change;
  const version = from !== null && to !== null && from !== to ? ` · framework v${from} → v${to}` : to !== null ? ` · framework v${to}` : "";
  return `${what}${version}`;
}

function details(change: TurnChange): HTMLElement {
  const el = h("div", { class: "pw-turn-change-diff", "data-testid": "turn-change-diff" });
  for (const field of DIFFED) {
    if (!(change.fields ?? []).includes(field)) continue;
    const before = change.before?.[field as keyof TurnChange["before"]] ?? null;
    const after = change.after?.[field as keyof TurnChange["after"]] ?? null;
    const body =
      field === "skeleton"
        ? skeletonDiffView(before, after, { before: "before", after: "after" }, "words")
        : wordDiffView(typeof before === "string" ? before : "", typeof after === "string" ? after : "");
    el.append(h("div", { class: "pw-turn-change-field", "data-field": field }, h("h4", { class: "pw-subtitle" }, NAMES[field][0]?.toUpperCase() + NAMES[field].slice(1)), body));
  }
  return el;
}

/** The change line for `change`, the `index`-th entry of `turn_changes`; `restore` asks the
 * kernel to bring the replaced hand edits back. */
export function turnChangeLine(disposer: Disposer, change: TurnChange, index: number, restore: (index: number) => void): HTMLElement {
  const replaced = (change.replaced_hand_edit ?? []).filter((f) => f in NAMES);
  const changed = (change.fields ?? []).some((f) => DIFFED.includes(f));
  const toggle = h("button", { type: "button", class: "pw-btn pw-btn-ghost pw-turn-change-toggle", "aria-expanded": "false", "data-testid": "turn-change-toggle" }, "Show changes");
  const panel = h("div", { class: "pw-turn-change-panel" });
  show(panel, false);
  let built = false;
  disposer.listen(toggle, "click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    if (open && !built) {
      panel.append(details(change));
      built = true;
    }
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.textContent = open ? "Hide changes" : "Show changes";
    show(panel, open);
  });
  const line = h(
    "div",
    { class: "pw-turn-change", "data-testid": "turn-change", "data-message-index": change.message_index, role: "note" },
    h("div", { class: "pw-turn-change-row" }, h("span", { class: "pw-turn-change-summary" }, changeSummary(change)), changed ? toggle : null),
  );
  if (replaced.length) {
    const back = h("button", { type: "button", class: "pw-btn pw-turn-change-restore", "data-testid": "restore-hand-edit" }, "Bring back my edit");
    disposer.listen(back, "click", () => restore(index));
    line.append(h("div", { class: "pw-turn-change-row pw-turn-change-warn", "data-testid": "replaced-hand-edit" }, h("span", {}, `This turn replaced your saved edit of the ${list(replaced)}.`), back));
  }
  if (changed) {
    const id = `pw-turn-change-${index}-${change.message_index}`;
    panel.id = id;
    toggle.setAttribute("aria-controls", id);
    line.append(panel);
  }
  return line;
}
