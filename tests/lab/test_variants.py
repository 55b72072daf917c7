"""What a variant is: a message runs `turns` turns (then follow-ups), a list is its script."""

from __future__ import annotations

from typing import Any

import pytest

from puffle_widgets.lab import FOLLOW_UP
from puffle_widgets.lab.variants import Variant, default_name, variants_from


def test_a_message_runs_turns_turns_with_follow_ups() -> None:
    assert variants_from(["Intro"], turns=3, follow_up="Go on") == [
        Variant("A", ("Intro", "Go on", "Go on"))
    ]
    assert variants_from(["Intro"], turns=1, follow_up=FOLLOW_UP) == [Variant("A", ("Intro",))]


def test_a_list_is_a_script_sent_as_written_whatever_turns_says() -> None:
    got = variants_from([["One", "Two"], "Three"], turns=2, follow_up="More")
    assert got == [Variant("A", ("One", "Two")), Variant("B", ("Three", "More"))]
    assert variants_from([("Only",)], turns=4, follow_up="x") == [Variant("A", ("Only",))]


def test_names_come_from_a_dict_or_are_letters() -> None:
    named = variants_from({"warm": "Hi", "cold": ["Yo"]}, turns=1, follow_up="x")
    assert [v.name for v in named] == ["warm", "cold"]
    assert [default_name(i) for i in (0, 1, 25, 26, 30)] == ["A", "B", "Z", "V27", "V31"]


@pytest.mark.parametrize(
    ("variants", "turns", "error", "match"),
    [
        ("Just one message", 1, TypeError, r"run\(\[message\]\)"),
        ([], 1, ValueError, "at least one variant"),
        (["  "], 1, ValueError, "message of variant A is empty"),
        ([["ok", ""]], 1, ValueError, "Message 2 of variant A is empty"),
        ([[]], 1, ValueError, "empty list"),
        ([42], 1, TypeError, "Variant A must be a message"),
        ([["ok", 3]], 1, TypeError, "Message 2 of variant A must be a str"),
        (["ok"], 0, ValueError, "turns must be a whole number >= 1"),
        (["ok"], True, ValueError, "turns"),
        ({"": "x"}, 1, ValueError, "non-empty str"),
        ({"two\nlines": "x"}, 1, ValueError, "one line"),
        (["x" * 100_001], 1, ValueError, "100,000"),
    ],
)
def test_bad_variants_are_refused_before_anything_is_sent(
    variants: Any, turns: Any, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        variants_from(variants, turns=turns, follow_up=FOLLOW_UP)


def test_the_follow_up_is_checked_too() -> None:
    with pytest.raises(ValueError, match="follow_up is empty"):
        variants_from(["Hi"], turns=2, follow_up=" ")
