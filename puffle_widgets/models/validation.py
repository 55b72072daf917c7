"""A pydantic `ValidationError` as one readable line, for every error message that reports one."""

from __future__ import annotations

from pydantic import ValidationError


def validation_message(
    exc: ValidationError, prefix: str = "", *, limit: int | None = None, whole: str = "value"
) -> str:
    """`where: what` for each problem in `exc`, joined by `; `. `prefix` names the value checked
    (e.g. `sample_leads.0`), `whole` stands for it when it has no name, and `limit` keeps only
    the first problems."""
    errors = exc.errors()
    shown = errors if limit is None else errors[:limit]
    parts = []
    for error in shown:
        where = ".".join([prefix, *map(str, error["loc"])] if prefix else map(str, error["loc"]))
        parts.append(f"{where or whole}: {error['msg']}")
    if len(shown) < len(errors):
        parts.append(f"and {len(errors) - len(shown)} more")
    return "; ".join(parts)
