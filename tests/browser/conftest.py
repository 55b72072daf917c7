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
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator
from tests.conftest import failed
from tests.pages import artifact_name, open_page
from tools.chromium import launch_chromium
from tools.jupyter_server import JupyterServer, isolated_env, start_lab

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"
# A task on the emulator takes this long: enough to see the busy state, short enough to be quick.
LATENCY = 1.5
SERVER_START_TIMEOUT = 90.0

# Generous: two cores run the server, a kernel per test, Chromium and pytest at once.
expect.set_options(timeout=30_000)


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


@pytest.fixture(scope="package")
def jupyter(state_dir: Path, emulator: Emulator) -> Iterator[JupyterServer]:
    """One Jupyter server for the suite, isolated in `state_dir`, kernels seeing the emulator."""
    env = isolated_env(state_dir, {**os.environ, **emulator.env()})
    server = start_lab(state_dir, env, timeout=SERVER_START_TIMEOUT, save_widget_state=True)
    try:
        yield server
        with contextlib.suppress(Exception):
            server.shutdown_kernels()
    finally:
        server.stop()


@pytest.fixture(scope="package")
def browser(state_dir: Path) -> Iterator[Browser]:
    """One headless Chromium for the suite (Debian's, never a downloaded one)."""
    with sync_playwright() as p:
        browser = launch_chromium(p, state_dir)
        yield browser
        browser.close()


def new_page(
    browser: Browser, jupyter: JupyterServer, name: str, failed: Callable[[], bool] = lambda: False
) -> contextlib.AbstractContextManager[Page]:
    """A fresh browser context and page, closed at the end. If the block raises, or `failed()`
    says so at the end, a screenshot, the page's console and the server log are saved."""
    return open_page(browser, name, [jupyter.log], failed, artifacts=ARTIFACTS)


@pytest.fixture
def page(
    request: pytest.FixtureRequest, browser: Browser, jupyter: JupyterServer
) -> Iterator[Page]:
    """A fresh browser context and page; on failure, a screenshot and the console are saved."""
    try:
        name = artifact_name(request.node)
        with new_page(browser, jupyter, name, lambda: failed(request.node)) as page:
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
