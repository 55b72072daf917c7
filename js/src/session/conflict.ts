// One panel per field in `conflict`: the server changed the field while the user had unsaved
// edits. Shows a diff of the server's version against the user's and lets them choose.
import { h, replaceChildren, show, uid } from "../lib/dom";
import { prettyJson } from "../lib/json";
import type { EditableField } from "../types";
import type { SessionContext } from "./context";
import { diffView } from "./diff-view";

const LABELS: Record<EditableField, string> = { title: "Title", draft_subject: "Subject", draft_body: "Body", skeleton: "Skeleton" };

const asText = (field: string, v: unknown): string =>
  field === "skeleton" || (typeof v !== "string" && v !== null && v !== undefined) ? prettyJson(v) : ((v as string | null) ?? "");

export function createConflicts(ctx: SessionContext): HTMLElement {
  const el = h("div", { class: "pw-conflicts", "data-testid": "conflicts" });

  const resolve = (field: EditableField, keep: "mine" | "server") => {
    const sync = ctx.sync(field);
    const server = ctx.get("conflict")?.[field] ?? null;
    // Mine: the last keystrokes go first, then the server's value is the new base.
    if (keep === "mine") sync?.rebase(server);
    else sync?.adopt(server);
    ctx.send({ type: "resolve_conflict", field, keep });
  };

  const render = () => {
    const conflict = ctx.get("conflict") ?? {};
    const fields = Object.keys(conflict) as EditableField[];
    replaceChildren(
      el,
      fields.map((field) => {
        const label = LABELS[field] ?? field;
        // Named by what they show; the conflict's title says which field they settle.
        const titleId = uid("pw-conflict");
        const button = (keep: "mine" | "server", text: string) =>
          h("button", { type: "button", class: "pw-btn", "data-testid": keep === "mine" ? "keep-mine" : "take-server", "data-field": field, "data-keep": keep, "aria-describedby": titleId }, text);
        const mine = button("mine", "Keep mine");
        const server = button("server", "Take server's");
        return h(
          "div",
          { class: "pw-conflict", "data-testid": "conflict", "data-field": field, role: "alert" },
          h("p", { class: "pw-conflict-title", id: titleId }, h("strong", {}, label), h("span", {}, "The server changed this while you were editing")),
          diffView(asText(field, conflict[field]), asText(field, ctx.localValue(field)), { before: "server's", after: "yours" }),
          h("div", { class: "pw-conflict-actions" }, mine, server),
        );
      }),
    );
    show(el, fields.length > 0);
  };

  // One delegated listener: the panels are rebuilt, the listener stays.
  ctx.disposer.listen<MouseEvent>(el, "click", (e) => {
    const btn = (e.target as Element).closest<HTMLButtonElement>("button[data-keep]");
    if (btn?.dataset.field) resolve(btn.dataset.field as EditableField, btn.dataset.keep === "mine" ? "mine" : "server");
  });
  ctx.on("conflict", render);
  // Keep "yours" current while the user types on.
  ctx.onLocal(() => {
    if (Object.keys(ctx.get("conflict") ?? {}).length) render();
  });
  render();
  return el;
}
