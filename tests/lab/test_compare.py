"""Comparing drafts: the word diff, the metrics, the drafts filled per lead, the skeleton line."""

from __future__ import annotations

from typing import Any

from puffle_widgets.lab import word_diff
from puffle_widgets.lab.diff import diff_counts, wdiff
from puffle_widgets.lab.metrics import draft_metrics, fill_for_leads, lead_name
from puffle_widgets.lab.skeleton import skeleton_summary


def test_word_diff_marks_changed_words_and_keeps_the_text() -> None:
    before = "Hi %first_name%,\n\nWe help VPs of Sales\nsell more."
    after = "Hi %first_name%,\n\nWe help founders sell more.\n"
    pieces = word_diff(before, after)
    assert pieces == [
        ("eq", "Hi %first_name%,\n\nWe help"),
        ("del", " VPs of Sales"),
        ("add", " founders"),
        ("eq", " sell more.\n"),
    ]
    assert "".join(text for op, text in pieces if op != "del") == after
    assert "".join(text for op, text in pieces if op != "add").split() == before.split()
    assert diff_counts(pieces) == (1, 3)
    assert wdiff(pieces) == "Hi %first_name%,\n\nWe help [-VPs of Sales-] {+founders+} sell more.\n"


def test_rewrapping_is_no_change_and_empty_sides_work() -> None:
    assert [op for op, _ in word_diff("one two\nthree", "one\ntwo three")] == ["eq"]
    assert word_diff(None, "New text") == [("add", "New text")]
    assert word_diff("Old", "") == [("del", "Old")]
    assert word_diff(None, None) == []


def test_metrics_count_and_flag_unknown_variables_in_both_syntaxes() -> None:
    m = draft_metrics(
        "Quick idea for %company%",
        "Hi {{ first_name }},\n" + "word " * 236 + "%nickname%",
        ["first_name", "company"],
    )
    assert m.subject_length == 24
    assert m.body_words == 239
    assert m.variables == ("company", "first_name", "nickname")
    assert m.unknown_variables == ("nickname",)
    assert m.reading_seconds == 61  # 239 words at 238 a minute, rounded up
    assert draft_metrics("Hi %x%", None, []).unknown_variables == ()  # no names: none unknown
    assert draft_metrics(None, None, []).reading_seconds == 0


def test_drafts_are_filled_per_lead_in_both_syntaxes() -> None:
    leads: list[dict[str, Any]] = [
        {"first_name": "Sarah", "last_name": "Lee", "company": "Acme"},
        {"company": "Globex", "custom_fields": {"team_size": 40}},
    ]
    filled = fill_for_leads("Idea for {{company}}", "Hi %first_name%, team of %team_size%", leads)
    assert [f.lead for f in filled] == ["Sarah Lee (Acme)", "Globex"]
    assert filled[0].subject == "Idea for Acme"
    assert filled[0].body == "Hi Sarah, team of %team_size%"
    assert filled[0].missing == ("team_size",)
    assert filled[1].body == "Hi %first_name%, team of 40"
    assert filled[1].missing == ("first_name",)
    assert lead_name({}, 2) == "Lead 3"


def test_skeleton_summary_is_short_and_defensive() -> None:
    skeleton = {
        "hook": "A hook",
        "value_prop": "x " * 200,
        "cta": 7,
        "blocks": [{"name": "Opener"}, "odd"],
        "tone": "warm",
    }
    lines = dict(skeleton_summary(skeleton))
    assert lines["Hook"] == "A hook"
    assert len(lines["Value prop"]) == 200 and lines["Value prop"].endswith("…")
    assert "CTA" not in lines
    assert lines["Blocks (2)"] == "Opener, ?"
    assert lines["Other keys"] == "tone"
    assert skeleton_summary(None) == [] and skeleton_summary({}) == []
