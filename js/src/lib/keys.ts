// Keys pressed inside a widget must not reach notebook command-mode shortcuts (a, b, d d, m…).
import type { Disposer } from "./disposer";

const EDITABLE = "input, textarea, select, [contenteditable=''], [contenteditable='true']";

/** Keys that still belong to the notebook when the focus is on a button, a row or the
 * transcript: running the cell, and leaving the output. */
function isNotebookKey(e: KeyboardEvent): boolean {
  return e.key === "Escape" || (e.key === "Enter" && (e.shiftKey || e.ctrlKey || e.metaKey || e.altKey));
}

/** Saving the notebook: no field of the widget uses it, so it is never held back. */
function isSaveKey(e: KeyboardEvent): boolean {
  return e.key.toLowerCase() === "s" && (e.ctrlKey || e.metaKey) && !e.altKey;
}

const SUPPRESS = "data-lm-suppress-shortcuts";

/** Stop key events in `root` from reaching notebook shortcuts. Ctrl/Cmd+S always passes;
 * Escape and the run-cell chords pass only from outside the fields (in a field, Shift+Enter is
 * a new line). */
export function isolateKeys(disposer: Disposer, root: HTMLElement): void {
  // JupyterLab matches shortcuts as the event bubbles to the document: stop it at the root.
  for (const type of ["keydown", "keypress", "keyup"]) {
    disposer.listen<KeyboardEvent>(root, type, (event) => {
      const inField = Boolean((event.target as Element | null)?.closest?.(EDITABLE));
      if (isSaveKey(event)) return;
      if (inField || !isNotebookKey(event)) event.stopPropagation();
    });
  }
  // Notebook 7 matches them in the capture phase, before the root sees the event, against the
  // focused element itself (`... :focus` selectors). Lumino skips a target that carries
  // data-lm-suppress-shortcuts, so mark the focused button or transcript just in time.
  // Lumino stops looking for a shortcut at the first element carrying the attribute, the root
  // included, so the save chord lifts the root's for the length of this one event: the
  // notebook's "Accel S" (selector `body`) then matches from a field too.
  let restore: (() => void) | null = null;
  disposer.listen<KeyboardEvent>(
    window,
    "keydown",
    (event) => {
      const target = event.target as Element | null;
      if (!target || !root.contains(target)) return;
      if (isSaveKey(event) && root.hasAttribute(SUPPRESS)) {
        root.removeAttribute(SUPPRESS);
        restore?.();
        restore = disposer.timeout(() => {
          root.setAttribute(SUPPRESS, "true");
          restore = null;
        }, 0);
      }
      if (target === root || target.closest(EDITABLE)) return;
      if (isNotebookKey(event) || isSaveKey(event)) target.removeAttribute(SUPPRESS);
      else target.setAttribute(SUPPRESS, "true");
    },
    { capture: true },
  );
}
