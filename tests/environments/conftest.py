"""Beyond JupyterLab: marimo, Voila and papermill running this project's notebooks.

Each server (a `marimo run` app, a `voila` dashboard) is started once per test module, as a
subprocess whose Jupyter, IPython and XDG state lives in a temporary directory under the
checkout's `.tmp/`; one headless Chromium serves the package (package scope, like
tests/browser: a live Playwright sync API must be gone before other packages' async tests).
On failure a screenshot, the page's console and the server's log go to
`test-artifacts/environments/`.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from tests import pages
from tools import jupyter_server
from tools.chromium import launch_chromium
from tools.jupyter_server import free_port, stop_process

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
ARTIFACTS = REPO / "test-artifacts" / "environments"
SERVER_START_TIMEOUT = 90.0

# Generous: two cores run the server, its kernels, Chromium and pytest at once.
expect.set_options(timeout=30_000)


@pytest.fixture(scope="package")
def state_dir() -> Iterator[Path]:
    """Everything the servers, kernels and browser write, under the checkout's `.tmp/`."""
    (REPO / ".tmp").mkdir(exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="environments-", dir=REPO / ".tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def isolated_env(state: Path, **extra: str) -> dict[str, str]:
    """This process's environment minus any Puffle settings, with Jupyter, IPython, marimo and
    the browser writing only under `state`, and this venv first on PATH (kernelspecs run
    `python`); then `extra`."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("PUFFLE_")}
    return {**jupyter_server.isolated_env(state, base), **extra}


def without_module(state: Path, name: str) -> str:
    """A directory to put first on PYTHONPATH in which `import name` fails as if the package
    were not installed (how a user without the optional dependency sees it)."""
    root = state / f"without-{name}"
    (root / name).mkdir(parents=True, exist_ok=True)
    (root / name / "__init__.py").write_text(
        f"raise ModuleNotFoundError({f'No module named {name!r}'!r}, name={name!r})\n"
    )
    return str(root)


@contextlib.contextmanager
def served(cmd: Sequence[str], env: dict[str, str], cwd: Path, log: Path) -> Iterator[str]:
    """Run a server on a free port (`cmd` holds `{port}`); yield its base URL once it accepts
    connections, and stop it at the end. A TCP connect is the probe: an HTTP request to a
    Voila notebook would start a kernel."""
    port = free_port()
    args = [part.format(port=port) for part in cmd]
    with log.open("wb") as out:
        proc = subprocess.Popen(args, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{args[0]} exited:\n{log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{args[0]} not listening:\n{log.read_text()}") from None
                time.sleep(0.1)  # polling a subprocess's startup: there is no event to await
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(proc)


@pytest.fixture(scope="package")
def browser(state_dir: Path) -> Iterator[Browser]:
    """One headless Chromium for the package (Debian's, never a downloaded one)."""
    with sync_playwright() as p:
        browser = launch_chromium(p, state_dir)
        yield browser
        browser.close()


# A fresh page; on failure a screenshot, its console and the given logs go to ARTIFACTS.
open_page = functools.partial(pages.open_page, artifacts=ARTIFACTS)
