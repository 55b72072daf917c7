"""Generated examples as a pandas DataFrame, and the message when pandas is missing."""

from __future__ import annotations

import sys

import pytest

from puffle_widgets.models import Session
from puffle_widgets.render import examples_frame
from tests.render.conftest import rich_payload


def test_columns_and_rows(rich_session: Session) -> None:
    frame = examples_frame(rich_session)
    assert list(frame.columns) == ["lead_id", "subject", "body", "first_name"]
    assert len(frame) == 2
    assert frame["lead_id"].tolist() == ["lead-1", "lead-2"]
    assert frame.loc[0, "subject"] == "Quick question about Acme"
    assert frame.loc[1, "body"] == "Hi Tom,"
    assert frame.loc[0, "first_name"] == "Sarah"
    assert frame["first_name"].isna().tolist() == [False, True]


def test_extra_keys_keep_first_seen_order() -> None:
    body = rich_payload()
    body["generated_examples"] = [
        {"lead_id": "a", "score": 0.9},
        {"lead_id": "b", "body": "x", "notes": "n", "score": 0.1},
    ]
    frame = examples_frame(Session.model_validate(body))
    assert list(frame.columns) == ["lead_id", "subject", "body", "score", "notes"]
    assert frame["score"].tolist() == [0.9, 0.1]


@pytest.mark.parametrize("examples", [None, []])
def test_no_examples_gives_an_empty_frame_with_the_base_columns(
    examples: list[object] | None,
) -> None:
    body = rich_payload()
    body["generated_examples"] = examples
    frame = examples_frame(Session.model_validate(body))
    assert list(frame.columns) == ["lead_id", "subject", "body"]
    assert len(frame) == 0


def test_session_method_delegates(rich_session: Session) -> None:
    assert rich_session.examples_frame().equals(examples_frame(rich_session))


def test_missing_pandas_says_how_to_install(
    rich_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError) as info:
        rich_session.examples_frame()
    message = str(info.value)
    assert "pip install pandas" in message
    assert 'pip install "puffle-widgets[pandas]"' in message
    assert info.value.name == "pandas"
