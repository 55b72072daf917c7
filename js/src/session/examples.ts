// Generated examples: one card per lead (name, subject, body with newlines kept, Copy), which
// fit any width; the Generate button (disabled, with the reason as its title, when it cannot
// run); and, once the draft has moved past the version the examples were made from, a mark
// ("Made from v6; the draft is now v8") with Regenerate.
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

/** The version the examples were made from when the draft has moved on since, else null. */
export function staleExamplesVersion(ctx: SessionContext): number | null {
  const made = ctx.get("examples_version");
  const now = ctx.get("framework_version");
  const any = (ctx.get("generated_examples") ?? []).length > 0;
  return any && typeof made === "number" && typeof now === "number" && made < now ? made : null;
}

function card(rows: Disposer, ex: GeneratedExample, i: number): HTMLElement {
  const name = exampleLeadName(ex, i);
  const text = () => `Subject: ${str(ex.subject)}\n\n${str(ex.body)}`;
  return h(
    "li",
    { class: "pw-example", "data-testid": "example-row", "data-lead-id": str(ex.lead_id) || null },
    h(
      "div",
      { class: "pw-example-head" },
      h("span", { class: "pw-example-lead", title: str(ex.lead_id) }, name),
      h("span", { class: "pw-spacer" }),
      copyButton(rows, text, `Copy the example for ${name}`, { "data-testid": "copy-example" }),
    ),
    h("div", { class: "pw-example-subject" }, highlightVars(str(ex.subject))),
    h("div", { class: "pw-example-body" }, highlightVars(str(ex.body))),
  );
}

export function createExamples(ctx: SessionContext): HTMLElement {
  const generate = h("button", { type: "button", class: "pw-btn pw-btn-primary", "data-testid": "generate-examples" }, "Generate examples");
  const reason = h("p", { class: "pw-hint", "data-testid": "generate-reason" });
  const list = h("ol", { class: "pw-example-list", "data-testid": "examples-table", "aria-label": "Examples" });
  const empty = h("p", { class: "pw-empty", "data-testid": "examples-empty" }, "No examples yet. Generate them once the skeleton looks right.");
  const count = h("span", { class: "pw-count" });
  const staleText = h("span", { "data-testid": "examples-stale-text" });
  const regenerate = h("button", { type: "button", class: "pw-btn", "data-testid": "regenerate-examples" }, "Regenerate");
  const stale = h("div", { class: "pw-examples-stale", "data-testid": "examples-stale", role: "status" }, staleText, regenerate);
  let rows = new Disposer();
  ctx.disposer.add(() => rows.dispose());

  const renderRows = () => {
    rows.dispose();
    rows = new Disposer();
    const examples = (ctx.get("generated_examples") ?? []).filter((e) => e && typeof e === "object");
    replaceChildren(list, examples.map((ex, i) => card(rows, ex, i)));
    show(list, examples.length > 0);
    show(empty, examples.length === 0);
    count.textContent = examples.length ? `${examples.length}` : "";
  };

  const renderState = () => {
    const why = generateBlockedReason(ctx);
    generate.disabled = why !== "";
    generate.title = why || "Write one sample email per sample lead";
    regenerate.disabled = why !== "";
    regenerate.title = generate.title;
    reason.textContent = why;
    show(reason, why !== "");
    const made = staleExamplesVersion(ctx);
    staleText.textContent = made === null ? "" : `Made from v${made}; the draft is now v${ctx.get("framework_version")}.`;
    show(stale, made !== null);
  };

  const run = () => {
    if (!generateBlockedReason(ctx)) ctx.send({ type: "generate_examples" });
  };
  ctx.disposer.listen(generate, "click", run);
  ctx.disposer.listen(regenerate, "click", run);
  ctx.on("generated_examples", renderRows);
  ctx.on(["status", "task_status", "skeleton", "sample_leads", "examples_version", "framework_version", "generated_examples"], renderState);
  renderRows();
  renderState();

  return h(
    "section",
    { class: "pw-section pw-examples", "data-testid": "examples", "aria-label": "Examples" },
    h("div", { class: "pw-section-head" }, h("h3", { class: "pw-section-title" }, "Examples ", count), h("span", { class: "pw-spacer" }), generate),
    reason,
    stale,
    empty,
    list,
  );
}
