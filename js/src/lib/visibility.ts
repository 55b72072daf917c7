// Whether an element is on screen: the page is visible (document.visibilityState) and the
// element intersects the viewport (IntersectionObserver). The kernel polls an idle session only
// while one of its views is visible, so each view reports changes, its state when it starts,
// and a heartbeat while visible (a tab closed without notice stops counting after a while).

export interface VisibilityOptions {
  /** Report "still visible" this often (ms) while visible; 0: never. */
  heartbeatMs?: number;
  doc?: Document;
}

/** Call `report(visible)` at start, on every change, and as a heartbeat while visible; returns
 * the function that stops watching. Without IntersectionObserver (old browsers, jsdom) an
 * element counts as intersecting while it is in the document. */
export function watchVisibility(
  el: Element,
  report: (visible: boolean) => void,
  { heartbeatMs = 30_000, doc = el.ownerDocument ?? document }: VisibilityOptions = {},
): () => void {
  let intersecting = typeof IntersectionObserver === "undefined";
  let last: boolean | null = null;
  const visibleNow = () => doc.visibilityState !== "hidden" && intersecting;
  const emit = (force = false) => {
    const visible = visibleNow();
    if (force || visible !== last) {
      last = visible;
      report(visible);
    }
  };

  let observer: IntersectionObserver | null = null;
  if (typeof IntersectionObserver !== "undefined") {
    observer = new IntersectionObserver((entries) => {
      for (const entry of entries) intersecting = entry.isIntersecting;
      emit();
    });
    observer.observe(el);
  }
  const onPage = () => emit();
  doc.addEventListener("visibilitychange", onPage);
  const beat = heartbeatMs > 0 ? setInterval(() => last && emit(true), heartbeatMs) : null;
  if (observer === null) emit(true); // an IntersectionObserver reports once when it starts

  return () => {
    observer?.disconnect();
    doc.removeEventListener("visibilitychange", onPage);
    if (beat !== null) clearInterval(beat);
  };
}
