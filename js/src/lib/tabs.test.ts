import { Disposer } from "./disposer";
import { h } from "./dom";
import { createTabs } from "./tabs";

function setup() {
  const disposer = new Disposer();
  const builds: string[] = [];
  const selected: string[] = [];
  const spec = (id: string) => ({
    id,
    label: id[0]?.toUpperCase() + id.slice(1),
    build: () => {
      builds.push(id);
      return h("div", {}, h("input", { "data-testid": `${id}-field` }), `${id} content`);
    },
  });
  const tabs = createTabs(disposer, ["draft", "skeleton", "history"].map(spec), { label: "Sections", onSelect: (id) => selected.push(id) });
  const root = h("div", {}, tabs.tablist, tabs.panels);
  document.body.append(root);
  const key = (target: Element, k: string) => target.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true }));
  return { disposer, tabs, builds, selected, root, key };
}

describe("tabs", () => {
  afterEach(() => (document.body.textContent = ""));

  it("are an ARIA tablist whose tabs control their panels", () => {
    const { tabs } = setup();
    expect(tabs.tablist.getAttribute("role")).toBe("tablist");
    const draft = tabs.tab("draft") as HTMLButtonElement;
    expect(draft.getAttribute("role")).toBe("tab");
    expect(draft.getAttribute("aria-selected")).toBe("true");
    expect(draft.tabIndex).toBe(0);
    expect(tabs.tab("history")?.tabIndex).toBe(-1);
    const panel = document.getElementById(draft.getAttribute("aria-controls") ?? "");
    expect(panel?.getAttribute("role")).toBe("tabpanel");
    expect(panel?.getAttribute("aria-labelledby")).toBe(draft.id);
    expect(tabs.panels.map((p) => p.hidden)).toEqual([false, true, true]);
    expect(draft.textContent).toBe("Draft"); // the accessible name is the visible label
    expect(draft.hasAttribute("aria-label")).toBe(false);
  });

  it("builds a panel only when its tab is first opened", () => {
    const { tabs, builds } = setup();
    expect(builds).toEqual(["draft"]);
    (tabs.tab("history") as HTMLButtonElement).click();
    tabs.select("draft");
    tabs.select("history");
    expect(builds).toEqual(["draft", "history"]);
    expect(tabs.built("skeleton")).toBe(false);
  });

  it("clicking a tab shows its panel and moves no focus into a field", () => {
    const { tabs, root } = setup();
    const skeleton = tabs.tab("skeleton") as HTMLButtonElement;
    skeleton.focus();
    skeleton.click();
    expect(tabs.selected()).toBe("skeleton");
    expect(tabs.panels.map((p) => p.hidden)).toEqual([true, false, true]);
    expect(document.activeElement).toBe(skeleton);
    expect(root.querySelector("input:focus")).toBeNull();
  });

  it("arrows, Home and End move between tabs, wrapping, and select them", () => {
    const { tabs, key, selected } = setup();
    const draft = tabs.tab("draft") as HTMLButtonElement;
    draft.focus();
    key(draft, "ArrowRight");
    expect(tabs.selected()).toBe("skeleton");
    expect(document.activeElement).toBe(tabs.tab("skeleton"));
    key(document.activeElement as Element, "End");
    expect(tabs.selected()).toBe("history");
    key(document.activeElement as Element, "ArrowRight");
    expect(tabs.selected()).toBe("draft");
    key(document.activeElement as Element, "ArrowLeft");
    expect(tabs.selected()).toBe("history");
    key(document.activeElement as Element, "Home");
    expect(tabs.selected()).toBe("draft");
    expect(selected).toEqual(["skeleton", "history", "draft", "history", "draft"]);
  });

  it("stops listening on dispose", () => {
    const { tabs, disposer } = setup();
    disposer.dispose();
    (tabs.tab("history") as HTMLButtonElement).click();
    expect(tabs.selected()).toBe("draft");
  });
});
