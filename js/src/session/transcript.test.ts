import { SessionContext } from "./context";
import { BATCH, createTranscript, EAGER_MESSAGES, WINDOW } from "./transcript";
import { sessionModel } from "../test/fixtures";
import type { Message, TurnChange } from "../types";

function setup(messages?: Message[]) {
  const model = sessionModel(messages ? { messages } : {});
  const ctx = new SessionContext(model);
  const el = createTranscript(ctx);
  document.body.append(el);
  const messagesOf = () => [...el.querySelectorAll<HTMLElement>("[data-testid=message]")];
  return { model, ctx, el, messagesOf };
}

/** jsdom has no layout: give the transcript fixed scroll metrics. */
function fakeScroll(el: HTMLElement, scrollHeight: number, clientHeight = 100) {
  Object.defineProperty(el, "scrollHeight", { configurable: true, get: () => scrollHeight });
  Object.defineProperty(el, "clientHeight", { configurable: true, get: () => clientHeight });
}

describe("transcript", () => {
  afterEach(() => (document.body.textContent = ""));

  it("renders messages with roles and markdown", () => {
    const { messagesOf } = setup();
    const msgs = messagesOf();
    expect(msgs.map((m) => m.dataset.role)).toEqual(["user", "assistant"]);
    expect(msgs[1]?.querySelector("strong")?.textContent).toBe("who");
    expect(msgs[0]?.querySelector(".pw-message-role")?.textContent).toBe("You");
    expect(msgs[0]?.querySelector("time")).toBeNull();
  });

  it("appends new messages without rebuilding the old ones", () => {
    const { model, messagesOf } = setup();
    const first = messagesOf()[0];
    model.kernelSet("messages", [...model.get("messages"), { role: "user", content: "Sender is Dana" }]);
    const msgs = messagesOf();
    expect(msgs).toHaveLength(3);
    expect(msgs[0]).toBe(first);
    expect(msgs[2]?.textContent).toContain("Sender is Dana");
    model.kernelSet("messages", [{ role: "assistant", content: "rewritten" }]);
    expect(messagesOf().map((m) => m.textContent?.trim())).toEqual(["Assistantrewritten"]);
  });

  it("renders hostile content inert", () => {
    const { el } = setup([
      { role: "assistant", content: "<img src=x onerror=alert(1)> <script>alert(2)</script> [x](javascript:alert(3)) <a href=\"javascript:alert(4)\">y</a>" },
    ]);
    expect(el.querySelector("script")).toBeNull();
    expect(el.querySelector("[onerror]")).toBeNull();
    for (const a of el.querySelectorAll("a")) expect(a.getAttribute("href") ?? "").not.toMatch(/javascript:/i);
    expect(el.innerHTML).not.toMatch(/onerror|<script/i);
  });

  it("skips malformed entries", () => {
    const { messagesOf } = setup([null as never, { role: "assistant", content: "ok" }, "x" as never]);
    expect(messagesOf()).toHaveLength(1);
  });

  it("shows times when messages carry created_at", () => {
    const now = new Date();
    const { el } = setup([
      { role: "user", content: "today", created_at: now.toISOString() },
      { role: "user", content: "old", created_at: "2020-01-02T10:00:00Z" },
    ]);
    const times = [...el.querySelectorAll("time")].map((t) => t.textContent ?? "");
    expect(times).toHaveLength(2);
    expect(times[0]).not.toMatch(/2020/);
    expect(times[1]).toMatch(/2020/);
  });

  it("shows a typing indicator while busy and an empty state", () => {
    const { model, el } = setup([]);
    expect(el.querySelector("[data-testid=transcript-empty]")?.hasAttribute("hidden")).toBe(false);
    const typing = el.querySelector("[data-testid=typing]") as HTMLElement;
    expect(typing.hidden).toBe(true);
    model.kernelUpdate({ status: "chat_processing", task_status: "chat_processing" });
    expect(typing.hidden).toBe(false);
    expect(typing.textContent).toContain("writing");
    model.kernelUpdate({ status: "idle", task_status: null });
    expect(typing.hidden).toBe(true);
  });

  it("sticks to the bottom unless the user scrolled up", () => {
    const { model, el } = setup();
    fakeScroll(el, 1000);
    const add = (content: string) => model.kernelSet("messages", [...model.get("messages"), { role: "assistant", content }]);
    add("one");
    expect(el.scrollTop).toBe(1000);
    el.dispatchEvent(new Event("wheel")); // the user scrolls up
    el.scrollTop = 200;
    el.dispatchEvent(new Event("scroll"));
    fakeScroll(el, 1200);
    add("two");
    expect(el.scrollTop).toBe(200);
    el.scrollTop = 1100; // back at the bottom
    el.dispatchEvent(new Event("scroll"));
    fakeScroll(el, 1400);
    add("three");
    expect(el.scrollTop).toBe(1400);
  });

  it("stays at the latest message when the view is laid out late (no user scroll)", () => {
    const { model, el } = setup();
    fakeScroll(el, 0, 0); // rendered while hidden: nothing to scroll yet
    el.scrollTop = 0;
    el.dispatchEvent(new Event("scroll")); // a scroll event from layout, not from the user
    fakeScroll(el, 900);
    model.kernelSet("messages", [...model.get("messages"), { role: "assistant", content: "later" }]);
    expect(el.scrollTop).toBe(900);
  });

  it("renders the latest messages, markdown for the newest, earlier ones on demand", () => {
    vi.useFakeTimers();
    try {
      const total = WINDOW + 10;
      const many = Array.from({ length: total }, (_, i) => ({ role: i % 2 ? "assistant" : "user", content: `**m${i}**` }));
      const { el, messagesOf, model } = setup(many);
      expect(messagesOf()).toHaveLength(WINDOW);
      expect(messagesOf()[0]?.textContent).toContain("**m10**"); // plain text until upgraded
      expect(el.querySelectorAll(".pw-message[data-pending=true]")).toHaveLength(WINDOW - EAGER_MESSAGES);
      expect(messagesOf()[WINDOW - 1]?.querySelector("strong")?.textContent).toBe(`m${total - 1}`);
      vi.runAllTimers();
      expect(el.querySelectorAll(".pw-message[data-pending=true]")).toHaveLength(0);
      expect(messagesOf()[0]?.querySelector("strong")?.textContent).toBe("m10");
      const earlier = el.querySelector<HTMLButtonElement>("[data-testid=show-earlier]") as HTMLButtonElement;
      expect(earlier.hidden).toBe(false);
      expect(earlier.textContent).toBe("Show earlier messages (10)");
      const first = messagesOf()[0];
      earlier.click();
      expect(messagesOf()).toHaveLength(total);
      expect(messagesOf()[10]).toBe(first);
      expect(earlier.hidden).toBe(true);
      vi.runAllTimers();
      expect(messagesOf()[0]?.querySelector("strong")?.textContent).toBe("m0");
      model.kernelSet("messages", [...model.get("messages"), { role: "user", content: "one more" }]);
      expect(messagesOf()).toHaveLength(total + 1);
      expect(messagesOf()[10]).toBe(first);
    } finally {
      vi.useRealTimers();
    }
  });

  it("starts over at the end when the transcript is rewritten before the shown part", () => {
    const many = Array.from({ length: WINDOW + BATCH + 5 }, (_, i) => ({ role: "user", content: `m${i}` }));
    const { messagesOf, model } = setup(many);
    model.kernelSet("messages", [{ role: "user", content: "rewritten" }, ...many.slice(1)]);
    expect(messagesOf()).toHaveLength(WINDOW);
    expect(messagesOf()[WINDOW - 1]?.textContent).toContain(`m${many.length - 1}`);
  });

  it("puts a change line under the reply that ended a turn and offers a hand edit back", () => {
    const { model, el, messagesOf } = setup();
    const change = {
      message_index: 1,
      fields: ["draft_body"],
      from_version: 2,
      to_version: 3,
      before: { draft_subject: "s", draft_body: "mine", skeleton: null },
      after: { draft_subject: "s", draft_body: "theirs", skeleton: null },
      replaced_hand_edit: ["draft_body"],
    } as TurnChange;
    model.kernelSet("turn_changes", [change]);
    const line = el.querySelector<HTMLElement>("[data-testid=turn-change]");
    expect(line?.previousElementSibling).toBe(messagesOf()[1]);
    expect(line?.textContent).toContain("framework v2 → v3");
    line?.querySelector<HTMLButtonElement>("[data-testid=restore-hand-edit]")?.click();
    expect(model.sentOfType("restore")).toEqual([{ type: "restore", kind: "hand_edit", index: 0 }]);
    // A new message after the reply keeps the line under the reply.
    model.kernelSet("messages", [...model.get("messages"), { role: "user", content: "next" }]);
    expect(el.querySelector("[data-testid=turn-change]")?.previousElementSibling).toBe(messagesOf()[1]);
    model.kernelSet("turn_changes", []);
    expect(el.querySelector("[data-testid=turn-change]")).toBeNull();
  });
});
