"""One measured figure: a sample per run, the baseline of the same run, the ratio, the target."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Unit = Literal["B", "ms", "s", "MB", "count", "per min", "x"]
# What the target's limit applies to: the value itself, or the ratio to the baseline.
LimitOn = Literal["value", "ratio"]


@dataclass
class Figure:
    """A row of RESULTS.md. `samples[i]` and `baseline[i]` come from the same run, so the ratio
    is taken within a run, then summarised over the runs (median and [min-max])."""

    group: str
    name: str
    unit: Unit
    samples: list[float] = field(default_factory=list)
    baseline: list[float] | None = None
    baseline_label: str = "—"
    target: str = "—"
    limit: float | None = None
    limit_on: LimitOn = "value"
    # A limit growing with the baseline: value <= limit_factor * baseline + limit (3x + 2 KB).
    limit_factor: float | None = None
    show_ratio: bool = True
    note: str = ""

    @property
    def measured(self) -> bool:
        """False for a figure that could not be measured (see `note`)."""
        return bool(self.samples)

    def ratios(self) -> list[float]:
        """Value over baseline, run by run (empty without a usable baseline)."""
        if not self.baseline or not self.show_ratio:
            return []
        return [s / b for s, b in zip(self.samples, self.baseline, strict=True) if b > 0]

    def meets(self) -> bool | None:
        """Whether the median meets the target; None when there is no numeric target."""
        if not self.measured or self.limit is None:
            return None
        if self.limit_factor is not None:
            base = median(self.baseline or [0.0])
            return median(self.samples) <= self.limit_factor * base + self.limit
        if self.limit_on == "ratio":
            ratios = self.ratios()
            return bool(ratios) and median(ratios) <= self.limit
        return median(self.samples) <= self.limit

    def to_json(self) -> dict[str, Any]:
        """A plain dict, with the summaries, for `--json`."""
        data = asdict(self)
        data["median"] = median(self.samples) if self.samples else None
        data["ratio_median"] = median(self.ratios()) if self.ratios() else None
        data["meets"] = self.meets()
        return data


def median(values: Sequence[float]) -> float:
    """The median; NaN for no values."""
    return statistics.median(values) if values else math.nan


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), interpolated between the closest ranks."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100.0
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
