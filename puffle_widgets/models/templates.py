"""Template variables in drafts: `%var%` (what the docs' prose names) and `{{var}}` (what the
docs' examples show). Both are accepted everywhere; `%var%` is what we write."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

VARIABLE_PATTERN = re.compile(
    r"%(?P<percent>[A-Za-z_][A-Za-z0-9_]*)%|\{\{\s*(?P<braces>[A-Za-z_][A-Za-z0-9_.]*)\s*\}\}"
)


@dataclass(frozen=True)
class TemplateVariable:
    """One variable occurrence: its name, where it stands, and which syntax wrote it."""

    name: str
    start: int
    end: int
    syntax: Literal["percent", "braces"]


def find_variables(text: str | None) -> list[TemplateVariable]:
    """Every variable occurrence in `text`, in order."""
    found: list[TemplateVariable] = []
    for match in VARIABLE_PATTERN.finditer(text or ""):
        percent = match.group("percent")
        name = percent if percent is not None else match.group("braces")
        syntax: Literal["percent", "braces"] = "percent" if percent is not None else "braces"
        found.append(TemplateVariable(name, match.start(), match.end(), syntax))
    return found


def variable_names(text: str | None) -> list[str]:
    """The distinct variable names in `text`, in order of first use."""
    return list(dict.fromkeys(v.name for v in find_variables(text)))


def unknown_variables(text: str | None, known: Iterable[str]) -> list[str]:
    """The variable names in `text` that are not in `known`."""
    allowed = set(known)
    return [name for name in variable_names(text) if name not in allowed]


def fill(text: str | None, values: Mapping[str, str]) -> str:
    """`text` with every variable that `values` knows replaced; unknown ones stay as written."""

    def replace(match: re.Match[str]) -> str:
        name = match.group("percent") or match.group("braces")
        return values.get(name, match.group(0))

    return VARIABLE_PATTERN.sub(replace, text or "")
