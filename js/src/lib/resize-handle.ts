// A grip under the widget that changes its height: drag it, or focus it and use the arrow keys
// (Shift: bigger steps), Home / End for the smallest / largest; a double click (or Enter) gives
// the height back to the notebook. `preview` follows every move, `commit` the settled height
// (null: fit the notebook again).
import { debounce } from "./debounce";
import type { Disposer } from "./disposer";
import { h } from "./dom";

export interface ResizeOptions {
  current(): number;
  min(): number;
  max(): number;
  preview(height: number): void;
  commit(height: number | null): void;
}

const STEP = 24;
const BIG_STEP = 120;
const COMMIT_DELAY_MS = 300;

export function resizeHandle(disposer: Disposer, options: ResizeOptions): HTMLElement {
  const handle = h("div", {
    class: "pw-resize",
    role: "separator",
    "aria-orientation": "horizontal",
    "aria-label": "Resize",
    title: "Drag to resize; double-click to fit the notebook again",
    tabindex: 0,
    "data-testid": "resize-handle",
  });
  const clamp = (value: number) => Math.round(Math.max(options.min(), Math.min(options.max(), value)));
  const label = () => {
    handle.setAttribute("aria-valuemin", String(options.min()));
    handle.setAttribute("aria-valuemax", String(options.max()));
    handle.setAttribute("aria-valuenow", String(Math.round(options.current())));
  };
  const commitLater = debounce((height: number) => options.commit(height), COMMIT_DELAY_MS);
  disposer.add(() => commitLater.flush());

  let drag: { pointer: number; y: number; height: number } | null = null;
  disposer.listen<PointerEvent>(handle, "pointerdown", (e) => {
    if (e.button !== 0) return;
    e.preventDefault(); // no text selection while dragging
    drag = { pointer: e.pointerId, y: e.clientY, height: options.current() };
    handle.setPointerCapture?.(e.pointerId);
    handle.dataset.dragging = "true";
  });
  disposer.listen<PointerEvent>(handle, "pointermove", (e) => {
    if (drag && e.pointerId === drag.pointer) options.preview(clamp(drag.height + e.clientY - drag.y));
  });
  const end = (e: PointerEvent) => {
    if (!drag || e.pointerId !== drag.pointer) return;
    const height = clamp(drag.height + e.clientY - drag.y);
    drag = null;
    delete handle.dataset.dragging;
    handle.releasePointerCapture?.(e.pointerId);
    options.preview(height);
    options.commit(height);
    label();
  };
  disposer.listen<PointerEvent>(handle, "pointerup", end);
  disposer.listen<PointerEvent>(handle, "pointercancel", end);
  disposer.listen(handle, "dblclick", () => {
    commitLater.cancel();
    options.commit(null);
  });
  disposer.listen<KeyboardEvent>(handle, "keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      commitLater.cancel();
      options.commit(null);
      return;
    }
    const step = e.shiftKey ? BIG_STEP : STEP;
    const now = options.current();
    const next =
      e.key === "ArrowUp" ? now - step : e.key === "ArrowDown" ? now + step : e.key === "Home" ? options.min() : e.key === "End" ? options.max() : null;
    if (next === null) return;
    e.preventDefault(); // the notebook would scroll
    const height = clamp(next);
    options.preview(height);
    commitLater(height);
    label();
  });
  disposer.listen(handle, "focus", label);
  return handle;
}
