// Save / Revert for all editable fields, with the "• unsaved" marker.
// Save flushes pending debounced edits first, so the last keystrokes are sent before {save}.
import { h, show } from "../lib/dom";
import type { EditableField } from "../types";
import type { SessionContext } from "./context";

const FIELD_LABELS: Record<EditableField, string> = {
  title: "title",
  draft_subject: "subject",
  draft_body: "body",
  skeleton: "skeleton",
};

export function createSavebar(ctx: SessionContext): HTMLElement {
  const dirty = h("span", { class: "pw-dirty", "data-testid": "dirty", role: "status" });
  const revert = h("button", { type: "button", class: "pw-btn", "data-testid": "revert" }, "Revert");
  const save = h("button", { type: "button", class: "pw-btn pw-btn-primary", "data-testid": "save" }, "Save");

  const update = () => {
    const fields = ctx.dirtyFields();
    const any = fields.length > 0;
    dirty.textContent = any ? `• unsaved (${fields.map((f) => FIELD_LABELS[f]).join(", ")})` : "";
    show(dirty, any);
    save.disabled = !any;
    revert.disabled = !any;
    const why = any ? "" : "Nothing to save";
    save.title = why || "Save changes to Puffle";
    revert.title = why || "Discard unsaved changes";
  };

  ctx.disposer.listen(save, "click", () => {
    ctx.flushEdits();
    ctx.send({ type: "save" });
  });
  ctx.disposer.listen(revert, "click", () => {
    const baseline = ctx.get("baseline");
    for (const field of ctx.dirtyFields()) ctx.sync(field)?.adopt(baseline?.[field] ?? null);
    ctx.send({ type: "revert" });
  });
  ctx.onLocal(update);
  ctx.on("baseline", update);
  update();

  return h("div", { class: "pw-savebar", role: "toolbar", "aria-label": "Save or revert edits" }, dirty, h("span", { class: "pw-spacer" }), revert, save);
}
