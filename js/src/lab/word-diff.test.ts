import { diffSummary, wordDiff } from "./word-diff";
import type { DiffPiece } from "./types";

describe("word diff", () => {
  const pieces: DiffPiece[] = [
    ["eq", "We help"],
    ["del", " VPs of Sales"],
    ["add", " founders <b>now</b>"],
    ["eq", " sell more."],
  ];

  it("marks added and removed words, as text only", () => {
    const div = document.createElement("div");
    div.append(wordDiff(pieces));
    expect(div.textContent).toBe("We help VPs of Sales founders <b>now</b> sell more.");
    expect(div.querySelector("del.pw-lab-del")?.textContent).toBe(" VPs of Sales");
    expect(div.querySelector("ins.pw-lab-add")?.textContent).toBe(" founders <b>now</b>");
    expect(div.querySelector("b")).toBeNull();
  });

  it("counts words added and removed", () => {
    expect(diffSummary(pieces)).toBe("+2 −3 words");
    expect(diffSummary([])).toBe("+0 −0 words");
  });
});
