"""Which snapshots a widget shows: never backwards, never from before its own dispatch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from puffle_widgets.models import Session
from puffle_widgets.widgets.session.snapshots import admit, floor_after_dispatch

T0 = datetime(2026, 4, 22, 10, 0, tzinfo=UTC)


def snapshot(minutes: int, **fields: object) -> Session:
    return Session.model_validate(
        {
            "id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
            "user_id": "u",
            "campaign_id": "c",
            "node_id": "n",
            "created_at": T0,
            "updated_at": T0 + timedelta(minutes=minutes),
            **fields,
        }
    )


def test_an_older_snapshot_never_rolls_back_the_shown_one() -> None:
    verdict = admit(snapshot(1), snapshot(2), None, status="idle")
    assert not verdict.show


def test_a_newer_snapshot_is_shown() -> None:
    assert admit(snapshot(3, title="new"), snapshot(2), None, status="idle").show


def test_the_same_snapshot_is_shown_again_only_to_recover() -> None:
    shown = snapshot(2)
    assert not admit(snapshot(2), shown, None, status="idle").show
    for status in ("reconnecting", "error", "loading"):
        assert admit(snapshot(2), shown, None, status=status).show


def test_snapshots_up_to_the_dispatch_floor_are_dropped_and_keep_the_floor() -> None:
    shown = snapshot(2)
    floor = floor_after_dispatch(shown)
    assert floor == shown.updated_at
    verdict = admit(snapshot(2), shown, floor, status="chat_processing")
    assert (verdict.show, verdict.floor) == (False, floor)


def test_a_snapshot_past_the_floor_is_shown_and_lifts_it() -> None:
    shown = snapshot(2)
    verdict = admit(snapshot(3, task_status="chat_processing"), shown, shown.updated_at, status="x")
    assert (verdict.show, verdict.floor) == (True, None)


def test_no_snapshot_shown_means_no_floor() -> None:
    assert floor_after_dispatch(None) is None
    assert admit(snapshot(0), None, None, status="loading").show
