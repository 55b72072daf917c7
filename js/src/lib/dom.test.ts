import { h, replaceChildren, hasFocusWithin } from "./dom";

describe("h", () => {
  it("sets attributes and text children, never markup", () => {
    const el = h("div", { class: "a", "data-x": 1, hidden: true, title: null }, "<b>x</b>", 2);
    expect(el.className).toBe("a");
    expect(el.getAttribute("data-x")).toBe("1");
    expect(el.hasAttribute("hidden")).toBe(true);
    expect(el.hasAttribute("title")).toBe(false);
    expect(el.querySelector("b")).toBeNull();
    expect(el.textContent).toBe("<b>x</b>2");
  });

  it("flattens arrays and skips empty children", () => {
    const el = h("ul", {}, [h("li", {}, "a"), null, false, h("li", {}, "b")]);
    expect(el.children.length).toBe(2);
    replaceChildren(el, "only");
    expect(el.textContent).toBe("only");
  });

  it("tracks focus within", () => {
    const wrap = h("div", {}, h("input", {}));
    document.body.append(wrap);
    expect(hasFocusWithin(wrap)).toBe(false);
    (wrap.firstChild as HTMLInputElement).focus();
    expect(hasFocusWithin(wrap)).toBe(true);
    wrap.remove();
  });
});
