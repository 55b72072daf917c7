"""The per-view cache of rendered messages: each message is rendered once while it is shown,
however long the transcript (no cliff where a bounded cache starts missing every time), and
the cache holds exactly the messages last rendered."""

from __future__ import annotations

import pytest

from puffle_widgets.models import Message, Session
from puffle_widgets.render import RenderedMessages, session_html


def transcript(size: int) -> list[Message]:
    return [Message(role="user", content=f"Message **{i}**") for i in range(size)]


@pytest.mark.parametrize("size", [1000, 5000])
def test_a_grown_transcript_renders_only_its_new_message(size: int) -> None:
    rendered = RenderedMessages()
    calls: list[str] = []

    def one(message: Message) -> str:
        calls.append(message.content)
        return f"<p>{message.content}</p>"

    rendered.render(transcript(size), one)
    calls.clear()
    grown = [*transcript(size), Message(role="assistant", content="New")]
    out = rendered.render(grown, one)
    assert calls == ["New"]  # the same single render at 1,000 and at 5,000 messages
    assert out == "".join(f"<p>{m.content}</p>" for m in grown)
    assert len(rendered) == size + 1


def test_a_changed_message_is_rendered_again_with_what_follows_it() -> None:
    rendered = RenderedMessages()
    calls: list[str] = []

    def one(message: Message) -> str:
        calls.append(message.content)
        return message.content

    rendered.render(transcript(300), one)
    calls.clear()
    changed = transcript(300)
    changed[290] = Message(role="user", content="Changed")
    assert rendered.render(changed, one) == "".join(m.content for m in changed)
    assert "Changed" in calls
    assert len(calls) < 300 - 256 + 1  # from the start of its chunk: those before are kept
    calls.clear()
    assert rendered.render(changed, one) == "".join(m.content for m in changed)
    assert calls == []


def test_the_cache_holds_exactly_the_messages_shown() -> None:
    rendered = RenderedMessages()
    rendered.render(transcript(10), lambda m: m.content)
    rendered.render(transcript(3), lambda m: m.content)
    assert len(rendered) == 3


def test_the_view_is_the_same_with_and_without_the_cache(rich_session: Session) -> None:
    session = rich_session
    rendered = RenderedMessages()
    assert session_html(session, rendered=rendered) == session_html(session)
    assert session_html(session, rendered=rendered) == session_html(session)  # from the cache
