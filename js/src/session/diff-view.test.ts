import { diffView, wordDiffView } from "./diff-view";

describe("diffView", () => {
  it("marks lines with classes and +/- and escapes text", () => {
    const el = diffView("a\n<b>old</b>", "a\nnew", { before: "v1", after: "current" });
    const lines = [...el.querySelectorAll(".pw-diff-line")];
    expect(lines.map((l) => l.textContent)).toEqual([" a", "-<b>old</b>", "+new"]);
    expect(lines[1]?.classList.contains("pw-diff-del")).toBe(true);
    expect(lines[2]?.classList.contains("pw-diff-add")).toBe(true);
    expect(el.querySelector("b")).toBeNull();
    expect(el.querySelector(".pw-diff-summary")?.textContent).toContain("+1");
  });

  it("says when nothing differs", () => {
    expect(diffView("x", "x", { before: "a", after: "b" }).textContent).toContain("No differences.");
  });
});

describe("wordDiffView", () => {
  it("marks removed and added words inline, as text", () => {
    const el = wordDiffView("Hi <b>Sarah</b>, long body.", "Hi <b>Sarah</b>, short body.");
    expect(el.querySelector("del")?.textContent).toBe("long ");
    expect(el.querySelector("ins")?.textContent).toBe("short ");
    expect(el.textContent).toBe("Hi <b>Sarah</b>, long short body.");
    expect(el.querySelector("b")).toBeNull();
    expect(wordDiffView("same", "same").textContent).toBe("No differences.");
  });
});
