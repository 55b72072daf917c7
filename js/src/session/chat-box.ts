// The chat input: Enter sends, Shift+Enter inserts a newline. It stays editable while a task
// runs: Send then queues the message (shown in the transcript as "queued"), exactly as
// `w.send()` does. The text is cleared only once the kernel has taken the message (its id shows
// in the synced outbox), so with no live kernel it stays in the box.
import { h, uid } from "../lib/dom";
import { connectionOf } from "./connection";
import type { SessionContext } from "./context";

const setters = new WeakMap<SessionContext, (text: string) => boolean>();

/** Put `text` in this view's chat box (Edit on a message not sent); false if there is none or
 * it holds something else the user typed. */
export function putInChatBox(ctx: SessionContext, text: string): boolean {
  return setters.get(ctx)?.(text) ?? false;
}

function newId(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return random ?? `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function createChatBox(ctx: SessionContext): HTMLElement {
  const connection = connectionOf(ctx);
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
  const hint = h("span", { class: "pw-chat-hint", id: `${id}-hint`, "data-testid": "chat-hint" });
  input.setAttribute("aria-describedby", hint.id);

  // Sent from this box, not yet in the kernel's outbox: id -> text.
  const handedOver = new Map<string, string>();

  const unavailable = (): string => {
    const status = ctx.get("status");
    if (!connection.alive) return "Not connected: your message stays here.";
    if (status === "loading") return "Loading the session…";
    if (status === "error") return "The session cannot take messages (see the error above).";
    return "";
  };

  const submit = () => {
    if (!connection.alive) connection.recheck(); // each action asks again
    if (unavailable()) return;
    const message = input.value;
    if (!message.trim()) return;
    const messageId = newId();
    handedOver.set(messageId, message);
    connection.action({ type: "send", message, id: messageId });
    updateState();
  };

  const taken = () => {
    const inOutbox = new Set((ctx.get("outbox") ?? []).map((e) => e.id));
    for (const [messageId, text] of [...handedOver]) {
      if (!inOutbox.has(messageId)) continue;
      handedOver.delete(messageId);
      if (input.value === text) input.value = ""; // untouched since: the kernel has it now
    }
    updateState();
  };

  const updateState = () => {
    const why = unavailable();
    send.disabled = !!why;
    input.readOnly = !connection.alive;
    let text = why;
    if (!text && handedOver.size) text = "Sending…";
    else if (!text && ctx.busy()) text = "A task is running: Send queues your message.";
    hint.textContent = text;
    send.title = why || (ctx.busy() ? "Queue (Enter)" : "Send (Enter)");
  };

  setters.set(ctx, (text) => {
    if (input.value.trim() && input.value !== text) return false;
    input.value = text;
    input.focus();
    return true;
  });
  ctx.disposer.add(() => setters.delete(ctx));

  ctx.disposer.listen<KeyboardEvent>(input, "keydown", (e) => {
    if (e.key !== "Enter" || e.shiftKey || e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    submit();
  });
  ctx.disposer.listen(send, "click", submit);
  ctx.on(["status", "task_status"], updateState);
  ctx.on("outbox", taken);
  ctx.onLocal(updateState);
  connection.onChange(updateState);
  updateState();

  return h(
    "div",
    { class: "pw-chat", role: "group", "aria-label": "Chat" },
    h("label", { class: "pw-visually-hidden", for: id }, "Message to the assistant"),
    input,
    h("div", { class: "pw-chat-actions" }, hint, h("span", { class: "pw-spacer" }), send),
  );
}
