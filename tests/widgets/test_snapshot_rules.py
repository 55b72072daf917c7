"""Which snapshots a widget shows: in the order they were asked for, never from before its own
accepted task, never another session's; `updated_at` only for objects handed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from puffle_widgets.live import Observed, next_seq
from puffle_widgets.models import Session
from puffle_widgets.widgets.session.snapshots import Admission, admit, floor_after_dispatch

SESSION_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
T0 = datetime.now(UTC)


def snapshot(minutes: float, **fields: object) -> Session:
    return Session.model_validate(
        {
            "id": SESSION_ID,
            "user_id": "u",
            "campaign_id": "c",
            "node_id": "n",
            "created_at": T0,
            "updated_at": T0 + timedelta(minutes=minutes),
            **fields,
        }
    )


def asked(session: Session) -> Observed:
    """`session` as the answer to a request started now."""
    return Observed(session, next_seq())


def check(
    incoming: Observed, shown: Observed | None, floor: int | None = None, status: str = "idle"
) -> Admission:
    return admit(incoming, shown, floor, session_id=SESSION_ID, status=status)


def test_an_answer_to_an_earlier_request_never_rolls_back_the_shown_one() -> None:
    earlier = asked(snapshot(5, title="old"))
    shown = asked(snapshot(1, title="new"))  # asked later, whatever its timestamp says
    verdict = check(earlier, shown)
    assert not verdict.take
    assert not verdict.show


def test_an_answer_to_a_later_request_is_shown_even_with_an_older_timestamp() -> None:
    shown = asked(snapshot(5))
    later = asked(snapshot(1, title="renamed elsewhere"))
    assert check(later, shown).show


def test_a_far_future_timestamp_never_blocks_later_answers() -> None:
    frozen = asked(snapshot(60 * 24 * 365, title="from a broken clock"))
    later = asked(snapshot(0, title="the real one"))
    assert check(later, frozen).show


def test_objects_handed_in_are_ordered_by_trusted_timestamps() -> None:
    shown = asked(snapshot(2))
    assert not check(Observed.handed_in(snapshot(1)), shown).take  # an old object
    assert check(Observed.handed_in(snapshot(3, title="newer")), shown).show
    far = Observed.handed_in(snapshot(60 * 24 * 365, title="far future"))
    assert check(asked(snapshot(0)), far).show  # an answer asked later still wins


def test_the_same_snapshot_is_shown_again_only_when_the_widget_shows_otherwise() -> None:
    session = snapshot(2)
    shown = asked(session)
    again = check(asked(session), shown)
    assert again.take and not again.show  # confirmed: it orders later answers, sends nothing
    for status in ("reconnecting", "error", "loading", "chat_processing"):
        assert check(asked(session), shown, status=status).show


def test_answers_asked_before_our_task_was_accepted_are_dropped_until_a_later_one() -> None:
    shown = asked(snapshot(2))
    in_flight = next_seq()  # a poll asked before the POST /turn was answered...
    floor = floor_after_dispatch()
    verdict = check(Observed(snapshot(2), in_flight), shown, floor, status="chat_processing")
    assert (verdict.show, verdict.floor) == (False, floor)
    handed = check(Observed.handed_in(snapshot(9)), shown, floor, status="chat_processing")
    assert not handed.show  # nor can an object handed in end the task


def test_the_first_answer_after_the_floor_is_authoritative_even_if_unchanged() -> None:
    """Defect 1: the finished snapshot came before the POST's answer; the answer after it
    equals it, and must still end the busy state the widget shows."""
    finished = snapshot(2, title="done")
    shown = asked(finished)
    floor = floor_after_dispatch()
    verdict = check(asked(finished), shown, floor, status="chat_processing")
    assert (verdict.take, verdict.show, verdict.floor) == (True, True, None)


def test_another_sessions_snapshot_is_never_taken() -> None:
    other = snapshot(3).model_copy(update={"id": "d1d1d1d1-1111-1111-1111-111111111111"})
    verdict = check(asked(other), asked(snapshot(2)))
    assert verdict.foreign
    assert not verdict.take and not verdict.show


def test_nothing_shown_yet_takes_the_first() -> None:
    assert check(asked(snapshot(0)), None, status="loading").show
    assert check(Observed.handed_in(snapshot(0)), None, status="loading").show
