// Template variables: `%name%` (canonical, what Puffle's resolver substitutes) and `{{ name }}`
// (seen in the API's examples). Highlighting builds DOM nodes; text is never parsed as HTML.
import type { SampleLead } from "../types";
import { h } from "./dom";

export interface VarMatch {
  /** The whole token as written, e.g. `%first_name%` or `{{ company }}`. */
  raw: string;
  name: string;
  syntax: "percent" | "braces";
  start: number;
  end: number;
}

const VAR_SOURCE = String.raw`%([A-Za-z_][A-Za-z0-9_]*)%|\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}`;

/** A fresh global regex (callers must not share `lastIndex`). */
export function varRegex(): RegExp {
  return new RegExp(VAR_SOURCE, "g");
}

export function findVars(text: string | null | undefined): VarMatch[] {
  const out: VarMatch[] = [];
  if (!text) return out;
  for (const m of text.matchAll(varRegex())) {
    const percent = m[1];
    out.push({
      raw: m[0],
      name: (percent ?? m[2] ?? "") as string,
      syntax: percent !== undefined ? "percent" : "braces",
      start: m.index ?? 0,
      end: (m.index ?? 0) + m[0].length,
    });
  }
  return out;
}

/** Names used in `text` that are not in `known` (empty `known` = nothing is unknown). */
export function unknownVars(text: string | null | undefined, known: readonly string[]): string[] {
  if (!known.length) return [];
  const set = new Set(known);
  const out: string[] = [];
  for (const v of findVars(text)) if (!set.has(v.name) && !out.includes(v.name)) out.push(v.name);
  return out;
}

/** Text split into text nodes and `<span class="pw-var">` nodes; unknown ones get flagged. */
export function highlightVars(text: string | null | undefined, known: readonly string[] = []): DocumentFragment {
  const frag = document.createDocumentFragment();
  const src = text ?? "";
  const set = new Set(known);
  let at = 0;
  for (const v of findVars(src)) {
    if (v.start > at) frag.append(src.slice(at, v.start));
    const unknown = known.length > 0 && !set.has(v.name);
    frag.append(
      h(
        "span",
        {
          class: unknown ? "pw-var pw-var-unknown" : "pw-var",
          "data-var": v.name,
          title: unknown ? `Unknown variable: ${v.name}` : `Variable: ${v.name}`,
        },
        v.raw,
      ),
    );
    at = v.end;
  }
  if (at < src.length) frag.append(src.slice(at));
  return frag;
}

function scalar(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

const normalise = (name: string) => name.toLowerCase().replace(/[_\s-]/g, "");

/** The variable values a lead provides: its fields, its custom fields, a derived full_name. */
export function leadValues(lead: SampleLead | null | undefined): Map<string, string> {
  const values = new Map<string, string>();
  if (!lead) return values;
  for (const [key, value] of Object.entries(lead)) {
    const s = scalar(value);
    if (s !== null) values.set(key, s);
  }
  const custom = lead.custom_fields;
  if (custom && typeof custom === "object") {
    for (const [key, value] of Object.entries(custom)) {
      const s = scalar(value);
      if (s === null) continue;
      values.set(`custom_fields.${key}`, s);
      if (!values.has(key)) values.set(key, s);
    }
  }
  if (!values.has("full_name")) {
    const full = [scalar(lead.first_name), scalar(lead.last_name)].filter(Boolean).join(" ");
    if (full) values.set("full_name", full);
  }
  return values;
}

/** Look a variable up: exact name, then last path segment, then case/underscore-insensitive. */
export function lookupVar(values: Map<string, string>, name: string): string | null {
  const direct = values.get(name);
  if (direct !== undefined) return direct;
  const tail = name.includes(".") ? values.get(name.slice(name.lastIndexOf(".") + 1)) : undefined;
  if (tail !== undefined) return tail;
  const wanted = normalise(name);
  for (const [key, value] of values) if (normalise(key) === wanted) return value;
  return null;
}

/** Fill variables from a lead; a variable without a value stays as written. */
export function fillVars(text: string | null | undefined, lead: SampleLead | null | undefined): string {
  const values = leadValues(lead);
  return (text ?? "").replace(varRegex(), (raw, p: string | undefined, b: string | undefined) => {
    return lookupVar(values, (p ?? b) as string) ?? raw;
  });
}

/** Like fillVars, as DOM: filled values in `.pw-var-filled`, missing ones in `.pw-var-missing`. */
export function fillVarsToNodes(text: string | null | undefined, lead: SampleLead | null | undefined): DocumentFragment {
  const values = leadValues(lead);
  const frag = document.createDocumentFragment();
  const src = text ?? "";
  let at = 0;
  for (const v of findVars(src)) {
    if (v.start > at) frag.append(src.slice(at, v.start));
    const value = lookupVar(values, v.name);
    frag.append(
      value === null
        ? h("span", { class: "pw-var pw-var-missing", title: `No value for ${v.name} in this lead` }, v.raw)
        : h("span", { class: "pw-var-filled", title: v.raw }, value),
    );
    at = v.end;
  }
  if (at < src.length) frag.append(src.slice(at));
  return frag;
}

/** A short display name for a lead. */
export function leadName(lead: SampleLead, index: number): string {
  const values = leadValues(lead);
  const name = values.get("full_name");
  const company = scalar(lead.company);
  if (name && company) return `${name} (${company})`;
  return name ?? company ?? `Lead ${index + 1}`;
}
