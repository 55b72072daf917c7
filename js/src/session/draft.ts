// The draft section: title, subject and body editors (variables highlighted, unknown ones
// flagged), copy buttons, and the per-lead preview. Each editor is bound to a FieldSync.
import { h, replaceChildren, show, uid } from "../lib/dom";
import { unknownVars } from "../lib/vars";
import type { EditableField } from "../types";
import type { SessionContext } from "./context";
import { copyButton } from "./copy-button";
import { VarEditor } from "./editor";
import { FieldSync } from "./field-sync";
import { createPreview } from "./preview";

const asText = (v: unknown): string => (typeof v === "string" ? v : "");

/** Bind a text control (a `VarEditor`, or the title's plain input) to a field; `focusEl`
 * tells FieldSync whether the user is in it. */
function bindEditor(ctx: SessionContext, field: EditableField, control: { value: string }, focusEl: HTMLElement): FieldSync<string | null> {
  const sync = new FieldSync<string | null>(ctx, field);
  sync.attach({
    show: (v) => {
      control.value = asText(v);
    },
    isFocused: () => focusEl.ownerDocument.activeElement === focusEl,
  });
  control.value = asText(sync.local);
  return sync;
}

function field(label: string, control: HTMLElement, controlId: string, ...actions: HTMLElement[]): HTMLElement {
  return h(
    "div",
    { class: "pw-field" },
    h("div", { class: "pw-field-head" }, h("label", { class: "pw-label", for: controlId }, label), ...actions),
    control,
  );
}

export function createDraft(ctx: SessionContext): HTMLElement {
  const d = ctx.disposer;

  // Title: a plain input (no variables).
  const titleId = uid("pw-title");
  const titleInput = h("input", {
    id: titleId,
    type: "text",
    class: "pw-input",
    "data-testid": "draft-title",
    placeholder: "Untitled session",
  });
  const titleSync = bindEditor(ctx, "title", titleInput, titleInput);
  d.listen(titleInput, "input", () => titleSync.input(titleInput.value));

  let subjectSync: FieldSync<string | null> | null = null;
  let bodySync: FieldSync<string | null> | null = null;
  const subject = new VarEditor(d, {
    testid: "draft-subject",
    label: "Subject",
    singleLine: true,
    placeholder: "Subject, e.g. Quick question about %company%",
    onInput: (v) => subjectSync?.input(v),
  });
  const body = new VarEditor(d, {
    testid: "draft-body",
    label: "Body",
    placeholder: "Hi %first_name%, …",
    onInput: (v) => bodySync?.input(v),
  });
  subject.input.id = uid("pw-subject");
  body.input.id = uid("pw-body");
  subjectSync = bindEditor(ctx, "draft_subject", subject, subject.input);
  bodySync = bindEditor(ctx, "draft_body", body, body.input);

  const unknown = h("p", { class: "pw-unknown-vars", "data-testid": "unknown-vars", role: "note" });
  const updateKnown = () => {
    const known = ctx.get("available_var_names") ?? [];
    subject.setKnown(known);
    body.setKnown(known);
    updateVars();
  };
  const updateVars = () => {
    const known = ctx.get("available_var_names") ?? [];
    const names = unknownVars(`${subject.value}\n${body.value}`, known);
    unknown.textContent = names.length ? `Unknown variables: ${names.join(", ")}` : "";
    unknown.title = names.length ? `Not in available_var_names: ${known.join(", ")}` : "";
    show(unknown, names.length > 0);
  };
  ctx.on("available_var_names", updateKnown);
  ctx.onLocal(updateVars);
  updateKnown();

  // Variable chips insert `%name%` where the caret was in the subject or body (the body when
  // neither had the focus yet); a mouse press on a chip keeps the focus in the editor.
  let target: VarEditor = body;
  d.listen(subject.input, "focus", () => (target = subject));
  d.listen(body.input, "focus", () => (target = body));
  const chips = h("span", { class: "pw-var-chips", role: "group", "aria-label": "Insert a variable" });
  const varsHint = h("div", { class: "pw-hint pw-vars-hint", "data-testid": "var-chips" }, h("span", { "aria-hidden": "true" }, "Insert: "), chips);
  const renderChips = () => {
    const names = ctx.get("available_var_names") ?? [];
    replaceChildren(
      chips,
      names.map((name) => h("button", { type: "button", class: "pw-chip pw-var-chip", "data-var": name, "data-testid": "var-chip" }, `%${name}%`)),
    );
    show(varsHint, names.length > 0);
  };
  d.listen<MouseEvent>(chips, "mousedown", (e) => {
    if ((e.target as Element).closest("button")) e.preventDefault();
  });
  d.listen<MouseEvent>(chips, "click", (e) => {
    const chip = (e.target as Element).closest<HTMLButtonElement>("button[data-var]");
    if (chip?.dataset.var) target.insert(`%${chip.dataset.var}%`);
  });
  ctx.on("available_var_names", renderChips);
  renderChips();

  return h(
    "section",
    { class: "pw-section pw-draft", "data-testid": "draft", "aria-label": "Draft" },
    h("h3", { class: "pw-section-title" }, "Draft"),
    field("Title", titleInput, titleId),
    field("Subject", subject.el, subject.input.id, copyButton(d, () => subject.value, "Copy subject", { "data-testid": "copy-subject" })),
    field("Body", body.el, body.input.id, copyButton(d, () => body.value, "Copy body", { "data-testid": "copy-body" })),
    unknown,
    varsHint,
    createPreview(ctx),
  );
}
