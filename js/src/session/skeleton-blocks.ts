// The skeleton's `blocks`: one card per block (name, strategy, personalization fields as a
// comma list with chips, approach, fallback). Extra keys of a block are kept untouched.
// One delegated listener per event type serves all cards, so re-rendering adds no listeners.
import { h, replaceChildren } from "../lib/dom";
import type { Disposer } from "../lib/disposer";
import { clone, isPlainObject } from "../lib/json";

type Block = Record<string, unknown>;
type BlockKey = "name" | "strategy" | "fields" | "approach" | "fallback";

export function isBlockList(value: unknown): value is Block[] {
  return Array.isArray(value) && value.every(isPlainObject);
}

const str = (v: unknown): string => (typeof v === "string" ? v : v === null || v === undefined ? "" : JSON.stringify(v));
const personalization = (b: Block): Block => (isPlainObject(b.personalization) ? b.personalization : {});
const fieldsOf = (b: Block): string[] => {
  const f = personalization(b).fields;
  return Array.isArray(f) ? f.map(str) : typeof f === "string" ? [f] : [];
};

export function parseFieldList(text: string): string[] {
  return text.split(",").map((s) => s.trim()).filter(Boolean);
}

/** Set a string key, or drop it when emptied and it was not there to begin with. */
function put(obj: Block, key: string, value: unknown, hadKey: boolean): void {
  const empty = value === "" || (Array.isArray(value) && value.length === 0);
  if (empty && !hadKey) delete obj[key];
  else obj[key] = value;
}

function chips(names: string[]): HTMLElement {
  return h("div", { class: "pw-chips", "aria-hidden": "true" }, names.map((n) => h("span", { class: "pw-chip" }, n)));
}

export function createBlocks(disposer: Disposer, initial: Block[], onChange: (blocks: Block[]) => void): HTMLElement {
  let blocks = clone(initial);
  let originals = clone(initial);
  const list = h("ol", { class: "pw-blocks-list" });
  const add = h("button", { type: "button", class: "pw-btn pw-btn-ghost", "data-action": "add", "data-testid": "add-block" }, "+ Add block");
  const el = h("div", { class: "pw-blocks", "data-testid": "skeleton-blocks" }, h("h4", { class: "pw-subtitle" }, "Blocks"), list, add);

  const input = (i: number, key: BlockKey, label: string, value: string, multiline = false) => {
    const attrs = { class: multiline ? "pw-input pw-textarea" : "pw-input", "data-index": i, "data-key": key };
    const control = multiline ? h("textarea", { ...attrs, rows: 2 }) : h("input", { ...attrs, type: "text" });
    control.value = value;
    return h("label", { class: "pw-block-field" }, h("span", { class: "pw-label" }, label), control);
  };

  const card = (b: Block, i: number) => {
    const p = personalization(b);
    return h(
      "li",
      { class: "pw-block", "data-testid": "skeleton-block" },
      h(
        "div",
        { class: "pw-block-head" },
        h("span", { class: "pw-block-index" }, `${i + 1}`),
        input(i, "name", "Name", str(b.name)),
        h("button", { type: "button", class: "pw-btn pw-btn-ghost pw-btn-danger", "data-action": "remove", "data-index": i, title: `Remove block ${i + 1}` }, "Remove"),
      ),
      input(i, "strategy", "Strategy", str(b.strategy), true),
      input(i, "fields", "Personalization fields (comma separated)", fieldsOf(b).join(", ")),
      chips(fieldsOf(b)),
      input(i, "approach", "Approach", str(p.approach)),
      input(i, "fallback", "Fallback", str(p.fallback)),
    );
  };

  const render = () => replaceChildren(list, blocks.map(card));

  disposer.listen(el, "input", (e) => {
    const target = e.target as HTMLInputElement;
    const i = Number(target.dataset.index);
    const key = target.dataset.key as BlockKey | undefined;
    const block = blocks[i];
    const original = originals[i] ?? {};
    if (!block || !key) return;
    if (key === "name" || key === "strategy") {
      put(block, key, target.value, key in original);
    } else {
      const had = isPlainObject(original.personalization) ? original.personalization : {};
      const p = { ...personalization(block) };
      const value = key === "fields" ? parseFieldList(target.value) : target.value;
      put(p, key, value, key in had);
      if (Object.keys(p).length || "personalization" in original) block.personalization = p;
      else delete block.personalization;
      if (key === "fields") target.closest(".pw-block")?.querySelector(".pw-chips")?.replaceWith(chips(fieldsOf(block)));
    }
    onChange(clone(blocks));
  });

  disposer.listen(el, "click", (e) => {
    const btn = (e.target as Element).closest<HTMLButtonElement>("button[data-action]");
    if (!btn) return;
    if (btn.dataset.action === "remove") {
      const i = Number(btn.dataset.index);
      blocks.splice(i, 1);
      originals.splice(i, 1);
    } else {
      blocks.push({ name: "", strategy: "" });
      originals.push({ name: "", strategy: "" });
    }
    render();
    onChange(clone(blocks));
    if (btn.dataset.action === "add") list.querySelector<HTMLInputElement>(`li:last-child input[data-key=name]`)?.focus();
  });

  render();
  return el;
}

