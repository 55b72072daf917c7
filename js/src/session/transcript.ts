// The chat transcript: markdown messages (sanitized), rendered incrementally; it opens at the
// latest message and stays there unless the user scrolls up; a change line under each reply
// that ended a turn (turn-change.ts); a typing indicator while a task runs.
//
// Long transcripts stay fast, whatever their length: the view renders the latest WINDOW
// messages and adds earlier ones, a batch at a time, when the user scrolls up to them (or asks
// with the "Show earlier messages" button); of those, only the latest are markdown at once, the
// others plain text until they come near the visible part (an IntersectionObserver); and the
// stylesheet skips the layout of off-screen messages (`content-visibility: auto`). A change of
// `messages` touches only what changed: an appended message costs one render.
import { h, show } from "../lib/dom";
import { Disposer } from "../lib/disposer";
import { renderMarkdown } from "../lib/markdown";
import { setTime } from "../lib/time";
import type { Message, TurnChange } from "../types";
import type { SessionContext } from "./context";
import { createOutbox } from "./outbox";
import { turnChangeLine } from "./turn-change";

const ROLE_LABELS: Record<string, string> = { user: "You", assistant: "Assistant", system: "System" };
/** Distance from the bottom (px) that still counts as "at the bottom". */
const STICK_SLACK = 32;
/** Messages rendered as markdown at once, counted from the latest. */
export const EAGER_MESSAGES = 40;
/** Messages rendered at first, counted from the latest; earlier ones wait for a scroll up. */
export const WINDOW = 60;
/** Earlier messages added per scroll to the top. */
export const BATCH = 100;
/** Distance from the top (px) at which earlier messages are added. */
const EARLIER_SLACK = 400;
/** Older messages made markdown per step when the page cannot tell what is visible. */
const IDLE_BATCH = 50;
/** How long after a wheel, touch or key a scroll counts as the user's. */
const INTENT_MS = 1000;

const textOf = (m: Message) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content));
const timeOf = (m: Message) => (typeof m.created_at === "string" || typeof m.created_at === "number" ? m.created_at : null);

function sameMessage(a: Message, b: Message): boolean {
  return a === b || (a.role === b.role && a.content === b.content && timeOf(a) === timeOf(b));
}

/** Make a plain-text message markdown (once). */
function upgrade(node: HTMLElement): void {
  if (node.dataset.pending !== "true") return;
  delete node.dataset.pending;
  const content = node.querySelector<HTMLElement>(".pw-message-content");
  if (!content) return;
  const text = content.textContent ?? "";
  content.textContent = "";
  content.classList.remove("pw-plain");
  content.append(renderMarkdown(text));
}

/** One message; `eager` renders its markdown now, else it starts as plain text. */
export function renderMessage(m: Message, eager = true): HTMLElement {
  const role = typeof m.role === "string" && m.role ? m.role : "unknown";
  const meta = h("div", { class: "pw-message-meta" }, h("span", { class: "pw-message-role" }, ROLE_LABELS[role] ?? role));
  const at = timeOf(m);
  if (at !== null) {
    const time = h("time", { class: "pw-message-time" });
    setTime(time, at);
    if (time.textContent) meta.append(time);
  }
  const content = h("div", { class: "pw-message-content pw-markdown" });
  const node = h("div", { class: "pw-message", "data-testid": "message", "data-role": role }, meta, content);
  if (eager) {
    content.append(renderMarkdown(textOf(m)));
  } else {
    content.classList.add("pw-plain");
    content.textContent = textOf(m);
    node.dataset.pending = "true";
  }
  return node;
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
  const earlier = h("button", { type: "button", class: "pw-btn pw-btn-ghost pw-earlier", "data-testid": "show-earlier" });
  const list = h("div", { class: "pw-transcript-list" });
  // Outbox entries (messages not yet in the server's transcript) go between `list` and `typing`.
  const el = h(
    "div",
    { class: "pw-transcript", "data-testid": "transcript", role: "log", "aria-label": "Chat transcript", tabindex: 0 },
    empty,
    earlier,
    list,
    typing,
  );

  // Every message, and its node from `start` on (earlier ones are not rendered yet).
  let items: { msg: Message; node: HTMLElement | null }[] = [];
  let start = 0;
  let stick = true;
  let intentAt = -Infinity;
  const d = ctx.disposer;

  const scrollToBottom = () => {
    if (stick) el.scrollTop = el.scrollHeight;
  };
  for (const type of ["wheel", "touchmove", "keydown", "pointerdown"]) {
    d.listen(el, type, () => (intentAt = Date.now()), { passive: true });
  }
  d.listen(el, "scroll", () => {
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_SLACK;
    // Only the user unsticks: content growing or reflowing under us does not.
    if (atBottom) stick = true;
    else if (Date.now() - intentAt < INTENT_MS) stick = false;
    if (!stick && start > 0 && el.clientHeight > 0 && el.scrollTop < EARLIER_SLACK) showEarlier();
  });
  // The view is often laid out after it renders (a cell scrolled in, a tab shown, a session
  // opened from the campaign table): follow every size change while stuck to the bottom.
  if (typeof ResizeObserver === "function") {
    const resized = new ResizeObserver(() => scrollToBottom());
    resized.observe(el);
    resized.observe(list);
    d.add(() => resized.disconnect());
  }

  // Plain-text messages become markdown near the visible part, or bit by bit when the page
  // cannot tell what is visible.
  let near: IntersectionObserver | null = null;
  if (typeof IntersectionObserver === "function") {
    near = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          upgrade(entry.target as HTMLElement);
          near?.unobserve(entry.target);
        }
      },
      { root: el, rootMargin: "600px 0px" },
    );
    d.add(() => near?.disconnect());
  }
  let idle: (() => void) | null = null;
  const upgradeLater = () => {
    if (near || idle) return;
    idle = d.timeout(() => {
      idle = null;
      const pending = [...list.querySelectorAll<HTMLElement>(".pw-message[data-pending=true]")];
      for (const node of pending.slice(-IDLE_BATCH)) upgrade(node);
      if (pending.length > IDLE_BATCH) upgradeLater();
    }, 0);
  };

  // --- turn change lines: at most 20, rebuilt together when the list changes (once a turn)
  let lines = new Map<number, HTMLElement>();
  let lineListeners = new Disposer();
  d.add(() => lineListeners.dispose());
  const restoreHandEdit = (index: number) => ctx.send({ type: "restore", kind: "hand_edit", index });

  const placeLine = (messageIndex: number) => {
    const line = lines.get(messageIndex);
    const after = items[messageIndex]?.node;
    if (line && after) after.after(line);
    else line?.remove();
  };

  const renderLines = () => {
    lineListeners.dispose();
    lineListeners = new Disposer();
    for (const line of lines.values()) line.remove();
    lines = new Map();
    (ctx.get("turn_changes") ?? []).forEach((change: TurnChange, index) => {
      if (!change || typeof change.message_index !== "number") return;
      lines.set(change.message_index, turnChangeLine(lineListeners, change, index, restoreHandEdit));
    });
    for (const key of lines.keys()) placeLine(key);
    scrollToBottom();
  };

  // --- messages ----------------------------------------------------------------------------
  const nodeFor = (i: number) => {
    const item = items[i] as { msg: Message; node: HTMLElement | null };
    item.node = renderMessage(item.msg, i >= items.length - EAGER_MESSAGES);
    if (item.node.dataset.pending === "true") near?.observe(item.node);
    return item.node;
  };

  const renderEarlier = () => {
    const text = `Show earlier messages (${start})`;
    if (earlier.textContent !== text) earlier.textContent = text;
    if (earlier.hidden !== (start === 0)) show(earlier, start > 0);
  };

  /** Render the batch of messages before `start`, keeping what the user sees in place. */
  const showEarlier = () => {
    if (start === 0) return;
    const from = Math.max(0, start - BATCH);
    const fromBottom = el.scrollHeight - el.scrollTop;
    const frag = document.createDocumentFragment();
    for (let i = from; i < start; i++) frag.append(nodeFor(i));
    list.prepend(frag);
    const first = start;
    start = from;
    for (let i = from; i < first; i++) if (lines.has(i)) placeLine(i);
    renderEarlier();
    upgradeLater();
    el.scrollTop = el.scrollHeight - fromBottom;
  };
  d.listen(earlier, "click", () => {
    stick = false;
    showEarlier();
  });

  const renderMessages = () => {
    const messages = (ctx.get("messages") ?? []).filter((m): m is Message => !!m && typeof m === "object");
    let same = 0;
    const limit = Math.min(items.length, messages.length);
    while (same < limit && sameMessage(items[same]?.msg as Message, messages[same] as Message)) same++;
    for (const { node } of items.slice(same)) {
      if (!node) continue;
      near?.unobserve(node);
      node.remove();
    }
    for (const [index, line] of lines) if (index >= same) line.remove();
    items = [...items.slice(0, same), ...messages.slice(same).map((msg) => ({ msg, node: null }))];
    if (same < start) {
      // The transcript changed before the rendered part (rewritten): start over at the end.
      for (const item of items) item.node?.remove();
      for (const item of items) item.node = null;
      start = Math.max(0, items.length - WINDOW);
      same = start;
    } else if (start === 0 && same === 0) {
      start = Math.max(0, items.length - WINDOW);
      same = start;
    }
    const frag = document.createDocumentFragment();
    for (let i = same; i < items.length; i++) frag.append(nodeFor(i));
    list.append(frag);
    for (let i = same; i < items.length; i++) if (lines.has(i)) placeLine(i);
    if (list.querySelector(".pw-message[data-pending=true]")) upgradeLater();
    renderEarlier();
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
  ctx.on("turn_changes", renderLines);
  ctx.on(["status", "task_status"], renderTyping);
  renderMessages();
  renderLines();
  renderTyping();
  return el;
}
