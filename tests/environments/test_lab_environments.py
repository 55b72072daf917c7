"""The prompt lab grid (one anywidget) beyond JupyterLab, in Chromium: a run in Voila
(tests/environments/lab_voila.ipynb, no key: the kernel starts the emulator) and under
`marimo run` (tests/environments/lab_marimo_app.py, against an emulator started here). In both
the grid renders, shows the run going on live (turns take the emulator's latency, one variant
at a time), ends with each variant's subject and body, and a star clicked in the grid reaches
the kernel's `LabResult` (a line the kernel writes from it changes)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from puffle_widgets.emulator import Emulator
from tests.conftest import failed
from tests.environments.conftest import isolated_env, open_page, served
from tests.environments.lab_view import live_grid, see_run_live, star_reaches_the_kernel
from tests.pages import artifact_name

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
PAGE_TIMEOUT = 120_000  # Voila runs the whole notebook, marimo's kernel imports everything
TURNS = 2
VOILA_VARIANTS = ["plain", "roi", "short"]  # as in lab_voila.ipynb
MARIMO_VARIANTS = {
    "plain": "Write an intro email for VPs of Sales",
    "roi": "Write an intro email for VPs of Sales about time-to-ROI",
    "short": "Write a very short intro email for founders",
}


@pytest.fixture(scope="module")
def voila(state_dir: Path) -> Iterator[tuple[str, Path]]:
    """`voila lab_voila.ipynb` with no Puffle key; its URL and log."""
    log = state_dir / "lab-voila.log"
    cmd = [
        str(Path(sys.executable).parent / "voila"),
        str(HERE / "lab_voila.ipynb"),
        "--no-browser",
        "--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
    ]
    with served(cmd, isolated_env(state_dir), state_dir, log) as url:
        yield url, log


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(latency=2.0) as emu:
        yield emu
        assert emu.job_errors == []


@pytest.fixture(scope="module")
def marimo(state_dir: Path, emulator: Emulator) -> Iterator[tuple[str, Path]]:
    """`marimo run lab_marimo_app.py`, told the emulator's URL, key, campaign and node in its
    environment; its URL and log."""
    campaign_id, nodes = emulator.new_campaign(nodes=1)
    config = {
        "url": emulator.url,
        "key": emulator.api_key,
        "campaign": campaign_id,
        "node": nodes[0],
        "variants": MARIMO_VARIANTS,
    }
    log = state_dir / "lab-marimo.log"
    cmd = [
        str(Path(sys.executable).parent / "marimo"),
        "run",
        str(HERE / "lab_marimo_app.py"),
        "--headless",
        "--no-token",
        "--host=127.0.0.1",
        "--port={port}",
        "--no-sandbox",
        "--no-check",
    ]
    env = isolated_env(state_dir, PUFFLE_TEST_LAB=json.dumps(config))
    with served(cmd, env, state_dir, log) as url:
        yield url, log


def test_voila_shows_the_run_live_and_a_star_reaches_the_kernel(
    request: pytest.FixtureRequest, browser: Browser, voila: tuple[str, Path]
) -> None:
    url, log = voila
    with open_page(browser, artifact_name(request.node), [log], lambda: failed(request.node)) as p:
        p.goto(url, timeout=PAGE_TIMEOUT)
        grid = live_grid(p)
        expect(grid).to_be_visible(timeout=PAGE_TIMEOUT)
        see_run_live(p, grid, VOILA_VARIANTS, TURNS)
        star_reaches_the_kernel(p, grid, "roi")
        # No code and no traceback; the snapshot stays hidden where the grid renders.
        body = p.locator("body")
        expect(body).not_to_contain_text("PromptLab(")
        expect(body).not_to_contain_text("Traceback")
        expect(p.locator(".puffle-fallback")).to_be_hidden()


def test_marimo_shows_the_run_live_and_a_star_reaches_the_kernel(
    request: pytest.FixtureRequest,
    browser: Browser,
    marimo: tuple[str, Path],
    emulator: Emulator,
) -> None:
    url, log = marimo
    with open_page(browser, artifact_name(request.node), [log], lambda: failed(request.node)) as p:
        p.goto(url)
        grid = live_grid(p)
        expect(grid).to_be_visible(timeout=PAGE_TIMEOUT)
        see_run_live(p, grid, list(MARIMO_VARIANTS), TURNS)
        star_reaches_the_kernel(p, grid, "roi")
    # Each variant had its own session and its two turns, each accepted once.
    turns = [r for r in emulator.requests if r.operation_id == "runAiChatTurn"]
    assert sorted(r.status for r in turns) == [202] * len(MARIMO_VARIANTS) * TURNS
    assert len({r.session_id for r in turns}) == len(MARIMO_VARIANTS)
