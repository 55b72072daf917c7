import { SessionContext } from "./context";
import { createChatBox } from "./chat-box";
import { connectionOf } from "./connection";
import { sessionModel } from "../test/fixtures";
import type { OutboxEntry } from "../types";

function setup(overrides = {}) {
  const model = sessionModel(overrides);
  const ctx = new SessionContext(model);
  const el = createChatBox(ctx);
  document.body.append(el);
  const input = el.querySelector("[data-testid=chat-input]") as HTMLTextAreaElement;
  const send = el.querySelector("[data-testid=send]") as HTMLButtonElement;
  const hint = el.querySelector("[data-testid=chat-hint]") as HTMLElement;
  const type = (text: string) => {
    input.value = text;
    input.dispatchEvent(new Event("input"));
  };
  const key = (init: KeyboardEventInit) => {
    const e = new KeyboardEvent("keydown", { cancelable: true, bubbles: true, ...init });
    input.dispatchEvent(e);
    return e;
  };
  const sends = () => model.sentOfType("send");
  /** The kernel takes the message: it shows in the synced outbox. */
  const take = (state: OutboxEntry["state"] = "sending") => {
    const entries = sends().map((m) => ({ id: m.id, text: m.message, state, error: null, created_at: 0 }));
    model.kernelUpdate({ outbox: entries });
  };
  return { model, ctx, input, send, hint, type, key, sends, take };
}

describe("chat box", () => {
  afterEach(() => {
    document.body.textContent = "";
    vi.useRealTimers();
  });

  it("Enter sends with an id; the text goes once the kernel has the message", () => {
    const { input, type, key, sends, take, hint } = setup();
    type("Make it shorter");
    const shift = key({ key: "Enter", shiftKey: true });
    expect(shift.defaultPrevented).toBe(false);
    expect(sends()).toEqual([]);
    const enter = key({ key: "Enter" });
    expect(enter.defaultPrevented).toBe(true);
    expect(sends()).toEqual([{ type: "send", message: "Make it shorter", id: expect.any(String) }]);
    expect(input.value).toBe("Make it shorter"); // not yet taken: kept
    expect(hint.textContent).toBe("Sending…");
    take();
    expect(input.value).toBe("");
  });

  it("keeps what was typed after Send until the kernel took it", () => {
    const { input, type, key, take } = setup();
    type("first");
    key({ key: "Enter" });
    type("first, and more"); // typed on: this is not what was sent
    take();
    expect(input.value).toBe("first, and more");
  });

  it("does not send empty or whitespace messages", () => {
    const { send, type, key, sends } = setup();
    expect(send.disabled).toBe(false);
    type("   \n ");
    key({ key: "Enter" });
    send.click();
    expect(sends()).toEqual([]);
  });

  it.each([
    [{ status: "chat_processing", task_status: "chat_processing" }],
    [{ status: "generating_examples" }],
    [{ status: "idle", task_status: "generating_examples" }],
  ])("stays editable and queues while busy: %j", (state) => {
    const { input, send, hint, type, key, sends } = setup(state);
    expect(input.disabled).toBe(false);
    expect(input.readOnly).toBe(false);
    expect(send.disabled).toBe(false);
    expect(hint.textContent).toContain("queues");
    type("next one");
    key({ key: "Enter" });
    expect(sends()).toHaveLength(1);
  });

  it.each([[{ status: "loading" }], [{ status: "error" }]])("keeps the text but cannot send for %j", (state) => {
    const { input, send, type, key, sends } = setup(state);
    type("hello");
    key({ key: "Enter" });
    expect(input.disabled).toBe(false);
    expect(input.value).toBe("hello");
    expect(send.disabled).toBe(true);
    expect(sends()).toEqual([]);
  });

  it("with no kernel answering: read-only, the text kept, Send disabled", () => {
    vi.useFakeTimers();
    const { ctx, input, send, hint, type, key, sends } = setup();
    type("my careful message");
    key({ key: "Enter" });
    expect(sends()).toHaveLength(1);
    vi.advanceTimersByTime(5000); // no pong: the page cannot tell the kernel is busy
    expect(connectionOf(ctx).state).toBe("dead");
    expect(input.readOnly).toBe(true);
    expect(input.value).toBe("my careful message");
    expect(send.disabled).toBe(true);
    expect(hint.textContent).toContain("Not connected");
    ctx.disposer.dispose();
  });
});
