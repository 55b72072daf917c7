import { diffLines, diffStats, diffWords, splitLines, splitWords } from "./diff";

const show = (before: string, after: string) =>
  diffLines(before, after).map((l) => ({ eq: " ", add: "+", del: "-" })[l.op] + l.text);

describe("diffLines", () => {
  it("marks equal, added and removed lines", () => {
    expect(show("a\nb\nc", "a\nx\nc\nd")).toEqual([" a", "-b", "+x", " c", "+d"]);
  });

  it("finds the longest common subsequence in the middle", () => {
    expect(show("h\n1\n2\n3\n4\nt", "h\n2\n9\n4\n5\nt")).toEqual([" h", "-1", " 2", "-3", "+9", " 4", "+5", " t"]);
  });

  it("handles empty sides and CRLF", () => {
    expect(show("", "a\nb")).toEqual(["+a", "+b"]);
    expect(show("a\r\nb", "")).toEqual(["-a", "-b"]);
    expect(splitLines(null)).toEqual([]);
    expect(show("same", "same")).toEqual([" same"]);
  });

  it("falls back gracefully on huge inputs", () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join("\n");
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join("\n");
    const stats = diffStats(diffLines(a, b));
    expect(stats).toEqual({ added: 3000, removed: 3000 });
  });
});

describe("diffWords", () => {
  const show = (before: string, after: string) =>
    diffWords(before, after).map((l) => ({ eq: "", add: "+", del: "-" })[l.op] + `[${l.text}]`).join("");

  it("marks changed words and keeps the rest as runs", () => {
    expect(show("Hi Sarah, we help teams.", "Hi Sarah, we help sales teams fast.")).toBe(
      "[Hi Sarah, we help ]-[teams]+[sales teams fast][.]",
    );
  });

  it("keeps variables whole", () => {
    expect(splitWords("  Hi %first_name%, {{ company }}!")).toEqual(["  ", "Hi ", "%first_name%", ", ", "{{ company }}", "!"]);
    expect(show("at %company%", "at %company_name%")).toBe("[at ]-[%company%]+[%company_name%]");
  });

  it("handles empty sides", () => {
    expect(show("", "new text")).toBe("+[new text]");
    expect(show("old", "")).toBe("-[old]");
    expect(diffWords(null, undefined)).toEqual([]);
  });
});
