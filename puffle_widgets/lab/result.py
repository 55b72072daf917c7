"""`LabResult`: every variant of one lab run, filling in while it runs, with the user's ratings.

The runner changes a `VariantResult` only on the lab's loop thread; a rating may come from a
cell or from the grid. Listeners (the grid) hear of every change.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal

from puffle_widgets.lab.diff import DiffPiece, word_diff
from puffle_widgets.lab.metrics import DraftMetrics, FilledDraft, draft_metrics, fill_for_leads
from puffle_widgets.lab.static import result_html
from puffle_widgets.lab.tables import result_frame, result_markdown
from puffle_widgets.lab.variants import Variant
from puffle_widgets.models import GeneratedExample, Session

if TYPE_CHECKING:
    import pandas as pd

VariantStatus = Literal["pending", "running", "done", "failed", "skipped"]
FINISHED: Final = ("done", "failed", "skipped")
NOTE_LIMIT: Final = 10_000


@dataclass(eq=False)
class VariantResult:
    """One variant: its script, its session and final snapshot, how it went, its rating."""

    name: str
    messages: tuple[str, ...]
    status: VariantStatus = "pending"
    turns_done: int = 0
    session_id: str | None = None
    session: Session | None = None
    error: str | None = None
    star: bool = False
    note: str = ""
    examples: list[GeneratedExample] = field(default_factory=list)
    promoted_to: list[str] = field(default_factory=list)
    started_at: float | None = None  # time.monotonic()
    finished_at: float | None = None

    @property
    def turns(self) -> int:
        """How many turns the variant runs."""
        return len(self.messages)

    @property
    def finished(self) -> bool:
        """Done, failed or skipped: nothing more will happen to it in this run."""
        return self.status in FINISHED

    @property
    def subject(self) -> str | None:
        """The draft subject of its last snapshot."""
        return self.session.draft_subject if self.session else None

    @property
    def body(self) -> str | None:
        """The draft body of its last snapshot."""
        return self.session.draft_body if self.session else None

    @property
    def skeleton(self) -> dict[str, Any] | None:
        """The skeleton of its last snapshot."""
        return self.session.skeleton if self.session else None

    @property
    def has_draft(self) -> bool:
        """Whether the variant's session holds a subject or a body."""
        return bool(self.subject or self.body)

    def elapsed(self, now: float | None = None) -> float | None:
        """Seconds from its start to its end (or to now while it runs); None if never started."""
        if self.started_at is None:
            return None
        end = self.finished_at if self.finished_at is not None else now or time.monotonic()
        return max(0.0, end - self.started_at)


class LabResult:
    """The variants of one run, in order, with metrics, diffs against a baseline variant, the
    drafts filled per sample lead, and ratings. Index it by name or position: `result["B"]`."""

    def __init__(
        self,
        variants: Sequence[Variant],
        *,
        leads: Sequence[Mapping[str, Any]] = (),
        available_var_names: Sequence[str] = (),
    ) -> None:
        self.variants = [VariantResult(v.name, v.messages) for v in variants]
        self.leads = [dict(lead) for lead in leads]
        self.available_var_names = list(available_var_names)
        self._baseline: str | None = None  # chosen by the user
        self._listeners: list[Callable[[], None]] = []
        self._display: Callable[[], None] | None = None

    # --- lookups ------------------------------------------------------------------------------

    def __getitem__(self, key: str | int) -> VariantResult:
        if isinstance(key, int) and not isinstance(key, bool):
            return self.variants[key]
        for variant in self.variants:
            if variant.name == key:
                return variant
        names = ", ".join(v.name for v in self.variants)
        raise KeyError(f"No variant {key!r} in this run; its variants: {names}.")

    def __iter__(self) -> Iterator[VariantResult]:
        return iter(self.variants)

    def __len__(self) -> int:
        return len(self.variants)

    @property
    def names(self) -> list[str]:
        """The variant names, in order."""
        return [v.name for v in self.variants]

    @property
    def done(self) -> bool:
        """True once every variant is done, failed or skipped."""
        return all(v.finished for v in self.variants)

    def counts(self) -> dict[str, int]:
        """Variants and turns: in all, finished, failed, skipped (a finished variant's turns
        all count as finished, so the progress reaches its end with the last variant)."""
        return {
            "variants": len(self.variants),
            "finished": sum(v.finished for v in self.variants),
            "failed": sum(v.status == "failed" for v in self.variants),
            "skipped": sum(v.status == "skipped" for v in self.variants),
            "turns": sum(v.turns for v in self.variants),
            "turns_done": sum(v.turns if v.finished else v.turns_done for v in self.variants),
        }

    # --- comparison ---------------------------------------------------------------------------

    @property
    def baseline(self) -> str:
        """The variant every other is compared with: the one chosen, else the first that has a
        draft (a failed first variant would leave nothing to compare with), else the first."""
        if self._baseline is not None:
            return self._baseline
        return next((v.name for v in self.variants if v.has_draft), self.variants[0].name)

    @baseline.setter
    def baseline(self, name: str) -> None:
        self._baseline = self[name].name
        self.changed()

    def metrics(self, name: str | int) -> DraftMetrics:
        """Subject length, body words, variables, unknown variables, reading time."""
        variant = self[name]
        return draft_metrics(variant.subject, variant.body, self.available_var_names)

    def diff(self, name: str | int) -> dict[str, list[DiffPiece]]:
        """The word diff of the variant's subject and body against the baseline's."""
        variant, base = self[name], self[self.baseline]
        return {
            "subject": word_diff(base.subject, variant.subject),
            "body": word_diff(base.body, variant.body),
        }

    def filled(self, name: str | int) -> list[FilledDraft]:
        """The variant's draft filled with each sample lead."""
        variant = self[name]
        return fill_for_leads(variant.subject, variant.body, self.leads)

    # --- ratings ------------------------------------------------------------------------------

    def rate(self, name: str | int, *, star: bool | None = None, note: str | None = None) -> None:
        """Star (or unstar) a variant and/or set its note; shown in the grid and the exports."""
        variant = self[name]
        if star is not None:
            if not isinstance(star, bool):
                raise TypeError(f"star must be True or False, got {star!r}.")
            variant.star = star
        if note is not None:
            if not isinstance(note, str):
                raise TypeError(f"note must be a str, got {type(note).__name__}.")
            if len(note) > NOTE_LIMIT:
                raise ValueError(f"A note holds at most {NOTE_LIMIT:,} characters.")
            variant.note = note
        self.changed()

    def ratings(self) -> dict[str, dict[str, Any]]:
        """{name: {"star": bool, "note": str}} for every variant."""
        return {v.name: {"star": v.star, "note": v.note} for v in self.variants}

    # --- listeners ----------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call `listener()` after every change (the lab's grid listens)."""
        self._listeners.append(listener)

    def changed(self) -> None:
        """Tell the listeners that something changed."""
        for listener in list(self._listeners):
            listener()

    # --- views --------------------------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """One row per variant: status, draft, metrics, star and note (needs pandas)."""
        return result_frame(self)

    def to_markdown(self) -> str:
        """The run as a Markdown document: a summary table, then each variant in full."""
        return result_markdown(self)

    def set_display(self, show: Callable[[], None] | None) -> None:
        """Show the result with `show()` in a kernel (the lab's live grid, while this is its
        latest run); None: the static view."""
        self._display = show

    def _ipython_display_(self) -> None:
        if self._display is not None:
            self._display()
            return
        from IPython.display import display

        data = {"text/html": self._repr_html_(), "text/plain": repr(self)}
        display(data, raw=True)  # type: ignore[no-untyped-call]

    def _repr_html_(self) -> str:
        """The sanitized static view: a column per variant."""
        return result_html(self)

    def __repr__(self) -> str:
        c = self.counts()
        starred = [v.name for v in self.variants if v.star]
        return (
            f"LabResult(variants={c['variants']}, finished={c['finished']}, "
            f"failed={c['failed']}, skipped={c['skipped']}, starred={starred})"
        )
