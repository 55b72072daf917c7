import { fittedHeight, MAX_DEFAULT_HEIGHT, MIN_HEIGHT, scrollingAncestor, visibleHeight } from "./fit";

function scroller(className: string, height: number): HTMLElement {
  const el = document.createElement("div");
  el.className = className;
  el.style.overflowY = "auto";
  Object.defineProperty(el, "clientHeight", { configurable: true, get: () => height });
  return el;
}

describe("fit", () => {
  afterEach(() => (document.body.textContent = ""));

  it("fills the visible area, never more, never less than usable", () => {
    expect(fittedHeight(700, null)).toBe(676);
    expect(fittedHeight(3000, null)).toBe(MAX_DEFAULT_HEIGHT);
    expect(fittedHeight(200, null)).toBe(MIN_HEIGHT);
    expect(fittedHeight(700, 500)).toBe(500);
    expect(fittedHeight(700, 5000)).toBe(676); // a chosen height is capped too
    expect(fittedHeight(700, 10)).toBe(MIN_HEIGHT);
  });

  it("measures the notebook's scrolling element, preferring the known ones", () => {
    const outer = scroller("jp-WindowedPanel-outer", 540);
    const inner = scroller("some-output-scroller", 200);
    const el = document.createElement("div");
    inner.append(el);
    outer.append(inner);
    document.body.append(outer);
    expect(scrollingAncestor(el)).toBe(outer);
    expect(visibleHeight(el)).toBe(Math.min(540, window.innerHeight));
  });

  it("uses the nearest scroller elsewhere, across a shadow root, or the window", () => {
    const app = scroller("app", 480);
    const host = document.createElement("div");
    app.append(host);
    document.body.append(app);
    const el = document.createElement("div");
    host.attachShadow({ mode: "open" }).append(el);
    expect(scrollingAncestor(el)).toBe(app);
    const loose = document.createElement("div");
    document.body.append(loose);
    expect(scrollingAncestor(loose)).toBeNull();
    expect(visibleHeight(loose)).toBe(window.innerHeight);
  });
});
