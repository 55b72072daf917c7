// One variant's column: its status, turns and elapsed time while it runs; then its draft,
// skeleton summary, metrics, the word diff against the baseline, the drafts filled per lead,
// and the user's star, note and Promote. A failed variant shows its error.
import type { AnyModel } from "@anywidget/types";
import type { Disposer } from "../lib/disposer";
import { h, replaceChildren, show } from "../lib/dom";
import { formatElapsed } from "../lib/time";
import { highlightVars } from "../lib/vars";
import { filledDrafts } from "./filled";
import { metricsList } from "./metrics";
import { createPromoteForm } from "./promote-form";
import { createRating } from "./rating";
import type { LabModel, LabRow, Rating, VariantStatus } from "./types";
import { diffSummary, wordDiff } from "./word-diff";

const STATUS_LABELS: Record<VariantStatus, string> = {
  pending: "Waiting",
  running: "Running…",
  done: "Done",
  failed: "Failed",
  skipped: "Skipped",
};

export interface ColumnContext {
  row: LabRow;
  rating: Rating | undefined;
  baseline: string;
  knownVars: readonly string[];
  /** When the row arrived (ms): a running variant's elapsed time goes on from there. */
  receivedAt: number;
}

export interface ColumnView {
  el: HTMLElement;
  update(ctx: ColumnContext): void;
  /** Move a running variant's elapsed time on to `now` (ms). */
  tick(now: number): void;
}

function section(title: string, testid: string, ...children: (Node | null)[]): HTMLElement {
  return h("section", { class: "pw-lab-part", "data-testid": testid }, h("h4", { class: "pw-lab-part-title" }, title), ...children);
}

function draftPart(row: LabRow, known: readonly string[]): HTMLElement {
  if (!row.subject && !row.body) return section("Draft", "lab-draft", h("p", { class: "pw-empty" }, "No draft yet."));
  return section(
    "Draft",
    "lab-draft",
    h("div", { class: "pw-lab-subject", "data-testid": "lab-subject" }, highlightVars(row.subject, known)),
    h("div", { class: "pw-lab-text", "data-testid": "lab-body" }, highlightVars(row.body, known)),
  );
}

function skeletonPart(row: LabRow): HTMLElement | null {
  if (!row.skeleton.length) return null;
  const items = row.skeleton.flatMap(([label, text]) => [h("dt", {}, label), h("dd", {}, text)]);
  return section("Skeleton", "lab-skeleton", h("dl", { class: "pw-lab-skeleton" }, items));
}

function diffPart(row: LabRow, baseline: string): HTMLElement | null {
  if (row.name === baseline) return section("Comparison", "lab-diff", h("p", { class: "pw-hint" }, "The baseline."));
  if (!row.diff) {
    const why = `Baseline ${baseline} has no draft to compare with; choose another above.`;
    return section("Comparison", "lab-diff", h("p", { class: "pw-hint" }, why));
  }
  const pieces = [...row.diff.subject, ...row.diff.body];
  return section(
    `Against ${baseline}`,
    "lab-diff",
    h("p", { class: "pw-hint" }, diffSummary(pieces)),
    h("div", { class: "pw-lab-subject pw-lab-diff" }, wordDiff(row.diff.subject)),
    h("div", { class: "pw-lab-text pw-lab-diff" }, wordDiff(row.diff.body)),
  );
}

export function createColumn(name: string, model: AnyModel<LabModel>, disposer: Disposer): ColumnView {
  const badge = h("span", { class: "pw-badge pw-status pw-lab-status", "data-testid": "lab-status" });
  const turns = h("span", { class: "pw-lab-turns", "data-testid": "lab-turns" });
  const elapsed = h("span", { class: "pw-lab-elapsed", "data-testid": "lab-elapsed" });
  const starMark = h("span", { class: "pw-lab-star-mark", "aria-label": "starred" }, "★");
  const head = h(
    "header",
    { class: "pw-lab-column-head" },
    h("h3", { class: "pw-lab-name" }, name, starMark),
    h("div", { class: "pw-lab-meta" }, badge, turns, elapsed),
  );
  const error = h("div", { class: "pw-error", role: "alert", "data-testid": "lab-error" });
  const notice = h("p", { class: "pw-notice", role: "status", "data-testid": "lab-notice" });
  const messages = h("details", { class: "pw-lab-messages" });
  const content = h("div", { class: "pw-lab-content" });
  const rating = createRating(name, model, disposer);
  const promote = createPromoteForm(name, model, disposer);
  const el = h(
    "article",
    { class: "pw-lab-column", role: "listitem", "data-testid": "lab-column", "data-variant": name, "aria-label": `Variant ${name}` },
    head,
    error,
    notice,
    messages,
    content,
    h("footer", { class: "pw-lab-column-foot" }, rating.el, promote.el),
  );

  let running = false;
  let base = 0;
  let receivedAt = 0;
  const showElapsed = (ms: number | null) => {
    elapsed.textContent = ms === null ? "" : formatElapsed(ms);
  };

  return {
    el,
    update({ row, rating: r, baseline, knownVars, receivedAt: at }) {
      el.dataset.status = row.status;
      badge.dataset.status = row.status;
      badge.textContent = STATUS_LABELS[row.status] ?? row.status;
      turns.textContent = `turn ${row.turns_done} of ${row.turns}`;
      running = row.status === "running";
      base = row.elapsed_ms ?? 0;
      receivedAt = at;
      showElapsed(row.elapsed_ms);
      error.textContent = row.error ?? "";
      show(error, Boolean(row.error));
      notice.textContent = row.notice;
      show(notice, Boolean(row.notice));
      const count = row.messages.length;
      replaceChildren(
        messages,
        h("summary", {}, `${count} message${count === 1 ? "" : "s"}`),
        h("ol", {}, row.messages.map((m) => h("li", { class: "pw-lab-text" }, m))),
      );
      replaceChildren(
        content,
        draftPart(row, knownVars),
        skeletonPart(row),
        row.metrics ? section("Metrics", "lab-metrics-part", metricsList(row.metrics)) : null,
        row.subject || row.body ? diffPart(row, baseline) : null,
        filledDrafts(row.filled),
        row.examples ? h("p", { class: "pw-hint" }, `${row.examples} examples generated`) : null,
      );
      starMark.hidden = !r?.star;
      rating.update(r);
      promote.update(row);
    },
    tick(now) {
      if (running) showElapsed(base + Math.max(0, now - receivedAt));
    },
  };
}
