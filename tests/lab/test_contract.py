"""The lab's contract between Python and TypeScript: js/src/lab/types.ts against the grid's
traits, the row keys and the message types, so neither side can drift from the other."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from puffle_widgets.lab import PromptLab
from puffle_widgets.lab.grid import MESSAGE_TYPES, LabGrid
from puffle_widgets.lab.rows import ROW_KEYS
from tests.test_contract import declaration, synced_traits, top_level_keys, without_comments

TYPES = without_comments(
    (Path(__file__).resolve().parents[2] / "js" / "src" / "lab" / "types.ts").read_text("utf-8")
)


def interface_keys(name: str) -> set[str]:
    return set(top_level_keys(declaration(TYPES, rf"export interface {name}\b")))


def test_lab_model_is_the_grid_traits() -> None:
    assert interface_keys("LabModel") == synced_traits(LabGrid)


def test_lab_rows_have_the_same_keys() -> None:
    assert interface_keys("LabRow") == set(ROW_KEYS)


def test_messages_are_the_handled_types(make_lab: Callable[..., PromptLab]) -> None:
    match = re.search(r"export type LabMessage\s*=(.*?);\s*\n", TYPES, flags=re.DOTALL)
    assert match, "no LabMessage in js/src/lab/types.ts"
    kinds = re.findall(r'type:\s*"([a-z_]+)"', match.group(1))
    assert sorted(kinds) == sorted(MESSAGE_TYPES)
    assert set(make_lab().grid.handlers) == set(MESSAGE_TYPES)
