"""tests/environments/marimo_app.py served by `marimo run --headless`, driven in Chromium.

A `SessionWidget` renders and a message sent from its chat box gets its reply live; a `Session`
value shows the sanitized static view and `client.sessions.list()` the sessions table (marimo
calls `_repr_html_`, never `_ipython_display_`); two viewers, each with their own key, never
see each other's sessions, through the client each passes in and through the default client.
Playwright's CSS locators pierce the open shadow roots marimo renders widgets into."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator
from tests.conftest import failed
from tests.environments.conftest import (
    isolated_env,
    open_page,
    served,
)
from tests.environments.session_view import messages, send_and_see_reply
from tests.pages import artifact_name

pytestmark = pytest.mark.browser

APP = Path(__file__).with_name("marimo_app.py")
MESSAGE = "Sender is Sid; angle: time-to-ROI"
BRIEFED = [
    {"role": "user", "content": "Write an intro email for VPs of Sales"},
    {"role": "assistant", "content": "Thanks! Who is the email from?"},
]
PAGE_TIMEOUT = 90_000  # the first viewer's kernel imports everything


@dataclass(frozen=True)
class Viewer:
    """One viewer of the app: their key, their campaign and its sessions (titles in order)."""

    name: str
    key: str
    campaign_id: str
    session_ids: list[str]
    titles: list[str]

    def config(self) -> dict[str, str]:
        return {"key": self.key, "campaign": self.campaign_id, "session": self.session_ids[0]}


def make_viewer(emulator: Emulator, name: str, key: str) -> Viewer:
    titles = [f"{name}'s intro email", f"{name}'s follow-up"]
    campaign_id, nodes = emulator.new_campaign(nodes=len(titles), api_key=key)
    ids = []
    with Puffle(api_key=key, base_url=emulator.url) as client:
        for node_id, title in zip(nodes, titles, strict=True):
            session_id = client.sessions.create(campaign_id=campaign_id, node_id=node_id).id
            emulator.set_session(session_id, title=title, messages=BRIEFED)
            ids.append(session_id)
    return Viewer(name, key, campaign_id, ids, titles)


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(latency=1.0) as emu:
        yield emu
        assert emu.job_errors == []


@pytest.fixture(scope="module")
def viewers(emulator: Emulator) -> dict[str, Viewer]:
    return {
        "ann": make_viewer(emulator, "Ann", emulator.api_key),
        "bob": make_viewer(emulator, "Bob", emulator.add_user()),
    }


@pytest.fixture(scope="module")
def marimo(
    state_dir: Path, emulator: Emulator, viewers: dict[str, Viewer]
) -> Iterator[tuple[str, Path]]:
    """`marimo run` of the app, its environment holding the base URL but no key."""
    env = isolated_env(
        state_dir,
        PUFFLE_API_BASE_URL=emulator.url,
        PUFFLE_TEST_VIEWERS=json.dumps({name: v.config() for name, v in viewers.items()}),
    )
    log = state_dir / "marimo.log"
    cmd = [
        str(Path(sys.executable).parent / "marimo"),
        "run",
        str(APP),
        "--headless",
        "--no-token",
        "--host=127.0.0.1",
        "--port={port}",
        "--no-sandbox",
        "--no-check",
    ]
    with served(cmd, env, state_dir, log) as url:
        yield url, log


class AppPage:
    """One viewer's page of the app."""

    def __init__(self, page: Page, url: str, viewer: Viewer) -> None:
        self.page = page
        self.viewer = viewer
        page.goto(f"{url}/?viewer={viewer.name.lower()}")
        expect(self.session_widget).to_be_visible(timeout=PAGE_TIMEOUT)

    @property
    def session_widget(self) -> Locator:
        return self.page.locator(".puffle-session")

    @property
    def static_views(self) -> Locator:
        """Static session views outside any live widget (a `Session` value)."""
        return self.page.locator(".puffle-static:not(.pw-sessions)")

    @property
    def sessions_table(self) -> Locator:
        return self.page.locator(".puffle-static.pw-sessions")


def test_session_widget_sends_live_and_values_show_their_static_views(
    request: pytest.FixtureRequest,
    browser: Browser,
    marimo: tuple[str, Path],
    emulator: Emulator,
    viewers: dict[str, Viewer],
) -> None:
    url, log = marimo
    ann = viewers["ann"]
    with open_page(browser, artifact_name(request.node), [log], lambda: failed(request.node)) as p:
        app = AppPage(p, url, ann)
        widget = app.session_widget
        expect(widget.get_by_test_id("title")).to_have_text(ann.titles[0])
        expect(messages(widget)).to_have_count(len(BRIEFED))

        since = len(emulator.requests)
        send_and_see_reply(widget, MESSAGE)
        turn = emulator.wait_for_request("runAiChatTurn", since=since)
        assert (turn.session_id, turn.body["message"]) == (ann.session_ids[0], MESSAGE)

        # A Session value: the sanitized static view, with no extension loaded.
        expect(app.static_views).to_have_count(1)
        expect(app.static_views).to_contain_text(ann.titles[0])
        expect(app.static_views).to_contain_text(BRIEFED[0]["content"])
        # client.sessions.list(): the sessions table, one row per session.
        rows = app.sessions_table.locator("tr[data-puffle-session-id]")
        expect(rows).to_have_count(len(ann.session_ids))
        for title in ann.titles:
            expect(app.sessions_table).to_contain_text(title)


def test_two_viewers_with_different_keys_never_see_each_others_sessions(
    request: pytest.FixtureRequest,
    browser: Browser,
    marimo: tuple[str, Path],
    emulator: Emulator,
    viewers: dict[str, Viewer],
) -> None:
    """Ann's page, then Bob's, both in one server process. Each sees only their own sessions,
    through the client the app builds from their key and through the default client; a send
    from Ann's page after Bob's arrived still goes out as Ann."""
    url, log = marimo
    ann, bob = viewers["ann"], viewers["bob"]
    since = len(emulator.requests)
    name = artifact_name(request.node)
    with (
        open_page(browser, f"{name}-ann", [log], lambda: failed(request.node)) as ann_page,
        open_page(browser, f"{name}-bob", [log], lambda: failed(request.node)) as bob_page,
    ):
        pages = {"ann": AppPage(ann_page, url, ann)}
        expect(pages["ann"].static_views).to_contain_text(ann.titles[0])
        pages["bob"] = AppPage(bob_page, url, bob)
        expect(pages["bob"].static_views).to_contain_text(bob.titles[0])

        for me, other in ((ann, bob), (bob, ann)):
            app = pages[me.name.lower()]
            expect(app.session_widget.get_by_test_id("title")).to_have_text(me.titles[0])
            expect(app.static_views).to_have_count(1)
            expect(app.static_views).to_contain_text(me.titles[0])
            expect(app.sessions_table.locator("tr[data-puffle-session-id]")).to_have_count(2)
            body = app.page.locator("body")
            for title in other.titles:
                expect(body).not_to_contain_text(title)
            for session_id in other.session_ids:
                expect(app.page.locator(f'[data-puffle-session-id="{session_id}"]')).to_have_count(
                    0
                )

        send_and_see_reply(pages["ann"].session_widget, MESSAGE)
        expect(pages["bob"].session_widget.get_by_test_id("title")).to_have_text(bob.titles[0])
        expect(messages(pages["bob"].session_widget)).to_have_count(len(BRIEFED))

    refused = [r for r in emulator.requests[since:] if r.status in (401, 403, 404)]
    assert refused == [], "a request went out with another viewer's key"
    turns = [r for r in emulator.requests[since:] if r.operation_id == "runAiChatTurn"]
    assert [(r.session_id, r.status) for r in turns] == [(ann.session_ids[0], 202)]


def test_campaign_widget_renders_and_a_row_opens_its_session_below(
    request: pytest.FixtureRequest,
    browser: Browser,
    marimo: tuple[str, Path],
    emulator: Emulator,
    viewers: dict[str, Viewer],
) -> None:
    """The campaign is one anywidget, so marimo renders it; a row click opens that session
    below the table (a widget made outside any cell, from the click), live: a message sent
    from it gets its reply. The selection is a value a dependent cell follows."""
    url, log = marimo
    ann = viewers["ann"]
    with open_page(browser, artifact_name(request.node), [log], lambda: failed(request.node)) as p:
        AppPage(p, url, ann)  # the page is up once the session widget shows
        campaign = p.locator(".puffle-campaign")
        rows = campaign.get_by_test_id("campaign-row")
        expect(rows).to_have_count(len(ann.session_ids), timeout=PAGE_TIMEOUT)
        expect(p.get_by_text("Picked: nothing yet")).to_be_visible()
        expect(p.get_by_test_id("campaign-detail").locator(".puffle-session")).to_have_count(0)

        rows.filter(has_text=ann.titles[1]).click()
        opened = p.get_by_test_id("campaign-detail").locator(".puffle-session")
        expect(opened.get_by_test_id("title")).to_have_text(ann.titles[1])
        expect(campaign.get_by_test_id("detail-error")).to_be_hidden()
        expect(p.get_by_text(f"Picked: {ann.titles[1]}")).to_be_visible()

        since = len(emulator.requests)
        send_and_see_reply(opened, MESSAGE)
        turn = emulator.wait_for_request("runAiChatTurn", since=since)
        assert turn.session_id == ann.session_ids[1]

        rows.filter(has_text=ann.titles[0]).click()
        shown = p.locator(".pw-campaign-opened:not([hidden]) .puffle-session")
        expect(shown.get_by_test_id("title")).to_have_text(ann.titles[0])
        expect(p.get_by_text(f"Picked: {ann.titles[0]}")).to_be_visible()
