// Each widget is displayed next to a static snapshot of itself (div.puffle-fallback with
// data-puffle-for = the widget's `fallback_key`), for places where widgets cannot render. A
// rendered view hides its own snapshot, and only its own: another widget that failed to render
// (no kernel, no saved state) keeps showing its snapshot.

const views = new Map<string, number>();

function styleId(key: string): string {
  return `puffle-fallback-${key}`;
}

/** Hide the snapshot marked with `key` while this view lives; returns the undo. */
export function hideOwnFallback(key: string | null | undefined): () => void {
  if (!key || !/^[A-Za-z0-9_-]+$/.test(key)) return () => {};
  views.set(key, (views.get(key) ?? 0) + 1);
  if (!document.getElementById(styleId(key))) {
    const snapshot = `.puffle-fallback[data-puffle-for="${key}"]`;
    const style = document.createElement("style");
    style.id = styleId(key);
    // The output row too, so the hidden snapshot leaves no gap under the widget: JupyterLab's
    // and Notebook 7's output row, and in other hosts (VS Code) the box holding nothing but it.
    style.textContent =
      `${snapshot}, .jp-OutputArea-child:has(${snapshot}), div:has(> ${snapshot}:only-child) { display: none !important; }`;
    document.head.append(style);
  }
  let undone = false;
  return () => {
    if (undone) return;
    undone = true;
    const left = (views.get(key) ?? 1) - 1;
    if (left > 0) {
      views.set(key, left);
      return;
    }
    views.delete(key);
    document.getElementById(styleId(key))?.remove();
  };
}
