"""Real JupyterLab in Debian's Chromium, for the browser figures (started on first use).

The Jupyter server (tools/jupyter_server.py) and Chromium (tools/chromium.py) of the browser
tests, with every piece of Jupyter and browser state under the run's scratch directory and a
fresh workspace per page. Each page gets bench/probe.js before JupyterLab loads.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from bench.notebook import notebook
from puffle_widgets.emulator import Emulator
from tools.chromium import launch_chromium
from tools.jupyter_server import LAB_KERNEL_READY, JupyterServer, isolated_env, start_lab

# The session widget's root element (what tests/browser also looks for).
WIDGET_ROOT = ".puffle-session"
PROBE = Path(__file__).with_name("probe.js")
START_TIMEOUT = 120.0
UI_TIMEOUT = 120_000  # ms: two shared cores run the server, kernels, Chromium and the bench


class LabSession:
    """One Jupyter server and one Chromium for the run, both started when first needed."""

    def __init__(self, state: Path, emu: Emulator) -> None:
        self._state = state / "lab"
        self._emu = emu
        self._server: JupyterServer | None = None
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self.root = self._state / "notebooks"

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        if self._server is not None:
            with contextlib.suppress(Exception):
                self._server.shutdown_kernels()
            self._server.stop()

    @property
    def server(self) -> JupyterServer:
        """The shared Jupyter server, started on first use."""
        if self._server is None:
            base = {k: v for k, v in os.environ.items() if not k.startswith("PUFFLE_")}
            env = isolated_env(self._state, {**base, **self._emu.env()})
            self._server = start_lab(
                self._state, env, timeout=START_TIMEOUT, save_widget_state=False
            )
        return self._server

    @property
    def browser(self) -> Browser:
        """The shared Chromium (the server starts with it)."""
        self.server  # noqa: B018 - started first, as the pages need it
        if self._browser is None:
            self._playwright = sync_playwright().start()
            self._browser = launch_chromium(self._playwright, self._state)
        return self._browser

    def write_notebook(self, name: str, cells: Sequence[str]) -> str:
        """A notebook of code `cells` in the server's root; returns its file name."""
        self.server  # noqa: B018 - the server creates the root it serves
        filename = f"{name}.ipynb"
        (self.root / filename).write_text(json.dumps(notebook(cells), indent=1), encoding="utf-8")
        return filename

    @contextlib.contextmanager
    def open(self, notebook: str) -> Iterator[LabPage]:
        """`notebook` open in a fresh page, its kernel ready; closed (kernels too) on exit."""
        context = self.browser.new_context(viewport={"width": 1400, "height": 1000})
        probe = PROBE.read_text().replace("__ROOT_SELECTOR__", json.dumps(WIDGET_ROOT))
        context.add_init_script(probe)
        page = context.new_page()
        try:
            page.goto(self.server.url("lab", notebook, workspace_prefix="bench"))
            page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=UI_TIMEOUT)
            page.wait_for_function(LAB_KERNEL_READY, timeout=UI_TIMEOUT, polling=100)
            yield LabPage(page)
        finally:
            context.close()
            self.server.shutdown_kernels()


class LabPage:
    """A notebook open in JupyterLab, with the probe's records at hand."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def _cell(self, index: int) -> Any:
        return self.page.locator(".jp-Notebook .jp-Cell").nth(index)

    def run_cell(self, index: int, timeout: float = UI_TIMEOUT) -> None:
        """Run one cell (Ctrl+Enter in its editor) and wait until its prompt shows it ran."""
        prompt = self._cell(index).locator(".jp-InputPrompt")
        before = prompt.inner_text().strip()
        self._cell(index).locator(".jp-InputArea-editor").click()
        self.page.keyboard.press("Control+Enter")
        self.page.wait_for_function(
            """([i, before]) => {
                const p = document.querySelectorAll('.jp-Notebook .jp-Cell')[i]
                    ?.querySelector('.jp-InputPrompt')?.textContent?.trim() ?? '';
                return /^\\[\\d+\\]:$/.test(p) && p !== before;
            }""",
            arg=[index, before],
            timeout=timeout,
            polling=50,
        )
        if self._cell(index).locator(".jp-OutputArea-output[data-mime-type*=error]").count():
            raise RuntimeError(f"cell {index} failed:\n{self._cell(index).inner_text()}")

    def evaluate(self, script: str, arg: Any = None) -> Any:
        """`page.evaluate`, for the probe's functions."""
        return self.page.evaluate(script, arg)

    def now(self) -> float:
        """The page's clock, epoch ms."""
        return float(self.evaluate("() => window.__bench.now()"))

    def settled_root(self, cell: int, quiet_ms: float = 1000, timeout: float = 120.0) -> Any:
        """The probe's record of the widget in `cell`, once its DOM has not changed for
        `quiet_ms` (and the last change was painted)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            info = self.evaluate("(i) => window.__bench.info(i)", cell)
            if info and info["painted"] and info["now"] - info["last"] >= quiet_ms:
                return info
            self.page.wait_for_timeout(100)
        raise TimeoutError(f"the widget in cell {cell} did not settle in {timeout:g} s")

    def frames(self) -> list[dict[str, Any]]:
        """Every websocket frame the page received so far."""
        frames: list[dict[str, Any]] = self.evaluate("() => window.__bench.frames")
        return frames

    def long_tasks(self, start: float, end: float) -> list[float]:
        """Durations (ms) of the long tasks that began in [start, end) (epoch ms)."""
        tasks: list[dict[str, float]] = self.evaluate("() => window.__bench.longtasks")
        return [t["duration"] for t in tasks if start <= t["t"] < end]
