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

  it("diffs skeleton entries as JSON and tolerates odd entries", () => {
    const { el, entries, model } = setup({ draft_history: [{ note: "free form" }] });
    (entries().find((b) => b.dataset.kind === "skeleton") as HTMLButtonElement).click();
    expect(el.querySelector(".pw-diff-del")?.textContent).toContain('"hook": "question"');
    (entries().find((b) => b.dataset.kind === "draft") as HTMLButtonElement).click();
    expect(el.querySelector(".pw-diff")?.textContent).toContain("free form");
    model.kernelSet("draft_history", []);
    expect(entries().every((b) => b.dataset.kind === "skeleton")).toBe(true);
  });

  it("shows an empty state", () => {
    const { el } = setup({ draft_history: [], skeleton_history: [] });
    expect(el.querySelector(".pw-empty")?.hasAttribute("hidden")).toBe(false);
  });
});
