// The problem banner: what went wrong in the user's words (the kernel writes `problem`), what
// to do, a countdown to the next automatic retry with "Retry now", credits for a 402, and the
// status code and request id in a details line. Dismissing hides it at once and tells the
// kernel.
import { h, show } from "../lib/dom";
import type { Problem } from "../types";
import type { SessionContext } from "./context";
import { connectionOf } from "./connection";

/** Seconds until `retryAt` (epoch ms), never below 0. */
export function secondsUntil(retryAt: number, now = Date.now()): number {
  return Math.max(0, Math.ceil((retryAt - now) / 1000));
}

/** "Retrying in 12 s" / "Retrying now…" */
export function countdownText(retryAt: number, now = Date.now()): string {
  const left = secondsUntil(retryAt, now);
  return left > 0 ? `Retrying in ${left} s.` : "Retrying now…";
}

/** The details line: status code and request id, when known. */
export function detailsText(problem: Problem): string {
  const parts: string[] = [];
  if (problem.status !== null && problem.status !== undefined) parts.push(`HTTP ${problem.status}`);
  if (problem.request_id) parts.push(`request id ${problem.request_id}`);
  return parts.join(" · ");
}

/** Lines about credits, for a 402 that said how many there are and are needed. */
export function creditsText(problem: Problem): string {
  const parts: string[] = [];
  if (typeof problem.balance === "number") parts.push(`Balance: ${problem.balance}`);
  if (typeof problem.required === "number") parts.push(`needed: ${problem.required}`);
  return parts.join(" · ");
}

const AUTO_RETRY = new Set(["rate_limited", "server", "network"]);

export function createBanner(ctx: SessionContext): HTMLElement {
  const connection = connectionOf(ctx);
  const title = h("strong", { class: "pw-banner-title", "data-testid": "banner-title" });
  const detail = h("span", { class: "pw-banner-detail", "data-testid": "banner-detail" });
  const credits = h("p", { class: "pw-banner-credits", "data-testid": "banner-credits" });
  const countdown = h("span", { class: "pw-banner-countdown", "data-testid": "banner-countdown" });
  const details = h("small", { class: "pw-banner-details", "data-testid": "banner-details" });
  const retryNow = h("button", { type: "button", class: "pw-btn pw-btn-ghost", "data-testid": "retry-now" }, "Retry now");
  const dismiss = h("button", { type: "button", class: "pw-btn pw-btn-ghost pw-banner-dismiss", "data-testid": "dismiss", "data-offline-ok": true }, "Dismiss");
  const el = h(
    "div",
    { class: "pw-banner", "data-testid": "banner", role: "alert" },
    h("div", { class: "pw-banner-text" }, title, " ", detail, " ", countdown, credits, details),
    h("div", { class: "pw-banner-actions" }, retryNow, dismiss),
  );

  let dismissed: Problem | null = null;
  let stopTimer: (() => void) | null = null;

  const tick = () => {
    const problem = ctx.get("problem");
    const at = problem?.retry_at;
    countdown.textContent = typeof at === "number" ? countdownText(at) : "";
    show(countdown, typeof at === "number");
    if (typeof at !== "number" || secondsUntil(at) === 0) {
      stopTimer?.();
      stopTimer = null;
    }
  };

  const render = () => {
    const problem = ctx.get("problem");
    const visible = !!problem && problem !== dismissed;
    show(el, visible);
    if (!problem || !visible) {
      stopTimer?.();
      stopTimer = null;
      return;
    }
    el.dataset.kind = problem.kind;
    title.textContent = problem.title;
    // The countdown says when; the kernel's "Retrying in N s" would go stale.
    detail.textContent = typeof problem.retry_at === "number" ? problem.detail.replace(/Retrying in \d+ s\.\s*/, "") : problem.detail;
    credits.textContent = creditsText(problem);
    show(credits, !!credits.textContent);
    const raw = ctx.get("error") ?? "";
    details.textContent = [detailsText(problem), raw].filter(Boolean).join(" — ");
    show(details, !!details.textContent);
    show(retryNow, problem.retryable && AUTO_RETRY.has(problem.kind));
    tick();
    if (typeof problem.retry_at === "number" && stopTimer === null) stopTimer = ctx.disposer.interval(tick, 1000);
  };

  ctx.disposer.listen(retryNow, "click", () => connection.action({ type: "retry_now" }));
  ctx.disposer.listen(dismiss, "click", () => {
    dismissed = ctx.get("problem");
    show(el, false);
    connection.action({ type: "dismiss" });
  });
  ctx.on(["problem", "error"], render);
  render();
  return el;
}
