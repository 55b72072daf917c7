import { Disposer } from "../lib/disposer";
import { createColumn, type ColumnContext } from "./column";
import { labModel, labRow } from "./fixtures";

function mount(name = "A") {
  const model = labModel();
  const view = createColumn(name, model, new Disposer());
  document.body.append(view.el);
  const q = (id: string) => view.el.querySelector(`[data-testid=${id}]`) as HTMLElement;
  const ctx = (overrides: Partial<ColumnContext> = {}): ColumnContext => ({
    row: labRow({ name }),
    rating: { star: false, note: "" },
    baseline: "A",
    knownVars: ["first_name", "company"],
    receivedAt: 1_000,
    ...overrides,
  });
  return { model, view, q, ctx };
}

describe("variant column", () => {
  afterEach(() => (document.body.textContent = ""));

  it("shows a finished variant: status, turns, time, draft, skeleton, metrics, fills", () => {
    const { view, q, ctx } = mount();
    view.update(ctx());
    expect(view.el.dataset.status).toBe("done");
    expect(q("lab-status").textContent).toBe("Done");
    expect(q("lab-turns").textContent).toBe("turn 2 of 2");
    expect(q("lab-elapsed").textContent).toBe("0:04");
    expect(q("lab-subject").textContent).toBe("An idea for %company%");
    expect(q("lab-body").querySelector(".pw-var-unknown")?.textContent).toBe("%nickname%");
    expect(q("lab-skeleton").textContent).toContain("Observation from peers");
    expect(q("lab-metrics").textContent).toContain("6 words");
    expect(q("lab-diff").textContent).toContain("The baseline.");
    expect(q("lab-filled").textContent).toContain("Sarah Lee (Acme)");
    expect(q("lab-error").hidden).toBe(true);
    expect(view.el.querySelector("summary")?.textContent).toBe("2 messages");
  });

  it("shows the word diff against the baseline", () => {
    const { view, q, ctx } = mount("B");
    view.update(ctx({ row: labRow({ name: "B", diff: { subject: [["eq", "An idea"]], body: [["del", "old"], ["add", " new words"]] } }) }));
    expect(q("lab-diff").querySelector(".pw-lab-part-title")?.textContent).toBe("Against A");
    expect(q("lab-diff").textContent).toContain("+2 −1 words");
    expect(q("lab-diff").querySelector("ins")?.textContent).toBe(" new words");
  });

  it("says when the baseline has no draft to compare with", () => {
    const { view, q, ctx } = mount("B");
    view.update(ctx({ row: labRow({ name: "B", diff: null }) }));
    expect(q("lab-diff").textContent).toContain("Baseline A has no draft to compare with");
  });

  it("ticks a running variant's elapsed time on from when its row arrived", () => {
    const { view, q, ctx } = mount("B");
    view.update(ctx({ row: labRow({ name: "B", status: "running", elapsed_ms: 1_000, subject: null, body: null, metrics: null, filled: [] }) }));
    expect(q("lab-status").textContent).toBe("Running…");
    expect(q("lab-draft").textContent).toContain("No draft yet.");
    view.tick(4_500);
    expect(q("lab-elapsed").textContent).toBe("0:04");
    view.update(ctx({ row: labRow({ name: "B", status: "done", elapsed_ms: 5_000 }) }));
    view.tick(60_000);
    expect(q("lab-elapsed").textContent).toBe("0:05");
  });

  it("shows a failed variant's error, a notice, and the star", () => {
    const { view, q, ctx } = mount("C");
    view.update(ctx({ row: labRow({ name: "C", status: "failed", error: "NotFoundError: <gone>", notice: "Promoted to x.", subject: null, body: null, metrics: null, filled: [] }), rating: { star: true, note: "" } }));
    expect(view.el.dataset.status).toBe("failed");
    expect(q("lab-error").hidden).toBe(false);
    expect(q("lab-error").textContent).toBe("NotFoundError: <gone>");
    expect(q("lab-notice").textContent).toBe("Promoted to x.");
    expect((view.el.querySelector(".pw-lab-star-mark") as HTMLElement).hidden).toBe(false);
    expect((q("lab-promote") as HTMLButtonElement).disabled).toBe(true);
  });
});
