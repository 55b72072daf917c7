"""The task model: atomic claims, 409 while busy, the job's writes, and deletes mid-job."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from puffle_widgets.emulator import Emulator
from tests.emulator.helpers import LEADS, SESSIONS, VARIABLES, auth, chat, drafted, turn


def test_a_turn_claims_at_once_and_the_job_releases(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    emulator.faults.stick(session_id)
    before = emulator.get_session(session_id)
    assert turn(client, session_id, "Write an intro email for CFOs").status_code == 202
    claimed = emulator.get_session(session_id)
    assert claimed["task_status"] == "chat_processing"
    assert claimed["messages"] == [{"role": "user", "content": "Write an intro email for CFOs"}]
    assert claimed["updated_at"] > before["updated_at"]
    emulator.faults.unstick(session_id)
    done = emulator.wait_idle(session_id)
    assert done is not None
    assert done["task_status"] is None
    assert done["updated_at"] > claimed["updated_at"]
    assert [m["role"] for m in done["messages"]] == ["user", "assistant"]


def test_a_second_turn_while_busy_is_409(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    emulator.faults.stick(session_id)
    assert turn(client, session_id, "first").status_code == 202
    second = turn(client, session_id, "second")
    assert (second.status_code, second.json()) == (
        409,
        {"error": "Session is busy (chat_processing)"},
    )
    assert len(emulator.get_session(session_id)["messages"]) == 1


def test_generate_examples_while_a_turn_runs_is_409(
    emulator: Emulator, client: httpx.Client
) -> None:
    session_id = drafted(emulator, client)
    emulator.faults.stick(session_id)
    assert turn(client, session_id, "shorter please").status_code == 202
    response = client.post(f"{SESSIONS}/{session_id}/generate-examples", json={"leads": LEADS})
    assert response.status_code == 409
    assert "chat_processing" in response.json()["error"]


def test_a_turn_while_examples_run_is_409(emulator: Emulator, client: httpx.Client) -> None:
    session_id = drafted(emulator, client)
    emulator.faults.stick(session_id)
    generate = client.post(f"{SESSIONS}/{session_id}/generate-examples", json={"leads": LEADS})
    assert generate.status_code == 202
    response = turn(client, session_id, "again")
    assert response.json() == {"error": "Session is busy (generating_examples)"}


async def test_two_concurrent_turns_claim_exactly_once(emulator: Emulator, session_id: str) -> None:
    emulator.faults.stick(session_id)
    url = f"{emulator.url}{SESSIONS}/{session_id}/turn"
    async with httpx.AsyncClient(headers=auth(emulator.api_key)) as http:
        answers = await asyncio.gather(
            http.post(url, json={"message": "one"}), http.post(url, json={"message": "two"})
        )
    assert sorted(answer.status_code for answer in answers) == [202, 409]
    assert len(emulator.get_session(session_id)["messages"]) == 1


def test_many_threads_racing_claim_exactly_once(emulator: Emulator, session_id: str) -> None:
    emulator.faults.stick(session_id)

    def post(index: int) -> int:
        url = f"{emulator.url}{SESSIONS}/{session_id}/turn"
        return httpx.post(
            url, json={"message": f"m{index}"}, headers=auth(emulator.api_key)
        ).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(post, range(16)))
    assert sorted(codes) == [202] + [409] * 15


def test_the_first_turn_asks_and_later_turns_draft(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    first = chat(emulator, client, session_id, "Write an intro email for CFOs, about cash flow")
    assert first["skeleton"] is None
    assert first["framework_version"] is None
    assert first["title"] == "Write an intro email for CFOs, about cash flow"
    assert "?" in first["messages"][-1]["content"]

    second = chat(emulator, client, session_id, "From Dana. Friendly.", availableVarNames=VARIABLES)
    assert second["framework_version"] == 1
    assert {"hook", "value_prop", "cta", "subject", "body", "blocks"} <= set(second["skeleton"])
    assert second["draft_subject"]
    assert second["draft_body"]
    assert (second["skeleton_history"], second["draft_history"]) == ([], [])

    third = chat(emulator, client, session_id, "Make it shorter.", availableVarNames=VARIABLES)
    assert third["framework_version"] == 2
    assert third["skeleton_history"][0]["skeleton"] == second["skeleton"]
    assert third["skeleton_history"][0]["version"] == 1
    old_draft = third["draft_history"][0]
    assert (old_draft["subject"], old_draft["body"]) == (
        second["draft_subject"],
        second["draft_body"],
    )
    assert third["title"] == first["title"]
    assert [m["role"] for m in third["messages"]] == ["user", "assistant"] * 3


def test_examples_overwrite_or_append(emulator: Emulator, client: httpx.Client) -> None:
    session_id = drafted(emulator, client)
    examples = f"{SESSIONS}/{session_id}/generate-examples"

    def run(body: dict[str, object]) -> list[dict[str, str]]:
        assert client.post(examples, json=body).status_code == 202
        session = emulator.wait_idle(session_id)
        assert session is not None
        return list(session["generated_examples"])

    first = run({"leads": LEADS[:1], "isFirstBatch": True})
    appended = run({"leads": LEADS[1:], "isFirstBatch": False})
    assert appended[:1] == first
    assert [e["lead_name"] for e in appended] == ["Sarah Lee", "Marco Rossi"]
    assert run({"leads": LEADS[1:], "isFirstBatch": True}) == appended[1:]
    assert run({"leads": LEADS[:1]}) == first


def test_a_turn_that_revises_the_skeleton_keeps_examples(
    emulator: Emulator, client: httpx.Client
) -> None:
    session_id = drafted(emulator, client)
    emulator.set_session(session_id, generated_examples=[{"lead_id": "a", "subject": "s"}])
    revised = chat(emulator, client, session_id, "Make it more formal")
    assert revised["framework_version"] == 2
    assert revised["generated_examples"] == [{"lead_id": "a", "subject": "s"}]


def test_patch_has_no_busy_check(emulator: Emulator, client: httpx.Client, session_id: str) -> None:
    emulator.faults.stick(session_id)
    assert turn(client, session_id, "hello").status_code == 202
    response = client.patch(f"{SESSIONS}/{session_id}", json={"title": "Mine"})
    assert response.status_code == 200
    assert response.json()["session"]["task_status"] == "chat_processing"


def test_deleting_during_a_job_does_not_crash_anything(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    emulator.faults.stick(session_id)
    assert turn(client, session_id, "hello").status_code == 202
    assert client.delete(f"{SESSIONS}/{session_id}").status_code == 200
    emulator.faults.unstick(session_id)
    emulator.wait_jobs()
    assert emulator.job_errors == []
    assert emulator.wait_idle(session_id) is None
    assert client.get(f"{SESSIONS}/{session_id}").status_code == 404
    fresh = drafted(emulator, client)
    assert emulator.get_session(fresh)["framework_version"] == 1


def test_latency_applies_to_tasks_started_after_the_change(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    emulator.latency = 3600
    assert turn(client, session_id, "hello").status_code == 202
    with pytest.raises(TimeoutError):
        emulator.wait_idle(session_id, timeout=0.2)
    with pytest.raises(ValueError, match="latency"):
        emulator.latency = -1
