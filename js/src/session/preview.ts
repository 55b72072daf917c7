// The draft filled in for one sample lead: a <select> over `sample_leads` and the filled
// subject/body (filled values marked, variables without a value left visible).
import { h, replaceChildren, show, uid } from "../lib/dom";
import { fillVars, fillVarsToNodes, leadName } from "../lib/vars";
import type { SessionContext } from "./context";
import { copyButton } from "./copy-button";

export function createPreview(ctx: SessionContext): HTMLElement {
  const selectId = uid("pw-preview-lead");
  const select = h("select", { id: selectId, class: "pw-select", "data-testid": "preview-lead" });
  const subject = h("div", { class: "pw-preview-subject", "data-testid": "preview-subject" });
  const body = h("div", { class: "pw-preview-body", "data-testid": "preview-body" });
  const filled = h("div", { class: "pw-preview-card" }, subject, body);
  const empty = h("p", { class: "pw-empty" }, "Add sample leads to preview the draft with real values.");
  const leads = () => ctx.get("sample_leads") ?? [];
  const current = () => leads()[Number(select.value)] ?? leads()[0] ?? null;
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const filledText = () =>
    `${fillVars(text(ctx.localValue("draft_subject")), current())}\n\n${fillVars(text(ctx.localValue("draft_body")), current())}`;

  const copy = copyButton(ctx.disposer, filledText, "Copy the filled subject and body", { "data-testid": "copy-preview" });
  const head = h(
    "div",
    { class: "pw-preview-head" },
    h("label", { for: selectId, class: "pw-label" }, "Preview for"),
    select,
    h("span", { class: "pw-spacer" }),
    copy,
  );
  const el = h("div", { class: "pw-preview", "data-testid": "preview", role: "group", "aria-label": "Preview" }, head, filled, empty);

  const renderOptions = () => {
    const previous = select.value;
    const list = leads();
    replaceChildren(select, list.map((lead, i) => h("option", { value: String(i) }, leadName(lead, i))));
    select.value = previous !== "" && Number(previous) < list.length ? previous : "0";
    show(head, list.length > 0);
    show(filled, list.length > 0);
    show(empty, list.length === 0);
  };

  const renderFilled = () => {
    const lead = current();
    replaceChildren(subject, fillVarsToNodes(text(ctx.localValue("draft_subject")), lead));
    replaceChildren(body, fillVarsToNodes(text(ctx.localValue("draft_body")), lead));
  };

  ctx.disposer.listen(select, "change", renderFilled);
  ctx.on("sample_leads", () => {
    renderOptions();
    renderFilled();
  });
  ctx.onLocal(renderFilled);
  renderOptions();
  renderFilled();
  return el;
}
