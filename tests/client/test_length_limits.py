"""A message or title longer than the documented limit is refused before anything is sent."""

from __future__ import annotations

import pytest

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator
from puffle_widgets.models import MAX_TEXT_LENGTH

TURN = "runAiChatTurn"


@pytest.fixture
def session_id(client: Puffle, campaign: tuple[str, list[str]]) -> str:
    return client.sessions.create(campaign_id=campaign[0], node_id=campaign[1][0]).id


def test_the_limit_is_the_documented_one() -> None:
    assert MAX_TEXT_LENGTH == 100_000


def test_too_long_message_is_refused_and_nothing_sent(
    client: Puffle, emulator: Emulator, session_id: str
) -> None:
    before = len(emulator.requests)
    with pytest.raises(ValueError, match="100,000") as info:
        client.sessions.turn(session_id, "x" * (MAX_TEXT_LENGTH + 1))
    assert "Nothing was sent" in str(info.value)
    with pytest.raises(ValueError, match="title"):
        client.sessions.update(session_id, title="t" * (MAX_TEXT_LENGTH + 1))
    assert len(emulator.requests) == before


def test_a_message_at_the_limit_is_sent(
    client: Puffle, emulator: Emulator, session_id: str
) -> None:
    client.sessions.turn(session_id, "x" * MAX_TEXT_LENGTH)
    assert sum(r.operation_id == TURN for r in emulator.requests) == 1
    assert len(client.sessions.wait(session_id).transcript[0].content) == MAX_TEXT_LENGTH
