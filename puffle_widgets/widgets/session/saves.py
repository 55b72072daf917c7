"""A save's steps around its requests (the requests themselves are made by the action queue,
on the loop, or by a blocking caller): show the row just read and plan the save against it
(drafts.py), then, once our own PATCH landed, make what was sent the new baseline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from puffle_widgets.live import Observed
from puffle_widgets.widgets.session.drafts import SavePlan, plan_save, rebase_saved
from puffle_widgets.widgets.session.state import SessionState


class SaveSteps:
    """The steps of a save that touch the widget's state; every method runs on its loop."""

    def __init__(self, state: SessionState, publish: Callable[..., None]) -> None:
        self._state = state
        self._publish = publish  # show a snapshot, share it, send what waited

    def plan(self, current: Observed, *, force: bool) -> SavePlan:
        """Show `current` (the server's row, just read) and plan the save against it: a busy
        session waits (the caller puts the save back in line); nothing to save, or a conflict,
        is told to the user (the caller raises the conflict); else the caller PATCHes
        `plan.fields`."""
        plan = plan_save(
            self._state.drafts(),
            current.session.model_dump(mode="json"),
            busy=current.session.is_busy,
            force=force,
        )
        self._publish(current)
        if plan.notice is not None and plan.outcome != "wait":
            self._state.set_notice(plan.notice)
        return plan

    def landed(self, saved: Observed, fields: dict[str, Any]) -> None:
        """Our own PATCH landed: what we sent is the new baseline, whatever was typed since."""
        self._state.update_drafts(lambda drafts: rebase_saved(drafts, fields))
        self._state.forget_background_error()
        self._publish(saved, notice="Saved.")
