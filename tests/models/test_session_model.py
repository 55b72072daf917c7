"""The models parse the documented payloads exactly and keep what they do not know."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from puffle_widgets.models import (
    GenerateExamplesRequest,
    SampleLead,
    Session,
    SessionResponse,
    TaskRun,
    TurnRequest,
    UpdateSessionRequest,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"


def documented_example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "get_session_example.json").read_text())
    return data


def test_documented_get_example_round_trips_exactly() -> None:
    body = documented_example()
    parsed = SessionResponse.model_validate(body)
    assert parsed.model_dump(mode="json") == body
    session = parsed.session
    assert session.title == "Intro email to VPs of Sales"
    assert [m.role for m in session.transcript] == ["user", "assistant"]
    assert session.skeleton == {
        "hook": "pattern-interrupt question",
        "value_prop": "15 min to outbound ROI",
    }
    assert not session.is_busy


def test_fresh_session_has_every_content_field_null() -> None:
    body = documented_example()["session"]
    for key in ("title", "messages", "draft_subject", "draft_body", "skeleton"):
        body[key] = None
    for key in ("skeleton_history", "draft_history", "framework_version"):
        body[key] = None
    session = Session.model_validate(body)
    assert session.transcript == []
    assert session.examples == []
    assert session.framework_version is None


def test_unknown_keys_are_kept_at_every_level() -> None:
    body = documented_example()["session"]
    body["shiny_new_field"] = {"a": 1}
    body["messages"][0]["created_at"] = "2026-04-22T10:00:00Z"
    body["generated_examples"] = [{"lead_id": "l1", "subject": "s", "body": "b", "score": 0.9}]
    session = Session.model_validate(body)
    dumped = session.model_dump(mode="json")
    assert dumped["shiny_new_field"] == {"a": 1}
    assert dumped["messages"][0]["created_at"] == "2026-04-22T10:00:00Z"
    assert dumped["generated_examples"][0]["score"] == 0.9


def test_unlisted_task_status_still_parses_and_counts_as_busy() -> None:
    body = documented_example()["session"]
    body["task_status"] = "researching"
    assert Session.model_validate(body).is_busy


def test_missing_identity_field_is_rejected() -> None:
    body = documented_example()["session"]
    del body["campaign_id"]
    with pytest.raises(ValueError, match="campaign_id"):
        Session.model_validate(body)


def test_request_models_use_wire_names() -> None:
    turn = TurnRequest(
        message="hi",
        available_var_names=["first_name"],
        sample_leads=[SampleLead(first_name="Sarah")],
        sequence_context={"position": 0, "total_nodes": 3, "prior_nodes": []},  # type: ignore[arg-type]
    )
    assert turn.to_wire() == {
        "message": "hi",
        "availableVarNames": ["first_name"],
        "sampleLeads": [{"first_name": "Sarah"}],
        "sequenceContext": {"position": 0, "total_nodes": 3, "prior_nodes": []},
    }
    examples = GenerateExamplesRequest.model_validate({"leads": [{}], "isFirstBatch": False})
    assert examples.is_first_batch is False
    assert examples.to_wire() == {"leads": [{}], "isFirstBatch": False}


def test_task_run_reads_wire_names_and_hides_the_token_from_repr() -> None:
    run = TaskRun.model_validate({"runId": "run_abc", "publicAccessToken": "tr_pat_secret"})
    assert run.run_id == "run_abc"
    assert run.public_access_token == "tr_pat_secret"
    assert "tr_pat_secret" not in repr(run)


def test_update_request_rejects_unknown_fields_and_keeps_explicit_nulls() -> None:
    with pytest.raises(ValueError, match="colour"):
        UpdateSessionRequest.model_validate({"colour": "red"})
    update = UpdateSessionRequest.model_validate({"title": "T", "generated_examples": None})
    assert update.to_wire() == {"title": "T", "generated_examples": None}


def test_sample_lead_variables_include_custom_fields_and_a_derived_full_name() -> None:
    lead = SampleLead(first_name="Sarah", last_name="Lee", custom_fields={"tier": "gold", "n": 3})
    assert lead.variables() == {
        "first_name": "Sarah",
        "last_name": "Lee",
        "full_name": "Sarah Lee",
        "tier": "gold",
        "n": "3",
    }
