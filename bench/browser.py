"""Real JupyterLab in Debian's Chromium, for the browser figures (started on first use).

As the browser tests do (tests/browser/conftest.py), but minimal: every piece of Jupyter and
browser state under the run's scratch directory, the Chromium flags of tests/conftest.py, a
fresh workspace per page. Each page gets bench/probe.js before JupyterLab loads.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from bench.notebook import notebook
from puffle_widgets.emulator import Emulator

CHROMIUM = os.environ.get("PUFFLE_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# The session widget's root element (what tests/browser also looks for).
WIDGET_ROOT = ".puffle-session"
PROBE = Path(__file__).with_name("probe.js")
START_TIMEOUT = 120.0
UI_TIMEOUT = 120_000  # ms: two shared cores run the server, kernels, Chromium and the bench

_KERNEL_READY = """() => {
  const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
  const status = indicator?.getAttribute('data-status');
  const name = document.querySelector('.jp-KernelName')?.textContent?.trim();
  return status === 'idle' && !!name && name !== 'No Kernel';
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _settings(settings: Path) -> None:
    """No news pop-up, no update check."""
    path = settings / "@jupyterlab/apputils-extension/notification.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))


class LabSession:
    """One Jupyter server and one Chromium for the run, both started when first needed."""

    def __init__(self, state: Path, emu: Emulator) -> None:
        self._state = state / "lab"
        self._emu = emu
        self._proc: subprocess.Popen[bytes] | None = None
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self.base_url = ""
        self.token = ""
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
        if self._proc is not None:
            with contextlib.suppress(Exception):
                self.shutdown_kernels()
            self._proc.terminate()
            try:
                self._proc.wait(20)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()

    def _env(self) -> dict[str, str]:
        s = self._state
        env = {k: v for k, v in os.environ.items() if not k.startswith("PUFFLE_")}
        env.update(self._emu.env())
        env.update(
            JUPYTER_CONFIG_DIR=str(s / "config"),
            JUPYTER_DATA_DIR=str(s / "data"),
            JUPYTER_RUNTIME_DIR=str(s / "runtime"),
            JUPYTERLAB_SETTINGS_DIR=str(s / "settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(s / "workspaces"),
            IPYTHONDIR=str(s / "ipython"),
            XDG_CONFIG_HOME=str(s / "xdg-config"),
            XDG_CACHE_HOME=str(s / "xdg-cache"),
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            NO_PROXY="127.0.0.1,localhost",
            no_proxy="127.0.0.1,localhost",
            PYDEVD_DISABLE_FILE_VALIDATION="1",
        )
        return env

    def _start_server(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        _settings(self._state / "settings")
        token = secrets.token_hex(16)
        log = self._state / "jupyter-server.log"
        cmd = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={_free_port()}",
            "--ServerApp.port_retries=50",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={self.root}",
            "--ServerApp.allow_root=True",
        ]
        with log.open("wb") as out:
            self._proc = subprocess.Popen(
                cmd, env=self._env(), cwd=self.root, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"jupyter server exited:\n{log.read_text()}")
            for info_file in (self._state / "runtime").glob("jpserver-*.json"):
                with contextlib.suppress(ValueError, OSError, KeyError):
                    info = json.loads(info_file.read_text())
                    base = info["url"].rstrip("/")
                    urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2).close()
                    self.base_url, self.token = base, token
                    return
            time.sleep(0.2)  # a subprocess starting up: there is no event to await
        raise RuntimeError(f"jupyter server not ready in {START_TIMEOUT:g} s:\n{log.read_text()}")

    @property
    def browser(self) -> Browser:
        """The shared Chromium (the server starts with it)."""
        if self._proc is None:
            self._start_server()
        if self._browser is None:
            self._playwright = sync_playwright().start()
            env: dict[str, str | float | bool] = dict(
                os.environ,
                XDG_CONFIG_HOME=str(self._state / "xdg-config"),
                XDG_CACHE_HOME=str(self._state / "xdg-cache"),
            )
            self._browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env
            )
        return self._browser

    def request(self, method: str, path: str) -> Any:
        """A call to the server's REST API."""
        req = urllib.request.Request(
            f"{self.base_url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Delete every kernel session and kernel."""
        for session in self.request("GET", "/api/sessions"):
            with contextlib.suppress(urllib.error.HTTPError):
                self.request("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.request("GET", "/api/kernels"):
            with contextlib.suppress(urllib.error.HTTPError):
                self.request("DELETE", f"/api/kernels/{kernel['id']}")

    def write_notebook(self, name: str, cells: Sequence[str]) -> str:
        """A notebook of code `cells` in the server's root; returns its file name."""
        self.browser  # noqa: B018 - the server creates the root it serves
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
            workspace = f"bench-{secrets.token_hex(4)}"
            page.goto(
                f"{self.base_url}/lab/workspaces/{workspace}/tree/{notebook}"
                f"?token={self.token}&reset"
            )
            page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=UI_TIMEOUT)
            page.wait_for_function(_KERNEL_READY, timeout=UI_TIMEOUT, polling=100)
            yield LabPage(page)
        finally:
            context.close()
            self.shutdown_kernels()


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
