"""`SessionWidget` in real JupyterLab and Notebook 7, in Chromium, against the emulator."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pytest
from playwright.sync_api import Page, expect

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator, RequestRecord
from tests.browser.notebook_page import (
    BRIEFED,
    UIS,
    VAR_NAMES,
    NotebookPage,
    body_of,
    subsequence,
    write_notebook,
)
from tools.jupyter_server import JupyterServer

pytestmark = pytest.mark.browser

NewSession = Callable[..., str]
VARIABLE = re.compile(r"%\w+%")
REQUEST_TIMEOUT = 30.0


@pytest.fixture
def awaiting(emulator: Emulator) -> Iterator[Callable[[str], Future[RequestRecord]]]:
    """`awaiting(operation_id)`: a future for the next such request reaching the emulator.

    The wait (`emu.wait_for_request`) runs in a thread while the test drives the page.
    """
    with ThreadPoolExecutor(max_workers=2) as pool:

        def start(operation_id: str) -> Future[RequestRecord]:
            since = len(emulator.requests)
            wait = emulator.wait_for_request
            return pool.submit(wait, operation_id, REQUEST_TIMEOUT, since=since)

        yield start


def open_widget(
    page: Page, jupyter: JupyterServer, ui: str, name: str, session_id: str
) -> NotebookPage:
    """Write this test's notebook, open it in `ui`, Run All and wait for the widget."""
    notebook = write_notebook(jupyter, f"{name}-{ui}", session_id)
    nb = NotebookPage.open(page, jupyter, ui, notebook)
    nb.run_all()
    return nb


@pytest.mark.parametrize("how", ["click", "enter"])
@pytest.mark.parametrize("ui", UIS)
def test_live_turn_from_the_widget(
    page: Page,
    jupyter: JupyterServer,
    new_session: NewSession,
    awaiting: Callable[[str], Future[RequestRecord]],
    ui: str,
    how: str,
) -> None:
    """A message sent from the chat box turns the badge busy, then the reply and the new draft
    arrive by themselves: no cell runs after Run All."""
    session_id = new_session(messages=BRIEFED)
    nb = open_widget(page, jupyter, ui, f"turn-{how}", session_id)
    expect(nb.status).to_have_attribute("data-status", "idle")
    expect(nb.messages("assistant")).to_have_count(1)
    expect(nb.testid("draft-body")).to_have_value("")
    marks = nb.execution_marks()
    assert len(marks[0]) == 1, "only the widget cell runs after the logging cell"
    nb.record_status()

    turn = awaiting("runAiChatTurn")
    chat = nb.testid("chat-input")
    if how == "click":
        message = "Sender is Sid; angle: time-to-ROI"
        chat.fill(message)
        nb.testid("send").click()
    else:
        message = "Sender is Sid\nangle: time-to-ROI"
        chat.press_sequentially("Sender is Sid")
        chat.press("Shift+Enter")  # a newline, not a send
        chat.press_sequentially("angle: time-to-ROI")
        expect(chat).to_have_value(message)
        chat.press("Enter")

    sent = body_of(turn.result())
    assert sent["message"] == message
    assert sent["availableVarNames"] == VAR_NAMES
    expect(chat).to_have_value("")

    expect(nb.messages("assistant")).to_have_count(2)
    expect(nb.messages("user").last).to_contain_text("time-to-ROI")
    expect(nb.status).to_have_attribute("data-status", "idle")
    expect(nb.testid("draft-body")).to_have_value(VARIABLE)
    expect(nb.testid("draft-subject")).to_have_value(VARIABLE)
    assert subsequence(["idle", "chat_processing", "idle"], nb.status_history())
    assert nb.execution_marks() == marks, "a cell ran after Run All"


@pytest.mark.parametrize("ui", UIS)
def test_edit_and_save_reach_the_api(
    page: Page,
    jupyter: JupyterServer,
    emulator: Emulator,
    new_session: NewSession,
    awaiting: Callable[[str], Future[RequestRecord]],
    ui: str,
) -> None:
    """A body typed in the widget and saved is PATCHed as typed; the unsaved marker goes."""
    session_id = new_session(
        messages=BRIEFED,
        draft_subject="Quick question about %company%",
        draft_body="Hi %first_name%,\n\nOld body.",
    )
    nb = open_widget(page, jupyter, ui, "save", session_id)
    body = nb.testid("draft-body")
    expect(body).to_have_value("Hi %first_name%,\n\nOld body.")
    dirty = nb.testid("dirty")
    expect(dirty).to_be_hidden()

    typed = "Hi %first_name%,\n\nTyped in the browser at %company%."
    body.fill(typed)
    expect(dirty).to_be_visible()
    expect(dirty).to_contain_text("body")

    patch = awaiting("updateAiChatSession")
    nb.testid("save").click()  # flushes the debounced edit first
    record = patch.result()
    assert record.status == 200
    assert body_of(record) == {"draft_body": typed}
    expect(dirty).to_be_hidden()
    expect(nb.testid("notice")).to_have_text("Saved.")
    expect(body).to_have_value(typed)
    assert emulator.get_session(session_id)["draft_body"] == typed
    assert emulator.get_session(session_id)["draft_subject"] == "Quick question about %company%"


# Command-mode shortcuts of both UIs: insert above/below, delete (d d), to markdown/code, cut,
# undo, copy/paste, heading 1, toggle output, interrupt (i i).
SHORTCUT_KEYS = "abddmyxzcv1oii"


@pytest.mark.parametrize("ui", UIS)
def test_typing_in_the_widget_never_fires_notebook_shortcuts(
    page: Page, jupyter: JupyterServer, new_session: NewSession, ui: str
) -> None:
    """Keys typed into the chat box and the body editor stay there; the notebook is unchanged.

    Ends with a control: the same keys do act on the notebook when it has the focus, so the
    unchanged notebook is not down to dead shortcuts. (For text fields JupyterLab's own
    `:not(.jp-mod-readWrite)` shortcut selectors already hold these keys back; the widget's
    key isolation is a second guard.)
    """
    session_id = new_session(messages=BRIEFED, draft_body="Hi %first_name%,")
    nb = open_widget(page, jupyter, ui, "keys", session_id)
    expect(nb.status).to_have_attribute("data-status", "idle")
    types = nb.cell_types()
    assert types == ["Markdown", "Code", "Code"]
    marks = nb.execution_marks()

    chat = nb.testid("chat-input")
    chat.click()
    chat.press_sequentially(SHORTCUT_KEYS)
    expect(chat).to_have_value(SHORTCUT_KEYS)

    body = nb.testid("draft-body")
    body.click()
    body.press("End")
    body.press_sequentially("dda")
    expect(body).to_have_value("Hi %first_name%,dda")

    expect(nb.cells).to_have_count(3)
    assert nb.cell_types() == types
    expect(nb.widget).to_be_visible()
    expect(nb.status).to_have_attribute("data-status", "idle")
    assert nb.execution_marks() == marks

    # Control: with the notebook focused (command mode), "b" inserts a cell below.
    insert_cell_below_first(nb)
    assert nb.cell_types() == ["Markdown", "Code", "Code", "Code"]


def insert_cell_below_first(nb: NotebookPage) -> None:
    """Select the first cell in command mode and press "b": a new empty code cell appears second.

    Keys are handled in order, so once it shows, any effect of keys pressed before has too.
    """
    nb.cells.first.locator(".jp-InputPrompt").click()
    nb.page.keyboard.press("b")
    expect(nb.cells.nth(1).locator(".jp-InputPrompt")).to_have_text(re.compile(r"^\[ \]:$"))


@pytest.mark.parametrize("part", ["transcript", "refresh"])
@pytest.mark.parametrize("ui", UIS)
def test_keys_on_focused_transcript_or_button_never_fire_notebook_shortcuts(
    page: Page, jupyter: JupyterServer, new_session: NewSession, ui: str, part: str
) -> None:
    """Clicking into the transcript (focusable, for keyboard scrolling) or on a button, then
    pressing keys, must not insert, delete or convert notebook cells.

    Fails in Notebook 7: JupyterLab starts its app with `bubblingKeydown: true` (document
    listener in the bubble phase, so `isolateKeys`' stopPropagation on the widget root works),
    Notebook 7 does not (capture phase: Lumino sees the key first). `data-lm-suppress-shortcuts`
    on the root does not help either: Lumino walks up from the focused target and matches the
    `... :focus` command-mode selectors on the target itself before reaching the root.
    """
    session_id = new_session(messages=BRIEFED)
    nb = open_widget(page, jupyter, ui, f"focus-{part}", session_id)
    expect(nb.status).to_have_attribute("data-status", "idle")
    assert nb.cell_types() == ["Markdown", "Code", "Code"]

    target = nb.testid(part)
    if part == "transcript":
        target.click()  # as a user does to select text or scroll with the keyboard
    else:
        target.focus()
    expect(target).to_be_focused()
    for key in "abddm":
        page.keyboard.press(key)

    insert_cell_below_first(nb)
    assert nb.cell_types() == ["Markdown", "Code", "Code", "Code"]


@pytest.mark.parametrize("ui", UIS)
def test_busy_session_updates_live_to_idle(
    page: Page,
    jupyter: JupyterServer,
    emulator: Emulator,
    api: Puffle,
    new_session: NewSession,
    ui: str,
) -> None:
    """A widget made while a turn runs shows it busy, then the reply, with no further cell run."""
    session_id = new_session(messages=BRIEFED)
    emulator.faults.stick(session_id)  # the turn stays busy until the test lets it finish
    api.sessions.turn(session_id, "Sender is Sid; keep it short", available_var_names=VAR_NAMES)
    nb = open_widget(page, jupyter, ui, "busy", session_id)

    expect(nb.status).to_have_attribute("data-status", "chat_processing")
    expect(nb.testid("typing")).to_be_visible()
    expect(nb.testid("chat-input")).to_be_editable()  # types ahead: Send queues
    expect(nb.messages("user").last).to_contain_text("keep it short")
    expect(nb.messages("assistant")).to_have_count(1)
    marks = nb.execution_marks()
    assert len(marks[0]) == 1

    emulator.faults.unstick(session_id)
    expect(nb.messages("assistant")).to_have_count(2)
    expect(nb.status).to_have_attribute("data-status", "idle")
    expect(nb.testid("typing")).to_be_hidden()
    expect(nb.testid("chat-input")).to_be_enabled()
    expect(nb.testid("draft-body")).to_have_value(VARIABLE)
    assert nb.execution_marks() == marks, "a cell ran after Run All"


@pytest.mark.parametrize("ui", UIS)
def test_session_deleted_while_busy_shows_the_error(
    page: Page,
    jupyter: JupyterServer,
    emulator: Emulator,
    api: Puffle,
    new_session: NewSession,
    ui: str,
) -> None:
    """Polling meets a 404 once the session is gone: the badge and the error box say so."""
    session_id = new_session(messages=BRIEFED)
    emulator.faults.stick(session_id)
    api.sessions.turn(session_id, "Sender is Sid")
    nb = open_widget(page, jupyter, ui, "deleted", session_id)
    expect(nb.status).to_have_attribute("data-status", "chat_processing")
    error = nb.testid("error")
    expect(error).to_be_hidden()

    api.sessions.delete(session_id)
    expect(nb.status).to_have_attribute("data-status", "error")
    expect(nb.testid("banner-title")).to_contain_text("cannot find this session (404)")
    expect(nb.testid("banner-details")).to_contain_text("HTTP 404")
    expect(nb.testid("banner-details")).to_contain_text("not found")
    expect(error).to_be_hidden()  # the banner says it, in the user's words
    expect(nb.testid("chat-input")).to_be_editable()  # what is typed stays
    expect(nb.testid("send")).to_be_disabled()


@pytest.mark.parametrize("ui", UIS)
def test_server_errors_show_reconnecting_then_recover(
    page: Page,
    jupyter: JupyterServer,
    emulator: Emulator,
    api: Puffle,
    new_session: NewSession,
    ui: str,
) -> None:
    """503s while polling show "reconnecting" and why; once the API answers, the reply arrives."""
    session_id = new_session(messages=BRIEFED)
    emulator.faults.stick(session_id)
    api.sessions.turn(session_id, "Sender is Sid")
    nb = open_widget(page, jupyter, ui, "reconnecting", session_id)
    expect(nb.status).to_have_attribute("data-status", "chat_processing")

    # Every GET fails (the client's own retries too, at once) until the faults are cleared.
    since = len(emulator.requests)
    emulator.faults.status("getAiChatSession", 503, times=10_000, retry_after=0)
    expect(nb.status).to_have_attribute("data-status", "reconnecting")
    notice = nb.testid("notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("503")
    expect(nb.testid("banner-title")).to_contain_text("Puffle had a problem (503)")
    expect(nb.testid("retry-now")).to_be_visible()
    assert any(r.fault == "status:503" for r in emulator.requests[since:])

    emulator.faults.clear()  # the API answers again, and the stuck turn finishes
    expect(nb.messages("assistant")).to_have_count(2)
    expect(nb.status).to_have_attribute("data-status", "idle")
    expect(notice).to_be_hidden()
    expect(nb.testid("error")).to_be_hidden()


IMG = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "<script>window.__pwned=2</script>"


@pytest.mark.parametrize("ui", UIS)
def test_markup_in_the_session_is_inert(
    page: Page, jupyter: JupyterServer, new_session: NewSession, ui: str
) -> None:
    """HTML in messages, title and draft renders as text or sanitized markup; nothing runs."""
    session_id = new_session(
        title=f"Title {IMG}",
        messages=[
            {"role": "user", "content": f"Hello {IMG} and {SCRIPT}"},
            {
                "role": "assistant",
                "content": (
                    f"**Bold** reply {SCRIPT}\n\n{IMG}\n\n"
                    '[click me](javascript:window.__pwned=3) <a href="javascript:window.__pwned=4">'
                    "raw link</a> ![pixel](https://example.invalid/x.png)"
                ),
            },
        ],
        draft_subject=f"Subject {SCRIPT}",
        draft_body=f"Body {IMG}",
    )
    nb = open_widget(page, jupyter, ui, "xss", session_id)
    expect(nb.status).to_have_attribute("data-status", "idle")
    expect(nb.messages()).to_have_count(2)
    # The messages did render as markdown (so the checks below are not about an empty view).
    expect(nb.messages("assistant").locator("strong")).to_have_text("Bold")
    expect(nb.messages("user")).to_contain_text("Hello")
    # Title and editors show the markup as plain text.
    expect(nb.testid("title")).to_have_text(f"Title {IMG}")
    expect(nb.testid("draft-subject")).to_have_value(f"Subject {SCRIPT}")
    expect(nb.testid("draft-body")).to_have_value(f"Body {IMG}")

    # Any image must have finished loading (or failing) before checking its handler did not run.
    page.wait_for_function("() => Array.from(document.images).every((img) => img.complete)")
    assert page.evaluate("() => window.__pwned") is None
    expect(page.locator("img[onerror]")).to_have_count(0)
    expect(nb.widget.locator("script")).to_have_count(0)
    expect(nb.widget.locator("img")).to_have_count(0)
    expect(nb.widget.locator('a[href^="javascript:" i]')).to_have_count(0)
