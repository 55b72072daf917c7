"""Parse rendered HTML with the stdlib parser and report anything that could execute or load."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "img", "link", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}
SAFE_SCHEMES = ("http:", "https:", "mailto:")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(markup: str) -> Collector:
    collector = Collector()
    collector.feed(markup)
    collector.close()
    return collector


def _bad_url(value: str, allow_relative: bool) -> bool:
    # Browsers ignore whitespace and control characters inside a URL's scheme.
    url = "".join(ch for ch in value if ord(ch) > 0x20).lower()
    scheme = re.match(r"([a-z][a-z0-9+.\-]*):", url)
    if scheme is None:
        return not allow_relative
    return not url.startswith(SAFE_SCHEMES)


def problems(markup: str, allow_relative: bool = False) -> list[str]:
    """Every tag, attribute or URL in `markup` that could run script or fetch something."""
    found: list[str] = []
    for el in parse(markup).elements:
        if el.tag in FORBIDDEN_TAGS:
            found.append(f"<{el.tag}>")
        for name, value in el.attrs.items():
            if name.startswith("on"):
                found.append(f"<{el.tag} {name}>")
            if name == "style":
                found.append(f"<{el.tag} style>")
            if name in URL_ATTRIBUTES and value is not None and _bad_url(value, allow_relative):
                found.append(f"<{el.tag} {name}={value!r}>")
    return found


def elements(markup: str, tag: str, cls: str | None = None) -> list[Element]:
    """The elements with this tag (and class, when given)."""
    return [
        el
        for el in parse(markup).elements
        if el.tag == tag and (cls is None or cls in (el.attrs.get("class") or "").split())
    ]
