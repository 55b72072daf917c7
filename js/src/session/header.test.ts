import { SessionContext } from "./context";
import { createHeader, freshnessText } from "./header";
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
    const idleTimers = vi.getTimerCount();
    model.kernelUpdate({ status: "chat_processing", task_status: "chat_processing", busy_since: Date.now() - 5000 });
    expect(q("status").dataset.status).toBe("chat_processing");
    expect(q("elapsed").textContent).toBe("0:05");
    vi.advanceTimersByTime(3000);
    expect(q("elapsed").textContent).toBe("0:08");
    expect(vi.getTimerCount()).toBe(idleTimers + 1);
    model.kernelUpdate({ status: "idle", task_status: null, busy_since: null });
    expect(q("elapsed").hidden).toBe(true);
    expect(vi.getTimerCount()).toBe(idleTimers);
  });

  it("shows notice and error, and sends refresh", () => {
    const { q, model } = setup();
    model.kernelUpdate({ notice: "Saved.", error: "Session not found (404)", status: "error" });
    expect(q("notice").textContent).toBe("Saved.");
    expect(q("error").textContent).toBe("Session not found (404)");
    expect(q("error").hidden).toBe(false);
    expect(q("status").textContent).toBe("Error");
    q("refresh").click();
    expect(model.sentOfType("refresh")).toEqual([{ type: "refresh" }]);
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

  it("says how fresh the view is, and shows a message sending as such", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 3, 22, 10, 0, 0));
    const { q, model } = setup();
    expect(q("checked-at").hidden).toBe(true);
    model.kernelUpdate({ checked_at: Date.now() });
    expect(q("checked-at").textContent).toBe("Checked just now");
    vi.advanceTimersByTime(40_000);
    expect(q("checked-at").textContent).toBe("Checked 40 s ago");
    model.kernelUpdate({ outbox: [{ id: "m1", text: "hi", state: "sending", error: null, created_at: 0 }] });
    expect(q("status").dataset.status).toBe("sending");
    expect(q("status").textContent).toBe("Sending…");
  });

  it("words freshness by age", () => {
    const now = 1_000_000_000;
    expect(freshnessText(null, now)).toBe("");
    expect(freshnessText(now - 5_000, now)).toBe("Checked just now");
    expect(freshnessText(now - 30_000, now)).toBe("Checked 30 s ago");
    expect(freshnessText(now - 300_000, now)).toBe("Checked 5 min ago");
    expect(freshnessText(now - 7_200_000, now)).toBe("Checked 2 h ago");
  });

  it("a problem banner replaces the raw error box and carries its text in the details", () => {
    const { q, el, model } = setup();
    model.kernelUpdate({
      error: "404 Not Found: Session not found.",
      problem: {
        kind: "not_found",
        title: "Puffle cannot find this session (404)",
        detail: "It may have been deleted.",
        status: 404,
        request_id: "req_1",
        retry_at: null,
        balance: null,
        required: null,
        retryable: false,
      },
    });
    expect(q("error").hidden).toBe(true);
    const details = el.querySelector("[data-testid=banner-details]") as HTMLElement;
    expect(details.textContent).toBe("HTTP 404 · request id req_1 — 404 Not Found: Session not found.");
    model.kernelUpdate({ problem: null });
    expect(q("error").hidden).toBe(false);
  });
});
