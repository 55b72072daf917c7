"""A Session shows itself without the Jupyter extension: a one-line repr, and the sanitized
static view as HTML (or Markdown) for any front end that asks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from puffle_widgets.models import Session, SessionList

FIXTURES = Path(__file__).parent.parent / "fixtures"
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '<a href="javascript:alert(3)" onclick="alert(4)">x</a>',
    "<svg onload=alert(5)>",
]


def session(**fields: Any) -> Session:
    body: dict[str, Any] = json.loads((FIXTURES / "get_session_example.json").read_text())
    body["session"].update(fields)
    return Session.model_validate(body["session"])


def test_repr_is_one_short_line_with_the_essentials() -> None:
    s = session(title="Intro\nemail", task_status="chat_processing", framework_version=3)
    text = repr(s)
    assert "\n" not in text
    assert text == (
        f"Session(id={s.id!r}, title='Intro\\nemail', status='chat_processing', "
        f"framework_version=3, messages={len(s.transcript)})"
    )
    assert str(s) == text


def test_repr_of_a_fresh_session_and_a_long_title() -> None:
    fresh = session(title=None, messages=None, framework_version=None, task_status=None)
    assert repr(fresh).endswith("title=None, status='idle', framework_version=None, messages=0)")
    long = session(title="x" * 500, messages=[{"role": "user", "content": "y" * 10_000}])
    assert len(repr(long)) < 200
    assert "y" * 20 not in repr(long)


def test_repr_html_is_the_sanitized_static_view() -> None:
    messages = [{"role": "user", "content": payload} for payload in HOSTILE]
    s = session(title='<script>alert("t")</script>', messages=messages)
    html = s._repr_html_()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    for tag in soup.find_all(True):
        assert not any(name.lower().startswith("on") for name in tag.attrs), tag
        assert not str(tag.get("href", "")).lower().startswith("javascript:")
    assert re.search(r"puffle-static", html)
    assert "alert(1)" in soup.get_text()  # shown as text, not run


def test_repr_markdown_is_the_markdown_view() -> None:
    s = session()
    assert s._repr_markdown_() == s.to_markdown()


def test_a_session_list_shows_the_sanitized_table() -> None:
    hostile = SessionList([session(title=payload) for payload in HOSTILE])
    soup = BeautifulSoup(hostile._repr_html_(), "html.parser")
    assert soup.find("script") is None
    for tag in soup.find_all(True):
        assert not any(name.lower().startswith("on") for name in tag.attrs), tag
    assert len(soup.select("tr[data-puffle-session-id]")) == len(HOSTILE)
    assert "No sessions." in SessionList()._repr_html_()


def test_a_session_list_as_markdown_is_a_fenced_text_table() -> None:
    """No title can close the fence and turn the rest into live Markdown."""
    sneaky = SessionList([session(title="```` [x](javascript:alert(1)) ![](http://t/i.png)")])
    text = sneaky._repr_markdown_()
    fence = text.split("text\n", 1)[0]
    assert set(fence) == {"`"} and len(fence) == 5
    assert text.endswith("\n" + fence)
    body = text[len(fence) : -len(fence)]
    assert fence not in body
    assert "Title" in body.splitlines()[1]
