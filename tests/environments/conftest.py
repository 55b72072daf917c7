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
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from tests.conftest import CHROMIUM, CHROMIUM_ARGS

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
ARTIFACTS = REPO / "test-artifacts" / "environments"
SERVER_START_TIMEOUT = 90.0

_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()

# Generous: two cores run the server, its kernels, Chromium and pytest at once.
expect.set_options(timeout=30_000)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def failed(node: pytest.Item) -> bool:
    """Whether any phase of `node` has failed so far."""
    return any(r.failed for r in node.stash.get(_REPORTS, {}).values())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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
    `python`)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PUFFLE_")}
    env.update(
        JUPYTER_CONFIG_DIR=str(state / "jupyter-config"),
        JUPYTER_DATA_DIR=str(state / "jupyter-data"),
        JUPYTER_RUNTIME_DIR=str(state / "jupyter-runtime"),
        IPYTHONDIR=str(state / "ipython"),
        XDG_CONFIG_HOME=str(state / "xdg-config"),
        XDG_CACHE_HOME=str(state / "xdg-cache"),
        XDG_STATE_HOME=str(state / "xdg-state"),
        XDG_DATA_HOME=str(state / "xdg-data"),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    env.update(extra)
    return env


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
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="package")
def browser(state_dir: Path) -> Iterator[Browser]:
    """One headless Chromium for the package (Debian's, never a downloaded one)."""
    env = dict(
        os.environ,
        XDG_CONFIG_HOME=str(state_dir / "xdg-config"),
        XDG_CACHE_HOME=str(state_dir / "xdg-cache"),
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
        yield browser
        browser.close()


def artifact_name(node: pytest.Item, suffix: str = "") -> str:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", node.nodeid.split("::", 1)[-1]).strip("_")
    return f"{name}{suffix}"


@contextlib.contextmanager
def open_page(
    browser: Browser,
    name: str,
    logs: Sequence[Path] = (),
    failed: Callable[[], bool] = lambda: False,
    **context: Any,
) -> Iterator[Page]:
    """A fresh browser context and page, closed at the end. If the block raises, or `failed()`
    says so at the end, a screenshot, the page's console and the `logs` are saved."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, **context)
    page = ctx.new_page()
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
            for log in logs:
                with contextlib.suppress(OSError):
                    shutil.copyfile(log, ARTIFACTS / f"{name}.{log.name}")
        ctx.close()


def offline(route: Route) -> None:
    """Let `file://` through and abort everything else (no CDN, no network)."""
    if route.request.url.startswith("file://"):
        route.continue_()
    else:
        route.abort()
