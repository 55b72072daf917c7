"""Every operation's happy path and its documented status codes, over plain httpx."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from puffle_widgets.emulator import Emulator
from puffle_widgets.models import UUID_PATTERN
from tests.emulator.helpers import LEADS, SESSIONS, SPEC, create, drafted, turn

CONTENT_FIELDS = (
    "title",
    "messages",
    "draft_subject",
    "draft_body",
    "skeleton",
    "skeleton_history",
    "draft_history",
    "framework_version",
    "generated_examples",
    "task_status",
)
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def test_create_returns_201_and_an_empty_session(emulator: Emulator, client: httpx.Client) -> None:
    campaign_id, node_ids = emulator.new_campaign(nodes=2)
    response = client.post(SESSIONS, json={"campaign_id": campaign_id, "node_id": node_ids[1]})
    assert response.status_code == 201
    session = response.json()["session"]
    assert all(session[field] is None for field in CONTENT_FIELDS)
    assert (session["campaign_id"], session["node_id"]) == (campaign_id, node_ids[1])
    assert session["user_id"] == emulator.user_id
    assert UUID_PATTERN.match(session["id"])
    assert TIMESTAMP.match(session["created_at"])
    assert session["created_at"] == session["updated_at"]


def test_create_checks_the_campaign_and_the_node(emulator: Emulator, client: httpx.Client) -> None:
    campaign_id, node_ids = emulator.new_campaign(nodes=1)
    _other_campaign, other_nodes = emulator.new_campaign(nodes=1)
    unknown = {"campaign_id": str(uuid.uuid4()), "node_id": node_ids[0]}
    assert client.post(SESSIONS, json=unknown).json() == {"error": "Campaign not found"}
    foreign_node = {"campaign_id": campaign_id, "node_id": other_nodes[0]}
    assert client.post(SESSIONS, json=foreign_node).status_code == 404
    assert client.post(SESSIONS, json={"campaign_id": campaign_id}).status_code == 400
    bad_id = client.post(SESSIONS, json={"campaign_id": "nope", "node_id": node_ids[0]})
    assert bad_id.status_code == 400
    assert "campaign_id" in bad_id.json()["error"]


def test_list_returns_the_campaigns_sessions(emulator: Emulator, client: httpx.Client) -> None:
    campaign_id, node_ids = emulator.new_campaign(nodes=2)
    made = [create(client, campaign_id, node)["id"] for node in node_ids]
    elsewhere, elsewhere_nodes = emulator.new_campaign(nodes=1)
    create(client, elsewhere, elsewhere_nodes[0])
    response = client.get(SESSIONS, params={"campaign_id": campaign_id})
    assert response.status_code == 200
    assert [s["id"] for s in response.json()["sessions"]] == made


@pytest.mark.parametrize("query", [{}, {"campaign_id": "not-a-uuid"}, {"campaign_id": ["a", "b"]}])
def test_list_needs_one_valid_campaign_id(client: httpx.Client, query: dict[str, object]) -> None:
    response = client.get(SESSIONS, params=query)  # type: ignore[arg-type]
    assert response.status_code == 400
    assert "campaign_id" in response.json()["error"]


def test_get_returns_the_row(emulator: Emulator, client: httpx.Client, session_id: str) -> None:
    response = client.get(f"{SESSIONS}/{session_id}")
    assert response.status_code == 200
    assert response.json() == {"session": emulator.get_session(session_id)}


def test_patch_writes_only_the_keys_given(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    before = emulator.get_session(session_id)
    body = {"title": "Intro to CFOs", "draft_subject": "Hi %company%", "framework_version": 7}
    response = client.patch(f"{SESSIONS}/{session_id}", json=body)
    assert response.status_code == 200
    session = response.json()["session"]
    assert {key: session[key] for key in body} == body
    assert session["draft_body"] is None
    assert session["updated_at"] > before["updated_at"]
    assert emulator.get_session(session_id) == session


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": None}, "title"),
        ({"title": 3}, "title"),
        ({"task_status": "sleeping"}, "task_status"),
        ({"framework_version": 2**53}, "framework_version"),
        ({"framework_version": "1"}, "framework_version"),
        ({"framework_version": 1.5}, "framework_version"),
        ({"colour": "red"}, "colour"),
        ({"messages": [{"role": "user"}]}, "messages[0].content"),
        ({"skeleton": {"hook": 1}}, "skeleton.hook"),
        ({"generated_examples": [{"subject": None}]}, "generated_examples[0].subject"),
    ],
)
def test_patch_rejects_what_the_spec_does_not_allow(
    client: httpx.Client, session_id: str, body: dict[str, object], field: str
) -> None:
    response = client.patch(f"{SESSIONS}/{session_id}", json=body)
    assert response.status_code == 400
    assert field in response.json()["error"]


def test_integral_floats_count_as_integers(client: httpx.Client, session_id: str) -> None:
    response = client.patch(f"{SESSIONS}/{session_id}", content=b'{"framework_version": 3.0}')
    assert response.status_code == 200
    assert response.json()["session"]["framework_version"] == 3


def test_patching_the_skeleton_clears_generated_examples(
    emulator: Emulator, client: httpx.Client
) -> None:
    session_id = drafted(emulator, client)
    emulator.set_session(session_id, generated_examples=[{"lead_id": "x", "subject": "s"}])
    response = client.patch(f"{SESSIONS}/{session_id}", json={"skeleton": {"hook": "new"}})
    assert response.json()["session"]["generated_examples"] is None


def test_delete_removes_the_row(emulator: Emulator, client: httpx.Client, session_id: str) -> None:
    response = client.delete(f"{SESSIONS}/{session_id}")
    assert (response.status_code, response.json()) == (200, {"success": True})
    assert client.get(f"{SESSIONS}/{session_id}").status_code == 404
    assert client.delete(f"{SESSIONS}/{session_id}").json() == {"error": "Session not found"}
    with pytest.raises(KeyError):
        emulator.get_session(session_id)


def test_turn_answers_202_with_a_run_handle(client: httpx.Client, session_id: str) -> None:
    response = turn(client, session_id, "Write an intro email")
    assert response.status_code == 202
    handle = response.json()
    assert set(handle) == {"runId", "publicAccessToken"}
    assert handle["runId"].startswith("run_")
    assert handle["publicAccessToken"].startswith("tr_pat_")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "message"),
        ({"message": 5}, "message"),
        ({"message": "hi", "availableVarNames": "first_name"}, "availableVarNames"),
        ({"message": "hi", "sampleLeads": [{"first_name": None}]}, "sampleLeads[0].first_name"),
        ({"message": "hi", "sequenceContext": {"position": "1"}}, "sequenceContext.position"),
    ],
)
def test_turn_rejects_bad_bodies_naming_the_field(
    client: httpx.Client, session_id: str, body: dict[str, object], field: str
) -> None:
    response = client.post(f"{SESSIONS}/{session_id}/turn", json=body)
    assert response.status_code == 400
    assert field in response.json()["error"]


@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]", b"NaN"])
def test_unparsable_bodies_are_400(client: httpx.Client, session_id: str, content: bytes) -> None:
    response = client.post(f"{SESSIONS}/{session_id}/turn", content=content)
    assert response.status_code == 400
    assert isinstance(response.json()["error"], str)


def test_generate_examples_answers_202(emulator: Emulator, client: httpx.Client) -> None:
    session_id = drafted(emulator, client)
    response = client.post(f"{SESSIONS}/{session_id}/generate-examples", json={"leads": LEADS})
    assert response.status_code == 202
    assert response.json()["runId"].startswith("run_")
    examples = emulator.wait_idle(session_id)
    assert examples is not None
    assert len(examples["generated_examples"]) == len(LEADS)


def test_generate_examples_without_a_skeleton_is_400(client: httpx.Client, session_id: str) -> None:
    response = client.post(f"{SESSIONS}/{session_id}/generate-examples", json={"leads": LEADS})
    assert response.status_code == 400
    assert response.json() == {"error": "Session has no framework yet. Chat first to create one."}


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("GET", ""), ("PATCH", ""), ("DELETE", ""), ("POST", "/turn"), ("POST", "/generate-examples")],
)
@pytest.mark.parametrize("session", ["not-a-uuid", "d1d1d1d1-1111-1111-1111-111111111111", "new"])
def test_unknown_or_malformed_ids_are_404(
    client: httpx.Client, method: str, suffix: str, session: str
) -> None:
    session = str(uuid.uuid4()) if session == "new" else session
    body = {"message": "hi", "leads": []} if method == "POST" else {"title": "t"}
    json = None if method in ("GET", "DELETE") else body
    response = client.request(method, f"{SESSIONS}/{session}{suffix}", json=json)
    assert response.status_code == 404
    assert response.json() == {"error": "Session not found"}


@pytest.mark.parametrize("key", [None, "pk_live_unknown", "Basic abc"])
def test_missing_or_unknown_keys_are_401(emulator: Emulator, key: str | None) -> None:
    headers = {} if key is None else {"Authorization": key if " " in key else f"Bearer {key}"}
    response = httpx.get(f"{emulator.url}{SESSIONS}/{uuid.uuid4()}", headers=headers)
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "code": "unauthorized",
            "message": "Missing or invalid authentication credentials",
        }
    }


def test_every_answer_has_a_request_id(emulator: Emulator, client: httpx.Client) -> None:
    answers = [
        client.get(SESSIONS, params={"campaign_id": str(uuid.uuid4())}),
        client.get(f"{SESSIONS}/nope"),
        client.put(f"{SESSIONS}/{uuid.uuid4()}"),
        client.get("/nowhere"),
        httpx.get(f"{emulator.url}{SESSIONS}"),
    ]
    ids = [answer.headers["x-request-id"] for answer in answers]
    assert all(re.fullmatch(r"req_[0-9a-f]{24}", request_id) for request_id in ids)
    assert len(set(ids)) == len(ids)
    assert [record.request_id for record in emulator.requests] == ids


def test_other_methods_and_paths_answer_json(client: httpx.Client) -> None:
    wrong_method = client.put(f"{SESSIONS}/{uuid.uuid4()}")
    assert wrong_method.status_code == 405
    assert set(wrong_method.headers["allow"].split(", ")) >= {"GET", "PATCH", "DELETE"}
    assert wrong_method.json() == {"error": "Method Not Allowed"}
    missing = client.get(f"{SESSIONS}/")
    assert (missing.status_code, missing.json()) == (404, {"error": "Not Found"})


def test_the_spec_is_served_without_a_key(emulator: Emulator) -> None:
    response = httpx.get(f"{emulator.url}/openapi.yaml")
    assert response.status_code == 200
    assert response.text == SPEC.read_text(encoding="utf-8")
