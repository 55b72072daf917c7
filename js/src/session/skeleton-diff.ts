// A skeleton as readable text, field by field (no JSON with \n escapes): known text keys under
// their labels, blocks as short paragraphs, any other key as a value or indented JSON. Diffs of
// skeletons compare field by field and show only the fields that changed.
import { h } from "../lib/dom";
import { isPlainObject, prettyJson } from "../lib/json";
import { diffView, wordDiffView } from "./diff-view";
import { SKELETON_TEXT_KEYS } from "./skeleton";

export interface SkeletonField {
  key: string;
  label: string;
  text: string;
}

const humanize = (key: string) => {
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
};

const scalar = (v: unknown): string | null =>
  typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : v === null || v === undefined ? "" : null;

function blockText(block: unknown, index: number): string {
  if (!isPlainObject(block)) return `${index + 1}. ${prettyJson(block)}`;
  const lines = [`${index + 1}. ${scalar(block.name) ?? prettyJson(block.name) ?? ""}`.trimEnd()];
  const p = isPlainObject(block.personalization) ? block.personalization : {};
  const fields = Array.isArray(p.fields) ? p.fields.map(String).join(", ") : scalar(p.fields);
  for (const [label, value] of [
    ["Strategy", scalar(block.strategy)],
    ["Fields", fields],
    ["Approach", scalar(p.approach)],
    ["Fallback", scalar(p.fallback)],
  ] as const) {
    if (value) lines.push(`   ${label}: ${value}`);
  }
  const known = new Set(["name", "strategy", "personalization"]);
  for (const [key, value] of Object.entries(block)) {
    if (!known.has(key)) lines.push(`   ${humanize(key)}: ${scalar(value) ?? prettyJson(value)}`);
  }
  return lines.join("\n");
}

/** The fields of a skeleton in reading order, each as plain text. */
export function skeletonFields(skeleton: unknown): SkeletonField[] {
  if (!isPlainObject(skeleton)) return skeleton === null || skeleton === undefined ? [] : [{ key: "", label: "Skeleton", text: prettyJson(skeleton) }];
  const keys = [...Object.keys(SKELETON_TEXT_KEYS).filter((k) => k in skeleton), ...(("blocks" in skeleton) ? ["blocks"] : []), ...Object.keys(skeleton).filter((k) => !(k in SKELETON_TEXT_KEYS) && k !== "blocks")];
  return keys.map((key) => {
    const value = skeleton[key];
    const label = SKELETON_TEXT_KEYS[key] ?? humanize(key);
    if (key === "blocks" && Array.isArray(value)) return { key, label: "Blocks", text: value.map(blockText).join("\n\n") };
    return { key, label, text: scalar(value) ?? prettyJson(value) };
  });
}

/** The fields that differ between two skeletons: [label, before text, after text]. */
export function changedSkeletonFields(before: unknown, after: unknown): { key: string; label: string; before: string; after: string }[] {
  const a = new Map(skeletonFields(before).map((f) => [f.key, f]));
  const b = new Map(skeletonFields(after).map((f) => [f.key, f]));
  const keys = [...new Set([...b.keys(), ...a.keys()])];
  return keys
    .map((key) => ({ key, label: (b.get(key) ?? a.get(key))?.label ?? key, before: a.get(key)?.text ?? "", after: b.get(key)?.text ?? "" }))
    .filter((f) => f.before !== f.after);
}

/** A field-by-field diff of two skeletons: line diffs (history) or word diffs (a turn). */
export function skeletonDiffView(before: unknown, after: unknown, labels: { before: string; after: string }, mode: "lines" | "words" = "lines"): HTMLElement {
  const fields = changedSkeletonFields(before, after);
  const el = h("div", { class: "pw-skeleton-diff", "data-testid": "skeleton-diff" });
  if (!fields.length) {
    el.append(h("p", { class: "pw-diff-summary" }, "No differences."));
    return el;
  }
  for (const f of fields) {
    el.append(
      h(
        "div",
        { class: "pw-skeleton-diff-field", "data-key": f.key },
        h("h4", { class: "pw-subtitle" }, f.label),
        mode === "words" ? wordDiffView(f.before, f.after) : diffView(f.before, f.after, labels),
      ),
    );
  }
  return el;
}
