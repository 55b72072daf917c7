"""Real JupyterLab / Notebook 7 in real Chromium, against the emulator in this process.

One emulator, one Jupyter server and one browser for the whole browser suite (package scope: they
are stopped once the last test here has run, since a live Playwright sync API leaves an event loop
running that breaks the async tests of other packages); each test gets its own browser context
and page, writes its own notebook, and its kernel sessions are deleted after it.

All Jupyter and browser state lives in a temporary directory under the checkout's `.tmp/`
(removed at the end); on failure a screenshot, the page's console and the server log are saved
under `test-artifacts/browser/`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"
# A task on the emulator takes this long: enough to see the busy state, short enough to be quick.
LATENCY = 1.5
SERVER_START_TIMEOUT = 90.0

_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()

# Generous: two cores run the server, a kernel per test, Chromium and pytest at once.
expect.set_options(timeout=30_000)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def _failed(node: pytest.Item) -> bool:
    reports = node.stash.get(_REPORTS, {})
    return any(r.failed for r in reports.values())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="package")
def state_dir() -> Iterator[Path]:
    """Everything the server, kernels and browser write, under the checkout's `.tmp/`."""
    (REPO / ".tmp").mkdir(exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="browser-", dir=REPO / ".tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="package")
def emulator() -> Iterator[Emulator]:
    """The Puffle API every kernel of the suite talks to."""
    with Emulator(latency=LATENCY) as emu:
        yield emu
        assert emu.job_errors == []


@pytest.fixture(autouse=True)
def _clear_faults(emulator: Emulator) -> Iterator[None]:
    """No fault or stuck session leaks from one test into the next."""
    yield
    emulator.faults.clear()


@pytest.fixture(scope="package")
def api(emulator: Emulator) -> Iterator[Puffle]:
    """The test's own client: creates sessions and plays "someone else"."""
    with Puffle(api_key=emulator.api_key, base_url=emulator.url) as client:
        yield client


@dataclass
class JupyterServer:
    """A running Jupyter server (Lab and Notebook 7) serving `root`."""

    base_url: str
    token: str
    root: Path
    log: Path
    proc: subprocess.Popen[bytes] = field(repr=False)

    def request(self, method: str, path: str) -> Any:
        req = urllib.request.Request(
            f"{self.base_url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def url(self, ui: str, notebook: str) -> str:
        """Lab opens a fresh workspace each time, so no tab of an earlier test is restored."""
        if ui == "lab":
            workspace = f"ci-{secrets.token_hex(4)}"
            path = f"/lab/workspaces/{workspace}/tree/{notebook}"
            return f"{self.base_url}{path}?token={self.token}&reset"
        if ui == "notebook":
            return f"{self.base_url}/notebooks/{notebook}?token={self.token}"
        raise ValueError(f"unknown ui {ui!r}")

    def shutdown_kernels(self) -> None:
        """Delete every kernel session (and any kernel left without one)."""
        for session in self.request("GET", "/api/sessions"):
            with contextlib.suppress(urllib.error.HTTPError):
                self.request("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.request("GET", "/api/kernels"):
            with contextlib.suppress(urllib.error.HTTPError):
                self.request("DELETE", f"/api/kernels/{kernel['id']}")


def _jupyter_env(state: Path, emulator: Emulator) -> dict[str, str]:
    env = dict(os.environ)
    env.update(emulator.env())  # kernels inherit the emulator's URL and key
    env.update(
        JUPYTER_CONFIG_DIR=str(state / "config"),
        JUPYTER_DATA_DIR=str(state / "data"),
        JUPYTER_RUNTIME_DIR=str(state / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(state / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(state / "workspaces"),
        IPYTHONDIR=str(state / "ipython"),
        XDG_CONFIG_HOME=str(state / "xdg-config"),
        XDG_CACHE_HOME=str(state / "xdg-cache"),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    return env


def _write_settings(settings: Path) -> None:
    """No news pop-up; widget state saved with the notebook, as `make install` sets up through
    `.venv/share/jupyter/lab/settings/overrides.json` (repeated here: that file may be missing)."""
    for plugin, values in (
        (
            "@jupyterlab/apputils-extension/notification",
            {"fetchNews": "false", "checkForUpdates": False},
        ),
        ("@jupyter-widgets/jupyterlab-manager/plugin", {"saveState": True}),
    ):
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def _wait_for_server(proc: subprocess.Popen[bytes], runtime: Path, log: Path) -> tuple[str, str]:
    """The server's URL and token from its runtime file, once `/api/status` answers."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyter server exited:\n{log.read_text()}")
        for info_file in runtime.glob("jpserver-*.json"):
            with contextlib.suppress(ValueError, OSError):
                info = json.loads(info_file.read_text())
                base, token = info["url"].rstrip("/"), info["token"]
                with contextlib.suppress(OSError):
                    urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2).close()
                    return base, token
        time.sleep(0.1)  # polling a subprocess's startup: there is no event to await
    raise RuntimeError(f"jupyter server not ready in {SERVER_START_TIMEOUT:g}s:\n{log.read_text()}")


@pytest.fixture(scope="package")
def jupyter(state_dir: Path, emulator: Emulator) -> Iterator[JupyterServer]:
    """One Jupyter server for the suite, isolated in `state_dir`, kernels seeing the emulator."""
    root = state_dir / "notebooks"
    root.mkdir()
    env = _jupyter_env(state_dir, emulator)
    _write_settings(state_dir / "settings")
    log = state_dir / "jupyter-server.log"
    token = secrets.token_hex(16)
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={_free_port()}",
        "--ServerApp.port_retries=50",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.allow_root=True",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=root, stdout=out, stderr=subprocess.STDOUT)
    try:
        base, token = _wait_for_server(proc, state_dir / "runtime", log)
        server = JupyterServer(base, token, root, log, proc)
        yield server
        with contextlib.suppress(Exception):
            server.shutdown_kernels()
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="package")
def browser(state_dir: Path) -> Iterator[Browser]:
    """One headless Chromium for the suite (Debian's, never a downloaded one)."""
    env = dict(
        os.environ,
        XDG_CONFIG_HOME=str(state_dir / "xdg-config"),
        XDG_CACHE_HOME=str(state_dir / "xdg-cache"),
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
        yield browser
        browser.close()


def _artifact_name(node: pytest.Item) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", node.nodeid.split("::", 1)[-1]).strip("_")


@contextlib.contextmanager
def new_page(
    browser: Browser, jupyter: JupyterServer, name: str, failed: Callable[[], bool] = lambda: False
) -> Iterator[Page]:
    """A fresh browser context and page, closed at the end. If the block raises, or `failed()`
    says so at the end, a screenshot, the page's console and the server log are saved."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(f"[{msg.type}] {msg.text}"))
    page.on("pageerror", lambda exc: console.append(f"[pageerror] {exc}"))
    raised = False
    try:
        yield page
    except BaseException:
        raised = True
        raise
    finally:
        if raised or failed():
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(Exception):
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            (ARTIFACTS / f"{name}.console.txt").write_text("\n".join(console) + "\n")
            with contextlib.suppress(OSError):
                shutil.copyfile(jupyter.log, ARTIFACTS / "jupyter-server.log")
        context.close()


@pytest.fixture
def page(
    request: pytest.FixtureRequest, browser: Browser, jupyter: JupyterServer
) -> Iterator[Page]:
    """A fresh browser context and page; on failure, a screenshot and the console are saved."""
    try:
        name = _artifact_name(request.node)
        with new_page(browser, jupyter, name, lambda: _failed(request.node)) as page:
            yield page
    finally:
        jupyter.shutdown_kernels()


def create_session(emulator: Emulator, api: Puffle, **fields: Any) -> str:
    """A fresh session id (in a campaign of its own), with `fields` written into its row."""
    campaign_id, nodes = emulator.new_campaign(nodes=1)
    session_id = api.sessions.create(campaign_id=campaign_id, node_id=nodes[0]).id
    if fields:
        emulator.set_session(session_id, **fields)
    return session_id


@pytest.fixture
def new_session(emulator: Emulator, api: Puffle) -> Any:
    """`new_session(**fields)`: a fresh session id, with `fields` written into its row."""
    return lambda **fields: create_session(emulator, api, **fields)
