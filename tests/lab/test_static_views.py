"""The static views of a run (the snapshot for kernel-less readers, `_repr_html_`, Markdown, the
DataFrame) show everything and run nothing: every text is escaped, whatever it holds."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest

from puffle_widgets import Session
from puffle_widgets.lab import LabResult
from puffle_widgets.lab.variants import Variant
from puffle_widgets.widgets import StaticFallback

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ALLOWED_TAGS = {
    "div", "style", "p", "strong", "em", "table", "thead", "tbody", "tr", "th", "td",
    "span", "ol", "ul", "li", "del", "ins", "br",
}  # fmt: skip


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def parsed(html: str) -> Tags:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser


def session(**fields: Any) -> Session:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    base = {
        "id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
        "user_id": "u",
        "campaign_id": "c",
        "node_id": "n",
        "created_at": now,
        "updated_at": now,
    }
    return Session.model_validate({**base, **fields})


@pytest.fixture
def hostile() -> LabResult:
    """A finished run where every text the API, the LLM or the user wrote is hostile."""
    result = LabResult(
        [Variant("A", (EVIL,)), Variant("<b>B</b>", ("Fine", EVIL)), Variant("C", ("x",))],
        leads=[{"first_name": EVIL, "company": "Acme"}],
        available_var_names=["first_name"],
    )
    skeleton = {"hook": EVIL, "blocks": [{"name": EVIL}], EVIL: 1}
    for variant, body in zip(
        result, ("Hi %first_name%, " + EVIL, "Hello %first_name%", None), strict=True
    ):
        variant.status = "done" if body else "failed"
        variant.turns_done = len(variant.messages)
        variant.session = session(
            draft_subject=EVIL if body else None, draft_body=body, skeleton=skeleton
        )
    result["C"].error = f"InternalServerError: {EVIL}"
    result.rate("<b>B</b>", star=True, note=EVIL)
    return result


def test_the_static_html_escapes_everything_and_holds_no_script(hostile: LabResult) -> None:
    html = hostile._repr_html_()
    tags = parsed(html).tags
    assert {tag for tag, _ in tags} <= ALLOWED_TAGS
    assert all(not name.startswith("on") for _, attrs in tags for name, _ in attrs)
    assert {name for _, attrs in tags for name, _ in attrs} <= {"class", "scope"}
    assert [tag for tag, _ in tags].count("style") == 1
    assert "<script" not in html and "javascript:" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;B&lt;/b&gt;" in html  # the variant name, as text
    assert "★ starred" in html
    assert "InternalServerError" in html
    assert "Acme" in html  # the draft filled for the lead
    assert "<del>" in html and "<ins>" in html  # the diff against A


def test_the_snapshot_is_the_static_html_in_the_fallback_element(hostile: LabResult) -> None:
    snapshot = StaticFallback(hostile._repr_html_, "k3y")
    html = snapshot.bundle()["text/html"]
    assert html.startswith('<div class="puffle-fallback" data-puffle-for="k3y">')
    assert "body[data-voila]" in html  # hidden where the grid always renders
    assert "<script" not in html
    assert hostile._repr_html_() in html


def test_markdown_escapes_table_cells_and_fences_drafts(hostile: LabResult) -> None:
    md = hostile.to_markdown()
    table = [line for line in md.splitlines() if line.startswith("| ")]
    assert len(table) == 4  # header and three variants: no cell broke a row
    assert all(line.count(" | ") == 9 for line in table)
    assert "\\<script\\>" in md  # in cells and lists: escaped
    assert "<img src=x onerror=alert(1)>" in md.split("```text", 1)[1]  # in a fence: verbatim
    assert "## Variant \\<b\\>B\\</b\\> ★" in md
    assert "[-" in md and "{+" in md
    assert 'For \\<script\\>alert("x")\\</script\\>' in md


def test_to_frame_has_a_row_per_variant_with_the_rating(hostile: LabResult) -> None:
    frame = hostile.to_frame()
    assert list(frame.index) == ["A", "<b>B</b>", "C"]
    assert bool(frame.loc["<b>B</b>", "star"]) is True
    assert frame.loc["C", "status"] == "failed"
    assert frame.loc["A", "unknown_variables"] == []


def test_to_frame_without_pandas_says_how_to_get_it(
    hostile: LabResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        hostile.to_frame()


def test_repr_is_one_line(hostile: LabResult) -> None:
    assert repr(hostile) == (
        "LabResult(variants=3, finished=3, failed=1, skipped=0, starred=['<b>B</b>'])"
    )
