"""A save's or a restore's steps around its requests (the requests themselves are made by the
action queue, on the loop, or by a blocking caller): show the row just read and plan the write
against it (drafts.py for a save, restore.py for a restore), then, once our own PATCH landed,
make what was sent the new baseline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from puffle_widgets.errors import DraftConflictError
from puffle_widgets.live import Observed
from puffle_widgets.widgets.session import restore
from puffle_widgets.widgets.session.drafts import plan_save, rebase_saved
from puffle_widgets.widgets.session.ops import Op
from puffle_widgets.widgets.session.state import SessionState


@dataclass(frozen=True)
class Write:
    """What a save or a restore does now: wait behind a running task, send `body` as a PATCH
    (then call `landed` with its answer), raise `error`, or nothing more ("done")."""

    outcome: Literal["wait", "send", "refused", "done"]
    body: dict[str, Any] | None = None
    landed: Callable[[Observed], None] = lambda _saved: None
    error: DraftConflictError | None = None


class SaveSteps:
    """The steps of a save or a restore that touch the widget's state; every method runs on
    its loop."""

    def __init__(self, state: SessionState, publish: Callable[..., None]) -> None:
        self._state = state
        self._publish = publish  # show a snapshot, share it, send what waited

    def plan(self, op: Op, current: Observed) -> Write:
        """Show `current` (the server's row, just read) and plan `op` (a save or a restore)
        against it; what cannot go out now is told to the user."""
        if op.kind == "restore":
            return self._plan_restore(op, current)
        plan = plan_save(
            self._state.drafts(),
            current.session.model_dump(mode="json"),
            busy=current.session.is_busy,
            force=bool(op.args.get("force")),
        )
        self._publish(current)
        if plan.notice is not None and plan.outcome != "wait":
            self._state.set_notice(plan.notice)
        if plan.outcome == "wait":
            return Write("wait")
        if plan.outcome == "conflict":
            return Write("refused", error=plan.conflict_error())
        if plan.outcome != "patch":
            return Write("done")
        return Write("send", plan.fields, lambda saved: self.landed(saved, plan.fields))

    def landed(self, saved: Observed, fields: dict[str, Any]) -> None:
        """Our own PATCH landed: what we sent is the new baseline, whatever was typed since."""
        self._state.update_drafts(lambda drafts: rebase_saved(drafts, fields))
        self._state.turns.saved(fields)
        self._state.forget_background_error()
        self._publish(saved, notice="Saved.")

    def _plan_restore(self, op: Op, current: Observed) -> Write:
        plan = restore.plan_restore(
            self._state.drafts(),
            current.session.model_dump(mode="json"),
            op.args["fields"],
            label=str(op.args.get("label", "that version")),
            busy=current.session.is_busy,
            now=restore.now_iso(),
        )
        self._publish(current)
        if plan.outcome == "wait":
            return Write("wait")
        self._state.set_notice(plan.notice)
        if plan.outcome != "patch":
            return Write("done")
        return Write("send", plan.patch, lambda saved: self._restored(saved, plan))

    def _restored(self, saved: Observed, plan: restore.RestorePlan) -> None:
        """The restore's PATCH landed: the restored values are shown, as saved by hand."""
        self._state.update_drafts(lambda drafts: restore.restored(drafts, plan.fields))
        self._state.turns.saved(plan.fields)
        self._state.forget_background_error()
        self._publish(saved, notice=plan.notice)
