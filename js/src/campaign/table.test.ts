import widget from "./index";
import { campaignModel } from "../test/fixtures";

// The module exports only its default (anywidget warns about a named `render`).
const { render } = widget;

function mount(overrides = {}) {
  const model = campaignModel(overrides);
  const el = document.createElement("div");
  document.body.append(el);
  const cleanup = render({ model, el });
  const rows = () => [...el.querySelectorAll<HTMLTableRowElement>("[data-testid=campaign-row]")];
  return { model, el, cleanup, rows };
}

describe("campaign table", () => {
  afterEach(() => (document.body.textContent = ""));

  it("renders rows with status badges", () => {
    const { el, rows } = mount();
    const root = el.querySelector("[data-testid=campaign-table]") as HTMLElement;
    expect(root.classList.contains("puffle-widget")).toBe(true);
    expect(root.classList.contains("puffle-campaign")).toBe(true);
    expect(rows().map((r) => r.dataset.sessionId)).toEqual(["s-1", "s-2"]);
    expect(rows()[0]?.textContent).toContain("Intro email");
    expect(rows()[1]?.textContent).toContain("Untitled session");
    expect(rows()[1]?.querySelector(".pw-status")?.getAttribute("data-status")).toBe("chat_processing");
    expect(rows()[0]?.querySelector(".pw-var")?.textContent).toBe("{{company}}");
  });

  it("selects a row by click and by keyboard", () => {
    const { model, rows } = mount();
    rows()[1]?.click();
    expect(model.get("selected")).toBe("s-2");
    expect(model.saves).toBe(1);
    expect(rows()[1]?.classList.contains("pw-selected")).toBe(true);
    expect(rows()[1]?.getAttribute("aria-selected")).toBe("true");
    const first = rows()[0] as HTMLTableRowElement;
    first.focus();
    first.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(model.get("selected")).toBe("s-1");
    expect(rows()[1]?.classList.contains("pw-selected")).toBe(false);
    rows()[1]?.dispatchEvent(new KeyboardEvent("keydown", { key: " ", bubbles: true }));
    expect(model.get("selected")).toBe("s-2");
    expect(model.saves).toBe(3);
  });

  it("follows live status, the selection from Python, errors, and empty rows", () => {
    const { model, el, rows } = mount();
    model.kernelSet("rows", model.get("rows").map((r) => ({ ...r, task_status: null })));
    expect(rows()[1]?.querySelector(".pw-status")?.getAttribute("data-status")).toBe("idle");
    model.kernelSet("selected", "s-1");
    expect(rows()[0]?.classList.contains("pw-selected")).toBe(true);
    model.kernelUpdate({ error: "Unauthorized (401)", status: "error" });
    const error = el.querySelector("[data-testid=error]") as HTMLElement;
    expect(error.hidden).toBe(false);
    expect(error.textContent).toBe("Unauthorized (401)");
    model.kernelSet("rows", []);
    expect((el.querySelector("[data-testid=campaign-empty]") as HTMLElement).hidden).toBe(false);
  });

  it("cleans up", () => {
    const { model, el, cleanup } = mount();
    cleanup();
    expect(model.listenerCount()).toBe(0);
    expect(el.children).toHaveLength(0);
  });
});

describe("campaign table, live", () => {
  afterEach(() => {
    document.body.textContent = "";
    vi.useRealTimers();
  });

  it("has Refresh and a freshness line, and reports its visibility", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 3, 22, 10, 0, 0));
    const { model, el } = mount({ checked_at: Date.now() - 30_000 });
    const q = (id: string) => el.querySelector(`[data-testid=${id}]`) as HTMLElement;
    expect(q("checked-at").textContent).toBe("Checked 30 s ago");
    q("refresh").click();
    expect(model.sentOfType("refresh")).toEqual([{ type: "refresh" }]);
    expect(model.sentOfType("visibility")[0]).toMatchObject({ type: "visibility", visible: true });
    expect(model.sentOfType("ping").length).toBeGreaterThan(0);
  });

  it("with no kernel answering: says so, rows stay, opening and Refresh are off", () => {
    vi.useFakeTimers();
    const { model, el, rows, cleanup } = mount();
    vi.advanceTimersByTime(5000);
    const q = (id: string) => el.querySelector(`[data-testid=${id}]`) as HTMLElement;
    expect(q("connection").hidden).toBe(false);
    expect(q("connection").textContent).toContain("Not connected: run the cell to reconnect.");
    expect((q("refresh") as HTMLButtonElement).disabled).toBe(true);
    rows()[1]?.click();
    expect(model.get("selected")).toBeNull();
    expect(rows()).toHaveLength(2);
    const ping = model.sentOfType("ping").at(-1);
    model.emit("msg:custom", { type: "pong", nonce: ping.nonce });
    expect(q("connection").hidden).toBe(true);
    cleanup();
    expect(model.sentOfType("visibility").at(-1)).toMatchObject({ visible: false, gone: true });
  });
});
