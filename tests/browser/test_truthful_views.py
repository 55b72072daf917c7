"""Issue 11 in real JupyterLab and Notebook 7: views that show the session as it is now, or
say that they can't. Intervals are injected (`puffle_widgets.live.configure`) so nothing waits
minutes; what is checked is what reaches the DOM and the emulator's request log."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator, RequestRecord
from tests.browser.notebook_page import BRIEFED, UIS, NotebookPage, body_of, write_cells
from tools.jupyter_server import JupyterServer

pytestmark = pytest.mark.browser

NewSession = Callable[..., str]
GET, TURN = "getAiChatSession", "runAiChatTurn"
REQUEST_TIMEOUT = 30.0

# The emulator's task takes 1.5 s; with these a hidden view is re-read every 4 s and a view on
# screen every second (the defaults are 5 minutes and 20 s).
LIVE = """\
from puffle_widgets.live import configure

configure(
    idle_visible=1.0, idle_hidden=4.0, busy_interval=0.25, budget_per_minute=600, lost_window=3.0
)"""


def widget_cell(session_id: str, name: str = "w") -> str:
    widget = f"{name} = SessionWidget({session_id!r})"
    return f"from puffle_widgets import SessionWidget\n\n{widget}\n{name}"


def open_cells(
    page: Page, jupyter: JupyterServer, ui: str, name: str, cells: list[str]
) -> NotebookPage:
    nb = NotebookPage.open(page, jupyter, ui, write_cells(jupyter, f"{name}-{ui}", cells))
    nb.run_all()
    expect(nb.widget).to_have_attribute("data-connection", "alive")
    return nb


def gets_of(emulator: Emulator, session_id: str, since: int) -> int:
    return sum(
        r.operation_id == GET and r.session_id == session_id for r in emulator.requests[since:]
    )


def wait_gets(emulator: Emulator, session_id: str, count: int, since: int) -> None:
    """Return once `count` GETs of `session_id` reached the emulator after index `since`."""
    seen = [0]

    def enough(record: RequestRecord) -> bool:
        if record.operation_id == GET and record.session_id == session_id:
            seen[0] += 1
        return seen[0] >= count

    emulator.wait_for_request(enough, 60.0, since=since)


def set_page_hidden(page: Page, hidden: bool) -> None:
    """What the browser does when the tab goes to the background (or comes back)."""
    page.evaluate(
        """(hidden) => {
            Object.defineProperty(document, 'visibilityState', {
                configurable: true, get: () => hidden ? 'hidden' : 'visible' });
            Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
            document.dispatchEvent(new Event('visibilitychange'));
        }""",
        hidden,
    )


def restart_kernel(page: Page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Kernel$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Restart Kernel")).first.click()
    page.locator(".jp-Dialog-button.jp-mod-accept").click()


# --- 1. Fresh while watched -----------------------------------------------------------------------


@pytest.mark.parametrize("ui", UIS)
def test_a_turn_started_elsewhere_appears_while_the_view_is_visible(
    page: Page, jupyter: JupyterServer, api: Puffle, new_session: NewSession, ui: str
) -> None:
    session_id = new_session(messages=BRIEFED)
    nb = open_cells(page, jupyter, ui, "elsewhere", [LIVE, widget_cell(session_id)])
    expect(nb.status).to_have_attribute("data-status", "idle")
    expect(nb.testid("checked-at")).to_have_text("Checked just now")
    marks = nb.execution_marks()
    api.sessions.turn(session_id, "Sender is Sid; angle: time-to-ROI")  # someone else's turn
    expect(nb.messages("user").last).to_contain_text("time-to-ROI", timeout=20_000)
    expect(nb.messages("assistant")).to_have_count(2, timeout=20_000)
    expect(nb.status).to_have_attribute("data-status", "idle")
    assert nb.execution_marks() == marks, "a cell ran: the view must update by itself"


def test_a_hidden_page_polls_at_most_once_per_window_and_refreshes_when_shown(
    page: Page, jupyter: JupyterServer, emulator: Emulator, api: Puffle, new_session: NewSession
) -> None:
    """While hidden, the idle widget is read at most once per (injected) 4 s window. The clock
    is a busy session in the same kernel, read every 0.25 s whatever is on screen."""
    watched = new_session(messages=BRIEFED)
    clock = new_session(messages=BRIEFED)
    emulator.faults.stick(clock)
    api.sessions.turn(clock, "keep busy")
    cells = [
        LIVE,
        f"from puffle_widgets import SessionWidget\n\nclock = SessionWidget({clock!r})",
        widget_cell(watched),
    ]
    nb = open_cells(page, jupyter, "lab", "hidden", cells)
    since = len(emulator.requests)
    wait_gets(emulator, watched, 2, since)  # visible: re-read every second

    set_page_hidden(page, True)
    hidden_since = len(emulator.requests)
    wait_gets(emulator, clock, 40, hidden_since)  # 40 clock reads: about 10 s, 2.5 windows
    read_while_hidden = gets_of(emulator, watched, hidden_since)
    assert read_while_hidden <= 3, f"{read_while_hidden} reads in about 2.5 windows"
    shown_since = len(emulator.requests)
    set_page_hidden(page, False)
    wait_gets(emulator, watched, 1, shown_since)  # back in view: read at once
    assert gets_of(emulator, clock, shown_since) <= 8, "the view was not refreshed at once"
    expect(nb.status).to_have_attribute("data-status", "idle")
    emulator.faults.unstick(clock)


# --- 2. Alive, or saying it isn't ----------------------------------------------------------------


@pytest.mark.parametrize("ui", UIS)
def test_a_restarted_kernel_shows_not_connected_and_keeps_what_was_typed(
    page: Page, jupyter: JupyterServer, new_session: NewSession, ui: str
) -> None:
    session_id = new_session(messages=BRIEFED, draft_body="Hi %first_name%,")
    nb = open_cells(page, jupyter, ui, "restart", [widget_cell(session_id)])
    chat = nb.testid("chat-input")
    chat.fill("typed before the restart")
    restart_kernel(page)
    expect(nb.widget).to_have_attribute("data-connection", "dead", timeout=5_000)
    connection = nb.testid("connection")
    expect(connection).to_be_visible()
    expect(connection).to_contain_text("Not connected: run the cell to reconnect")
    expect(chat).to_have_value("typed before the restart")
    expect(chat).not_to_be_editable()  # read-only...
    expect(chat).to_be_enabled()  # ...but not disabled: it can be selected and copied
    expect(nb.testid("send")).to_be_disabled()
    expect(nb.testid("draft-body")).to_have_value("Hi %first_name%,")
    # The kernel is back: re-running the cell gives a live view.
    nb.run_all()
    expect(nb.widget).to_have_attribute("data-connection", "alive")
    expect(nb.testid("send")).to_be_enabled()


def test_a_saved_notebook_reopened_with_a_new_kernel_says_not_connected(
    page: Page, jupyter: JupyterServer, new_session: NewSession
) -> None:
    session_id = new_session(messages=BRIEFED, draft_body="Hi %first_name%,")
    nb = open_cells(page, jupyter, "lab", "reopen", [widget_cell(session_id)])
    nb.cells.first.locator(".jp-InputPrompt").click()
    with page.expect_response(
        lambda r: r.request.method == "PUT" and "/api/contents/" in r.url
    ) as saved:
        page.keyboard.press("Control+s")
    assert saved.value.ok
    notebook = f"{nb.name}.ipynb"
    page.goto("about:blank")
    jupyter.shutdown_kernels()

    again = NotebookPage.open(page, jupyter, "lab", notebook)  # a new kernel, nothing run
    expect(again.widget).to_be_visible(timeout=60_000)  # from the saved widget state
    expect(again.widget).to_have_attribute("data-connection", "dead", timeout=10_000)
    expect(again.testid("connection")).to_contain_text("Not connected: run the cell to reconnect")
    expect(again.testid("draft-body")).to_have_value("Hi %first_name%,")
    expect(again.testid("draft-body")).not_to_be_editable()
    expect(again.testid("send")).to_be_disabled()


# --- 3. Nothing the user typed is dropped --------------------------------------------------------

FAULTS: dict[str, Callable[[Emulator], None]] = {
    "402": lambda emu: emu.faults.insufficient_credits(TURN, balance=0, required=1),
    "429": lambda emu: emu.faults.status(TURN, 429, retry_after=60),
    "503": lambda emu: emu.faults.status(TURN, 503),
    "drop": lambda emu: emu.faults.drop(TURN),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_failed_send_keeps_the_message_and_retry_sends_it_once(
    page: Page, jupyter: JupyterServer, emulator: Emulator, new_session: NewSession, fault: str
) -> None:
    session_id = new_session(messages=BRIEFED)
    nb = open_cells(page, jupyter, "lab", f"fault-{fault}", [LIVE, widget_cell(session_id)])
    message = f"Sender is Sid ({fault})"
    since = len(emulator.requests)
    FAULTS[fault](emulator)
    nb.testid("chat-input").fill(message)
    nb.testid("send").click()
    entry = nb.widget.get_by_test_id("outbox-entry")
    expect(entry).to_contain_text(message)
    expect(nb.testid("chat-input")).to_have_value("")  # the kernel has it: the box is free
    if fault == "429":
        expect(entry).to_have_attribute("data-state", "sending")
        expect(entry).to_contain_text("Waiting: rate limited")
        expect(nb.testid("banner-countdown")).to_contain_text("Retrying in")
        retry = entry.get_by_test_id("outbox-retry-now")
    else:
        expect(entry).to_have_attribute("data-state", "failed", timeout=20_000)
        expect(entry).to_contain_text("Not sent")
        expect(entry.get_by_test_id("outbox-edit")).to_be_visible()
        retry = entry.get_by_test_id("outbox-retry")
    if fault == "402":
        expect(nb.testid("banner-credits")).to_have_text("Balance: 0 · needed: 1")
        expect(nb.testid("banner-details")).to_contain_text("HTTP 402")
    expect(nb.messages("user")).to_have_count(1)  # not in the transcript: it was not sent
    retry.click()
    expect(nb.messages("user").last).to_contain_text(message)
    expect(entry).to_have_count(0)
    expect(nb.messages("assistant")).to_have_count(2)
    turns = [r for r in emulator.requests[since:] if r.operation_id == TURN]
    assert [body_of(r)["message"] for r in turns] == [message, message]
    assert turns[-1].status == 202, "the retry went through once"


def test_typing_ahead_queues_and_cancel_drops(
    page: Page, jupyter: JupyterServer, emulator: Emulator, api: Puffle, new_session: NewSession
) -> None:
    session_id = new_session(messages=BRIEFED)
    nb = open_cells(page, jupyter, "lab", "ahead", [LIVE, widget_cell(session_id)])
    emulator.faults.stick(session_id)
    since = len(emulator.requests)
    chat = nb.testid("chat-input")
    chat.fill("Sender is Sid")
    nb.testid("send").click()
    expect(nb.status).to_have_attribute("data-status", "chat_processing")
    expect(chat).to_be_editable()
    for text in ("drop this one", "then make it shorter"):
        chat.fill(text)
        chat.press("Enter")
        expect(chat).to_have_value("")
    queued = nb.widget.locator("[data-testid=outbox-entry][data-state=queued]")
    expect(queued).to_have_count(2)
    queued.filter(has_text="drop this one").get_by_test_id("outbox-cancel").click()
    expect(queued).to_have_count(1)
    emulator.faults.unstick(session_id)
    expect(nb.messages("user").last).to_contain_text("then make it shorter", timeout=30_000)
    expect(nb.messages("assistant")).to_have_count(3)
    sent: list[Any] = [
        body_of(r)["message"] for r in emulator.requests[since:] if r.operation_id == TURN
    ]
    assert sent == ["Sender is Sid", "then make it shorter"]


# --- 1. One poll per session, shared by every widget and table ------------------------------------


@pytest.mark.parametrize("ui", UIS)
def test_a_save_and_a_turn_in_the_opened_session_show_in_its_row_at_once(
    page: Page, jupyter: JupyterServer, emulator: Emulator, api: Puffle, ui: str
) -> None:
    campaign_id, nodes = emulator.new_campaign(nodes=2)
    ids = []
    for node_id in nodes:
        session_id = api.sessions.create(campaign_id=campaign_id, node_id=node_id).id
        emulator.set_session(session_id, title="Intro email", messages=BRIEFED)
        ids.append(session_id)
    # Idle lists every 5 minutes: a row that changes sooner learned it from the session widget.
    cell = (
        "from puffle_widgets import CampaignWidget\nfrom puffle_widgets.live import configure\n\n"
        "configure(idle_visible=300.0, busy_interval=0.25, budget_per_minute=600)\n"
        f"CampaignWidget({campaign_id!r})"
    )
    nb = NotebookPage.open(page, jupyter, ui, write_cells(jupyter, f"campaign-row-{ui}", [cell]))
    table = page.locator(".puffle-campaign")
    nb.run_all(widget=table)
    expect(table.get_by_test_id("refresh")).to_be_visible()
    expect(table.get_by_test_id("checked-at")).to_have_text("Checked just now")
    row = table.locator(f'[data-testid=campaign-row][data-session-id="{ids[0]}"]')
    row.click()
    expect(nb.widget).to_have_count(1)
    expect(nb.widget).to_have_attribute("data-connection", "alive")
    since = len(emulator.requests)

    nb.testid("draft-subject").fill("Saved from the session widget")
    nb.testid("save").click()
    expect(row).to_contain_text("Saved from the session widget", timeout=5_000)
    by_save = [r.operation_id for r in emulator.requests[since:]]
    assert "updateAiChatSession" in by_save
    assert "listAiChatSessions" not in by_save, "a list, not the save's answer, updated the row"

    nb.testid("chat-input").fill("Sender is Sid; angle: time-to-ROI")
    nb.testid("send").click()
    expect(row.locator(".pw-status")).to_have_attribute("data-status", "chat_processing")
    expect(row.locator(".pw-status")).to_have_attribute("data-status", "idle")
    expect(nb.messages("assistant")).to_have_count(2)
