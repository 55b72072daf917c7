"""Writing Markdown that stays inert in whatever renders it (GitHub, JupyterLab, VS Code, mistune).

Message content is markdown and is exported as written, except for what a renderer could turn
into live HTML:

* every `<` outside code blocks becomes `&lt;` (all raw HTML starts with `<`), so `<script>`,
  `<img onerror=…>` or `<iframe>` read as text; `<https://…>` and `<mailto:…>` autolinks stay;
* a link or reference destination whose scheme is not http, https or mailto (`javascript:`,
  `data:`, entity-obfuscated forms too) gets a `#` in front, which turns it into a harmless
  fragment link;
* an image (`![alt](url)`) loses its `!` and becomes a link, as in the HTML view: a viewer
  would otherwise fetch an LLM-chosen URL as soon as the export is opened;
* a code fence the message leaves open is closed, so it cannot swallow the rest of the export.

Fenced code blocks are left alone, since renderers show them verbatim, but only the ones no
renderer can read differently: at the top level and after a blank line (or at the start). Where
renderers disagree about block structure (mistune, for one, lets a table swallow a fence line
that markdown-it reads as an opening fence), trusting one parser's idea of "code" could leave a
tag live elsewhere. Everything else is escaped, so the worst a disagreement costs is a visible
`&lt;` inside code: in inline code spans, indented code blocks and fences inside lists or quotes.
"""

from __future__ import annotations

import html
import re
from itertools import groupby

from markdown_it.token import Token

from puffle_widgets.render.formatting import clean_text, one_line
from puffle_widgets.render.markdown_to_html import ALLOWED_URL_SCHEMES, is_safe_url, parse_blocks

_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
# Where a link destination starts: after `](` (inline link) or `]:` (reference definition),
# past whitespace that may include one line ending, and past an opening `<`.
_DESTINATION = re.compile(r"\]\(\s*<?|\]:\s*<?")
_DEST_TEXT = re.compile(r"[^\s()<>]*")
# `![` not already escaped (an even run of backslashes before it escapes only backslashes).
_IMAGE = re.compile(r"(?<!\\)((?:\\\\)*)!\[")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_URL_JUNK = re.compile(r"[\x00-\x20\\]")
_INLINE_SPECIAL = re.compile(r"[\\`*_\[\]>#]|&(?=#?[A-Za-z0-9]+;)")
_BACKTICKS = re.compile(r"`+")
# Raw HTML needs `<`, a link destination `]`, an open fence ``` or ~~~: text without any of them
# is returned as is, which is most chat messages.
_MAY_NEED_WORK = re.compile(r"[<\]]|```|~~~")


def _code_lines(tokens: list[Token], lines: list[str]) -> set[int]:
    """Lines of the fenced blocks that every CommonMark-family renderer reads as code."""
    code: set[int] = set()
    for token in tokens:
        if token.type != "fence" or token.level != 0 or not token.map:
            continue
        start, end = token.map
        if start == 0 or not lines[start - 1].strip():
            code.update(range(start, end))
    return code


def _open_fence(tokens: list[Token], lines: list[str]) -> str | None:
    """The marker that closes a top-level fence left open at the end, if there is one."""
    fences = [t for t in tokens if t.type == "fence" and t.level == 0 and t.map]
    if not fences:
        return None
    last = fences[-1]
    assert last.map is not None
    start, end = last.map
    if end < len(lines) and any(line.strip() for line in lines[end:]):
        return None
    marker = last.markup
    closing = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$")
    if end - start >= 2 and closing.match(lines[end - 1]):
        return None
    return marker


def _unsafe_destination(candidate: str) -> bool:
    # Browsers drop whitespace and controls inside URLs and renderers decode entities first.
    decoded = _URL_JUNK.sub("", html.unescape(candidate)).lower()
    match = _SCHEME.match(decoded)
    return match is not None and match.group(1) not in ALLOWED_URL_SCHEMES


def _defuse_links(text: str) -> str:
    out: list[str] = []
    pos = 0
    for match in _DESTINATION.finditer(text):
        dest = _DEST_TEXT.match(text, match.end())
        assert dest is not None
        if _unsafe_destination(dest.group(0)):
            out.append(text[pos : match.end()])
            out.append("#")
            pos = match.end()
    out.append(text[pos:])
    return "".join(out)


def _unimage(text: str) -> str:
    return _IMAGE.sub(lambda m: m.group(1) + "\\![", text)


def _escape_angles(text: str) -> str:
    out: list[str] = []
    pos = 0
    for match in _AUTOLINK.finditer(text):
        out.append(text[pos : match.start()].replace("<", "&lt;"))
        url = match.group(1)
        out.append(match.group(0) if is_safe_url(url) else "&lt;" + match.group(0)[1:])
        pos = match.end()
    out.append(text[pos:].replace("<", "&lt;"))
    return "".join(out)


def neutralize_markdown(text: str | None) -> str:
    """`text` as Markdown that renders without raw HTML or unsafe links, code blocks untouched."""
    source = clean_text(text or "")
    if not _MAY_NEED_WORK.search(source):
        return source.rstrip("\n")
    tokens = parse_blocks(source)
    lines = source.split("\n")
    code = _code_lines(tokens, lines)
    parts: list[str] = []
    for is_code, group in groupby(enumerate(lines), key=lambda item: item[0] in code):
        chunk = "\n".join(line for _, line in group)
        parts.append(chunk if is_code else _escape_angles(_defuse_links(_unimage(chunk))))
    result = "\n".join(parts).rstrip("\n")
    marker = _open_fence(tokens, lines)
    if marker is not None:
        result += "\n" + marker
    return result


def md_text(value: object) -> str:
    """`value` as one line of literal Markdown text: markup characters are backslash-escaped."""
    # `<` becomes an entity, not `\<`: Python-Markdown does not honour that backslash escape.
    escaped = _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(0), one_line(value))
    return escaped.replace("<", "&lt;")


def md_code(value: object) -> str:
    """`value` as an inline code span, with a delimiter longer than any backtick run inside."""
    text = one_line(value)
    if not text:
        return "` `"
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    delimiter = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`"):
        text = f" {text} "
    return f"{delimiter}{text}{delimiter}"


def md_fence(value: object, info: str = "text") -> str:
    """`value` as a fenced code block whose fence no line inside can close."""
    text = clean_text(value).rstrip("\n")
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"
