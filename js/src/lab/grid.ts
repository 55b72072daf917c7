// The lab grid: a header (progress over the whole run, the baseline to compare with, Stop),
// then one column per variant, side by side. Columns are kept across updates, so a note being
// typed or an open Promote form survives the run's live updates.
import type { AnyModel } from "@anywidget/types";
import type { Disposer } from "../lib/disposer";
import { h, show } from "../lib/dom";
import { isolateKeys } from "../lib/keys";
import { createColumn, type ColumnView } from "./column";
import { createProgress } from "./progress";
import type { LabMessage, LabModel } from "./types";

type Model = AnyModel<LabModel>;

export function createLabGrid(model: Model, disposer: Disposer): HTMLElement {
  const progress = createProgress();
  const baseline = h("select", { class: "pw-select", "aria-label": "Baseline variant", "data-testid": "lab-baseline" });
  const stop = h("button", { type: "button", class: "pw-btn pw-btn-danger", "data-testid": "lab-stop" }, "Stop");
  const columns = h("div", { class: "pw-lab-columns", role: "list", "aria-label": "Variants" });
  const empty = h("p", { class: "pw-empty", "data-testid": "lab-empty" }, "No run yet: start one with lab.run([...]).");
  const root = h(
    "div",
    { class: "puffle-widget puffle-lab", "data-testid": "lab-grid", "data-lm-suppress-shortcuts": "true", role: "region", "aria-label": "Puffle prompt lab" },
    h(
      "div",
      { class: "pw-lab-head" },
      h("h2", { class: "pw-title" }, "Prompt lab"),
      progress.el,
      h("label", { class: "pw-lab-baseline" }, h("span", { class: "pw-label" }, "Compare with"), baseline),
      stop,
    ),
    columns,
    empty,
  );
  const views = new Map<string, ColumnView>();

  const renderVariants = () => {
    const rows = model.get("variants") ?? [];
    const ratings = model.get("ratings") ?? {};
    const context = { baseline: model.get("baseline"), knownVars: model.get("available_var_names") ?? [], receivedAt: Date.now() };
    const names = new Set(rows.map((r) => r.name));
    for (const [name, view] of views) {
      if (!names.has(name)) {
        view.el.remove();
        views.delete(name);
      }
    }
    rows.forEach((row, index) => {
      let view = views.get(row.name);
      if (!view) {
        view = createColumn(row.name, model, disposer);
        views.set(row.name, view);
      }
      view.update({ row, rating: ratings[row.name], ...context });
      if (columns.children[index] !== view.el) columns.insertBefore(view.el, columns.children[index] ?? null);
    });
    show(empty, rows.length === 0);
    const options = rows.map((r) => h("option", { value: r.name }, r.name));
    baseline.replaceChildren(...options);
    baseline.value = model.get("baseline");
    baseline.disabled = rows.length < 2;
  };

  const renderState = () => {
    const state = model.get("run_state");
    progress.update(model.get("progress") ?? {}, state);
    stop.disabled = state !== "running";
    stop.textContent = state === "stopping" ? "Stopping…" : "Stop";
  };

  disposer.listen(stop, "click", () => {
    const message: LabMessage = { type: "stop" };
    model.send(message);
    stop.disabled = true;
  });
  disposer.listen(baseline, "change", () => {
    model.set("baseline", baseline.value);
    model.save_changes();
  });
  disposer.interval(() => {
    const now = Date.now();
    for (const view of views.values()) view.tick(now);
  }, 1000);
  isolateKeys(disposer, root);

  for (const [event, fn] of [
    ["change:variants", renderVariants],
    ["change:ratings", renderVariants],
    ["change:baseline", renderVariants],
    ["change:available_var_names", renderVariants],
    ["change:progress", renderState],
    ["change:run_state", renderState],
  ] as const) {
    disposer.onModel(model, event, fn);
  }
  renderVariants();
  renderState();
  return root;
}
