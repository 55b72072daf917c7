import { SessionContext } from "./context";
import { createChatBox } from "./chat-box";
import { sessionModel } from "../test/fixtures";

function setup(overrides = {}) {
  const model = sessionModel(overrides);
  const ctx = new SessionContext(model);
  const el = createChatBox(ctx);
  document.body.append(el);
  const input = el.querySelector("[data-testid=chat-input]") as HTMLTextAreaElement;
  const send = el.querySelector("[data-testid=send]") as HTMLButtonElement;
  const type = (text: string) => {
    input.value = text;
    input.dispatchEvent(new Event("input"));
  };
  const key = (init: KeyboardEventInit) => {
    const e = new KeyboardEvent("keydown", { cancelable: true, bubbles: true, ...init });
    input.dispatchEvent(e);
    return e;
  };
  return { model, ctx, input, send, type, key };
}

describe("chat box", () => {
  afterEach(() => (document.body.textContent = ""));

  it("Enter sends and clears; Shift+Enter does not send", () => {
    const { model, input, type, key } = setup();
    type("Make it shorter");
    const shift = key({ key: "Enter", shiftKey: true });
    expect(shift.defaultPrevented).toBe(false);
    expect(model.sent).toEqual([]);
    const enter = key({ key: "Enter" });
    expect(enter.defaultPrevented).toBe(true);
    expect(model.sent).toEqual([{ type: "send", message: "Make it shorter" }]);
    expect(input.value).toBe("");
  });

  it("does not send empty or whitespace messages", () => {
    const { model, send, type, key } = setup();
    expect(send.disabled).toBe(false);
    type("   \n ");
    key({ key: "Enter" });
    send.click();
    expect(model.sent).toEqual([]);
  });

  it("the Send button sends", () => {
    const { model, send, type } = setup();
    type("hello");
    expect(send.disabled).toBe(false);
    send.click();
    expect(model.sent).toEqual([{ type: "send", message: "hello" }]);
  });

  it.each([
    [{ status: "chat_processing", task_status: "chat_processing" }],
    [{ status: "generating_examples" }],
    [{ status: "idle", task_status: "generating_examples" }],
    [{ status: "loading" }],
    [{ status: "error" }],
  ])("is disabled for %j", (state) => {
    const { model, input, send, type, key } = setup(state);
    type("hello");
    key({ key: "Enter" });
    expect(input.disabled).toBe(true);
    expect(send.disabled).toBe(true);
    expect(model.sent).toEqual([]);
  });

  it("re-enables when the task finishes", () => {
    const { model, input, type } = setup({ status: "chat_processing", task_status: "chat_processing" });
    model.kernelUpdate({ status: "idle", task_status: null });
    expect(input.disabled).toBe(false);
    type("next");
    expect((document.querySelector("[data-testid=send]") as HTMLButtonElement).disabled).toBe(false);
  });
});
