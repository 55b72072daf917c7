// The chat transcript: markdown messages (sanitized), rendered incrementally; auto-scrolls to
// the bottom unless the user scrolled up; a typing indicator while a task runs.
import { h, show } from "../lib/dom";
import { renderMarkdown } from "../lib/markdown";
import { formatTimestamp, fullTimestamp } from "../lib/time";
import type { Message } from "../types";
import type { SessionContext } from "./context";
import { createOutbox } from "./outbox";

const ROLE_LABELS: Record<string, string> = { user: "You", assistant: "Assistant", system: "System" };
/** Distance from the bottom (px) that still counts as "at the bottom". */
const STICK_SLACK = 32;

const keyOf = (m: Message) => JSON.stringify([m.role, m.content, m.created_at ?? null]);

export function renderMessage(m: Message): HTMLElement {
  const role = typeof m.role === "string" && m.role ? m.role : "unknown";
  const meta = h("div", { class: "pw-message-meta" }, h("span", { class: "pw-message-role" }, ROLE_LABELS[role] ?? role));
  const at = typeof m.created_at === "string" || typeof m.created_at === "number" ? m.created_at : null;
  const when = at !== null ? formatTimestamp(at) : "";
  if (when) meta.append(h("time", { class: "pw-message-time", datetime: String(at), title: fullTimestamp(at) }, when));
  const content = h("div", { class: "pw-message-content pw-markdown" });
  content.append(renderMarkdown(typeof m.content === "string" ? m.content : JSON.stringify(m.content)));
  return h("div", { class: "pw-message", "data-testid": "message", "data-role": role }, meta, content);
}

export function createTranscript(ctx: SessionContext): HTMLElement {
  const empty = h("p", { class: "pw-empty", "data-testid": "transcript-empty" }, "No messages yet. Tell the assistant what this email should do.");
  const typingLabel = h("span", { class: "pw-typing-label" });
  const typing = h(
    "div",
    { class: "pw-typing", "data-testid": "typing", "aria-live": "polite" },
    h("span", { class: "pw-typing-dots", "aria-hidden": "true" }, h("span", {}), h("span", {}), h("span", {})),
    typingLabel,
  );
  const el = h(
    "div",
    { class: "pw-transcript", "data-testid": "transcript", role: "log", "aria-label": "Chat transcript", tabindex: 0 },
    empty,
    typing,
  );

  let rendered: { key: string; node: HTMLElement }[] = [];
  let stick = true;

  const scrollToBottom = () => {
    if (stick) el.scrollTop = el.scrollHeight;
  };
  ctx.disposer.listen(el, "scroll", () => {
    stick = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_SLACK;
  });

  const renderMessages = () => {
    const messages = (ctx.get("messages") ?? []).filter((m): m is Message => !!m && typeof m === "object");
    const keys = messages.map(keyOf);
    let same = 0;
    while (same < rendered.length && same < keys.length && rendered[same]?.key === keys[same]) same++;
    for (const { node } of rendered.slice(same)) node.remove();
    rendered = rendered.slice(0, same);
    for (let i = same; i < messages.length; i++) {
      const node = renderMessage(messages[i] as Message);
      el.insertBefore(node, typing);
      rendered.push({ key: keys[i] as string, node });
    }
    show(empty, messages.length === 0);
    scrollToBottom();
  };

  const renderTyping = () => {
    const busy = ctx.busy();
    typingLabel.textContent = ctx.displayStatus() === "generating_examples" ? "Generating examples…" : "Assistant is writing…";
    show(typing, busy);
    el.setAttribute("aria-busy", busy ? "true" : "false");
    scrollToBottom();
  };

  el.append(createOutbox(ctx)); // messages on their way (outbox.ts), after the typing line
  ctx.on("messages", renderMessages);
  ctx.on(["status", "task_status"], renderTyping);
  renderMessages();
  renderTyping();
  return el;
}
