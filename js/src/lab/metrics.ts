// A variant's metrics as a small definition list; unknown variables are flagged.
import { h } from "../lib/dom";
import type { LabMetrics } from "./types";

function item(label: string, value: Node | string, attrs: Record<string, string> = {}): HTMLElement[] {
  return [h("dt", {}, label), h("dd", attrs, value)];
}

export function metricsList(m: LabMetrics): HTMLElement {
  const unknown = m.unknown_variables.length
    ? h("span", { class: "pw-var-unknown" }, m.unknown_variables.join(", "))
    : "none";
  return h(
    "dl",
    { class: "pw-lab-metrics", "data-testid": "lab-metrics" },
    item("Subject", `${m.subject_length} chars`),
    item("Body", `${m.body_words} words`),
    item("Variables", m.variables.length ? m.variables.join(", ") : "none"),
    item("Unknown", unknown, { "data-testid": "lab-unknown-vars" }),
    item("Reading", `≈ ${m.reading_seconds} s`),
  );
}
