"""Keep mine / Take server's in real JupyterLab: one click always settles the conflict (issue 15).

The issue's steps, many times in a row in one notebook (one kernel, one page): a turn rewrites
the body while the user selects all in the Body editor and types; the turn's answer brings the
conflict card; one click on Keep mine (then Save writes the typed text) or on Take server's (the
editor shows the server's text, nothing is left to save). The card used to stay up in about one
run in four: the kernel handled the click, then a whole-state re-send read before the click, sent
from the comm's subshell thread, reached the browser after the click's own update.

The turn is held with `faults.stick` until the typing is done, so the conflict comes every time;
rounds alternate between clicking as soon as the card shows (the click is then the first message
after the turn's answer, the case that raced) and typing on after it shows (the click then
flushes, or drops, a pending edit). `PUFFLE_CONFLICT_ROUNDS` sets the rounds per choice (10).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pytest
from playwright.sync_api import Page, expect

from puffle_widgets.emulator import Emulator, RequestRecord
from tests.browser.notebook_page import BRIEFED, NotebookPage, body_of, write_notebook
from tools.jupyter_server import JupyterServer

pytestmark = pytest.mark.browser

ROUNDS = int(os.environ.get("PUFFLE_CONFLICT_ROUNDS", "10"))
REQUEST_TIMEOUT = 30.0

Awaiting = Callable[[str], Future[RequestRecord]]


@pytest.fixture
def awaiting(emulator: Emulator) -> Iterator[Awaiting]:
    """`awaiting(operation_id)`: a future for the next such request reaching the emulator."""
    with ThreadPoolExecutor(max_workers=1) as pool:

        def start(operation_id: str) -> Future[RequestRecord]:
            since = len(emulator.requests)
            wait = emulator.wait_for_request
            return pool.submit(wait, operation_id, REQUEST_TIMEOUT, since=since)

        yield start


class Round:
    """One run of the issue's steps in an open notebook."""

    def __init__(self, nb: NotebookPage, emulator: Emulator, session_id: str, n: int) -> None:
        self.nb, self.emulator, self.session_id, self.n = nb, emulator, session_id, n
        self.body = nb.testid("draft-body")
        self.card = nb.testid("conflict")
        self.typed = f"Hi %first_name%,\n\nRound {n}: my own words, typed during the turn."

    def start_clean(self) -> None:
        """Someone else set the body: the widget shows it (Refresh) with nothing unsaved."""
        old = f"Round {self.n}: the body before the turn."
        self.emulator.set_session(self.session_id, draft_body=old)
        self.nb.testid("refresh").click()
        expect(self.body).to_have_value(old)
        expect(self.nb.testid("dirty")).to_be_hidden()
        expect(self.nb.status).to_have_attribute("data-status", "idle")

    def type_during_a_turn(self) -> None:
        """Send a turn that rewrites the body; while it runs, select all in Body and type."""
        self.emulator.faults.stick(self.session_id)
        # Alternate angles: the simulated LLM rewrites the body only when the brief moves.
        angle = ("onboarding time", "pipeline coverage")[self.n % 2]
        self.nb.testid("chat-input").fill(f"Round {self.n}: lead with {angle}")
        self.nb.testid("send").click()
        expect(self.nb.status).to_have_attribute("data-status", "chat_processing")
        self.body.click()
        self.nb.page.keyboard.press("ControlOrMeta+a")
        self.nb.page.keyboard.type(self.typed)
        expect(self.body).to_have_value(self.typed)
        self.emulator.faults.unstick(self.session_id)

    def wait_for_the_card(self) -> None:
        expect(self.nb.status).to_have_attribute("data-status", "idle")
        expect(self.card).to_be_visible()
        expect(self.card).to_have_attribute("data-field", "draft_body")
        expect(self.nb.testid("dirty")).to_contain_text("body")

    def type_on(self) -> None:
        """More keystrokes after the card shows: the click comes before their debounced edit."""
        self.typed += " And one more line."
        self.body.press("Control+End")
        self.nb.page.keyboard.type(" And one more line.")
        expect(self.body).to_have_value(self.typed)


def play(
    nb: NotebookPage, emulator: Emulator, session_id: str, awaiting: Awaiting, choice: str
) -> list[str]:
    """Every round of one choice; returns the misses (a card that stayed, or a wrong result)."""
    misses: list[str] = []
    for n in range(ROUNDS):
        r = Round(nb, emulator, session_id, n)
        r.start_clean()
        r.type_during_a_turn()
        r.wait_for_the_card()
        if n % 2:
            r.type_on()
        nb.testid(choice).click()
        try:
            expect(r.card).to_be_hidden()
        except AssertionError:
            misses.append(f"round {n}: the card stayed after {choice}")
            nb.testid("revert").click()  # start the next round clean
            expect(r.card).to_be_hidden()
            continue
        if choice == "keep-mine":
            check_keep_mine(r, awaiting)
        else:
            check_take_server(r)
        expect(r.card).to_be_hidden()  # and it did not come back
    return misses


def check_keep_mine(r: Round, awaiting: Awaiting) -> None:
    """The editor keeps the typed text and Save puts it on the server."""
    expect(r.body).to_have_value(r.typed)
    patch = awaiting("updateAiChatSession")
    r.nb.testid("save").click()
    record = patch.result()
    assert record.status == 200, f"round {r.n}: the save answered {record.status}"
    assert body_of(record) == {"draft_body": r.typed}
    expect(r.nb.testid("notice")).to_have_text("Saved.")
    expect(r.nb.testid("dirty")).to_be_hidden()
    assert r.emulator.get_session(r.session_id)["draft_body"] == r.typed


def check_take_server(r: Round) -> None:
    """The editor shows the server's text and nothing is left to save (the next round's
    Refresh would bring the card back if the kernel still held the typed text)."""
    server = r.emulator.get_session(r.session_id)["draft_body"]
    assert server != r.typed
    expect(r.body).to_have_value(server)
    expect(r.nb.testid("dirty")).to_be_hidden()
    expect(r.nb.testid("save")).to_be_disabled()


@pytest.mark.parametrize("choice", ["keep-mine", "take-server"])
def test_one_click_settles_the_conflict_every_time(
    page: Page,
    jupyter: JupyterServer,
    emulator: Emulator,
    new_session: Callable[..., str],
    awaiting: Awaiting,
    choice: str,
) -> None:
    session_id = new_session(messages=BRIEFED)
    notebook = write_notebook(jupyter, f"conflict-{choice}", session_id)
    nb = NotebookPage.open(page, jupyter, "lab", notebook)
    nb.run_all()
    misses = play(nb, emulator, session_id, awaiting, choice)
    assert misses == [], f"{len(misses)} of {ROUNDS} rounds missed: " + "; ".join(misses)
    expect(nb.testid("error")).to_be_hidden()
