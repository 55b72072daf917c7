"""The lab's background work on its loop, and waiting for it from a cell or a script.

A run, an examples run and a promote started from the grid each run on the lab's loop (the
kernel's, in Jupyter); the calls that start them return at once. `wait` and `wait_sync` wait
for the run and the examples runs, and re-send the grid's final state from the waiting cell.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from puffle_widgets.errors import WaitTimeoutError
from puffle_widgets.lab.result import LabResult, VariantResult
from puffle_widgets.lab.runner import Runner, SessionSteps, describe, generate_examples
from puffle_widgets.lab.view import LabView
from puffle_widgets.live import WorkLoop


class LabWork:
    """What runs in the background for one lab, and the futures to wait for."""

    def __init__(self, loop: WorkLoop, view: LabView) -> None:
        self._loop = loop
        self._view = view
        self._runner: Runner | None = None
        self._run: concurrent.futures.Future[None] | None = None
        self._examples: list[concurrent.futures.Future[None]] = []
        self._tasks: set[asyncio.Task[None]] = set()  # promotes started from the grid

    @property
    def running(self) -> bool:
        """True while a run is in progress."""
        return self._run is not None and not self._run.done()

    @property
    def tasks(self) -> set[asyncio.Task[None]]:
        """The promotes from the grid still in flight."""
        return set(self._tasks)

    # --- starting --------------------------------------------------------------------------

    def start_run(self, runner: Runner, result: LabResult) -> None:
        """Show the new run and start it."""
        self._runner = runner
        self._examples = []
        self._loop.run(self._view.show_run, result)
        self._run = self._loop.submit(self._drive(runner, result))

    async def _drive(self, runner: Runner, result: LabResult) -> None:
        await runner.run(result)
        self._view.run_state = "done"
        self._view.update()

    def stop(self) -> None:
        """Skip what has not started (a no-op without a running run)."""
        result = self._view.result
        if self._runner is None or result is None or not self.running:
            return
        self._view.run_state = "stopping"
        self._loop.run(self._runner.stop, result)

    def start_examples(
        self, steps: SessionSteps, variant: VariantResult, leads: Sequence[Mapping[str, Any]]
    ) -> None:
        """Generate examples from one variant's draft in the background."""
        self._examples.append(self._loop.submit(self._write_examples(steps, variant, leads)))

    async def _write_examples(
        self, steps: SessionSteps, variant: VariantResult, leads: Sequence[Mapping[str, Any]]
    ) -> None:
        self._view.note(variant.name, "Generating examples…")
        try:
            examples = await generate_examples(steps, variant, leads)
        except Exception as exc:
            self._view.note(variant.name, f"Examples failed: {describe(exc)}")
            raise  # for wait()
        self._view.note(variant.name, f"{len(examples)} examples written.")

    def promote_from_grid(self, promote: Callable[[], object], variant: str, target: str) -> None:
        """Run a blocking `promote()` in a worker thread; its outcome shows in the column."""

        async def run() -> None:
            try:
                await asyncio.to_thread(promote)
            except Exception as exc:  # shown in the variant's column, never raised
                self._view.note(variant, f"Not promoted: {describe(exc)}")

        self._view.note(variant, f"Promoting to {target}…")
        task = asyncio.get_running_loop().create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- waiting ---------------------------------------------------------------------------

    def _pending(self) -> list[concurrent.futures.Future[None]]:
        if self._run is None:
            raise RuntimeError("Nothing to wait for: start a run with lab.run([...]) first.")
        return [self._run, *self._examples]

    async def wait(self, timeout: float | None) -> None:
        """Wait for the run and the examples runs; raise a failed examples run."""
        futures = self._pending()
        try:
            async with asyncio.timeout(timeout):
                waiting = [asyncio.wrap_future(f) for f in futures]
                await asyncio.shield(asyncio.gather(*waiting))
        except TimeoutError:
            raise WaitTimeoutError(
                f"The lab is still running after {timeout:g}s; call wait() again to keep waiting."
            ) from None
        finally:
            self._loop.run(self._view.flush)

    def wait_sync(self, timeout: float | None) -> None:
        """`wait`, blocking this thread (never the loop's own)."""
        if self._loop.on_loop_thread and self._loop.loop.is_running():
            raise RuntimeError(
                "wait_sync() would block the loop the lab runs on (the kernel's, in a "
                "notebook): use `await lab.wait()` instead."
            )
        futures = self._pending()
        done, _ = concurrent.futures.wait(futures, timeout=timeout)
        if len(done) < len(futures):
            raise WaitTimeoutError(
                f"The lab is still running after {timeout:g}s; call wait_sync() again to wait."
            )
        self._loop.run(self._view.flush)
        for future in futures:
            future.result()

    def cancel(self) -> None:
        """Cancel everything still running (the lab is closing)."""
        for future in (self._run, *self._examples):
            if future is not None:
                future.cancel()
        for task in list(self._tasks):
            self._loop.call_soon(task.cancel)
