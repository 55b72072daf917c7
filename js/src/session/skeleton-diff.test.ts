import { changedSkeletonFields, skeletonDiffView, skeletonFields } from "./skeleton-diff";

const before = {
  hook: "pattern-interrupt question",
  body: "Hi %first_name%,\nLine two",
  blocks: [{ name: "Opener", strategy: "Role and company", personalization: { fields: ["first_name", "company"], approach: "One line" } }],
  tone: { formality: "casual" },
};

describe("skeleton as text", () => {
  it("lists fields under labels, blocks as readable paragraphs, no JSON escapes", () => {
    const fields = skeletonFields(before);
    expect(fields.map((f) => f.label)).toEqual(["Hook", "Body", "Blocks", "Tone"]);
    expect(fields[1]?.text).toBe("Hi %first_name%,\nLine two");
    expect(fields[2]?.text).toBe("1. Opener\n   Strategy: Role and company\n   Fields: first_name, company\n   Approach: One line");
    expect(fields.map((f) => f.text).join("\n")).not.toContain("\\n");
    expect(skeletonFields(null)).toEqual([]);
  });

  it("diffs only the fields that changed", () => {
    const after = { ...before, body: "Hi %first_name%,\nLine 2", cta: "Worth a chat?" };
    const changed = changedSkeletonFields(before, after);
    expect(changed.map((f) => f.label)).toEqual(["Call to action", "Body"]);
    const el = skeletonDiffView(before, after, { before: "v1", after: "current" });
    expect([...el.querySelectorAll("h4")].map((x) => x.textContent)).toEqual(["Call to action", "Body"]);
    expect([...el.querySelectorAll(".pw-diff-del")].map((x) => x.textContent)).toEqual(["-Line two"]);
    expect(skeletonDiffView(before, before, { before: "a", after: "b" }).textContent).toContain("No differences.");
    expect(skeletonDiffView(before, after, { before: "a", after: "b" }, "words").querySelector("[data-key=body] ins")?.textContent).toBe("2");
  });
});
