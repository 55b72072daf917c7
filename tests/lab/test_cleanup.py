"""Lab sessions carry the `[lab] ` mark; deleting them never touches a session without it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from puffle_widgets import AsyncPuffle, Puffle
from puffle_widgets.emulator import Emulator
from puffle_widgets.lab import LAB_PREFIX, PromptLab, is_lab_session


def _real_session(client: Puffle, campaign: tuple[str, str], title: str) -> str:
    session = client.sessions.create(campaign_id=campaign[0], node_id=campaign[1])
    client.sessions.update(session.id, title=title)
    return session.id


def _ids(client: Puffle, campaign_id: str) -> set[str]:
    return {s.id for s in client.sessions.list(campaign_id)}


async def test_delete_sessions_removes_what_the_lab_created_and_nothing_else(
    client: Puffle, campaign: tuple[str, str], make_lab: Callable[..., PromptLab]
) -> None:
    real = _real_session(client, campaign, "Intro email (the real one)")
    other_lab = _real_session(client, campaign, f"{LAB_PREFIX}A · from another kernel")
    lab = make_lab()
    result = lab.run(["Write an intro email", "Write a short one"])
    await lab.wait()
    created = {v.session_id for v in result}
    assert created <= _ids(client, campaign[0])

    report = lab.delete_sessions()

    assert set(report.deleted) == created
    assert report.kept == [] and report.failed == {}
    assert _ids(client, campaign[0]) == {real, other_lab}
    assert lab.session_ids == []
    assert lab.delete_sessions().deleted == []  # nothing left of its own


async def test_a_lab_session_renamed_without_the_mark_is_kept(
    client: Puffle, campaign: tuple[str, str], make_lab: Callable[..., PromptLab]
) -> None:
    lab = make_lab()
    result = lab.run(["Write an intro email", "Write a short one"])
    await lab.wait()
    keep = result["B"].session_id
    assert keep is not None
    client.sessions.update(keep, title="Keeper: the short intro")

    report = lab.delete_sessions()

    assert report.deleted == [result["A"].session_id]
    assert report.kept == [keep]
    assert _ids(client, campaign[0]) == {keep}


async def test_delete_sessions_refuses_while_running(make_lab: Callable[..., PromptLab]) -> None:
    lab = make_lab()
    lab.run(["Write an intro email"])
    with pytest.raises(RuntimeError, match="in progress"):
        lab.delete_sessions()
    await lab.wait()
    assert len(lab.delete_sessions().deleted) == 1


@pytest.mark.parametrize("as_async", [False, True])
async def test_cleanup_after_a_restart_finds_marked_sessions_only(
    emulator: Emulator,
    client: Puffle,
    campaign: tuple[str, str],
    make_lab: Callable[..., PromptLab],
    as_async: bool,
) -> None:
    real = _real_session(client, campaign, "Intro email")
    untitled = client.sessions.create(campaign_id=campaign[0], node_id=campaign[1]).id
    near_miss = _real_session(client, campaign, "[lab]no space, not our mark")
    other_campaign, other_nodes = emulator.new_campaign(nodes=1)
    elsewhere = (other_campaign, other_nodes[0])
    outside = _real_session(client, elsewhere, f"{LAB_PREFIX}A · another campaign")
    lab = make_lab()
    result = lab.run(["Write an intro email", "Write a short one", "A third"])
    await lab.wait()
    lab.close()  # the kernel "restarts": the lab and what it remembered are gone

    fresh: Puffle | AsyncPuffle = (
        AsyncPuffle(api_key=emulator.api_key, base_url=emulator.url)
        if as_async
        else Puffle(api_key=emulator.api_key, base_url=emulator.url)
    )
    report = PromptLab.cleanup(campaign[0], client=fresh)

    assert set(report.deleted) == {v.session_id for v in result}
    assert _ids(client, campaign[0]) == {real, untitled, near_miss}
    assert _ids(client, elsewhere[0]) == {outside}
    left = client.sessions.list(campaign[0])
    assert not any(is_lab_session(s) for s in left)
    assert PromptLab.cleanup(campaign[0], client=client).deleted == []


def test_cleanup_checks_the_campaign_id(client: Puffle) -> None:
    with pytest.raises(ValueError, match="campaign_id"):
        PromptLab.cleanup("not-a-uuid", client=client)
