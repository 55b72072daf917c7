"""SQLite persistence: state, keys and unfinished jobs survive a restart on the same file."""

from __future__ import annotations

from pathlib import Path

import httpx

from puffle_widgets.emulator import Emulator
from tests.emulator.helpers import SESSIONS, client_for, create, drafted, turn

KEY = "pk_live_persistence_test"


def test_sessions_survive_a_new_emulator_on_the_same_file(tmp_path: Path) -> None:
    db = tmp_path / "puffle.db"
    with Emulator(db=db, api_key=KEY, latency=0.01) as first, client_for(first) as client:
        session_id = drafted(first, client)
        before = first.get_session(session_id)
        campaign_id = before["campaign_id"]
    with Emulator(db=db, api_key=KEY, latency=0.01) as second, client_for(second) as client:
        assert client.get(f"{SESSIONS}/{session_id}").json() == {"session": before}
        listed = client.get(SESSIONS, params={"campaign_id": campaign_id}).json()["sessions"]
        assert [s["id"] for s in listed] == [session_id]
        assert turn(client, session_id, "Make it shorter").status_code == 202
        after = second.wait_idle(session_id)
        assert after is not None
        assert after["framework_version"] == before["framework_version"] + 1


def test_the_default_key_is_kept_in_the_file(tmp_path: Path) -> None:
    db = tmp_path / "puffle.db"
    with Emulator(db=db) as first:
        key = first.api_key
    with Emulator(db=db) as second:
        assert second.api_key == key
    with Emulator() as memory_one, Emulator() as memory_two:
        assert memory_one.api_key != memory_two.api_key


def test_a_job_cut_short_by_stop_finishes_after_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "puffle.db"
    with Emulator(db=db, api_key=KEY, latency=3600) as first, client_for(first) as client:
        campaign_id, node_ids = first.new_campaign(nodes=1)
        session_id = create(client, campaign_id, node_ids[0])["id"]
        assert turn(client, session_id, "hello").status_code == 202
    with Emulator(db=db, api_key=KEY, latency=0.01) as second:
        session = second.wait_idle(session_id)
        assert session is not None
        assert [m["role"] for m in session["messages"]] == ["user", "assistant"]


def test_other_users_stay_separate_across_restarts(tmp_path: Path) -> None:
    db = tmp_path / "puffle.db"
    with Emulator(db=db, api_key=KEY) as first:
        campaign_id, _ = first.new_campaign(nodes=1)
    with Emulator(db=db, api_key="pk_live_someone_else") as second:
        response = httpx.get(
            f"{second.url}{SESSIONS}",
            params={"campaign_id": campaign_id},
            headers={"Authorization": f"Bearer {second.api_key}"},
        )
        assert response.json() == {"sessions": []}
        old_key = httpx.get(
            f"{second.url}{SESSIONS}",
            params={"campaign_id": campaign_id},
            headers={"Authorization": f"Bearer {KEY}"},
        )
        assert old_key.status_code == 200
