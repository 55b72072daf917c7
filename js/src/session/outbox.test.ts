import { SessionContext } from "./context";
import { createChatBox } from "./chat-box";
import { createOutbox } from "./outbox";
import { sessionModel } from "../test/fixtures";
import type { OutboxEntry, Problem } from "../types";

const credits: Problem = {
  kind: "credits",
  title: "Not enough Puffle credits (402)",
  detail: "Add credits in Puffle, then press Retry.",
  status: 402,
  request_id: null,
  retry_at: null,
  balance: 0,
  required: 1,
  retryable: true,
};

function entry(state: OutboxEntry["state"], overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return { id: `id-${state}`, text: `<b>${state}</b> message`, state, error: null, created_at: 0, ...overrides };
}

function setup(outbox: OutboxEntry[]) {
  const model = sessionModel({ outbox });
  const ctx = new SessionContext(model);
  const chat = createChatBox(ctx);
  const el = createOutbox(ctx);
  const entries = () => [...el.querySelectorAll<HTMLElement>("[data-testid=outbox-entry]")];
  const button = (state: string, testid: string) =>
    el.querySelector(`[data-state=${state}] [data-testid=${testid}]`) as HTMLButtonElement;
  const input = chat.querySelector("[data-testid=chat-input]") as HTMLTextAreaElement;
  return { model, ctx, el, entries, button, input };
}

describe("outbox", () => {
  afterEach(() => vi.useRealTimers());

  it("is hidden when empty", () => {
    expect(setup([]).el.hidden).toBe(true);
  });

  it("shows each message as typed, with its state", () => {
    const { entries } = setup([entry("queued"), entry("sending"), entry("checking"), entry("failed", { error: credits })]);
    const shown = entries();
    expect(shown.map((e) => e.dataset.state)).toEqual(["queued", "sending", "checking", "failed"]);
    expect(shown[0]?.querySelector(".pw-outbox-text")?.textContent).toBe("<b>queued</b> message"); // text, not markup
    expect(shown[0]?.querySelector("b")).toBeNull();
    expect(shown[2]?.textContent).toContain("checking whether Puffle received it");
    expect(shown[3]?.textContent).toContain("Not sent: Not enough Puffle credits (402)");
  });

  it("Cancel drops a queued message; Retry and Discard act on a failed one", () => {
    const { model, button } = setup([entry("queued"), entry("failed", { error: credits })]);
    button("queued", "outbox-cancel").click();
    button("failed", "outbox-retry").click();
    button("failed", "outbox-discard").click();
    expect(model.sent.filter((m) => m.type !== "ping")).toEqual([
      { type: "cancel", id: "id-queued" },
      { type: "retry", id: "id-failed" },
      { type: "cancel", id: "id-failed" },
    ]);
  });

  it("Edit puts the text back in the chat box and drops the entry", () => {
    const { model, button, input } = setup([entry("failed", { error: credits })]);
    button("failed", "outbox-edit").click();
    expect(input.value).toBe("<b>failed</b> message");
    expect(model.sentOfType("cancel")).toEqual([{ type: "cancel", id: "id-failed" }]);
  });

  it("Edit never overwrites something else typed in the chat box", () => {
    const { model, button, input } = setup([entry("failed", { error: credits })]);
    input.value = "half-written";
    button("failed", "outbox-edit").click();
    expect(input.value).toBe("half-written");
    expect(model.sentOfType("cancel")).toEqual([]);
  });

  it("counts down while a message waits for a rate limit", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 3, 22, 10, 0, 0));
    const limited: Problem = { ...credits, kind: "rate_limited", title: "Puffle asked us to slow down (429)", status: 429, retry_at: Date.now() + 3000 };
    const { entries, button, model, ctx } = setup([entry("sending", { error: limited })]);
    expect(entries()[0]?.textContent).toContain("Waiting: rate limited. Retrying in 3 s.");
    vi.advanceTimersByTime(1000);
    expect(entries()[0]?.textContent).toContain("Retrying in 2 s.");
    button("sending", "outbox-retry-now").click();
    expect(model.sentOfType("retry_now")).toHaveLength(1);
    ctx.disposer.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
