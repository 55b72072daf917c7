import { SessionContext } from "./context";
import { createHistory, timeline, entryVersion, entryTime } from "./history";
import { sessionModel } from "../test/fixtures";

function setup(overrides = {}) {
  const model = sessionModel(overrides);
  const ctx = new SessionContext(model);
  const el = createHistory(ctx);
  const entries = () => [...el.querySelectorAll<HTMLButtonElement>("[data-testid=history-entry]")];
  return { model, ctx, el, entries };
}

describe("history", () => {
  it("orders newest first by time, then version, then position", () => {
    const t = timeline(
      [{ version: 1, at: "2026-01-01T00:00:00Z" }, { version: 2, at: "2026-01-03T00:00:00Z" }],
      [{ version: 5, at: "2026-01-02T00:00:00Z" }],
    );
    expect(t.map((i) => `${i.kind}${i.index}`)).toEqual(["draft1", "skeleton0", "draft0"]);
    const noTimes = timeline([{ a: 1 }, { b: 2 }], []);
    expect(noTimes.map((i) => i.index)).toEqual([1, 0]);
    expect(entryVersion({ version: "3" })).toBe(3);
    expect(entryTime({ created_at: "2026-01-01T00:00:00Z" })).toBe("2026-01-01T00:00:00Z");
    expect(timeline([null as never, "x" as never], [])).toEqual([]);
  });

  it("lists the entries and shows a diff against the current draft", () => {
    const { el, entries } = setup();
    expect(entries().map((b) => `${b.dataset.kind} ${b.querySelector(".pw-history-version")?.textContent}`)).toEqual([
      "draft v2",
      "draft v1",
      "skeleton v1",
    ]);
    const v1 = entries()[1] as HTMLButtonElement;
    v1.click();
    expect(v1.getAttribute("aria-pressed")).toBe("true");
    const del = [...el.querySelectorAll(".pw-diff-del")].map((l) => l.textContent);
    const add = [...el.querySelectorAll(".pw-diff-add")].map((l) => l.textContent);
    expect(del).toEqual(["-Subject: Hello {{company}}", "-old line"]);
    expect(add).toEqual(["+Subject: Quick question about {{company}}", "+We help %company% teams."]);
    v1.click();
    expect(el.querySelector(".pw-diff")).toBeNull();
  });

  it("diffs skeleton entries field by field as text and tolerates odd entries", () => {
    const { el, entries, model } = setup({ draft_history: [{ note: "free form" }] });
    (entries().find((b) => b.dataset.kind === "skeleton") as HTMLButtonElement).click();
    const hook = el.querySelector("[data-testid=skeleton-diff] [data-key=hook]");
    expect(hook?.querySelector("h4")?.textContent).toBe("Hook");
    expect(hook?.querySelector(".pw-diff-del")?.textContent).toBe("-question");
    expect(el.querySelector("[data-testid=skeleton-diff]")?.textContent).not.toContain("\\n");
    (entries().find((b) => b.dataset.kind === "draft") as HTMLButtonElement).click();
    expect(el.querySelector(".pw-diff")?.textContent).toContain("free form");
    model.kernelSet("draft_history", []);
    expect(entries().every((b) => b.dataset.kind === "skeleton")).toBe(true);
  });

  it("shows an empty state", () => {
    const { el } = setup({ draft_history: [], skeleton_history: [] });
    expect(el.querySelector(".pw-empty")?.hasAttribute("hidden")).toBe(false);
  });

  it("restores a version through the kernel", () => {
    const { el, model } = setup();
    const restores = [...el.querySelectorAll<HTMLButtonElement>("[data-testid=history-restore]")];
    expect(restores.map((b) => b.textContent)).toEqual(["Restore", "Restore", "Restore"]);
    const skeleton = restores.find((b) => b.dataset.kind === "skeleton") as HTMLButtonElement;
    skeleton.click();
    expect(model.sentOfType("restore")).toEqual([{ type: "restore", kind: "skeleton", index: 0 }]);
    expect(skeleton.disabled).toBe(true);
    model.kernelSet("notice", "Restored v1 of the skeleton.");
    expect(skeleton.disabled).toBe(false);
  });

  it("adds new versions without rebuilding the rows already there", () => {
    const { entries, model } = setup();
    const before = entries();
    model.kernelSet("draft_history", [...model.get("draft_history"), { version: 3, subject: "Newest", at: "2026-04-22T11:00:00Z" }]);
    const after = entries();
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]?.querySelector(".pw-history-summary")?.textContent).toBe("Newest");
    expect(after.slice(1)).toEqual(before);
  });

  it("keeps history indices when odd entries sit in between", () => {
    const { el } = setup({ draft_history: ["odd" as never, { version: 4, subject: "x" }] });
    const restore = el.querySelector<HTMLButtonElement>("[data-testid=history-restore][data-kind=draft]");
    expect(restore?.dataset.index).toBe("1");
  });
});
