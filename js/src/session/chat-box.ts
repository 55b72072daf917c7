// The chat input: Enter sends, Shift+Enter inserts a newline; disabled while a task runs and
// while the widget is loading or failed.
import { h, uid } from "../lib/dom";
import type { SessionContext } from "./context";

export function createChatBox(ctx: SessionContext): HTMLElement {
  const id = uid("pw-chat");
  const input = h("textarea", {
    id,
    class: "pw-chat-input",
    "data-testid": "chat-input",
    "aria-label": "Message to the assistant",
    rows: 3,
    placeholder: "Message the assistant… (Enter to send, Shift+Enter for a new line)",
  });
  const send = h("button", { type: "button", class: "pw-btn pw-btn-primary pw-send", "data-testid": "send" }, "Send");
  const hint = h("span", { class: "pw-chat-hint", id: `${id}-hint` });
  input.setAttribute("aria-describedby", hint.id);

  const submit = () => {
    if (ctx.blocked()) return;
    const message = input.value;
    if (!message.trim()) return;
    ctx.send({ type: "send", message });
    input.value = "";
  };

  const reason = (): string => {
    const status = ctx.get("status");
    if (status === "loading") return "Loading the session…";
    if (status === "error") return "The session could not be loaded.";
    if (ctx.busy()) return "Waiting for the current task to finish…";
    return "";
  };

  const updateState = () => {
    const why = reason();
    input.disabled = ctx.blocked();
    send.disabled = ctx.blocked();
    hint.textContent = why;
    send.title = why || "Send (Enter)";
  };

  ctx.disposer.listen<KeyboardEvent>(input, "keydown", (e) => {
    if (e.key !== "Enter" || e.shiftKey || e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    submit();
  });
  ctx.disposer.listen(send, "click", submit);
  ctx.on(["status", "task_status"], updateState);
  updateState();

  return h(
    "div",
    { class: "pw-chat", role: "group", "aria-label": "Chat" },
    h("label", { class: "pw-visually-hidden", for: id }, "Message to the assistant"),
    input,
    h("div", { class: "pw-chat-actions" }, hint, h("span", { class: "pw-spacer" }), send),
  );
}
