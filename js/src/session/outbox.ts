// Messages on their way, shown in the transcript after the messages the server has: queued
// (with Cancel), sending (with the wait for a rate limit and "Retry now"), checking (the
// answer was lost), or not sent (with Retry, Edit and Discard). Mounted by transcript.ts.
import { h, replaceChildren, show } from "../lib/dom";
import type { OutboxEntry } from "../types";
import { countdownText } from "./banner";
import { putInChatBox } from "./chat-box";
import { connectionOf } from "./connection";
import type { SessionContext } from "./context";

const STATE_TEXT: Record<OutboxEntry["state"], string> = {
  queued: "Queued: goes when the running task finishes.",
  sending: "Sending…",
  checking: "The answer was lost; checking whether Puffle received it…",
  failed: "Not sent.",
};

function entryView(ctx: SessionContext, entry: OutboxEntry): HTMLElement {
  const connection = connectionOf(ctx);
  const button = (label: string, testid: string, onClick: () => void) => {
    const btn = h("button", { type: "button", class: "pw-btn pw-btn-ghost", "data-testid": testid }, label);
    btn.addEventListener("click", onClick);
    return btn;
  };
  const status = h("p", { class: "pw-outbox-status", "data-testid": "outbox-status" });
  const error = entry.error;
  let statusText = STATE_TEXT[entry.state];
  if (entry.state === "sending" && error && typeof error.retry_at === "number") {
    statusText = `Waiting: ${error.kind === "rate_limited" ? "rate limited" : error.title}. ${countdownText(error.retry_at)}`;
  } else if (entry.state === "failed" && error) {
    statusText = `Not sent: ${error.title}. ${error.detail}`;
  }
  status.textContent = statusText;
  const actions = h("div", { class: "pw-outbox-actions" });
  if (entry.state === "queued") {
    actions.append(button("Cancel", "outbox-cancel", () => connection.action({ type: "cancel", id: entry.id })));
  } else if (entry.state === "sending" && error && typeof error.retry_at === "number") {
    actions.append(button("Retry now", "outbox-retry-now", () => connection.action({ type: "retry_now" })));
  } else if (entry.state === "failed") {
    actions.append(
      button("Retry", "outbox-retry", () => connection.action({ type: "retry", id: entry.id })),
      button("Edit", "outbox-edit", () => {
        if (putInChatBox(ctx, entry.text)) connection.action({ type: "cancel", id: entry.id });
      }),
      button("Discard", "outbox-discard", () => connection.action({ type: "cancel", id: entry.id })),
    );
  }
  const text = h("div", { class: "pw-message-content pw-outbox-text" });
  text.textContent = entry.text; // exactly as typed: plain text
  return h(
    "div",
    { class: "pw-message pw-outbox-entry", "data-testid": "outbox-entry", "data-role": "user", "data-state": entry.state, "data-id": entry.id },
    h("div", { class: "pw-message-meta" }, h("span", { class: "pw-message-role" }, "You")),
    text,
    status,
    actions,
  );
}

export function createOutbox(ctx: SessionContext): HTMLElement {
  const el = h("div", { class: "pw-outbox", "data-testid": "outbox", "aria-live": "polite" });
  let stopTimer: (() => void) | null = null;
  const render = () => {
    const entries = (ctx.get("outbox") ?? []).filter((e): e is OutboxEntry => !!e && typeof e.id === "string");
    replaceChildren(el, entries.map((e) => entryView(ctx, e)));
    show(el, entries.length > 0);
    const counting = entries.some((e) => e.state === "sending" && typeof e.error?.retry_at === "number");
    if (counting && stopTimer === null) stopTimer = ctx.disposer.interval(render, 1000);
    if (!counting && stopTimer !== null) {
      stopTimer();
      stopTimer = null;
    }
  };
  ctx.on("outbox", render);
  render();
  return el;
}
