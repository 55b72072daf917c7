"""Browser pages for tests that keep what explains a failure: a screenshot, the page's console
and the server logs (tests/browser and tests/environments; `failed` is in tests/conftest.py)."""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route


def artifact_name(node: pytest.Item, suffix: str = "") -> str:
    """A file-name-safe name for `node`'s artifacts."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", node.nodeid.split("::", 1)[-1]).strip("_")
    return f"{name}{suffix}"


@contextlib.contextmanager
def open_page(
    browser: Browser,
    name: str,
    logs: Sequence[Path] = (),
    failed: Callable[[], bool] = lambda: False,
    *,
    artifacts: Path,
    **context: Any,
) -> Iterator[Page]:
    """A fresh browser context and page, closed at the end. If the block raises, or `failed()`
    says so at the end, a screenshot, the page's console and the `logs` go to `artifacts`."""
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
            artifacts.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(Exception):
                page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
            (artifacts / f"{name}.console.txt").write_text("\n".join(console) + "\n")
            for log in logs:
                with contextlib.suppress(OSError):
                    shutil.copyfile(log, artifacts / f"{name}.{log.name}")
        ctx.close()


def offline(route: Route) -> None:
    """Let `file://` through and abort everything else (no CDN, no network)."""
    if route.request.url.startswith("file://"):
        route.continue_()
    else:
        route.abort()
