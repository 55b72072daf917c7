// How tall the widget may be: never taller than the part of the notebook the user can see, so
// the header and the chat box fit on screen together. The notebook's scrolling element is
// `.jp-WindowedPanel-outer` in JupyterLab 4 (inside `.jp-Notebook`), the notebook panel in
// Notebook 7, some app container in other hosts, or the window itself.

/** Below this the panes are too small to use; the widget keeps it even in a tiny notebook. */
export const MIN_HEIGHT = 320;
/** The tallest a widget gets on its own (a user may drag it taller, up to the visible area). */
export const MAX_DEFAULT_HEIGHT = 860;
/** Room left above and below the widget in the visible area (cell padding, prompt). */
const MARGIN = 24;
const KNOWN_SCROLLERS = ".jp-WindowedPanel-outer, .jp-Notebook, .jp-NotebookPanel-notebook";

function parentOf(node: Element): Element | null {
  if (node.parentElement) return node.parentElement;
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

function scrolls(el: Element): boolean {
  const style = el.ownerDocument.defaultView?.getComputedStyle(el);
  const overflow = style ? `${style.overflowY} ${style.overflow}` : "";
  return /(auto|scroll|overlay)/.test(overflow) && el.clientHeight > 0;
}

/** The element that scrolls the notebook around `el` (null: the window does). */
export function scrollingAncestor(el: Element): HTMLElement | null {
  let fallback: HTMLElement | null = null;
  for (let node = parentOf(el); node && node !== el.ownerDocument.body; node = parentOf(node)) {
    if (!(node instanceof HTMLElement)) continue;
    if (node.matches(KNOWN_SCROLLERS) && scrolls(node)) return node;
    if (!fallback && scrolls(node)) fallback = node;
  }
  return fallback;
}

/** The height of the visible notebook area around `el`, in px. */
export function visibleHeight(el: Element): number {
  const scroller = scrollingAncestor(el);
  const win = el.ownerDocument.defaultView;
  const windowHeight = win?.visualViewport?.height ?? win?.innerHeight ?? 0;
  const height = scroller ? scroller.clientHeight : windowHeight;
  return windowHeight > 0 ? Math.min(height, windowHeight) : height;
}

/** The widget's height: the user's choice or the default, capped to the visible area. */
export function fittedHeight(visible: number, chosen: number | null | undefined): number {
  const cap = Math.max(MIN_HEIGHT, Math.floor(visible - MARGIN));
  const wanted = typeof chosen === "number" && chosen > 0 ? chosen : Math.min(cap, MAX_DEFAULT_HEIGHT);
  return Math.max(MIN_HEIGHT, Math.min(cap, Math.round(wanted)));
}
