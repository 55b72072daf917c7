// A small "Copy" button with brief feedback ("Copied" / "Copy failed"). Its name is what it
// shows; what it copies is its description (title).
import { h } from "../lib/dom";
import type { Disposer } from "../lib/disposer";
import { copyText } from "../lib/clipboard";

export const COPY_FEEDBACK_MS = 1500;

export function copyButton(
  disposer: Disposer,
  getText: () => string,
  label: string,
  attrs: Record<string, string> = {},
): HTMLButtonElement {
  const btn = h("button", { type: "button", class: "pw-btn pw-btn-ghost pw-copy", title: label, ...attrs }, "Copy");
  let stopFeedback: (() => void) | null = null;
  disposer.listen(btn, "click", async () => {
    const ok = await copyText(getText());
    if (disposer.isDisposed) return;
    btn.textContent = ok ? "Copied" : "Copy failed";
    btn.dataset.copied = ok ? "true" : "false";
    stopFeedback?.();
    stopFeedback = disposer.timeout(() => {
      btn.textContent = "Copy";
      delete btn.dataset.copied;
    }, COPY_FEEDBACK_MS);
  });
  return btn;
}
