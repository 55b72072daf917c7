// Status labels and the badge shared by the session view and the campaign table.
import type { WidgetStatus } from "../types";
import { h } from "./dom";

// The one TypeScript table of labels; the static snapshots use the same ones (Python:
// render/formatting.py `STATUS_LABELS`; tests/test_contract.py keeps them equal).
const STATUS_LABELS: Record<string, string> = {
  loading: "Loading…",
  idle: "Idle",
  chat_processing: "Thinking…",
  generating_examples: "Generating examples…",
  reconnecting: "Reconnecting…",
  error: "Error",
  busy: "Working…",
  sending: "Sending…",
};

export function statusLabel(status: string | null | undefined): string {
  const key = status ?? "idle";
  return STATUS_LABELS[key] ?? key.replace(/_/g, " ");
}

/** A task is running on the server (the session accepts no new work). */
export function isBusy(status: WidgetStatus | string | null | undefined, taskStatus: string | null | undefined): boolean {
  return status === "chat_processing" || status === "generating_examples" || (taskStatus ?? null) !== null;
}

/** `<span class="pw-badge pw-status" data-status="…">Label</span>` */
export function statusBadge(status: string | null | undefined, attrs: Record<string, string> = {}): HTMLSpanElement {
  const el = h("span", { class: "pw-badge pw-status", ...attrs });
  setStatusBadge(el, status);
  return el;
}

export function setStatusBadge(el: HTMLElement, status: string | null | undefined): void {
  const raw = status ?? "idle";
  el.dataset.status = raw;
  el.textContent = statusLabel(raw);
  el.title = `Status: ${raw}`;
}
