"""SessionWidget.export picks the format by suffix and never truncates on failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from puffle_widgets import Puffle, SessionWidget
from tests.widgets.conftest import make


async def test_export_by_suffix(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, tmp_path: Path
) -> None:
    w = make(widgets, drafted_id, client)
    assert w.session is not None
    md = w.export(tmp_path / "s.md").read_text()
    assert w.session.transcript[0].content in md
    html = w.export(tmp_path / "s.HTML").read_text()
    assert html.startswith("<!doctype html>")
    assert "<script" not in html
    data = json.loads(w.export(tmp_path / "s.json").read_text())
    assert data["id"] == drafted_id
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.HTML", "s.json", "s.md"]


async def test_bad_suffix_names_the_choices(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, tmp_path: Path
) -> None:
    w = make(widgets, drafted_id, client)
    with pytest.raises(ValueError, match=r"\.md, \.html or \.json"):
        w.export(tmp_path / "s.pdf")


async def test_unsaved_edits_are_flagged_not_exported(
    widgets: list[SessionWidget], client: Puffle, drafted_id: str, tmp_path: Path
) -> None:
    w = make(widgets, drafted_id, client)
    w.draft_body = "not saved yet"
    with pytest.warns(UserWarning, match="draft_body"):
        text = w.export(tmp_path / "s.md").read_text()
    assert "not saved yet" not in text
