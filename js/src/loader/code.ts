// The front-end code, loaded once per page. Each widget's own `_esm` is a small loader (this
// module and an entry beside it); the code itself (every entry's bundle and the CSS) is held
// once per kernel by a hidden model (Python: widgets/assets.py `FrontEndCode`), which each
// widget names in its `code_ref` trait ("IPY_MODEL_<id>"). The first view on a page to need an
// entry imports it and adds the CSS; later ones, of any widget of that kernel, reuse it. Code
// is cached by its digest, so two kernels of different versions on one page, or a rebuilt
// bundle (ANYWIDGET_HMR), each get their own.
import type { AnyModel, RenderProps } from "@anywidget/types";

export type Entry = "session" | "campaign" | "lab";

/** What the hidden code model holds. */
export interface CodeModel {
  code: Record<string, string>;
  css: string;
  digest: string;
}

/** What a bundle exports (its default export). */
export interface WidgetModule {
  default: {
    render(props: RenderProps<any>): unknown;
  };
}

type Importer = (source: string) => Promise<WidgetModule>;

const CACHE_KEY = Symbol.for("puffle-widgets.front-end-code");
const MODEL_PREFIX = "IPY_MODEL_";

function pageCache(): Map<string, Promise<WidgetModule>> {
  const scope = globalThis as unknown as Record<symbol, Map<string, Promise<WidgetModule>>>;
  scope[CACHE_KEY] ??= new Map();
  return scope[CACHE_KEY];
}

/** Import ES module source text (as anywidget imports an `_esm`). */
export async function importSource(source: string): Promise<WidgetModule> {
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  try {
    return (await import(/* @vite-ignore */ url)) as WidgetModule;
  } finally {
    URL.revokeObjectURL(url);
  }
}

function addStyles(digest: string, css: string): void {
  const id = `puffle-widgets-css-${digest}`;
  if (!css || document.getElementById(id)) return;
  const style = document.createElement("style");
  style.id = id;
  style.textContent = css;
  document.head.append(style);
}

/** The module of `entry`, imported at most once per page and digest. */
export async function loadEntry(
  model: AnyModel<{ code_ref: string }>,
  entry: Entry,
  importer: Importer = importSource,
): Promise<WidgetModule> {
  const ref = model.get("code_ref");
  if (typeof ref !== "string" || !ref.startsWith(MODEL_PREFIX)) {
    throw new Error(`no front-end code model (code_ref=${JSON.stringify(ref)})`);
  }
  const manager = model.widget_manager;
  if (!manager || typeof manager.get_model !== "function") {
    throw new Error("this page's widget manager cannot look models up");
  }
  const code = await manager.get_model<CodeModel>(ref.slice(MODEL_PREFIX.length));
  const digest = code.get("digest");
  const key = `${digest}:${entry}`;
  const cache = pageCache();
  let loaded = cache.get(key);
  if (loaded === undefined) {
    const source = code.get("code")[entry];
    if (typeof source !== "string") throw new Error(`the code model holds no ${entry} entry`);
    addStyles(digest, code.get("css"));
    loaded = importer(source);
    cache.set(key, loaded);
    loaded.catch(() => cache.delete(key)); // a failed import may be tried again
  }
  return loaded;
}

/** anywidget's `render` for `entry`: load the code, then render with it; if the code cannot
 * be had, say so in the view (the static snapshot beside it stays visible). */
export function renderEntry(entry: Entry, importer: Importer = importSource) {
  return async (props: RenderProps<any>): Promise<unknown> => {
    let loaded: WidgetModule;
    try {
      loaded = await loadEntry(props.model, entry, importer);
    } catch (error) {
      const note = document.createElement("p");
      note.className = "puffle-load-error";
      note.textContent = `puffle-widgets could not load its front end: ${String(error)}`;
      props.el.append(note);
      return () => note.remove();
    }
    return loaded.default.render(props);
  };
}
