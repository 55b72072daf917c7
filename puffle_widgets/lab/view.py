"""The lab's grid and its snapshot, kept in step with the run on the lab's loop thread.

Changes come from the runner (on the loop), from a cell (`result.rate(...)`, also the loop's
thread in a kernel) and from the browser (the star, the note, the baseline, Stop and Promote;
comm handlers may run on another thread, so those are handed to the loop).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from puffle_widgets.lab.grid import LabGrid
from puffle_widgets.lab.result import NOTE_LIMIT, LabResult
from puffle_widgets.lab.rows import grid_rows
from puffle_widgets.lab.static import ROOT, result_html
from puffle_widgets.live import WorkLoop
from puffle_widgets.widgets import StaticFallback, show_live, widget_bundle

log = logging.getLogger("puffle_widgets.lab")


class LabView:
    """The grid, its snapshot, and the per-variant notices (promotions, examples)."""

    def __init__(
        self,
        loop: WorkLoop,
        *,
        campaign_id: str,
        node_id: str,
        lead_names: list[str],
        available_var_names: list[str],
        on_stop: Callable[[], None],
        on_promote: Callable[[str, str], None],
    ) -> None:
        key = uuid.uuid4().hex
        self._loop = loop
        self.grid = LabGrid(
            campaign_id=campaign_id,
            node_id=node_id,
            leads=lead_names,
            available_var_names=available_var_names,
            fallback_key=key,
        )
        # The static snapshot for readers without a kernel (widgets/display.py): rendered a
        # moment after the last change, and from the cell that waits (`flush`).
        self.snapshot = StaticFallback(self.static_html, key)
        self.result: LabResult | None = None
        self.notices: dict[str, str] = {}
        self.run_state = "ready"
        self._updating = False
        self.grid.observe(self._on_browser_change, names=["ratings", "baseline"])
        self.grid.handlers = {
            "stop": lambda _content: loop.call_soon(on_stop),
            "promote": lambda content: loop.call_soon(self._on_promote, content, on_promote),
        }

    # --- state ------------------------------------------------------------------------------

    def show_run(self, result: LabResult) -> None:
        """Show a new run (on the loop thread)."""
        self.result = result
        self.notices = {}
        self.run_state = "running"
        self.update()

    def changed(self) -> None:
        """Something changed: update the grid, on the loop thread (handed over from another
        thread, and waited for, so the change shows once the caller returns)."""
        self._loop.run(self.update)

    def note(self, variant: str, text: str) -> None:
        """Show `text` in a variant's column (a promotion, examples)."""
        self.notices[variant] = text
        self.changed()

    def update(self) -> None:
        """Send the run's current state to the grid and refresh the snapshot."""
        result = self.result
        if result is None:
            return
        self._updating = True
        try:
            with self.grid.hold_sync():
                self.grid.variants = grid_rows(result, self.notices)
                self.grid.progress = result.counts()
                self.grid.baseline = result.baseline
                self.grid.ratings = result.ratings()
                self.grid.run_state = self.run_state
        finally:
            self._updating = False
        self.snapshot.refresh()

    def flush(self) -> None:
        """Re-send the grid's state and the snapshot from the caller's cell.

        A notebook executor (nbclient, papermill) records only the messages of the cell it is
        running, and the run's updates belong to the cell that started it: re-sent from the
        cell that waits, the final state is what the saved notebook keeps."""
        if self.grid.comm is not None:
            self.grid.send_state()
        self.snapshot.refresh(force=True)

    # --- the browser ------------------------------------------------------------------------

    def _on_browser_change(self, change: Mapping[str, Any]) -> None:
        if self._updating:  # our own update, not the user's
            return
        if self._loop.on_loop_thread:
            # Applied before the handler returns: marimo reruns the cells that follow the grid's
            # value right after, and they must see the result holding the change.
            self._apply_browser(change["name"], change["new"])
        else:
            self._loop.call_soon(self._apply_browser, change["name"], change["new"])

    def _apply_browser(self, name: str, value: Any) -> None:
        result = self.result
        if result is None:
            return
        try:
            if name == "baseline":
                result.baseline = value
            else:
                self._apply_ratings(result, value)
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("lab grid: ignored a %s from the browser: %s", name, exc)
            self.update()  # put the grid back to what the result holds

    @staticmethod
    def _apply_ratings(result: LabResult, ratings: Any) -> None:
        if not isinstance(ratings, Mapping):
            raise TypeError("ratings must be an object")
        for name, rating in ratings.items():
            if not isinstance(rating, Mapping) or name not in result.names:
                continue
            star, note = rating.get("star"), rating.get("note")
            current = result[name]
            if isinstance(note, str) and len(note) > NOTE_LIMIT:
                note = note[:NOTE_LIMIT]
            if (star, note) != (current.star, current.note):
                result.rate(
                    name,
                    star=star if isinstance(star, bool) else None,
                    note=note if isinstance(note, str) else None,
                )

    def _on_promote(self, content: Mapping[str, Any], promote: Callable[[str, str], None]) -> None:
        variant, session_id = content.get("variant"), content.get("session_id")
        if not isinstance(variant, str) or not isinstance(session_id, str):
            log.warning("lab grid: ignored a promote message without variant and session_id")
            return
        promote(variant, session_id.strip())

    # --- display ----------------------------------------------------------------------------

    def static_html(self) -> str:
        """The snapshot: the run's static view, or a line saying no run has started."""
        if self.result is None:
            return f'<div class="{ROOT}"><p><strong>Prompt lab</strong> — no run yet.</p></div>'
        return result_html(self.result)

    def summary(self) -> str:
        """One line of plain text about the run."""
        if self.result is None:
            return "Prompt lab: no run yet"
        c = self.result.counts()
        return (
            f"Prompt lab: {c['finished']} of {c['variants']} variants finished "
            f"({c['failed']} failed, {c['skipped']} skipped)"
        )

    def display(self) -> None:
        """Show the live grid with its snapshot (or the summary in a terminal)."""
        bundle = widget_bundle(self.grid._repr_mimebundle_(), self.summary())
        show_live(bundle, self.snapshot, "Prompt lab")

    def close(self) -> None:
        """Close the grid and stop keeping its snapshot current."""
        self.snapshot.close()
        self.grid.close()
