"""The checkers for leads, variable names, sequence context and text length, and the one
helper that turns a pydantic ValidationError into a readable message."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from puffle_widgets.models import (
    MAX_TEXT_LENGTH,
    SampleLead,
    SequenceContext,
    check_text_length,
    lead_dicts,
    sequence_context_dict,
    validation_message,
    var_names,
)


def test_lead_dicts_accepts_models_and_dicts() -> None:
    leads = [SampleLead(first_name="Sarah"), {"company": "Acme", "custom_fields": {"tier": 1}}]
    assert lead_dicts(leads) == [
        {"first_name": "Sarah"},
        {"company": "Acme", "custom_fields": {"tier": 1}},
    ]
    assert lead_dicts(None) == []
    assert lead_dicts(()) == []


@pytest.mark.parametrize("leads", [{"first_name": "A"}, "Sarah", b"x", 3])
def test_lead_dicts_refuses_what_is_not_a_list(leads: object) -> None:
    with pytest.raises(TypeError, match="list of leads"):
        lead_dicts(leads, "leads")


def test_lead_dicts_names_the_bad_lead_and_field() -> None:
    with pytest.raises(ValueError, match=r"sample_leads\.1\.first_name: Input should be"):
        lead_dicts([{"first_name": "A"}, {"first_name": 5}])
    with pytest.raises(ValueError, match=r"leads\.0: Input should be"):
        lead_dicts(["Sarah"], "leads")


def test_var_names() -> None:
    assert var_names(("first_name", "company")) == ["first_name", "company"]
    assert var_names(None) == []
    with pytest.raises(TypeError, match="list of names"):
        var_names("first_name")
    with pytest.raises(TypeError, match="non-empty strings"):
        var_names(["first_name", ""])


def test_sequence_context_dict() -> None:
    assert sequence_context_dict(None) is None
    assert sequence_context_dict(SequenceContext(position=1)) == {"position": 1}
    assert sequence_context_dict({"position": 0, "total_nodes": 3}) == {
        "position": 0,
        "total_nodes": 3,
    }
    with pytest.raises(ValueError, match=r"sequence_context\.position: Input should be"):
        sequence_context_dict({"position": "first"})


def test_check_text_length() -> None:
    assert check_text_length("x" * MAX_TEXT_LENGTH, "The message") == "x" * MAX_TEXT_LENGTH
    with pytest.raises(ValueError, match="The message is 100,001 characters long"):
        check_text_length("x" * (MAX_TEXT_LENGTH + 1), "The message")


def test_validation_message_lists_problems_with_where_and_what() -> None:
    with pytest.raises(ValidationError) as info:
        SampleLead.model_validate({"first_name": 1, "company": 2, "position": 3})
    exc = info.value
    assert validation_message(exc) == (
        "first_name: Input should be a valid string; company: Input should be a valid string; "
        "position: Input should be a valid string"
    )
    assert validation_message(exc, "lead", limit=1) == (
        "lead.first_name: Input should be a valid string; and 2 more"
    )
    with pytest.raises(ValidationError) as whole:
        SampleLead.model_validate("nope")
    assert validation_message(whole.value, whole="body").startswith("body: Input should be")
