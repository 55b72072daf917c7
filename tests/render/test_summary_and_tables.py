"""The one-line summary and the sessions table (HTML and text)."""

from __future__ import annotations

from datetime import datetime

from puffle_widgets.models import Session
from puffle_widgets.render import session_summary, sessions_html, sessions_text
from tests.render._html_check import elements, parse, problems
from tests.render.conftest import XSS_TEXT, fresh_payload, rich_payload, xss_payload


def test_summary_of_the_rich_session(rich_session: Session) -> None:
    assert session_summary(rich_session) == (
        "Session 'Intro email to VPs of Sales' (idle) · 4 messages · framework v3"
        " · subject: Quick question about %company% · 2 examples"
    )


def test_summary_of_the_documented_example(example_session: Session) -> None:
    assert session_summary(example_session) == (
        "Session 'Intro email to VPs of Sales' (idle) · 2 messages · framework v1"
        " · subject: Quick question about {{company}}"
    )


def test_summary_of_a_fresh_busy_session() -> None:
    body = fresh_payload()
    body["task_status"] = "chat_processing"
    body["messages"] = [{"role": "user", "content": "hi"}]
    assert session_summary(Session.model_validate(body)) == (
        "Session (untitled) (chat_processing) · 1 message"
    )


def test_summary_stays_on_one_short_line() -> None:
    body = rich_payload()
    body["title"] = "A very long\ntitle " + "x" * 200
    body["draft_subject"] = "Subject\r\nwith\tbreaks " + "y" * 200
    summary = session_summary(Session.model_validate(body))
    assert "\n" not in summary
    assert "\r" not in summary
    assert "\t" not in summary
    assert len(summary) < 200
    assert "A very long title x" in summary
    assert "…" in summary


def _three_sessions() -> list[Session]:
    first = Session.model_validate(rich_payload())
    busy = rich_payload()
    busy.update(
        id="d2d2d2d2-2222-2222-2222-222222222222",
        node_id="cccc2222-2222-2222-2222-222222222222",
        title="Follow-up 日本語タイトル",
        task_status="generating_examples",
        draft_subject="Re: %company%",
        updated_at="2026-04-23T08:00:00+02:00",
    )
    return [first, Session.model_validate(busy), Session.model_validate(fresh_payload())]


def test_sessions_html_has_one_row_per_session() -> None:
    sessions = _three_sessions()
    out = sessions_html(sessions)
    root = parse(out).elements[0]
    assert root.attrs["class"] == "puffle-widget puffle-static pw-sessions"
    assert root.attrs["data-puffle-count"] == "3"
    headers = [el for el in parse(out).elements if el.tag == "th"]
    assert len(headers) == 6
    rows = [el for el in elements(out, "tr") if "data-puffle-session-id" in el.attrs]
    assert [r.attrs["data-puffle-session-id"] for r in rows] == [s.id for s in sessions]
    text = "".join(parse(out).text)
    for expected in (
        "Intro email to VPs of Sales",
        "Follow-up 日本語タイトル",
        "Untitled",
        "bbbb1111",
        "cccc2222",
        "Generating examples",
        "v3",
        "Quick question about %company%",
        "2026-04-23 08:00 +02:00",
    ):
        assert expected in text, expected
    node_cells = elements(out, "span", "pw-mono")
    assert node_cells[0].attrs["title"] == "bbbb1111-1111-1111-1111-111111111111"
    assert problems(out) == []


def test_sessions_html_escapes_hostile_values() -> None:
    out = sessions_html([Session.model_validate(xss_payload())])
    assert problems(out) == []
    assert "<script" not in out.lower()
    assert XSS_TEXT in "".join(parse(out).text)


def test_sessions_html_for_no_sessions() -> None:
    out = sessions_html([])
    assert "No sessions." in "".join(parse(out).text)
    assert elements(out, "table") == []
    assert parse(out).elements[0].attrs["data-puffle-count"] == "0"


def test_sessions_text_is_an_aligned_table() -> None:
    lines = sessions_text(_three_sessions()).split("\n")
    assert lines[0].split() == ["Title", "Node", "Status", "Framework", "Subject", "Updated"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert len(lines) == 5
    assert lines[2].startswith("Intro email to VPs of Sales  ")
    assert "bbbb1111  idle" in lines[2]
    assert "generating_examples" in lines[3]
    assert lines[4].startswith("(untitled)")
    # Columns start at the same display column on every line (wide characters count twice).
    from puffle_widgets.render.formatting import display_width

    node_column = display_width(lines[0][: lines[0].index("Node")])
    for line in lines[2:]:
        node = next(n for n in ("bbbb1111", "cccc2222") if n in line)
        assert display_width(line[: line.index(node)]) == node_column


def test_sessions_text_truncates_long_values() -> None:
    body = rich_payload()
    body["title"] = "T" * 100
    body["draft_subject"] = "S" * 100
    line = sessions_text([Session.model_validate(body)]).split("\n")[2]
    assert "T" * 31 + "…" in line
    assert "T" * 33 not in line
    assert "S" * 39 + "…" in line


def test_sessions_text_for_no_sessions() -> None:
    assert sessions_text([]) == "No sessions."


def test_sessions_accept_any_iterable() -> None:
    sessions = _three_sessions()
    assert sessions_text(iter(sessions)) == sessions_text(sessions)
    assert sessions_html(s for s in sessions) == sessions_html(sessions)


def test_naive_timestamps_format_without_zone() -> None:
    body = rich_payload()
    session = Session.model_validate(body).model_copy(
        update={"updated_at": datetime(2026, 4, 22, 10, 5)}
    )
    line = sessions_text([session]).split("\n")[2]
    assert line.endswith("2026-04-22 10:05")
