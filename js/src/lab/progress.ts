// The run's progress bar: finished turns out of all turns (a finished variant counts all of
// its turns), with a line saying how many variants finished, failed and were skipped.
import { h } from "../lib/dom";
import type { LabProgress, RunState } from "./types";

export interface ProgressView {
  el: HTMLElement;
  update(progress: Partial<LabProgress>, state: RunState): void;
}

const STATE_LABELS: Record<RunState, string> = {
  ready: "Not started",
  running: "Running",
  stopping: "Stopping: running variants finish, the rest are skipped",
  done: "Done",
};

export function progressLabel(p: Partial<LabProgress>, state: RunState): string {
  const variants = p.variants ?? 0;
  if (!variants) return "No run yet";
  const parts = [`${p.finished ?? 0} of ${variants} variants finished`];
  if (p.failed) parts.push(`${p.failed} failed`);
  if (p.skipped) parts.push(`${p.skipped} skipped`);
  parts.push(`${p.turns_done ?? 0} of ${p.turns ?? 0} turns`);
  return `${STATE_LABELS[state] ?? state} · ${parts.join(" · ")}`;
}

export function createProgress(): ProgressView {
  const fill = h("div", { class: "pw-lab-progress-fill" });
  const bar = h(
    "div",
    { class: "pw-lab-progress-bar", role: "progressbar", "aria-label": "Run progress", "aria-valuemin": 0, "data-testid": "lab-progress" },
    fill,
  );
  const label = h("span", { class: "pw-lab-progress-label", "data-testid": "lab-progress-label" });
  const el = h("div", { class: "pw-lab-progress" }, bar, label);
  return {
    el,
    update(p, state) {
      const total = p.turns ?? 0;
      const done = Math.min(p.turns_done ?? 0, total);
      const percent = total ? Math.round((done / total) * 100) : 0;
      bar.setAttribute("aria-valuemax", String(total));
      bar.setAttribute("aria-valuenow", String(done));
      bar.dataset.state = state;
      fill.style.width = `${percent}%`;
      label.textContent = progressLabel(p, state);
    },
  };
}
