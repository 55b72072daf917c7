// Message text is untrusted markdown: `marked` renders it to HTML, DOMPurify cleans that HTML
// into a DocumentFragment, and only the fragment reaches the page (no innerHTML with raw text).
import DOMPurify from "dompurify";
import { Marked } from "marked";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);

// Images are never loaded: a URL written by the LLM would be fetched (a tracking pixel) the
// moment someone opens the notebook. They become a link, the same rule as the static views.
const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    image({ href, text }) {
      return `<a href="${escapeHtml(href ?? "")}">[image: ${escapeHtml(text || "untitled")}]</a>`;
    },
  },
});

const SAFE_URL = /^(?:https?:|mailto:)/i;

let purifier: ReturnType<typeof DOMPurify> | null = null;

/** One DOMPurify instance for this module, configured once on first use. */
function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  p.addHook("afterSanitizeAttributes", (node) => {
    if (node.nodeName === "A") {
      const href = node.getAttribute("href");
      if (href !== null && !SAFE_URL.test(href.trim())) node.removeAttribute("href");
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  });
  purifier = p;
  return p;
}

const CONFIG = {
  RETURN_DOM_FRAGMENT: true as const,
  USE_PROFILES: { html: true },
  FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe", "object", "embed", "img", "svg", "math"],
  FORBID_ATTR: ["style", "srcset", "action", "formaction"],
  ADD_ATTR: ["target"],
};

/** Render markdown to a sanitized fragment, ready to append. */
export function renderMarkdown(source: string): DocumentFragment {
  const html = marked.parse(source ?? "", { async: false }) as string;
  return getPurifier().sanitize(html, CONFIG);
}
