// Real tabs (WAI-ARIA tabs pattern, automatic activation): a tablist of buttons with a roving
// tabindex, arrows / Home / End move between them, and each shows its own panel. Selecting a
// tab never focuses anything inside the panel and never scrolls the page: it only changes what
// the pane shows. A panel's content is built the first time its tab is selected.
import { h, uid } from "./dom";
import type { Disposer } from "./disposer";

export interface TabSpec {
  id: string;
  label: string;
  /** Builds the panel's content, once, when the tab is first selected. */
  build(): HTMLElement;
}

export interface Tabs {
  tablist: HTMLElement;
  /** One `role=tabpanel` element per tab, in order. */
  panels: HTMLElement[];
  tab(id: string): HTMLButtonElement | undefined;
  selected(): string;
  select(id: string, opts?: { focus?: boolean }): void;
  /** Whether the panel of `id` has been built. */
  built(id: string): boolean;
}

const NEXT: Record<string, (i: number, n: number) => number> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowDown: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  ArrowUp: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_i, n) => n - 1,
};

export function createTabs(
  disposer: Disposer,
  specs: TabSpec[],
  options: { label: string; selected?: string; onSelect?(id: string): void },
): Tabs {
  const base = uid("pw-tab");
  const tablist = h("div", { class: "pw-tabs", role: "tablist", "aria-label": options.label });
  const buttons = new Map<string, HTMLButtonElement>();
  const panels = new Map<string, HTMLElement>();
  const builtIds = new Set<string>();
  let current = options.selected ?? specs[0]?.id ?? "";

  for (const spec of specs) {
    const tabId = `${base}-${spec.id}`;
    const panelId = `${tabId}-panel`;
    const button = h(
      "button",
      { type: "button", class: "pw-tab", role: "tab", id: tabId, "aria-controls": panelId, "data-tab": spec.id, "data-testid": `tab-${spec.id}` },
      h("span", { class: "pw-tab-label" }, spec.label),
    );
    const panel = h("div", { class: "pw-tabpanel", role: "tabpanel", id: panelId, "aria-labelledby": tabId, tabindex: 0, "data-panel": spec.id });
    buttons.set(spec.id, button);
    panels.set(spec.id, panel);
    tablist.append(button);
  }

  const build = (id: string) => {
    if (builtIds.has(id)) return;
    const spec = specs.find((s) => s.id === id);
    const panel = panels.get(id);
    if (!spec || !panel) return;
    builtIds.add(id);
    panel.append(spec.build());
  };

  const select = (id: string, opts: { focus?: boolean } = {}) => {
    if (!buttons.has(id)) return;
    const changed = id !== current;
    current = id;
    build(id);
    for (const [key, button] of buttons) {
      const on = key === id;
      button.setAttribute("aria-selected", on ? "true" : "false");
      button.tabIndex = on ? 0 : -1;
      button.classList.toggle("pw-tab-selected", on);
      const panel = panels.get(key);
      if (panel) panel.hidden = !on;
    }
    if (opts.focus) buttons.get(id)?.focus({ preventScroll: true });
    if (changed) options.onSelect?.(id);
  };

  disposer.listen<MouseEvent>(tablist, "click", (e) => {
    const button = (e.target as Element).closest<HTMLButtonElement>("[role=tab]");
    if (button?.dataset.tab) select(button.dataset.tab);
  });
  disposer.listen<KeyboardEvent>(tablist, "keydown", (e) => {
    const move = NEXT[e.key];
    if (!move || e.altKey || e.ctrlKey || e.metaKey) return;
    const ids = specs.map((s) => s.id);
    const next = ids[move(Math.max(0, ids.indexOf(current)), ids.length)];
    e.preventDefault(); // arrows and Home/End would scroll the notebook
    if (next) select(next, { focus: true });
  });

  select(current);
  return {
    tablist,
    panels: specs.map((s) => panels.get(s.id) as HTMLElement),
    tab: (id) => buttons.get(id),
    selected: () => current,
    select,
    built: (id) => builtIds.has(id),
  };
}
