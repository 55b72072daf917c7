// Generated examples: one row per lead (name or id, subject, body with newlines kept, copy),
// and the Generate button (disabled, with the reason as its title, when it cannot run).
import { h, replaceChildren, show } from "../lib/dom";
import { Disposer } from "../lib/disposer";
import { highlightVars } from "../lib/vars";
import type { GeneratedExample } from "../types";
import type { SessionContext } from "./context";
import { copyButton } from "./copy-button";

const str = (v: unknown): string => (typeof v === "string" ? v : "");

export function exampleLeadName(ex: GeneratedExample, index: number): string {
  const named = str(ex.lead_name) || str(ex.name) || str(ex.full_name) || [str(ex.first_name), str(ex.last_name)].filter(Boolean).join(" ");
  return named || str(ex.lead_id) || `Lead ${index + 1}`;
}

/** Why examples cannot be generated now ("" when they can). */
export function generateBlockedReason(ctx: SessionContext): string {
  const status = ctx.get("status");
  if (status === "loading") return "The session is still loading.";
  if (status === "error") return "The session could not be loaded.";
  if (ctx.busy()) return "Wait for the current task to finish.";
  if (ctx.get("skeleton") === null || ctx.get("skeleton") === undefined) return "Chat first: examples need a skeleton.";
  if (!(ctx.get("sample_leads") ?? []).length) return "Add sample leads to generate examples.";
  return "";
}

export function createExamples(ctx: SessionContext): HTMLElement {
  const generate = h("button", { type: "button", class: "pw-btn pw-btn-primary", "data-testid": "generate-examples", "aria-label": "Generate examples for the sample leads" }, "Generate examples");
  const reason = h("p", { class: "pw-hint", "data-testid": "generate-reason" });
  const tbody = h("tbody", {});
  const table = h(
    "table",
    { class: "pw-examples-table", "data-testid": "examples-table" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Lead"), h("th", { scope: "col" }, "Subject"), h("th", { scope: "col" }, "Body"), h("th", { scope: "col" }, h("span", { class: "pw-visually-hidden" }, "Actions")))),
    tbody,
  );
  const empty = h("p", { class: "pw-empty", "data-testid": "examples-empty" }, "No examples yet. Generate them once the skeleton looks right.");
  const count = h("span", { class: "pw-count" });
  let rows = new Disposer();
  ctx.disposer.add(() => rows.dispose());

  const renderRows = () => {
    rows.dispose();
    rows = new Disposer();
    const examples = (ctx.get("generated_examples") ?? []).filter((e) => e && typeof e === "object");
    replaceChildren(
      tbody,
      examples.map((ex, i) => {
        const name = exampleLeadName(ex, i);
        const text = () => `Subject: ${str(ex.subject)}\n\n${str(ex.body)}`;
        return h(
          "tr",
          { class: "pw-example-row", "data-testid": "example-row", "data-lead-id": str(ex.lead_id) || null },
          h("th", { scope: "row", class: "pw-example-lead", title: str(ex.lead_id) }, name),
          h("td", { class: "pw-example-subject" }, highlightVars(str(ex.subject))),
          h("td", { class: "pw-example-body" }, highlightVars(str(ex.body))),
          h("td", { class: "pw-example-actions" }, copyButton(rows, text, `Copy the example for ${name}`, { "data-testid": "copy-example" })),
        );
      }),
    );
    show(table, examples.length > 0);
    show(empty, examples.length === 0);
    count.textContent = examples.length ? `${examples.length}` : "";
  };

  const renderButton = () => {
    const why = generateBlockedReason(ctx);
    generate.disabled = why !== "";
    generate.title = why || "Write one sample email per sample lead";
    reason.textContent = why;
    show(reason, why !== "");
  };

  ctx.disposer.listen(generate, "click", () => {
    if (!generateBlockedReason(ctx)) ctx.send({ type: "generate_examples" });
  });
  ctx.on("generated_examples", renderRows);
  ctx.on(["status", "task_status", "skeleton", "sample_leads"], renderButton);
  renderRows();
  renderButton();

  return h(
    "section",
    { class: "pw-section pw-examples", "data-testid": "examples", "aria-label": "Examples" },
    h("div", { class: "pw-section-head" }, h("h3", { class: "pw-section-title" }, "Examples ", count), h("span", { class: "pw-spacer" }), generate),
    reason,
    empty,
    h("div", { class: "pw-table-wrap" }, table),
  );
}
