"""Ids are checked before any request: a bad id names itself and sends nothing."""

from __future__ import annotations

import pytest

from puffle_widgets import AsyncPuffle, Puffle
from puffle_widgets.emulator import Emulator

BAD_IDS = [
    "d1d1d1d1-1111-1111-1111-111111111111",  # the docs' own sample id: wrong variant nibble
    "not-a-uuid",
    "",
    "3c90c3cc-0d44-4b50-8888-8dd25736052a/../x",
]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_bad_session_id_sends_nothing(client: Puffle, emulator: Emulator, bad: str) -> None:
    before = len(emulator.requests)
    for call in (
        lambda: client.sessions.get(bad),
        lambda: client.sessions.update(bad, title="x"),
        lambda: client.sessions.delete(bad),
        lambda: client.sessions.turn(bad, "hi"),
        lambda: client.sessions.generate_examples(bad, [{"first_name": "A"}]),
        lambda: client.sessions.wait(bad),
    ):
        with pytest.raises(ValueError, match="not a valid UUID") as info:
            call()
        assert repr(bad) in str(info.value)
    assert len(emulator.requests) == before


def test_bad_campaign_and_node_ids_are_named(client: Puffle, emulator: Emulator) -> None:
    good = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
    with pytest.raises(ValueError, match="campaign_id 'nope'"):
        client.sessions.list("nope")
    with pytest.raises(ValueError, match="node_id 'nope'"):
        client.sessions.create(campaign_id=good, node_id="nope")
    assert len(emulator.requests) == 0


def test_nil_and_max_uuids_are_accepted(client: Puffle, emulator: Emulator) -> None:
    for special in ("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"):
        assert client.sessions.list(special) == []


async def test_async_client_validates_too(aclient: AsyncPuffle, emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="not a valid UUID"):
        await aclient.sessions.get("nope")
    with pytest.raises(ValueError, match="not a valid UUID"):
        aclient.sessions.watch("nope")
    assert len(emulator.requests) == 0


def test_bad_inputs_name_the_problem(client: Puffle) -> None:
    sid = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
    with pytest.raises(ValueError, match="non-empty message"):
        client.sessions.turn(sid, "   ")
    with pytest.raises(TypeError, match="list of names"):
        client.sessions.turn(sid, "hi", available_var_names="first_name")
    with pytest.raises(TypeError, match="list of leads"):
        client.sessions.turn(sid, "hi", sample_leads={"first_name": "A"})
    with pytest.raises(ValueError, match=r"sample_leads\.0\.first_name"):
        client.sessions.turn(sid, "hi", sample_leads=[{"first_name": 5}])
    with pytest.raises(ValueError, match="at least one lead"):
        client.sessions.generate_examples(sid, [])
    with pytest.raises(TypeError, match="'colour'"):
        client.sessions.update(sid, colour="red")
    with pytest.raises(ValueError, match="at least one field"):
        client.sessions.update(sid)
    with pytest.raises(ValueError, match="timeout"):
        client.sessions.wait(sid, timeout=0)


@pytest.mark.parametrize("suffix", ["\n", "\r\n", " ", "\x00"])
def test_an_id_with_a_trailing_newline_is_refused(
    client: Puffle, emulator: Emulator, suffix: str
) -> None:
    good = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
    for call in (
        lambda: client.sessions.list(good + suffix),
        lambda: client.sessions.get(good + suffix),
        lambda: client.sessions.turn(good + suffix, "hi"),
    ):
        with pytest.raises(ValueError, match="not a valid UUID"):
            call()
    assert len(emulator.requests) == 0
