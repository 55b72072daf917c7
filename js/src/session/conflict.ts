// One panel per field in `conflict`: the server changed the field while the user had unsaved
// edits. Shows a diff of the server's version against the user's and lets them choose.
//
// A panel lives as long as its field is in conflict: typing and kernel updates redraw only its
// diff, never its buttons, so a click whose mousedown came before a redraw still lands on them.
import { h, replaceChildren, show } from "../lib/dom";
import { deepEqual, prettyJson } from "../lib/json";
import type { EditableField } from "../types";
import type { SessionContext } from "./context";
import { diffView } from "./diff-view";

const LABELS: Record<EditableField, string> = { title: "Title", draft_subject: "Subject", draft_body: "Body", skeleton: "Skeleton" };

const asText = (field: string, v: unknown): string =>
  field === "skeleton" || (typeof v !== "string" && v !== null && v !== undefined) ? prettyJson(v) : ((v as string | null) ?? "");

interface Panel {
  el: HTMLElement;
  diff: HTMLElement;
  /** The server value the panel shows: what a click settles. */
  server: unknown;
  drawn: { server: string; mine: string } | null;
}

function createPanel(field: EditableField): Panel {
  const label = LABELS[field] ?? field;
  const button = (keep: "mine" | "server", text: string, aria: string) =>
    h("button", { type: "button", class: "pw-btn", "data-testid": keep === "mine" ? "keep-mine" : "take-server", "data-field": field, "data-keep": keep, "aria-label": aria }, text);
  const diff = h("div", { class: "pw-conflict-diff" });
  const el = h(
    "div",
    { class: "pw-conflict", "data-testid": "conflict", "data-field": field, role: "alert" },
    h("p", { class: "pw-conflict-title" }, h("strong", {}, label), h("span", {}, "The server changed this while you were editing")),
    diff,
    h(
      "div",
      { class: "pw-conflict-actions" },
      button("mine", "Keep mine", `Keep my ${label.toLowerCase()}`),
      button("server", "Take server's", `Take the server's ${label.toLowerCase()}`),
    ),
  );
  return { el, diff, server: undefined, drawn: null };
}

export function createConflicts(ctx: SessionContext): HTMLElement {
  const el = h("div", { class: "pw-conflicts", "data-testid": "conflicts" });
  const panels = new Map<EditableField, Panel>();

  const resolve = (field: EditableField, keep: "mine" | "server") => {
    const panel = panels.get(field);
    if (!panel) return;
    // The value on the card: the kernel settles exactly that (or shows what came since).
    const server = panel.server ?? null;
    ctx.sync(field)?.settle(keep, server);
    ctx.send({ type: "resolve_conflict", field, keep, server });
  };

  const render = () => {
    const conflict = ctx.get("conflict") ?? {};
    const fields = Object.keys(conflict) as EditableField[];
    for (const [field, panel] of panels) {
      if (!(field in conflict)) {
        panel.el.remove();
        panels.delete(field);
      }
    }
    for (const field of fields) {
      let panel = panels.get(field);
      if (!panel) {
        panel = createPanel(field);
        panels.set(field, panel);
        el.append(panel.el);
      }
      panel.server = conflict[field];
      const drawn = { server: asText(field, conflict[field]), mine: asText(field, ctx.localValue(field)) };
      if (!deepEqual(drawn, panel.drawn)) {
        replaceChildren(panel.diff, diffView(drawn.server, drawn.mine, { before: "server's", after: "yours" }));
        panel.drawn = drawn;
      }
    }
    show(el, fields.length > 0);
  };

  // One delegated listener for every panel.
  ctx.disposer.listen<MouseEvent>(el, "click", (e) => {
    const btn = (e.target as Element).closest<HTMLButtonElement>("button[data-keep]");
    if (btn?.dataset.field) resolve(btn.dataset.field as EditableField, btn.dataset.keep === "mine" ? "mine" : "server");
  });
  ctx.on("conflict", render);
  // Keep "yours" current while the user types on.
  ctx.onLocal(() => {
    if (panels.size || Object.keys(ctx.get("conflict") ?? {}).length) render();
  });
  render();
  return el;
}
