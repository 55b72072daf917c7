import { SessionContext } from "./context";
import { createHeader } from "./header";
import { sessionModel } from "../test/fixtures";

function setup(overrides = {}) {
  const model = sessionModel(overrides);
  const ctx = new SessionContext(model);
  const el = createHeader(ctx);
  const q = (id: string) => el.querySelector(`[data-testid=${id}]`) as HTMLElement;
  return { model, ctx, el, q };
}

describe("header", () => {
  afterEach(() => vi.useRealTimers());

  it("shows title, ids, version and idle status", () => {
    const { q } = setup();
    expect(q("title").textContent).toBe("Intro email to VPs of Sales");
    expect(q("campaign-id").textContent).toBe("8c2b2d4e-e29b-41d4-a716-446655440000");
    expect(q("node-id").textContent).toBe("bbbb1111-1111-4111-8111-111111111111");
    expect(q("framework-version").textContent).toBe("Framework v3");
    expect(q("status").dataset.status).toBe("idle");
    expect(q("status").textContent).toBe("Idle");
    expect(q("elapsed").hidden).toBe(true);
    expect(q("notice").hidden).toBe(true);
    expect(q("error").hidden).toBe(true);
    expect(q("error").getAttribute("role")).toBe("alert");
    expect(q("notice").getAttribute("aria-live")).toBe("polite");
  });

  it("ticks the elapsed time while busy and stops when idle", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 3, 22, 10, 0, 0));
    const { q, model } = setup();
    model.kernelUpdate({ status: "chat_processing", task_status: "chat_processing", busy_since: Date.now() - 5000 });
    expect(q("status").dataset.status).toBe("chat_processing");
    expect(q("elapsed").textContent).toBe("0:05");
    vi.advanceTimersByTime(3000);
    expect(q("elapsed").textContent).toBe("0:08");
    expect(vi.getTimerCount()).toBe(1);
    model.kernelUpdate({ status: "idle", task_status: null, busy_since: null });
    expect(q("elapsed").hidden).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("shows notice and error, and sends refresh", () => {
    const { q, model } = setup();
    model.kernelUpdate({ notice: "Saved.", error: "Session not found (404)", status: "error" });
    expect(q("notice").textContent).toBe("Saved.");
    expect(q("error").textContent).toBe("Session not found (404)");
    expect(q("error").hidden).toBe(false);
    expect(q("status").textContent).toBe("Error");
    q("refresh").click();
    expect(model.sent).toEqual([{ type: "refresh" }]);
  });

  it("falls back for a missing title and version", () => {
    const { q } = setup({ title: null, framework_version: null });
    expect(q("title").textContent).toBe("Untitled session");
    expect(q("framework-version").textContent).toBe("Framework —");
  });

  it("shows the server's task while the widget status says idle", () => {
    const { q } = setup({ task_status: "generating_examples" });
    expect(q("status").dataset.status).toBe("generating_examples");
  });
});
