"""The stylesheet of the static views, shipped as package data next to this module."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def stylesheet() -> str:
    """The CSS of `static.css`, every rule scoped under `.puffle-static`."""
    return files("puffle_widgets.render").joinpath("static.css").read_text(encoding="utf-8")


def style_tag() -> str:
    """The stylesheet in a `<style>` element, to inline in a fragment."""
    # `</style` cannot occur in our own file, but a stray one would end the element early.
    return "<style>" + stylesheet().replace("</", "<\\/") + "</style>"
