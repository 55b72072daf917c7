"""`faults.randomly`: the soak's random faults, repeatable by seed, counted by kind, off again."""

from __future__ import annotations

import pytest

from puffle_widgets.emulator.faults import Faults


def _draws(seed: int, calls: int = 200) -> list[str | None]:
    faults = Faults()
    faults.randomly(0.3, seed=seed, max_delay=0.1, max_retry_after=0.1)
    drawn = [faults.take("getAiChatSession") for _ in range(calls)]
    return [None if f is None else f.describe() for f in drawn]


def test_the_same_seed_draws_the_same_faults_at_about_the_rate() -> None:
    first, again = _draws(7), _draws(7)
    assert first == again
    share = sum(d is not None for d in first) / len(first)
    assert 0.15 < share < 0.45
    assert _draws(8) != first


def test_armed_faults_go_first_and_everything_taken_is_counted() -> None:
    faults = Faults()
    faults.status("runAiChatTurn", 418)
    faults.randomly(1.0, seed=1)
    assert faults.take("runAiChatTurn") is not None
    for _ in range(50):
        assert faults.take("runAiChatTurn") is not None  # rate 1: every call meets a fault
    taken = faults.taken
    assert taken["status:418"] == 1
    assert sum(taken.values()) == 51
    assert any(label == "status:402" for label in taken)  # credits: task operations only


def test_402_is_drawn_only_for_operations_that_spend_credits() -> None:
    faults = Faults()
    faults.randomly(1.0, seed=3)
    labels = {f.describe() for _ in range(300) if (f := faults.take("getAiChatSession"))}
    assert "status:402" not in labels
    assert "status:409" not in labels


def test_clear_and_rate_zero_turn_random_faults_off() -> None:
    faults = Faults()
    faults.randomly(1.0, seed=1)
    faults.clear()
    assert faults.take("getAiChatSession") is None
    faults.randomly(1.0, seed=1)
    faults.randomly(0)
    assert faults.take("getAiChatSession") is None


@pytest.mark.parametrize("rate", [-0.1, 1.5])
def test_a_rate_outside_0_to_1_is_refused(rate: float) -> None:
    with pytest.raises(ValueError, match="rate must be between 0 and 1"):
        Faults().randomly(rate)
