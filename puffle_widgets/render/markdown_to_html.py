"""Untrusted markdown (LLM or user written) to HTML that is safe to put on a page.

Two layers, so neither has to be perfect alone:

1. markdown-it-py with raw HTML off (`<script>` in a message is shown as text), linkify off,
   CommonMark plus tables and strikethrough, single newlines kept as line breaks as in a chat.
2. nh3 (ammonia) with an explicit allowlist of exactly the tags markdown-it produces.

Policy:

* Links keep only http, https and mailto URLs; relative URLs are dropped (a relative URL on a
  shared notebook points somewhere unpredictable). Every link gets
  `rel="noopener noreferrer nofollow"` and `target="_blank"`.
* Images are never loaded. A remote image in a shared notebook fetches as soon as someone opens
  it, and a URL written by an LLM can carry data out (a known prompt-injection channel), so an
  image becomes a link that reads `[image: alt]` (or that text alone when the URL is unsafe).
* No `style`, `class`, `id` or event attributes survive; table alignment travels as `align`.
* Headings inside a message move down four levels (`#` becomes `<h5>`, deeper ones `<h6>`), so
  a message cannot outrank the sections of the view it sits in.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

ALLOWED_TAGS: Final = frozenset(
    {
        "a", "blockquote", "br", "code", "em", "h5", "h6", "hr", "li", "ol", "p",
        "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: Final = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES: Final = frozenset({"http", "https", "mailto"})
LINK_REL: Final = "noopener noreferrer nofollow"
HEADING_SHIFT: Final = 4

_ALIGN_VALUES = {"left", "center", "right"}
_ALIGN = {"th": {"align": _ALIGN_VALUES}, "td": {"align": _ALIGN_VALUES}}

# Built once: parsing and cleaning are per message, configuration is per process.
_MD: Final = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False, "breaks": True}
).enable(["table", "strikethrough"])

_CLEANER: Final = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style", "iframe", "object", "embed", "svg", "math", "template"},
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    tag_attribute_values=_ALIGN,
    set_tag_attribute_values={"a": {"target": "_blank"}},
    url_schemes=set(ALLOWED_URL_SCHEMES),
    url_relative="deny",
    link_rel=LINK_REL,
    strip_comments=True,
)


def is_safe_url(url: str) -> bool:
    """True for absolute http, https and mailto URLs, the only ones a rendered link may keep."""
    scheme, sep, _ = url.strip().partition(":")
    return bool(sep) and scheme.lower() in ALLOWED_URL_SCHEMES


def _render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env).strip()
    label = html.escape(f"[image: {alt}]" if alt else "[image]")
    src = str(token.attrGet("src") or "")
    if not is_safe_url(src):
        return label
    return f'<a href="{html.escape(src)}">{label}</a>'


_MD.add_render_rule("image", _render_image)


def _adjust(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + HEADING_SHIFT, 6)
            token.tag = f"h{level}"
        elif token.type in ("th_open", "td_open"):
            style = str(token.attrGet("style") or "")
            token.attrs.pop("style", None)
            align = style.removeprefix("text-align:")
            if align in _ALIGN_VALUES:
                token.attrSet("align", align)


def markdown_to_safe_html(text: str | None) -> str:
    """Render untrusted markdown to sanitized HTML (empty string for None or blank text)."""
    if not text or not text.strip():
        return ""
    return _cached_render(text) if len(text) <= _CACHE_MAX_CHARS else _render(text)


# Transcripts only grow and views re-render whole sessions on every change, so caching by
# content parses each message once. Bounded by entries and by message size, so the cache holds
# at most 1024 entries of up to 8 KB of markdown each, plus their HTML.
_CACHE_MAX_CHARS = 8192


def markdown_uncached(text: str | None) -> str:
    """`markdown_to_safe_html` without the process-wide cache, for callers that keep their own."""
    if not text or not text.strip():
        return ""
    return _render(text)


def _render(text: str) -> str:
    tokens = _MD.parse(text)
    _adjust(tokens)
    rendered = _MD.renderer.render(tokens, _MD.options, {})
    return str(_CLEANER.clean(rendered)).strip()


_cached_render = lru_cache(maxsize=1024)(_render)


def parse_blocks(text: str) -> list[Token]:
    """The block tokens of `text` under the same parser the HTML view uses."""
    return _MD.parse(text)
