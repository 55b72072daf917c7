// The campaign's sessions as a table: live status badges, clickable and keyboard-selectable
// rows (Enter/Space, arrow keys move between rows); selecting sets `selected` on the model.
// Refresh, "checked N s ago" and the not-connected state come from live.ts; `detailProblem`
// (from detail.ts) says why the selected session cannot be shown below.
import type { AnyModel } from "@anywidget/types";
import { h, replaceChildren, show } from "../lib/dom";
import type { Disposer } from "../lib/disposer";
import { isolateKeys } from "../lib/keys";
import { setStatusBadge, statusBadge } from "../lib/status";
import { formatTimestamp, fullTimestamp } from "../lib/time";
import { highlightVars } from "../lib/vars";
import type { CampaignModel, CampaignRow } from "../types";
import { campaignLive } from "./live";

type Model = AnyModel<CampaignModel>;

function row(r: CampaignRow, selected: boolean): HTMLTableRowElement {
  const title = r.title && r.title.trim() ? r.title : "Untitled session";
  return h(
    "tr",
    {
      class: selected ? "pw-campaign-row pw-selected" : "pw-campaign-row",
      "data-testid": "campaign-row",
      "data-session-id": r.id,
      tabindex: 0,
      "aria-selected": selected ? "true" : "false",
      "aria-label": `Session ${title}`,
    },
    h("td", { class: r.title ? "pw-cell-title" : "pw-cell-title pw-untitled" }, title),
    h("td", {}, statusBadge(r.task_status ?? "idle")),
    h("td", { class: "pw-cell-subject" }, r.draft_subject ? highlightVars(r.draft_subject) : h("span", { class: "pw-muted" }, "—")),
    h("td", { class: "pw-cell-num" }, r.framework_version === null || r.framework_version === undefined ? "—" : `v${r.framework_version}`),
    h("td", {}, h("code", { class: "pw-id", title: r.node_id }, r.node_id)),
    h("td", { class: "pw-cell-time", title: fullTimestamp(r.updated_at) }, formatTimestamp(r.updated_at) || "—"),
  );
}

export function createCampaignTable(model: Model, disposer: Disposer, detailProblem?: HTMLElement): HTMLElement {
  const live = campaignLive(model, disposer);
  const badge = statusBadge("loading", { "data-testid": "status", role: "status", "aria-live": "polite" });
  const count = h("span", { class: "pw-count" });
  const campaignId = h("code", { class: "pw-id", "data-testid": "campaign-id" });
  const error = h("div", { class: "pw-error", "data-testid": "error", role: "alert" });
  const tbody = h("tbody", {});
  const columns = ["Title", "Status", "Subject", "Framework", "Node", "Updated"];
  const table = h(
    "table",
    { class: "pw-campaign-table", role: "grid", "aria-readonly": "true", "aria-label": "Sessions of this campaign" },
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))),
    tbody,
  );
  const empty = h("p", { class: "pw-empty", "data-testid": "campaign-empty" }, "No sessions in this campaign yet.");
  const root = h(
    "div",
    { class: "puffle-widget puffle-campaign", "data-testid": "campaign-table", "data-lm-suppress-shortcuts": "true", role: "region", "aria-label": "Puffle campaign sessions" },
    h(
      "div",
      { class: "pw-campaign-head" },
      h("h2", { class: "pw-title" }, "Sessions ", count),
      badge,
      h("span", { class: "pw-spacer" }),
      live.checked,
      h("span", { class: "pw-meta-item" }, h("span", { class: "pw-meta-label" }, "Campaign"), campaignId),
      live.refresh,
    ),
    live.banner,
    error,
    h("div", { class: "pw-table-wrap" }, table),
    empty,
    detailProblem,
  );

  const rowsEls = () => [...tbody.querySelectorAll<HTMLTableRowElement>("tr[data-session-id]")];

  const select = (id: string | undefined) => {
    if (!id || !live.alive()) return;
    model.set("selected", id);
    model.save_changes();
  };

  const renderSelection = () => {
    const selected = model.get("selected");
    for (const tr of rowsEls()) {
      const on = tr.dataset.sessionId === selected;
      tr.classList.toggle("pw-selected", on);
      tr.setAttribute("aria-selected", on ? "true" : "false");
    }
  };

  const renderRows = () => {
    const focusedId = (root.ownerDocument.activeElement as HTMLElement | null)?.closest?.<HTMLElement>("tr[data-session-id]")?.dataset.sessionId;
    const rows = model.get("rows") ?? [];
    const selected = model.get("selected");
    replaceChildren(tbody, rows.map((r) => row(r, r.id === selected)));
    count.textContent = rows.length ? `(${rows.length})` : "";
    show(table, rows.length > 0);
    show(empty, rows.length === 0);
    if (focusedId) rowsEls().find((tr) => tr.dataset.sessionId === focusedId)?.focus();
  };

  const renderState = () => {
    setStatusBadge(badge, model.get("status"));
    error.textContent = model.get("error") ?? "";
    show(error, !!model.get("error"));
    campaignId.textContent = model.get("campaign_id") ?? "";
  };

  disposer.listen<MouseEvent>(tbody, "click", (e) => select((e.target as Element).closest<HTMLElement>("tr[data-session-id]")?.dataset.sessionId));
  disposer.listen<KeyboardEvent>(tbody, "keydown", (e) => {
    const tr = (e.target as Element).closest<HTMLTableRowElement>("tr[data-session-id]");
    if (!tr) return;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      select(tr.dataset.sessionId);
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = e.key === "ArrowDown" ? tr.nextElementSibling : tr.previousElementSibling;
      (next as HTMLElement | null)?.focus();
    }
  });
  // Keep keys on rows away from notebook shortcuts.
  isolateKeys(disposer, root);

  for (const [event, fn] of [
    ["change:rows", renderRows],
    ["change:selected", renderSelection],
    ["change:status", renderState],
    ["change:error", renderState],
    ["change:campaign_id", renderState],
  ] as const) {
    disposer.onModel(model, event, fn);
  }
  renderRows();
  renderState();
  live.attach(root);
  return root;
}
