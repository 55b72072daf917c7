import { Disposer } from "../lib/disposer";
import type { TurnChange } from "../types";
import { changeSummary, turnChangeLine } from "./turn-change";

function change(overrides: Partial<TurnChange> = {}): TurnChange {
  return {
    message_index: 3,
    fields: ["draft_subject", "draft_body"],
    from_version: 3,
    to_version: 4,
    before: { draft_subject: "Hello %company%", draft_body: "My own long body.", skeleton: { hook: "a" } },
    after: { draft_subject: "Quick question about %company%", draft_body: "A short body.", skeleton: { hook: "a" } },
    replaced_hand_edit: [],
    ...overrides,
  };
}

describe("turn change line", () => {
  afterEach(() => (document.body.textContent = ""));

  it("says which fields changed and the versions", () => {
    expect(changeSummary(change())).toBe("Changed subject and body · framework v3 → v4");
    expect(changeSummary(change({ fields: ["title", "draft_body", "skeleton"] }))).toBe("Changed title, body and skeleton · framework v3 → v4");
    expect(changeSummary(change({ fields: [], from_version: 4, to_version: 4 }))).toBe("No change to the draft or skeleton · framework v4");
  });

  it("shows a word diff on demand", () => {
    const el = turnChangeLine(new Disposer(), change(), 0, () => {});
    document.body.append(el);
    const toggle = el.querySelector<HTMLButtonElement>("[data-testid=turn-change-toggle]") as HTMLButtonElement;
    expect(el.querySelector("[data-testid=turn-change-diff]")).toBeNull();
    toggle.click();
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(document.getElementById(toggle.getAttribute("aria-controls") ?? "")?.hidden).toBe(false);
    const body = el.querySelector("[data-field=draft_body]");
    expect(body?.querySelector("del")?.textContent).toBe("My own long ");
    expect(body?.querySelector("ins")?.textContent).toBe("A short ");
    toggle.click();
    expect(toggle.textContent).toBe("Show changes");
  });

  it("offers a replaced hand edit back", () => {
    const asked: number[] = [];
    const el = turnChangeLine(new Disposer(), change({ replaced_hand_edit: ["draft_body"] }), 2, (i) => asked.push(i));
    expect(el.querySelector("[data-testid=replaced-hand-edit]")?.textContent).toContain("replaced your saved edit of the body");
    el.querySelector<HTMLButtonElement>("[data-testid=restore-hand-edit]")?.click();
    expect(asked).toEqual([2]);
    expect(turnChangeLine(new Disposer(), change(), 0, () => {}).querySelector("[data-testid=restore-hand-edit]")).toBeNull();
  });

  it("has no diff toggle when nothing in the draft changed", () => {
    const el = turnChangeLine(new Disposer(), change({ fields: ["title"] }), 0, () => {});
    expect(el.querySelector("[data-testid=turn-change-toggle]")).toBeNull();
  });
});
