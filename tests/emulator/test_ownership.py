"""Each key is one user: nobody sees another user's sessions or campaigns."""

from __future__ import annotations

import httpx

from puffle_widgets.emulator import Emulator
from tests.emulator.helpers import SESSIONS, client_for, create, drafted


def test_users_cannot_touch_each_others_sessions(emulator: Emulator, client: httpx.Client) -> None:
    session_id = drafted(emulator, client)
    other_key = emulator.add_user()
    with client_for(emulator, other_key) as other:
        one = f"{SESSIONS}/{session_id}"
        answers = [
            other.get(one),
            other.patch(one, json={"title": "mine now"}),
            other.delete(one),
            other.post(f"{one}/turn", json={"message": "hi"}),
            other.post(f"{one}/generate-examples", json={"leads": []}),
        ]
    assert [answer.status_code for answer in answers] == [404] * 5
    assert all(answer.json() == {"error": "Session not found"} for answer in answers)
    untouched = emulator.get_session(session_id)
    assert untouched["title"] != "mine now"
    assert untouched["task_status"] is None


def test_users_cannot_see_or_use_each_others_campaigns(
    emulator: Emulator, client: httpx.Client
) -> None:
    other_key = emulator.add_user()
    campaign_id, node_ids = emulator.new_campaign(nodes=1, api_key=other_key)
    with client_for(emulator, other_key) as other:
        theirs = create(other, campaign_id, node_ids[0])
    listed = client.get(SESSIONS, params={"campaign_id": campaign_id})
    assert (listed.status_code, listed.json()) == (200, {"sessions": []})
    created = client.post(SESSIONS, json={"campaign_id": campaign_id, "node_id": node_ids[0]})
    assert created.status_code == 404
    assert theirs["user_id"] != emulator.user_id


def test_a_200_session_campaign_lists_in_created_at_order(
    emulator: Emulator, client: httpx.Client
) -> None:
    campaign_id, node_ids = emulator.new_campaign(nodes=200)
    made = [create(client, campaign_id, node_id)["id"] for node_id in reversed(node_ids)]
    response = client.get(SESSIONS, params={"campaign_id": campaign_id})
    sessions = response.json()["sessions"]
    assert [session["id"] for session in sessions] == made
    stamps = [session["created_at"] for session in sessions]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
