import { isBusy, statusBadge, setStatusBadge, statusLabel } from "./status";

describe("status", () => {
  it("derives busy from status and task_status", () => {
    expect(isBusy("idle", null)).toBe(false);
    expect(isBusy("chat_processing", null)).toBe(true);
    expect(isBusy("generating_examples", null)).toBe(true);
    expect(isBusy("idle", "chat_processing")).toBe(true);
    expect(isBusy("reconnecting", null)).toBe(false);
  });

  it("renders a badge with the raw value in data-status", () => {
    const el = statusBadge("chat_processing");
    expect(el.dataset.status).toBe("chat_processing");
    expect(el.textContent).toBe("Thinking…");
    setStatusBadge(el, "some_new_state");
    expect(el.textContent).toBe("Some new state");
    expect(statusLabel(null)).toBe("Idle");
  });

  it("words unknown statuses as the static snapshot does (render/formatting.py)", () => {
    expect(statusLabel("QUEUED_FOR_REVIEW")).toBe("Queued for review");
    expect(statusLabel("x".repeat(60))).toHaveLength(40);
    expect(statusLabel("x".repeat(60)).endsWith("…")).toBe(true);
    expect(statusBadge("busy").title).toBe("Status: Working…");
  });
});
