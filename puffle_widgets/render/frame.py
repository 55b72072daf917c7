"""Generated examples as a pandas DataFrame (pandas is an optional dependency)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from puffle_widgets.models import Session

if TYPE_CHECKING:
    import pandas as pd

BASE_COLUMNS = ("lead_id", "subject", "body")

_MISSING_PANDAS = (
    "examples_frame() needs pandas, which is not installed. "
    'Install it with `pip install pandas` or `pip install "puffle-widgets[pandas]"`.'
)


def examples_frame(session: Session) -> pd.DataFrame:
    """One row per generated example: lead_id, subject, body, then any extra keys in order seen."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(_MISSING_PANDAS, name="pandas") from exc
    rows: list[dict[str, Any]] = [example.model_dump() for example in session.examples]
    columns = list(BASE_COLUMNS)
    for row in rows:
        columns += [key for key in row if key not in columns]
    if not rows:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
    return pd.DataFrame.from_records(rows, columns=columns)
