"""Debian's Chromium, launched the same way by the tests, the bench and the tools.

As the browser-test recipe launches it: no sandbox as root, and nothing that reaches for the
network (the machines this runs on have none but the package registries).
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Browser, Playwright

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


def launch_chromium(playwright: Playwright, state: Path) -> Browser:
    """Headless Chromium (Debian's, never a downloaded one) keeping its config and cache in
    `state`."""
    env: dict[str, str | float | bool] = dict(
        os.environ,
        XDG_CONFIG_HOME=str(state / "xdg-config"),
        XDG_CACHE_HOME=str(state / "xdg-cache"),
    )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
