// Which theme the host page declares, for hosts whose colours the stylesheet cannot read as CSS
// variables. JupyterLab (--jp-*) and VS Code (--vscode-*) give variables, and the stylesheet
// uses them first; marimo marks its dark theme with classes and `data-theme` on <body> and
// renders widgets inside a shadow root, where no selector reaches <body>. So the view reads the
// host's marks here and sets `data-pw-theme` on its root; with no mark at all the stylesheet
// falls back to `prefers-color-scheme`.
import type { Disposer } from "./disposer";

export type HostTheme = "dark" | "light";

const DARK_CLASSES = ["dark", "dark-theme", "dark-mode", "theme-dark", "vscode-dark", "vscode-high-contrast"];
const LIGHT_CLASSES = ["light", "light-theme", "light-mode", "theme-light", "vscode-light", "vscode-high-contrast-light"];
const THEME_ATTRS = ["data-theme", "data-mode", "data-bs-theme", "data-color-mode"];
/** Attributes whose change may change the answer (watched on <html> and <body>). */
export const WATCHED = ["class", "data-jp-theme-light", "data-vscode-theme-kind", ...THEME_ATTRS];

/** The theme one element declares, if any. */
export function declaredTheme(node: Element): HostTheme | null {
  const jpLight = node.getAttribute("data-jp-theme-light");
  if (jpLight === "false") return "dark";
  if (jpLight === "true") return "light";
  const kind = node.getAttribute("data-vscode-theme-kind");
  if (kind === "vscode-light" || kind === "vscode-high-contrast-light") return "light";
  if (kind === "vscode-dark" || kind === "vscode-high-contrast") return "dark";
  for (const attr of THEME_ATTRS) {
    const value = node.getAttribute(attr)?.toLowerCase();
    if (value === "dark" || value === "light") return value;
  }
  // Light first: VS Code's high-contrast light theme carries both class names.
  if (LIGHT_CLASSES.some((c) => node.classList.contains(c))) return "light";
  if (DARK_CLASSES.some((c) => node.classList.contains(c))) return "dark";
  return null;
}

/** The parent element, stepping out of a shadow root to its host. */
function parentOf(node: Element): Element | null {
  if (node.parentElement) return node.parentElement;
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** The nearest theme declared above `el` (across shadow roots), or null. */
export function hostTheme(el: Element): HostTheme | null {
  for (let node = parentOf(el); node; node = parentOf(node)) {
    const theme = declaredTheme(node);
    if (theme) return theme;
  }
  return null;
}

/** Keep `root.dataset.pwTheme` equal to the host's declared theme while the view lives. */
export function followHostTheme(disposer: Disposer, root: HTMLElement): void {
  const update = () => {
    const theme = hostTheme(root);
    if (theme) root.dataset.pwTheme = theme;
    else delete root.dataset.pwTheme;
  };
  update();
  // The view is often attached after render returns: look again once it is in the page.
  const frame = typeof requestAnimationFrame === "function" ? requestAnimationFrame(update) : null;
  if (frame !== null) disposer.add(() => cancelAnimationFrame(frame));
  if (typeof MutationObserver !== "function") return;
  const observer = new MutationObserver(update);
  const doc = root.ownerDocument;
  for (const node of [doc.documentElement, doc.body]) {
    if (node) observer.observe(node, { attributes: true, attributeFilter: WATCHED });
  }
  disposer.add(() => observer.disconnect());
}
