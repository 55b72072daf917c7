// A JSON text editor for an object value: parses on each input, shows a validation error and
// keeps the user's text as typed while it does not parse (nothing is sent until it does).
import { h, show, uid } from "../lib/dom";
import type { Disposer } from "../lib/disposer";
import { isPlainObject, prettyJson } from "../lib/json";

export interface JsonFieldOptions {
  label: string;
  testid: string;
  /** Keys edited elsewhere in the form; using them here is an error. */
  reserved: ReadonlySet<string>;
  onChange(value: Record<string, unknown>): void;
}

export interface JsonField {
  el: HTMLElement;
  /** The text does not parse (or breaks a rule): the last valid value is what was sent. */
  invalid(): boolean;
}

export function parseJsonObject(text: string, reserved: ReadonlySet<string>): { value?: Record<string, unknown>; error?: string } {
  if (!text.trim()) return { value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `Invalid JSON: ${(err as Error).message}` };
  }
  if (!isPlainObject(value)) return { error: "Must be a JSON object ({ … })." };
  const clash = Object.keys(value).filter((k) => reserved.has(k));
  if (clash.length) return { error: `Edit ${clash.map((k) => `"${k}"`).join(", ")} in the fields above, not here.` };
  return { value };
}

export function createJsonField(disposer: Disposer, initial: Record<string, unknown>, options: JsonFieldOptions): JsonField {
  const id = uid("pw-json");
  const text = Object.keys(initial).length ? prettyJson(initial) : "{}";
  const area = h("textarea", {
    id,
    class: "pw-json",
    "data-testid": options.testid,
    "aria-label": options.label,
    spellcheck: "false",
    rows: Math.min(16, Math.max(3, text.split("\n").length)),
  });
  area.value = text;
  const error = h("p", { class: "pw-json-error", "data-testid": `${options.testid}-error`, role: "alert", id: `${id}-error` });
  show(error, false);
  let invalid = false;

  disposer.listen(area, "input", () => {
    const parsed = parseJsonObject(area.value, options.reserved);
    invalid = parsed.value === undefined;
    error.textContent = parsed.error ?? "";
    show(error, invalid);
    area.setAttribute("aria-invalid", invalid ? "true" : "false");
    if (invalid) area.setAttribute("aria-describedby", error.id);
    else area.removeAttribute("aria-describedby");
    if (parsed.value) options.onChange(parsed.value);
  });

  const el = h("div", { class: "pw-field pw-json-field" }, h("label", { class: "pw-label", for: id }, options.label), area, error);
  return { el, invalid: () => invalid };
}
