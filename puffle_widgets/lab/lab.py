"""`PromptLab`: try several ways of briefing the framework LLM side by side, each in a fresh
session, and compare, rate and promote the drafts.

Calls from a cell return at once; the work runs on the lab's loop (the kernel's, in Jupyter),
and the grid fills in live. `await lab.wait()` waits for it (`lab.wait_sync()` in a script).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any

from puffle_widgets.client import AsyncPuffle, Puffle
from puffle_widgets.lab.cleanup import CleanupReport, delete_created, delete_marked
from puffle_widgets.lab.grid import LabGrid
from puffle_widgets.lab.metrics import lead_name
from puffle_widgets.lab.promote import PROMOTED_FIELDS, promote_variant, unsaved_conflict
from puffle_widgets.lab.result import LabResult, VariantResult
from puffle_widgets.lab.runner import Runner, SessionSteps
from puffle_widgets.lab.variants import FOLLOW_UP, variants_from
from puffle_widgets.lab.view import LabView
from puffle_widgets.lab.work import LabWork
from puffle_widgets.live import WorkLoop
from puffle_widgets.models import (
    SampleLead,
    SequenceContext,
    Session,
    check_uuid,
    lead_dicts,
    sequence_context_dict,
    var_names,
)
from puffle_widgets.widgets import SessionWidget, client_pair, close_owned, open_session_widgets


def _check_concurrency(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"concurrency must be a whole number >= 1, got {value!r}.")
    return value


class PromptLab:
    """Run prompt variants for one sequence node, each in its own fresh `[lab] ` session.

    `leads` are sample leads: sent with every turn and used to fill the drafts; with
    `available_var_names` the grid flags variables the drafts should not use. At most
    `concurrency` variants run at once. Show the lab (or the result of `run`) for the live grid.
    """

    def __init__(
        self,
        campaign_id: str,
        node_id: str,
        *,
        client: Puffle | AsyncPuffle | None = None,
        leads: Sequence[SampleLead | Mapping[str, Any]] | None = None,
        available_var_names: Sequence[str] | None = None,
        sequence_context: SequenceContext | Mapping[str, Any] | None = None,
        concurrency: int = 4,
        turn_timeout: float | None = 300,
    ) -> None:
        self.campaign_id = check_uuid(campaign_id, "campaign_id")
        self.node_id = check_uuid(node_id, "node_id")
        self._leads = lead_dicts(leads, "leads")
        self._var_names = var_names(available_var_names)
        self._sequence = sequence_context_dict(sequence_context)
        self._concurrency = _check_concurrency(concurrency)
        if turn_timeout is not None and (isinstance(turn_timeout, bool) or not turn_timeout > 0):
            raise ValueError(f"turn_timeout must be seconds > 0 or None, got {turn_timeout!r}.")
        self._turn_timeout = turn_timeout
        self._loop = WorkLoop.capture()
        self._sync, self._async, self._owned = client_pair(client)
        self._created: dict[str, bool] = {}  # session id -> carries the lab's mark
        self._view = LabView(
            self._loop,
            campaign_id=self.campaign_id,
            node_id=self.node_id,
            lead_names=[lead_name(lead, i) for i, lead in enumerate(self._leads)],
            available_var_names=self._var_names,
            on_stop=self.stop,
            on_promote=self._promote_from_grid,
        )
        self._work = LabWork(self._loop, self._view)
        self._closed = False

    # --- what it holds ------------------------------------------------------------------------

    @property
    def leads(self) -> list[dict[str, Any]]:
        """The sample leads: sent with every turn, and filled into the drafts."""
        return [dict(lead) for lead in self._leads]

    @property
    def available_var_names(self) -> list[str]:
        """The variables the drafts may use; others are flagged as unknown."""
        return list(self._var_names)

    @property
    def concurrency(self) -> int:
        """How many variants run at once (from the next run on, when changed)."""
        return self._concurrency

    @concurrency.setter
    def concurrency(self, value: int) -> None:
        self._concurrency = _check_concurrency(value)

    @property
    def grid(self) -> LabGrid:
        """The live grid (an anywidget): show it directly in marimo, `mo.ui.anywidget(lab.grid)`."""
        return self._view.grid

    @property
    def result(self) -> LabResult | None:
        """The latest run's result (None before the first run)."""
        return self._view.result

    @property
    def running(self) -> bool:
        """True while a run is in progress."""
        return self._work.running

    @property
    def session_ids(self) -> list[str]:
        """The sessions this lab created and has not deleted."""
        return list(self._created)

    # --- running ------------------------------------------------------------------------------

    def run(self, variants: Any, *, turns: int = 1, follow_up: str = FOLLOW_UP) -> LabResult:
        """Start a run and return its `LabResult` at once; it fills in as variants finish.

        `variants`: a list (named A, B, ...) or a dict of name -> variant; a variant is a message
        (sent, then `follow_up` until it had `turns` turns) or a list of messages (a scripted
        conversation, one turn each, `turns` not applied). `await lab.wait()` waits for the end.
        """
        self._check_open()
        if self.running:
            raise RuntimeError("A run is in progress: lab.stop() it, or await lab.wait() first.")
        script = variants_from(variants, turns=turns, follow_up=follow_up)
        result = LabResult(script, leads=self.leads, available_var_names=self.available_var_names)
        result.subscribe(self._view.changed)
        if self._view.result is not None:
            self._view.result.set_display(None)  # the grid shows the new run from now on
        result.set_display(self._view.display)
        runner = Runner(
            self._steps(),
            campaign_id=self.campaign_id,
            node_id=self.node_id,
            concurrency=self.concurrency,
            created=self._created,
            changed=self._view.changed,
        )
        self._work.start_run(runner, result)
        return result

    async def run_async(
        self, variants: Any, *, turns: int = 1, follow_up: str = FOLLOW_UP
    ) -> LabResult:
        """`run`, then wait for it to end."""
        self.run(variants, turns=turns, follow_up=follow_up)
        return await self.wait()

    def stop(self) -> None:
        """Skip the variants that have not started; running ones finish. Never raises."""
        self._work.stop()

    async def wait(self, timeout: float | None = None) -> LabResult:
        """Return the result once the run (and any examples run) has ended; raise what went
        wrong in an examples run. A variant's failure is in the result, never raised."""
        await self._work.wait(timeout)
        return self._latest()

    def wait_sync(self, timeout: float | None = None) -> LabResult:
        """Like `wait`, blocking this thread: for scripts (in a notebook, `await lab.wait()`)."""
        self._work.wait_sync(timeout)
        return self._latest()

    def _latest(self) -> LabResult:
        assert self._view.result is not None
        return self._view.result

    def _steps(self) -> SessionSteps:
        turn_args: dict[str, Any] = {
            "available_var_names": self._var_names or None,
            "sample_leads": self._leads or None,
            "sequence_context": self._sequence,
        }
        return SessionSteps(self._async, timeout=self._turn_timeout, turn_args=turn_args)

    # --- after a run ----------------------------------------------------------------------------

    def _variant(self, variant: str | int) -> VariantResult:
        if self._view.result is None:
            raise RuntimeError("No run yet: start one with lab.run([...]).")
        try:
            return self._view.result[variant]
        except (KeyError, IndexError) as exc:
            raise ValueError(str(exc).strip("\"'")) from None

    def generate_examples(
        self,
        variant: str | int,
        leads: Sequence[SampleLead | Mapping[str, Any]] | None = None,
    ) -> None:
        """Start one example email per lead (default: the lab's leads) from a finished
        variant's draft; returns at once, `await lab.wait()` waits (and raises a failure)."""
        self._check_open()
        target = self._variant(variant)
        lead_list = lead_dicts(leads, "leads") if leads is not None else self._leads
        if not lead_list:
            raise ValueError("generate_examples() needs leads: pass them, or give the lab leads=.")
        if target.status != "done":
            raise ValueError(f"Variant {target.name} is {target.status}; examples need its draft.")
        self._work.start_examples(self._steps(), target, lead_list)

    def promote(
        self,
        variant: str | int,
        target: str | SessionWidget,
        *,
        expected: Session | Mapping[str, Any] | None = None,
    ) -> Session:
        """Copy the variant's subject, body and skeleton onto `target` (a session id or a
        `SessionWidget`) without losing an edit: raises `DraftConflictError` (writing nothing)
        if a `SessionWidget` of the target open in this kernel has unsaved edits of them, or
        the target changed since `expected` (what you last saw; for a widget, its last
        snapshot; else a read at the start). Returns the saved session."""
        source = self._variant(variant)
        widget = target if isinstance(target, SessionWidget) else None
        if widget is not None:
            expected = expected if expected is not None else widget.session
            target = widget.session_id
        if not isinstance(target, str):
            raise TypeError(f"target must be a session id or a SessionWidget, got {target!r}.")
        # Every widget of the target open in this kernel keeps its unsaved edits, not only one
        # passed in.
        given = [widget] if widget is not None else []
        shown = list(dict.fromkeys([*given, *open_session_widgets(target)]))
        for each in shown:
            dirty: list[str] = [name for name in PROMOTED_FIELDS if name in each.dirty]
            if dirty:
                raise unsaved_conflict(target, dirty)
        saved = promote_variant(self._sync.sessions, source, target, expected=expected)
        self._view.note(source.name, f"Promoted to {target}.")
        for each in shown:
            each.refresh()  # it shows the promoted draft
        return saved

    def _promote_from_grid(self, variant: str, session_id: str) -> None:
        self._work.promote_from_grid(lambda: self.promote(variant, session_id), variant, session_id)

    # --- cleaning up ----------------------------------------------------------------------------

    def delete_sessions(self) -> CleanupReport:
        """Delete the sessions this lab created (those still marked `[lab] `), nothing else."""
        if self.running:
            raise RuntimeError("A run is in progress: lab.stop() and await lab.wait() first.")
        report = delete_created(self._sync.sessions, self.campaign_id, dict(self._created))
        for session_id in (*report.deleted, *report.kept):
            self._created.pop(session_id, None)
        return report

    @staticmethod
    def cleanup(campaign_id: str, *, client: Puffle | AsyncPuffle | None = None) -> CleanupReport:
        """Delete every session of the campaign marked `[lab] ` (e.g. after a kernel restart);
        a session without the mark is never touched."""
        check_uuid(campaign_id, "campaign_id")
        sync, async_, owned = client_pair(client)
        try:
            return delete_marked(sync.sessions, campaign_id)
        finally:
            close_owned(owned, sync, async_, WorkLoop.capture())

    def close(self) -> None:
        """Stop, cancel what still runs, close the grid and the clients the lab made."""
        if getattr(self, "_closed", True) or sys.is_finalizing():
            return
        self._closed = True
        self._work.cancel()
        self._view.close()
        close_owned(self._owned, self._sync, self._async, self._loop)

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("This PromptLab is closed; make a new one.")

    # --- display --------------------------------------------------------------------------------

    def _ipython_display_(self) -> None:
        self._view.display()

    def __repr__(self) -> str:
        runs = repr(self._view.result) if self._view.result is not None else "no run yet"
        return f"PromptLab(campaign_id={self.campaign_id!r}, node_id={self.node_id!r}, {runs})"
