"""notebooks/dashboard.ipynb served by `voila` (no key: the kernel starts the emulator with its
demo campaign, as a user would run it), in Chromium: the campaign table renders with no code
shown, a row click opens that session, a message sent from its chat box gets its reply live,
and the static snapshot never shows, neither before the widget mounts nor after.

Voila runs with pandas hidden (a package that fails to import, first on PYTHONPATH): the
dashboard must not need an optional dependency."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import failed
from tests.environments.conftest import (
    NOTEBOOKS,
    isolated_env,
    open_page,
    served,
    without_module,
)
from tests.environments.session_view import SNAPSHOT_WATCH, send_and_see_reply
from tests.pages import artifact_name

pytestmark = pytest.mark.browser

MESSAGE = "Mention the free pilot in one line"
DEMO_SESSIONS = 5  # the emulator's demo campaign
PAGE_TIMEOUT = 120_000  # Voila runs the whole notebook before the page shows


@pytest.fixture(scope="module")
def voila(state_dir: Path) -> Iterator[tuple[str, Path]]:
    """`voila notebooks/dashboard.ipynb` with no Puffle key and no pandas; its URL and log."""
    env = isolated_env(state_dir, PYTHONPATH=without_module(state_dir, "pandas"))
    log = state_dir / "voila.log"
    cmd = [
        str(Path(sys.executable).parent / "voila"),
        str(NOTEBOOKS / "dashboard.ipynb"),
        "--no-browser",
        "--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
    ]
    with served(cmd, env, state_dir, log) as url:
        yield url, log


def test_dashboard_opens_a_session_and_updates_live_with_no_snapshot_shown(
    request: pytest.FixtureRequest, browser: Browser, voila: tuple[str, Path]
) -> None:
    url, log = voila
    name = artifact_name(request.node)
    with open_page(browser, name, [log], lambda: failed(request.node)) as page:
        page.add_init_script(SNAPSHOT_WATCH)
        page.goto(url, timeout=PAGE_TIMEOUT)

        campaign = page.locator(".puffle-campaign")
        rows = campaign.get_by_test_id("campaign-row")
        expect(rows).to_have_count(DEMO_SESSIONS, timeout=PAGE_TIMEOUT)
        expect(page.get_by_text("Campaign dashboard")).to_be_visible()  # the markdown cell
        # No code: Voila strips the inputs; no traceback, no note about a missing package.
        body = page.locator("body")
        expect(body).not_to_contain_text("CampaignWidget(")
        expect(body).not_to_contain_text("Traceback")
        expect(body).not_to_contain_text("pandas")

        row = rows.filter(has_text="intro email for enterprise")
        row.click()
        expect(row).to_have_attribute("aria-selected", "true")
        session = page.locator(".puffle-session")
        expect(session).to_have_count(1)
        expect(session.get_by_test_id("title")).to_contain_text("intro email for enterprise")
        send_and_see_reply(session, MESSAGE)

        watched = page.evaluate("() => window.__puffleSnapshots")
        assert watched["beforeMount"] > 0, "no snapshot in the page before the widget mounted"
        assert watched["shown"] == [], "a snapshot was visible"
        snapshots = page.locator(".puffle-fallback")
        expect(snapshots).to_have_count(1)  # the campaign's, in the page but hidden
        expect(snapshots).to_be_hidden()
