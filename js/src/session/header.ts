// Header: title, ids with copy buttons, framework version, live status badge with elapsed time,
// refresh button; then the notice line and the error box.
import { h, show } from "../lib/dom";
import { setStatusBadge, statusBadge } from "../lib/status";
import { formatElapsed, fullTimestamp, setTime } from "../lib/time";
import { createBanner } from "./banner";
import { connectionOf } from "./connection";
import type { SessionContext } from "./context";
import { copyButton } from "./copy-button";

/** Re-word the freshness line this often (ms). */
const FRESHNESS_TICK_MS = 5000;

/** "Checked just now" / "Checked 40 s ago" / "Checked 3 min ago" / "Checked 2 h ago". */
export function freshnessText(checkedAt: number | null | undefined, now = Date.now()): string {
  if (typeof checkedAt !== "number") return "";
  const seconds = Math.max(0, Math.round((now - checkedAt) / 1000));
  if (seconds < 15) return "Checked just now";
  if (seconds < 60) return `Checked ${seconds} s ago`;
  if (seconds < 3600) return `Checked ${Math.floor(seconds / 60)} min ago`;
  return `Checked ${Math.floor(seconds / 3600)} h ago`;
}

function idItem(ctx: SessionContext, label: string, testid: string, get: () => string): [HTMLElement, () => void] {
  const code = h("code", { class: "pw-id", "data-testid": testid });
  const item = h(
    "span",
    { class: "pw-meta-item" },
    h("span", { class: "pw-meta-label" }, label),
    code,
    copyButton(ctx.disposer, get, `Copy ${label.toLowerCase()} id`, { "data-testid": `copy-${testid}` }),
  );
  return [
    item,
    () => {
      code.textContent = get();
      code.title = get();
    },
  ];
}

export function createHeader(ctx: SessionContext): HTMLElement {
  const title = h("h2", { class: "pw-title", "data-testid": "title" });
  const badge = statusBadge("loading", { "data-testid": "status", role: "status", "aria-live": "polite" });
  const elapsed = h("span", { class: "pw-elapsed", "data-testid": "elapsed", "aria-label": "Time since the task started" });
  const refresh = h("button", { type: "button", class: "pw-btn pw-btn-ghost", "data-testid": "refresh", title: "Refresh from Puffle" }, "↻ Refresh");
  const [campaign, updateCampaign] = idItem(ctx, "Campaign", "campaign-id", () => ctx.get("campaign_id") ?? "");
  const [node, updateNode] = idItem(ctx, "Node", "node-id", () => ctx.get("node_id") ?? "");
  const version = h("span", { class: "pw-meta-item pw-version", "data-testid": "framework-version" });
  const updated = h("time", { class: "pw-meta-item pw-updated", "data-testid": "updated-at" });
  const checked = h("span", { class: "pw-meta-item pw-checked", "data-testid": "checked-at" });
  const connection = connectionOf(ctx);
  const notice = h("p", { class: "pw-notice", "data-testid": "notice", role: "status", "aria-live": "polite" });
  const error = h("div", { class: "pw-error", "data-testid": "error", role: "alert" });

  ctx.disposer.listen(refresh, "click", () => connectionOf(ctx).action({ type: "refresh" }));

  const renderTitle = () => {
    const t = ctx.localValue("title");
    title.textContent = typeof t === "string" && t.trim() ? t : "Untitled session";
    title.classList.toggle("pw-untitled", !(typeof t === "string" && t.trim()));
  };

  const renderMeta = () => {
    updateCampaign();
    updateNode();
    const v = ctx.get("framework_version");
    version.textContent = v === null || v === undefined ? "Framework —" : `Framework v${v}`;
    const at = ctx.get("updated_at");
    setTime(updated, at, "Updated ");
    show(updated, !!at);
  };

  // Elapsed time while busy: one interval, running only while a task is in flight.
  let stopTimer: (() => void) | null = null;
  const tick = () => {
    const since = ctx.get("busy_since");
    elapsed.textContent = since ? formatElapsed(Date.now() - since) : "";
  };
  const renderChecked = () => {
    const at = ctx.get("checked_at");
    checked.textContent = freshnessText(at);
    checked.title = typeof at === "number" ? `Last read from Puffle: ${fullTimestamp(at)}` : "";
    show(checked, typeof at === "number");
  };
  ctx.disposer.interval(renderChecked, FRESHNESS_TICK_MS);

  const renderStatus = () => {
    const shown = ctx.displayStatus();
    const sending = (ctx.get("outbox") ?? []).some((e) => e.state === "sending" || e.state === "checking");
    setStatusBadge(badge, shown === "idle" && sending ? "sending" : shown);
    const running = ctx.busy() && typeof ctx.get("busy_since") === "number";
    if (running) {
      tick();
      stopTimer ??= ctx.disposer.interval(tick, 1000);
    } else {
      stopTimer?.();
      stopTimer = null;
      elapsed.textContent = "";
    }
    show(elapsed, running);
  };

  const renderNotice = () => {
    notice.textContent = ctx.get("notice") ?? "";
    show(notice, !!ctx.get("notice"));
    error.textContent = ctx.get("error") ?? "";
    show(error, !!ctx.get("error") && !ctx.get("problem")); // the banner says it better
  };

  ctx.on("title", renderTitle);
  ctx.onLocal(renderTitle);
  ctx.on(["campaign_id", "node_id", "framework_version", "updated_at"], renderMeta);
  ctx.on(["status", "task_status", "busy_since", "outbox"], renderStatus);
  ctx.on(["notice", "error", "problem"], renderNotice);
  ctx.on("checked_at", renderChecked);
  renderTitle();
  renderMeta();
  renderStatus();
  renderNotice();
  renderChecked();

  const wrap = h(
    "div",
    { class: "pw-header-wrap" },
    h(
      "header",
      { class: "pw-header" },
      h("div", { class: "pw-title-row" }, title, badge, elapsed, h("span", { class: "pw-spacer" }), refresh),
      // Ids are rarely needed: behind a toggle, so the meta line stays one short line.
      h("div", { class: "pw-meta" }, version, updated, checked, h("details", { class: "pw-ids" }, h("summary", {}, "Ids"), campaign, node)),
    ),
    connection.banner,
    createBanner(ctx),
    notice,
    error,
  );
  // The view's root holds the header once the view is built: watch it from there.
  queueMicrotask(() => {
    if (!ctx.disposer.isDisposed) connection.attach(wrap.closest<HTMLElement>(".puffle-widget") ?? wrap);
  });
  return wrap;
}
