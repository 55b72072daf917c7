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

const LABEL_LIMIT = 40;

/** The label of a status; one the docs do not list yet reads as the Python side words it
 * (render/formatting.py `status_label`): "some_new_state" -> "Some new state". */
export function statusLabel(status: string | null | undefined): string {
  const key = status || "idle";
  const known = STATUS_LABELS[key];
  if (known !== undefined) return known;
  const words = key.split(/\s+/).join(" ").trim().replace(/_/g, " ");
  const text = words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
  return text.length <= LABEL_LIMIT ? text : `${text.slice(0, LABEL_LIMIT - 1).trimEnd()}…`;
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
  el.title = `Status: ${statusLabel(raw)}`;
}
