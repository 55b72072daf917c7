"""The Markdown export: complete, readable, and inert under permissive renderers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from markdown_it import MarkdownIt

from puffle_widgets.models import Session
from puffle_widgets.render import session_markdown
from puffle_widgets.render.markdown_escape import md_code, md_fence, md_text, neutralize_markdown
from tests.render._html_check import parse, problems
from tests.render.conftest import FRAGMENTS, XSS_MARKDOWN, XSS_TEXT

# Renderers that pass raw HTML through, as many Markdown viewers do: the export must not rely on
# the viewer to sanitize.
_GFM_LIKE = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_COMMONMARK = MarkdownIt("commonmark", {"html": True})


def _renderers() -> list[Callable[[str], str]]:
    found: list[Callable[[str], str]] = [_GFM_LIKE.render, _COMMONMARK.render]
    try:
        import mistune
    except ImportError:  # pragma: no cover - mistune comes with nbconvert
        return found
    render = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])
    found.append(lambda text: str(render(text)))
    return found


RENDERERS = _renderers()


def test_documented_example_exports_transcript_and_draft(example_session: Session) -> None:
    out = session_markdown(example_session)
    assert out.startswith("# Intro email to VPs of Sales\n")
    assert "### User\n\nWrite an intro email for enterprise VPs of Sales\n" in out
    assert "### Assistant\n\nGot it — here's a skeleton we can iterate on.\n" in out
    assert "```text\nQuick question about {{company}}\n```" in out
    assert "```text\nHi {{first_name}}, ...\n```" in out
    assert "- **Hook:** pattern-interrupt question" in out
    assert "- **Node:** `bbbb1111-1111-1111-1111-111111111111`" in out
    assert "- **Status:** idle" in out
    assert example_session.to_markdown() == out


def test_rich_session_exports_every_section(rich_session: Session) -> None:
    out = session_markdown(rich_session)
    for heading in (
        "## Transcript",
        "## Draft",
        "## Skeleton",
        "### Blocks",
        "### Other keys",
        "## History",
        "### Skeleton versions",
        "### Draft versions",
        "## Generated examples",
        "### Lead `lead-1`",
    ):
        assert f"\n{heading}\n" in out, heading
    assert "1. **Opener** — Reference their role and company" in out
    assert "   - Fields: `first_name`, `position`, `company`" in out
    assert "- **v1** · 2026-04-22 10:02 UTC · subject: `Hello {{first_name}}`" in out
    assert '"formality": "casual"' in out
    assert "**Subject:** Quick question about Acme" in out
    # Message markdown goes out as written.
    assert "1. **Hook** — a pattern-interrupt question" in out
    assert "See [our playbook](https://example.com/playbook)." in out


def test_fresh_session_exports_empty_states(fresh_session: Session) -> None:
    out = session_markdown(fresh_session)
    assert out.startswith("# Untitled session\n")
    for phrase in (
        "_No messages yet._",
        "_No draft yet._",
        "_No skeleton yet._",
        "_No earlier versions._",
        "_No generated examples._",
    ):
        assert phrase in out
    assert "Framework version" not in out


@pytest.mark.parametrize("render", RENDERERS)
def test_export_is_inert_when_rendered_with_raw_html_allowed(
    xss_session: Session, render: Callable[[str], str]
) -> None:
    rendered = render(session_markdown(xss_session))
    assert problems(rendered, allow_relative=True) == []
    assert "<script" not in rendered.lower()


@pytest.mark.parametrize("payload", XSS_MARKDOWN)
def test_each_payload_is_neutralised(payload: str) -> None:
    out = neutralize_markdown(payload)
    for render in RENDERERS:
        assert problems(render(out), allow_relative=True) == [], (payload, out)


def test_raw_html_is_escaped_but_top_level_fences_are_untouched() -> None:
    text = "Use <b>bold</b> here.\n\n```html\n<script>alert(1)</script>\n```\n\n    <i>indented</i>"
    out = neutralize_markdown(text)
    assert out.startswith("Use &lt;b>bold&lt;/b> here.")
    assert "```html\n<script>alert(1)</script>\n```" in out
    # Indented code is escaped too: cosmetic in code, and never trusted to be code.
    assert "    &lt;i>indented&lt;/i>" in out
    assert problems(_GFM_LIKE.render(out)) == []


@pytest.mark.parametrize(
    "text",
    [
        # mistune lets the table swallow the fence line that markdown-it reads as a fence.
        "| a | b |\n|---|---|\n```x\n- <svg onload=1>\n```",
        "paragraph\n```\n<svg onload=1>\n```",
        "- item\n\n  ```\n  <svg onload=1>\n  ```",
        "> ```\n> <svg onload=1>\n> ```",
    ],
)
def test_fences_renderers_may_read_differently_are_escaped(text: str) -> None:
    out = neutralize_markdown(text)
    assert "<svg" not in out
    for render in RENDERERS:
        assert problems(render(out), allow_relative=True) == [], out


def test_safe_autolinks_survive_and_unsafe_ones_do_not() -> None:
    out = neutralize_markdown("<https://example.com> <mailto:a@example.com> <javascript:alert(1)>")
    assert out == "<https://example.com> <mailto:a@example.com> &lt;javascript:alert(1)>"


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](\n  JAVASCRIPT:alert(1))",
        "[x](java&#115;cript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x]\n\n[x]: javascript:alert(1)",
        "![x](data:text/html,<script>alert(1)</script>)",
    ],
)
def test_unsafe_link_destinations_become_fragments(text: str) -> None:
    out = neutralize_markdown(text)
    for render in RENDERERS:
        assert problems(render(out), allow_relative=True) == [], out


def test_an_unclosed_fence_cannot_swallow_the_rest(rich_session: Session) -> None:
    body = rich_session.model_dump()
    body["messages"] = [
        {"role": "assistant", "content": "Here:\n\n```\nunclosed <b>code"},
        {"role": "user", "content": "next message <i>x</i>"},
    ]
    out = session_markdown(Session.model_validate(body))
    rendered = _GFM_LIKE.render(out)
    assert "<h3>User</h3>" in rendered
    assert "<h2>Draft</h2>" in rendered
    assert problems(rendered) == []


def test_hostile_fields_outside_messages_stay_text(xss_session: Session) -> None:
    out = session_markdown(xss_session)
    rendered = _GFM_LIKE.render(out)
    text = "".join(parse(rendered).text)
    assert XSS_TEXT in text


def test_inline_helpers() -> None:
    assert md_text("a *b* [c](d) <e> #f &amp; Q&A") == (
        "a \\*b\\* \\[c\\](d) &lt;e\\> \\#f \\&amp; Q&A"
    )
    assert md_text("two\nlines") == "two lines"
    assert md_code("plain") == "`plain`"
    assert md_code("a`b") == "``a`b``"
    assert md_code("`edge") == "`` `edge ``"
    assert md_fence("x\n```\ny") == "````text\nx\n```\ny\n````"


def test_plain_messages_pass_through_unchanged() -> None:
    text = "Hi **there**,\n\n- one\n- two\n\nThanks!"
    assert neutralize_markdown(text) == text


def test_random_mixtures_stay_inert_everywhere() -> None:
    import random

    rng = random.Random(20260422)
    for _ in range(300):
        text = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 12)))
        out = neutralize_markdown(text)
        for render in RENDERERS:
            assert problems(render(out), allow_relative=True) == [], (text, out)
