"""Both template syntaxes are found, flagged and filled."""

from __future__ import annotations

from puffle_widgets.models import fill, find_variables, unknown_variables, variable_names


def test_both_syntaxes_are_found_in_order() -> None:
    text = "Hi %first_name%, about {{ company }} and {{first_name}}"
    found = find_variables(text)
    assert [(v.name, v.syntax) for v in found] == [
        ("first_name", "percent"),
        ("company", "braces"),
        ("first_name", "braces"),
    ]
    assert text[found[1].start : found[1].end] == "{{ company }}"
    assert variable_names(text) == ["first_name", "company"]


def test_percent_signs_in_prose_are_not_variables() -> None:
    assert variable_names("Save 100% of the time, 50 % faster") == []
    assert variable_names("100% of %company%") == ["company"]


def test_unknown_variables_are_those_not_available() -> None:
    assert unknown_variables("%first_name% at %compnay%", ["first_name", "company"]) == ["compnay"]


def test_fill_replaces_known_and_keeps_unknown() -> None:
    assert fill(
        "Hi %first_name% at {{company}}, %x%", {"first_name": "Sarah", "company": "Acme"}
    ) == ("Hi Sarah at Acme, %x%")
    assert fill(None, {}) == ""
