"""The HTML fragment and the standalone document of a session."""

from __future__ import annotations

import re

from puffle_widgets.models import Session
from puffle_widgets.render import session_document, session_html
from puffle_widgets.render.style import stylesheet
from tests.render._html_check import elements, parse, problems
from tests.render.conftest import XSS_TEXT, rich_payload, xss_payload

SECTIONS = ("pw-transcript", "pw-draft", "pw-skeleton", "pw-history", "pw-examples")


def _text(markup: str) -> str:
    return "".join(parse(markup).text)


def _body_without_style(markup: str) -> str:
    return re.sub(r"<style>.*?</style>", "", markup, flags=re.DOTALL)


def test_documented_example_renders_title_messages_and_variables(
    example_session: Session,
) -> None:
    out = session_html(example_session)
    text = _text(_body_without_style(out))
    assert "Intro email to VPs of Sales" in text
    assert "Write an intro email for enterprise VPs of Sales" in text
    assert "Got it — here's a skeleton we can iterate on." in text
    messages = elements(out, "div", "pw-message")
    assert [m.attrs["data-role"] for m in messages] == ["user", "assistant"]
    variables = elements(out, "span", "pw-var")
    assert [v.attrs["data-var"] for v in variables] == ["company", "first_name"]
    assert '<span class="pw-var" data-var="company" data-syntax="braces">{{company}}</span>' in out
    assert "pattern-interrupt question" in text
    assert "15 min to outbound ROI" in text


def test_every_element_sits_under_one_root(rich_session: Session) -> None:
    out = session_html(rich_session)
    assert out.startswith('<div class="puffle-widget puffle-static" data-puffle-session-id="')
    assert out.endswith("</div>")
    root = parse(out).elements[0]
    assert root.attrs["data-puffle-session-id"] == rich_session.id
    # The root's closing tag is the last thing: nothing trails outside it.
    depth = 0
    for match in re.finditer(r"<(/?)div\b", out):
        depth += -1 if match.group(1) else 1
        assert depth >= 0
        if depth == 0:
            assert match.end() == len(out) - 1
    for name in ("pw-header", *SECTIONS):
        assert len(elements(out, "div", name)) == 1, name


def test_style_is_inlined_once_and_scoped(rich_session: Session) -> None:
    out = session_html(rich_session)
    assert out.count("<style>") == 1
    css = re.sub(r"/\*.*?\*/", "", stylesheet(), flags=re.DOTALL)
    selectors = [s.strip() for block in re.findall(r"([^{}]+)\{", css) for s in block.split(",")]
    assert selectors
    for selector in selectors:
        assert selector.startswith(".puffle-widget.puffle-static"), selector
    assert "@import" not in css
    assert "url(" not in css
    assert "var(--jp-" in css


def test_rich_session_sections(rich_session: Session) -> None:
    out = session_html(rich_session)
    text = _text(_body_without_style(out))
    assert "Framework v3" in text
    assert "Idle" in text
    assert rich_session.campaign_id in text
    assert rich_session.node_id in text
    assert "2026-04-22 10:05 UTC" in text
    assert [v.attrs["data-syntax"] for v in elements(out, "span", "pw-var")][:2] == [
        "percent",
        "percent",
    ]
    assert elements(out, "span", "pw-slot")
    assert len(elements(out, "li", "pw-block")) == 2
    assert "Reference their role and company" in text
    assert "Generic intro tied to role" in text
    assert "formality" in text  # unknown skeleton key, as JSON
    assert len(elements(out, "pre", "pw-json")) >= 2
    assert len(elements(out, "details")) == 3  # two skeleton versions, one draft version
    examples = elements(out, "div", "pw-example")
    assert [e.attrs["data-lead-id"] for e in examples] == ["lead-1", "lead-2"]
    assert len(elements(out, "table", "pw-example-table")) == 2
    assert "Sarah" in text  # an extra example key
    assert len(elements(out, "a")) == 1
    assert elements(out, "a")[0].attrs["href"] == "https://example.com/playbook"


def test_body_keeps_line_breaks_in_pre(rich_session: Session) -> None:
    out = session_html(rich_session)
    bodies = re.findall(r'<pre class="pw-body">(.*?)</pre>', out, flags=re.DOTALL)
    assert any("\n\nWorth a 10-min chat?" in body for body in bodies)


def test_fresh_session_renders_empty_states(fresh_session: Session) -> None:
    out = session_html(fresh_session)
    text = _text(_body_without_style(out))
    for phrase in (
        "Untitled session",
        "No messages yet.",
        "No draft yet.",
        "No skeleton yet.",
        "No earlier versions.",
        "No generated examples.",
    ):
        assert phrase in text
    assert "Framework" not in text
    assert problems(out) == []


def test_busy_and_unknown_statuses_label_sensibly() -> None:
    body = rich_payload()
    body["task_status"] = "generating_examples"
    out = session_html(Session.model_validate(body))
    badge = elements(out, "span", "pw-status")[0]
    assert badge.attrs["data-status"] == "generating_examples"
    assert "Generating examples" in _text(out)
    body["task_status"] = "brand_new_state"
    assert "Brand new state" in _text(session_html(Session.model_validate(body)))


def test_xss_everywhere_stays_inert(xss_session: Session) -> None:
    out = session_html(xss_session)
    assert problems(out) == []
    assert out.count("<style>") == 1
    lowered = out.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "<svg" not in lowered
    assert "<iframe" not in lowered
    for el in parse(out).elements:
        for value in el.attrs.values():
            assert "javascript:" not in (value or "").lower()
    # The hostile strings are still visible, as text.
    text = _text(_body_without_style(out))
    assert text.count(XSS_TEXT) >= 10
    assert parse(out).elements[0].attrs["data-puffle-session-id"] == XSS_TEXT


def test_xss_in_non_message_fields_is_escaped_not_dropped() -> None:
    body = xss_payload()
    body["messages"] = []
    out = session_html(Session.model_validate(body))
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in out
    assert problems(out) == []


def test_standalone_document_is_self_contained(rich_session: Session) -> None:
    doc = session_document(rich_session)
    assert doc.startswith("<!doctype html>")
    assert '<meta charset="utf-8">' in doc
    assert "<title>Intro email to VPs of Sales · Puffle session</title>" in doc
    assert "Content-Security-Policy" in doc
    assert "<script" not in doc.lower()
    assert session_html(rich_session) in doc
    for el in parse(doc).elements:
        assert el.tag != "link"
        assert "src" not in el.attrs
        if el.tag == "a":
            assert (el.attrs.get("href") or "").startswith(("https://", "http://", "mailto:"))
    assert "@import" not in doc
    assert rich_session.to_html() == doc


def test_document_title_of_untitled_and_hostile_sessions(
    fresh_session: Session, xss_session: Session
) -> None:
    assert "<title>Untitled session · Puffle session</title>" in session_document(fresh_session)
    doc = session_document(xss_session)
    assert problems(doc) == []
    assert "<title>&lt;script&gt;" in doc


def test_two_hundred_messages_render(rich_session: Session) -> None:
    body = rich_payload()
    body["messages"] = [
        {"role": "user" if i % 2 else "assistant", "content": f"Message **{i}**\n\n- a\n- b"}
        for i in range(200)
    ]
    out = session_html(Session.model_validate(body))
    assert len(elements(out, "div", "pw-message")) == 200
    assert "200 messages" in _text(out)
