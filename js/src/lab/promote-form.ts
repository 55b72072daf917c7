// Promote: asks for the session to copy the variant's subject, body and skeleton onto, then
// asks the kernel, which applies the no-lost-edits rules and reports back in the column.
import type { AnyModel } from "@anywidget/types";
import type { Disposer } from "../lib/disposer";
import { h } from "../lib/dom";
import type { LabMessage, LabModel, LabRow } from "./types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PromoteView {
  el: HTMLElement;
  update(row: LabRow): void;
}

export function createPromoteForm(name: string, model: AnyModel<LabModel>, disposer: Disposer): PromoteView {
  const open = h(
    "button",
    { type: "button", class: "pw-btn", "data-testid": "lab-promote", title: "Copy this draft onto a real session" },
    "Promote…",
  );
  const input = h("input", {
    type: "text",
    class: "pw-input",
    placeholder: "Target session id",
    "aria-label": `Session to promote variant ${name} to`,
    "data-testid": "lab-promote-target",
    spellcheck: "false",
    autocomplete: "off",
  });
  const confirm = h("button", { type: "submit", class: "pw-btn pw-btn-primary", "data-testid": "lab-promote-confirm" }, "Promote");
  const cancel = h("button", { type: "button", class: "pw-btn pw-btn-ghost" }, "Cancel");
  const hint = h("p", { class: "pw-hint", role: "status", "data-testid": "lab-promote-hint" });
  const form = h("form", { class: "pw-lab-promote-form", hidden: true }, input, h("div", { class: "pw-lab-actions" }, confirm, cancel), hint);
  const el = h("div", { class: "pw-lab-promote" }, open, form);

  const close = () => {
    form.hidden = true;
    open.hidden = false;
    hint.textContent = "";
  };
  disposer.listen(open, "click", () => {
    form.hidden = false;
    open.hidden = true;
    input.focus();
  });
  disposer.listen(cancel, "click", close);
  disposer.listen<SubmitEvent>(form, "submit", (event) => {
    event.preventDefault();
    const id = input.value.trim();
    if (!UUID.test(id)) {
      hint.textContent = "Enter the id (a UUID) of the session to copy this draft onto.";
      return;
    }
    const message: LabMessage = { type: "promote", variant: name, session_id: id };
    model.send(message);
    input.value = "";
    close();
  });

  return {
    el,
    update(row) {
      const ready = row.status === "done" && Boolean(row.subject || row.body);
      open.disabled = !ready;
      open.title = ready ? "Copy this draft onto a real session" : "Promote needs a finished draft";
      if (!ready) close();
    },
  };
}
