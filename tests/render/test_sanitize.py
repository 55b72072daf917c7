"""Untrusted markdown becomes HTML that keeps formatting and loses everything executable."""

from __future__ import annotations

import pytest

from puffle_widgets.render import markdown_to_safe_html
from tests.render._html_check import elements, parse, problems
from tests.render.conftest import FRAGMENTS, XSS_MARKDOWN


@pytest.mark.parametrize("payload", XSS_MARKDOWN)
def test_xss_payloads_render_inert(payload: str) -> None:
    out = markdown_to_safe_html(payload)
    assert problems(out) == []
    assert "<script" not in out.lower()
    attribute_values = [str(v).lower() for el in parse(out).elements for v in el.attrs.values()]
    assert not any("javascript:" in value for value in attribute_values)


def test_raw_html_is_shown_as_text() -> None:
    out = markdown_to_safe_html("<script>alert(1)</script>")
    assert "&lt;script&gt;" in out
    assert "alert(1)" in "".join(parse(out).text)


def test_markdown_features_render() -> None:
    out = markdown_to_safe_html(
        "**bold** and *em* and `code`\n\n- one\n- two\n\n1. first\n\n"
        "```python\nprint('<hi>')\n```\n\n> quoted\n\n~~gone~~\n\n"
        "| a | b |\n|:-|-:|\n| 1 | 2 |"
    )
    tags = [el.tag for el in parse(out).elements]
    for tag in ("strong", "em", "code", "ul", "ol", "li", "pre", "blockquote", "s", "table"):
        assert tag in tags, tag
    assert "&lt;hi&gt;" in out
    assert [el.attrs.get("align") for el in elements(out, "th")] == ["left", "right"]


def test_links_get_rel_and_target() -> None:
    out = markdown_to_safe_html("[site](https://example.com/a?b=1) and <mailto:a@example.com>")
    links = elements(out, "a")
    assert [link.attrs["href"] for link in links] == [
        "https://example.com/a?b=1",
        "mailto:a@example.com",
    ]
    for link in links:
        assert link.attrs["rel"] == "noopener noreferrer nofollow"
        assert link.attrs["target"] == "_blank"


def test_relative_and_unsafe_link_targets_are_dropped() -> None:
    out = markdown_to_safe_html("[rel](/tree/secret) [frag](#x) [tel](tel:123) [ftp](ftp://x)")
    assert all("href" not in link.attrs for link in elements(out, "a"))
    assert "rel" in "".join(parse(out).text)


def test_images_never_load_and_become_links() -> None:
    out = markdown_to_safe_html(
        "![chart](https://example.com/c.png) ![x](ftp://x.example/x.png) ![](ftp://x.example/y)"
    )
    assert elements(out, "img") == []
    links = elements(out, "a")
    assert [link.attrs["href"] for link in links] == ["https://example.com/c.png"]
    text = "".join(parse(out).text)
    assert "[image: chart]" in text
    assert "[image]" in text


def test_headings_are_demoted_below_the_view_sections() -> None:
    out = markdown_to_safe_html("# Top\n\n## Second\n\n###### Deep")
    assert [el.tag for el in parse(out).elements] == ["h5", "h6", "h6"]


def test_linkify_is_off() -> None:
    out = markdown_to_safe_html("see example.com or www.example.com")
    assert elements(out, "a") == []


@pytest.mark.parametrize("text", [None, "", "   \n"])
def test_blank_input_renders_nothing(text: str | None) -> None:
    assert markdown_to_safe_html(text) == ""


def test_single_newlines_are_line_breaks_like_in_chat() -> None:
    assert elements(markdown_to_safe_html("line one\nline two"), "br")


def test_random_mixtures_stay_inert() -> None:
    import random

    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 12)))
        assert problems(markdown_to_safe_html(text)) == [], text
