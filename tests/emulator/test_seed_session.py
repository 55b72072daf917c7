"""`seed_session`: a large session of unique, realistic texts, written straight into the store."""

from __future__ import annotations

import uuid
from statistics import mean

import httpx
import pytest

from puffle_widgets.emulator import Emulator
from puffle_widgets.models import Session, find_variables
from tests.emulator.helpers import SESSIONS


def _seeded(emulator: Emulator, **sizes: int) -> dict[str, object]:
    campaign_id, node_ids = emulator.new_campaign(nodes=1)
    return emulator.get_session(emulator.seed_session(campaign_id, node_ids[0], **sizes))


def test_a_benchmark_session_has_what_was_asked(emulator: Emulator, client: httpx.Client) -> None:
    campaign_id, node_ids = emulator.new_campaign(nodes=1)
    session_id = emulator.seed_session(campaign_id, node_ids[0])
    response = client.get(f"{SESSIONS}/{session_id}")
    assert response.status_code == 200
    session = Session.model_validate(response.json()["session"])
    assert session.campaign_id == campaign_id
    assert session.task_status is None
    messages = session.messages or []
    assert len(messages) == 1000
    assert [m.role for m in messages[:4]] == ["user", "assistant", "user", "assistant"]
    assert len({m.content for m in messages}) == 1000
    assert 60 <= mean(len(m.content) for m in messages if m.role == "user") <= 400
    assert 200 <= mean(len(m.content) for m in messages if m.role == "assistant") <= 1500
    assert len(session.draft_history or []) == len(session.skeleton_history or []) == 50
    assert [entry["version"] for entry in session.draft_history or []] == list(range(1, 51))
    assert session.framework_version == 51
    examples = session.generated_examples or []
    assert len(examples) == 200
    assert len({e.lead_id for e in examples}) == 200
    assert {e.model_extra.get("framework_version") for e in examples} == {51}  # type: ignore[union-attr]
    assert find_variables(session.draft_body or "")
    listed = client.get(SESSIONS, params={"campaign_id": campaign_id}).json()["sessions"]
    assert [s["id"] for s in listed] == [session_id]


def test_the_same_seed_writes_the_same_texts() -> None:
    with Emulator() as one, Emulator() as two:
        first = _seeded(one, messages=40, history=3, examples=5, seed=7)
        again = _seeded(two, messages=40, history=3, examples=5, seed=7)
        other = _seeded(two, messages=40, history=3, examples=5, seed=8)
    assert first["messages"] == again["messages"]
    assert first["generated_examples"] == again["generated_examples"]
    assert first["messages"] != other["messages"]


def test_small_and_empty_sizes(emulator: Emulator) -> None:
    empty = _seeded(emulator, messages=0, history=0, examples=0)
    assert (empty["messages"], empty["draft_history"], empty["framework_version"]) == ([], [], 1)
    one = _seeded(emulator, messages=1, history=1, examples=1)
    assert one["messages"][0]["role"] == "user"  # type: ignore[index]


def test_bad_arguments_are_refused(emulator: Emulator) -> None:
    campaign_id, node_ids = emulator.new_campaign(nodes=1)
    with pytest.raises(KeyError, match="new_campaign"):
        emulator.seed_session(str(uuid.uuid4()), node_ids[0])
    with pytest.raises(KeyError, match="not a sequence node"):
        emulator.seed_session(campaign_id, str(uuid.uuid4()))
    with pytest.raises(ValueError, match="messages"):
        emulator.seed_session(campaign_id, node_ids[0], messages=-1)
