import { render } from "./index";
import { labModel, labRow } from "./fixtures";

const mounted: (() => void)[] = [];

function mount(overrides = {}) {
  const model = labModel(overrides);
  const el = document.createElement("div");
  document.body.append(el);
  const cleanup = render({ model, el });
  mounted.push(cleanup);
  const q = <T extends HTMLElement>(id: string) => el.querySelector(`[data-testid=${id}]`) as T;
  const columns = () => [...el.querySelectorAll<HTMLElement>("[data-testid=lab-column]")];
  return { model, el, cleanup, q, columns };
}

describe("lab grid", () => {
  afterEach(() => {
    for (const cleanup of mounted.splice(0)) cleanup();
    vi.useRealTimers();
    document.body.textContent = "";
  });

  it("renders a column per variant, progress, the baseline and Stop", () => {
    const { q, columns, el } = mount();
    const root = q("lab-grid");
    expect(root.classList.contains("puffle-widget")).toBe(true);
    expect(root.classList.contains("puffle-lab")).toBe(true);
    expect(columns().map((c) => c.dataset.variant)).toEqual(["A", "B", "C"]);
    expect(columns().map((c) => c.dataset.status)).toEqual(["done", "running", "failed"]);
    expect(q("lab-progress-label").textContent).toContain("2 of 3 variants finished");
    expect(q<HTMLSelectElement>("lab-baseline").value).toBe("A");
    expect(q<HTMLButtonElement>("lab-stop").disabled).toBe(false);
    expect(q("lab-empty").hidden).toBe(true);
    expect(el.querySelector("script")).toBeNull();
  });

  it("follows live updates without rebuilding columns", () => {
    const { model, columns, q } = mount();
    const [a, b] = columns();
    const note = b?.querySelector("[data-testid=lab-note]") as HTMLTextAreaElement;
    note.focus();
    note.value = "typing…";
    model.kernelUpdate({
      variants: [labRow(), labRow({ name: "B", status: "done", elapsed_ms: 3000 }), labRow({ name: "C", status: "failed", error: "x" })],
      progress: { variants: 3, finished: 3, failed: 1, skipped: 0, turns: 6, turns_done: 6 },
      run_state: "done",
    });
    expect(columns()[0]).toBe(a);
    expect(columns()[1]).toBe(b);
    expect(b?.dataset.status).toBe("done");
    expect(note.value).toBe("typing…");
    expect(document.activeElement).toBe(note);
    expect(q<HTMLButtonElement>("lab-stop").disabled).toBe(true);
    model.kernelSet("variants", [labRow({ name: "Z" })]);
    expect(columns().map((c) => c.dataset.variant)).toEqual(["Z"]);
  });

  it("sends Stop once, and shows Stopping", () => {
    const { model, q } = mount();
    q<HTMLButtonElement>("lab-stop").click();
    expect(model.sentOfType("stop")).toHaveLength(1);
    expect(q<HTMLButtonElement>("lab-stop").disabled).toBe(true);
    model.kernelSet("run_state", "stopping");
    expect(q("lab-stop").textContent).toBe("Stopping…");
  });

  it("sets the baseline and the star in the model", () => {
    const { model, q, columns } = mount();
    const select = q<HTMLSelectElement>("lab-baseline");
    select.value = "B";
    select.dispatchEvent(new Event("change"));
    expect(model.get("baseline")).toBe("B");
    (columns()[2]?.querySelector("[data-testid=lab-star]") as HTMLButtonElement).click();
    expect(model.get("ratings").C).toEqual({ star: true, note: "" });
    expect((columns()[2]?.querySelector(".pw-lab-star-mark") as HTMLElement).hidden).toBe(false);
  });

  it("ticks running variants every second", () => {
    vi.useFakeTimers();
    const { columns } = mount();
    const elapsed = () => columns()[1]?.querySelector("[data-testid=lab-elapsed]")?.textContent;
    expect(elapsed()).toBe("0:01");
    vi.advanceTimersByTime(2000);
    expect(elapsed()).toBe("0:03");
  });

  it("says when there is no run yet", () => {
    const { q } = mount({ variants: [], progress: {}, run_state: "ready" });
    expect(q("lab-empty").hidden).toBe(false);
    expect(q("lab-progress-label").textContent).toBe("No run yet");
    expect(q<HTMLSelectElement>("lab-baseline").disabled).toBe(true);
  });

  it("hides its own snapshot while it lives, and cleans up", () => {
    const { model, el, cleanup } = mount();
    expect(document.getElementById("puffle-fallback-k3y")).not.toBeNull();
    const listeners = model.listenerCount();
    expect(listeners).toBeGreaterThan(0);
    cleanup();
    expect(model.listenerCount()).toBe(0);
    expect(el.children).toHaveLength(0);
    expect(document.getElementById("puffle-fallback-k3y")).toBeNull();
  });
});
