"""Every endpoint through the real client, over loopback, against the emulator."""

from __future__ import annotations

import pytest

from puffle_widgets import (
    AsyncPuffle,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    Puffle,
    SampleLead,
    SessionBusyError,
)
from puffle_widgets.emulator import Emulator

LEADS = [
    SampleLead(first_name="Sarah", last_name="Lee", company="Acme", position="VP of Sales"),
    {"first_name": "Tom", "company": "Globex", "custom_fields": {"tier": "gold"}},
]


def test_full_flow_sync(
    client: Puffle, emulator: Emulator, campaign: tuple[str, list[str]]
) -> None:
    campaign_id, nodes = campaign
    session = client.sessions.create(campaign_id=campaign_id, node_id=nodes[0])
    assert session.messages is None and session.skeleton is None and not session.is_busy

    run = client.sessions.turn(session.id, "Write an intro email for VPs of Sales")
    assert run.run_id.startswith("run_") and run.public_access_token.startswith("tr_pat_")
    first = client.sessions.wait(session.id)
    assert not first.is_busy
    assert [m.role for m in first.transcript] == ["user", "assistant"]
    assert first.title and first.skeleton is None

    client.sessions.turn(
        session.id,
        "Sender is Sid from Puffle; angle: time-to-ROI.",
        available_var_names=["first_name", "company"],
        sample_leads=LEADS,
        sequence_context={"position": 0, "total_nodes": 3, "prior_nodes": []},
    )
    second = client.sessions.wait(session.id)
    assert second.skeleton is not None
    assert second.framework_version == 1
    assert "%first_name%" in (second.draft_body or "") + (second.draft_subject or "")
    turn_request = emulator.requests.wait_for(
        lambda r: r.operation_id == "runAiChatTurn" and r.status == 202, since=0
    )
    assert turn_request is not None

    client.sessions.generate_examples(second.id, LEADS)
    with_examples = client.sessions.wait(second.id)
    assert [e.lead_id is not None for e in with_examples.examples] == [True, True]
    assert "Sarah" in (with_examples.examples[0].body or "")

    updated = client.sessions.update(second.id, title="Renamed", draft_subject="Hi %company%")
    assert (updated.title, updated.draft_subject) == ("Renamed", "Hi %company%")
    assert updated.draft_body == with_examples.draft_body

    assert [s.id for s in client.sessions.list(campaign_id)] == [session.id]
    client.sessions.delete(session.id)
    assert client.sessions.list(campaign_id) == []
    with pytest.raises(NotFoundError):
        client.sessions.get(session.id)


async def test_full_flow_async_with_watch(
    aclient: AsyncPuffle, campaign: tuple[str, list[str]]
) -> None:
    campaign_id, nodes = campaign
    session = await aclient.sessions.create(campaign_id=campaign_id, node_id=nodes[1])
    await aclient.sessions.turn(session.id, "Write a follow-up email")
    seen = [s async for s in aclient.sessions.watch(session.id)]
    assert seen[0].is_busy
    assert not seen[-1].is_busy
    assert len({s.model_dump_json() for s in seen}) == len(seen)  # only changed snapshots
    await aclient.sessions.turn(session.id, "Make it about onboarding")
    final = await aclient.sessions.wait(session.id)
    assert final.skeleton is not None
    await aclient.sessions.generate_examples(final.id, LEADS[:1], is_first_batch=True)
    await aclient.sessions.wait(final.id)
    await aclient.sessions.generate_examples(final.id, LEADS[1:], is_first_batch=False)
    appended = await aclient.sessions.wait(final.id)
    assert len(appended.examples) == 2
    await aclient.sessions.delete(final.id)


def test_update_sends_only_the_given_keys(
    client: Puffle, emulator: Emulator, campaign: tuple[str, list[str]]
) -> None:
    session = client.sessions.create(campaign_id=campaign[0], node_id=campaign[1][0])
    client.sessions.update(session.id, title="Only this")
    patch = emulator.wait_for_request("updateAiChatSession")
    assert patch.body == {"title": "Only this"}


def test_busy_session_answers_409_as_session_busy_error(
    client: Puffle, emulator: Emulator, campaign: tuple[str, list[str]]
) -> None:
    session = client.sessions.create(campaign_id=campaign[0], node_id=campaign[1][0])
    emulator.set_session(session.id, skeleton={"hook": "h"})
    emulator.faults.stick(session.id)
    client.sessions.turn(session.id, "first")
    with pytest.raises(SessionBusyError, match="busy"):
        client.sessions.turn(session.id, "second")
    with pytest.raises(SessionBusyError):
        client.sessions.generate_examples(session.id, LEADS)
    emulator.faults.unstick(session.id)
    assert not client.sessions.wait(session.id).is_busy


def test_generate_examples_without_skeleton_is_the_documented_400(
    client: Puffle, campaign: tuple[str, list[str]]
) -> None:
    session = client.sessions.create(campaign_id=campaign[0], node_id=campaign[1][0])
    with pytest.raises(BadRequestError, match="no framework yet"):
        client.sessions.generate_examples(session.id, LEADS)


def test_other_users_sessions_are_not_found(
    client: Puffle, emulator: Emulator, campaign: tuple[str, list[str]]
) -> None:
    mine = client.sessions.create(campaign_id=campaign[0], node_id=campaign[1][0])
    other_key = emulator.add_user()
    other_campaign, other_nodes = emulator.new_campaign(nodes=1, api_key=other_key)
    with Puffle(api_key=other_key, base_url=emulator.url) as other:
        theirs = other.sessions.create(campaign_id=other_campaign, node_id=other_nodes[0])
        with pytest.raises(NotFoundError):
            other.sessions.get(mine.id)
        with pytest.raises(NotFoundError):
            other.sessions.update(mine.id, title="hijack")
        assert other.sessions.list(campaign[0]) == []
        with pytest.raises(NotFoundError):
            other.sessions.create(campaign_id=campaign[0], node_id=campaign[1][1])
    with pytest.raises(NotFoundError):
        client.sessions.delete(theirs.id)


def test_a_200_session_campaign_lists_in_creation_order(client: Puffle, emulator: Emulator) -> None:
    campaign_id, nodes = emulator.new_campaign(nodes=200)
    created = [client.sessions.create(campaign_id=campaign_id, node_id=n).id for n in nodes]
    listed = client.sessions.list(campaign_id)
    assert [s.id for s in listed] == created


def test_unknown_key_is_an_authentication_error_that_never_shows_the_key(
    emulator: Emulator, campaign: tuple[str, list[str]]
) -> None:
    secret = "pk_live_not_a_real_key_123"
    with (
        Puffle(api_key=secret, base_url=emulator.url) as bad,
        pytest.raises(AuthenticationError) as info,
    ):
        bad.sessions.list(campaign[0])
    assert info.value.status_code == 401
    assert "unauthorized" in str(info.value)
    assert secret not in str(info.value) and secret not in repr(info.value)
    assert info.value.request_id and info.value.request_id.startswith("req_")
    # 401 is never retried.
    assert sum(r.operation_id == "listAiChatSessions" for r in emulator.requests) == 1
