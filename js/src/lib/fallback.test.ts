import { hideOwnFallback } from "./fallback";

function snapshot(key: string): HTMLElement {
  const el = document.createElement("div");
  el.className = "puffle-fallback";
  el.dataset.puffleFor = key;
  document.body.append(el);
  return el;
}

const hidden = (el: HTMLElement) => getComputedStyle(el).display === "none";

describe("hideOwnFallback", () => {
  afterEach(() => {
    document.body.textContent = "";
  });

  it("hides only the snapshot of the rendered widget, while any of its views lives", () => {
    const mine = snapshot("abc123");
    const other = snapshot("def456");
    const first = hideOwnFallback("abc123");
    const second = hideOwnFallback("abc123");
    expect(hidden(mine)).toBe(true);
    expect(hidden(other)).toBe(false);
    first();
    first();
    expect(hidden(mine)).toBe(true);
    second();
    expect(hidden(mine)).toBe(false);
  });

  it("ignores a missing or odd key", () => {
    const odd = snapshot('x"] , body');
    hideOwnFallback('x"] , body')();
    hideOwnFallback(null)();
    expect(hidden(odd)).toBe(false);
    expect(document.head.querySelectorAll("style[id^=puffle-fallback]")).toHaveLength(0);
  });

  it("hides the box holding nothing but the snapshot, so no empty output remains", () => {
    const box = document.createElement("div");
    const shared = document.createElement("div");
    document.body.append(box, shared);
    const mine = snapshot("k1");
    box.append(mine);
    const other = snapshot("k1");
    shared.append(other, document.createElement("p"));
    const undo = hideOwnFallback("k1");
    expect(hidden(box)).toBe(true);
    expect(hidden(shared)).toBe(false);
    undo();
    expect(hidden(box)).toBe(false);
  });
});
