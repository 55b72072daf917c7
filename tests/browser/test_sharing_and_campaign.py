"""Sharing and the Jupyter layer, live: the static snapshot where widgets render, a notebook saved
after a live turn (reopened without a kernel, exported to HTML and opened offline),
`CampaignWidget` and `%%puffle_turn`, in real JupyterLab / Notebook 7 in Chromium."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import nbformat
import pytest
from nbconvert import HTMLExporter
from playwright.sync_api import Browser, Locator, Page, Route, expect

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator
from tests.browser.conftest import create_session, new_page
from tests.browser.notebook_page import (
    BRIEFED,
    UIS,
    VAR_NAMES,
    NotebookPage,
    body_of,
    write_cells,
    write_notebook,
)
from tools.jupyter_server import JupyterServer

pytestmark = pytest.mark.browser

NewSession = Callable[..., str]
MESSAGE = "Sender is Sid; angle: time-to-ROI"
VARIABLE = re.compile(r"%\w+%")
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
REQUEST_TIMEOUT = 30.0
FAST_CLIENT = """\
from puffle_widgets import Puffle
from puffle_widgets.client import PollSchedule

client = Puffle(poll_interval=PollSchedule(0.2, 1.0, 1.5))"""


def new_campaign(emulator: Emulator, api: Puffle, titles: list[str]) -> tuple[str, list[str]]:
    """A campaign with one briefed session per title; its id and the session ids, in order."""
    campaign_id, nodes = emulator.new_campaign(nodes=len(titles))
    ids = []
    for node_id, title in zip(nodes, titles, strict=True):
        session_id = api.sessions.create(campaign_id=campaign_id, node_id=node_id).id
        emulator.set_session(session_id, title=title, messages=BRIEFED)
        ids.append(session_id)
    return campaign_id, ids


def cell_of(nb: NotebookPage, has: Locator) -> Locator:
    """The one notebook cell holding `has`."""
    return nb.cells.filter(has=has)


# --- 1. The static snapshot where the live widget renders -------------------------------------


@pytest.mark.parametrize("ui", UIS)
def test_snapshots_are_hidden_where_the_widgets_render(
    page: Page, jupyter: JupyterServer, emulator: Emulator, api: Puffle, ui: str
) -> None:
    """After Run All both widgets show, their snapshots are in the page but hidden, and the
    output rows holding the snapshots take no space."""
    session_id = create_session(emulator, api, messages=BRIEFED)
    campaign_id, _ = new_campaign(emulator, api, ["Intro", "Follow-up"])
    notebook = write_cells(
        jupyter,
        f"snapshots-{ui}",
        [
            f"{FAST_CLIENT}\nfrom puffle_widgets import SessionWidget\n\n"
            f"SessionWidget({session_id!r}, client=client)",
            f"%load_ext puffle_widgets\n%puffle --campaign {campaign_id}",
        ],
    )
    nb = NotebookPage.open(page, jupyter, ui, notebook)
    campaign = page.locator(".puffle-campaign")
    nb.run_all(widget=campaign)
    expect(nb.widget).to_be_visible()
    expect(campaign.get_by_test_id("campaign-row")).to_have_count(2)

    snapshots = page.locator(".jp-Notebook .puffle-fallback")
    expect(snapshots).to_have_count(2)  # one per widget, in the page...
    expect(snapshots.nth(0)).to_contain_text(BRIEFED[0]["content"])  # ...and not empty
    expect(snapshots.nth(1)).to_contain_text("Follow-up")
    expect(page.locator(".puffle-fallback:visible")).to_have_count(0)

    rows = page.locator(".jp-OutputArea-child")
    snapshot_rows = rows.filter(has=page.locator(".puffle-fallback"))
    expect(snapshot_rows).to_have_count(2)
    for row in snapshot_rows.all():
        expect(row).to_have_css("display", "none")
        assert row.bounding_box() is None  # takes no space
    # Control: the rows holding the live widgets are shown.
    for widget in (nb.widget, campaign):
        expect(rows.filter(has=widget)).not_to_have_css("display", "none")


# --- 2, 3. A notebook saved after a live turn ----------------------------------------------------


@dataclass(frozen=True)
class SavedTurn:
    """A notebook saved from JupyterLab after a turn sent from the widget, its kernel gone."""

    notebook: str
    session_id: str
    reply: str
    draft_subject: str
    draft_body: str

    def content(self, jupyter: JupyterServer) -> dict[str, Any]:
        """The saved notebook, read back through the contents API."""
        model: dict[str, Any] = jupyter.request("GET", f"/api/contents/{self.notebook}")
        return model["content"]

    def assert_shown_in(self, text: str) -> None:
        """`text` (a rendered snapshot) shows the final transcript and the draft."""
        flat = " ".join(text.split())
        assert MESSAGE in flat, "the message sent from the widget is missing"
        last_paragraph = " ".join(self.reply.split("\n\n")[-1].split())
        assert last_paragraph in flat, "the reply is missing"
        assert self.draft_subject in flat, "the draft subject is missing"
        for line in filter(None, (line.strip() for line in self.draft_body.splitlines())):
            assert " ".join(line.split()) in flat, f"draft body line {line!r} is missing"


@pytest.fixture(scope="module")
def saved_turn(
    browser: Browser, jupyter: JupyterServer, emulator: Emulator, api: Puffle
) -> SavedTurn:
    """Run a SessionWidget notebook in JupyterLab, send a message from its chat box, wait for the
    reply, save the notebook (Ctrl+S, notebook focused) and shut its kernel down."""
    session_id = create_session(emulator, api, messages=BRIEFED)
    notebook = write_notebook(jupyter, "shared", session_id)
    try:
        with new_page(browser, jupyter, "saved_turn") as page:
            nb = NotebookPage.open(page, jupyter, "lab", notebook)
            nb.run_all()
            expect(nb.status).to_have_attribute("data-status", "idle")

            since = len(emulator.requests)
            nb.testid("chat-input").fill(MESSAGE)
            nb.testid("send").click()
            sent = emulator.wait_for_request("runAiChatTurn", REQUEST_TIMEOUT, since=since)
            assert body_of(sent)["message"] == MESSAGE
            expect(nb.messages("assistant")).to_have_count(2)
            expect(nb.status).to_have_attribute("data-status", "idle")
            expect(nb.testid("draft-body")).to_have_value(VARIABLE)
            session = emulator.get_session(session_id)
            expect(nb.testid("draft-subject")).to_have_value(session["draft_subject"])
            expect(nb.testid("draft-body")).to_have_value(session["draft_body"])

            # Save with the notebook focused (keys pressed inside the widget stay there).
            dirty = page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty")
            expect(dirty).to_have_count(1)
            nb.cells.first.locator(".jp-InputPrompt").click()
            with page.expect_response(
                lambda r: r.request.method == "PUT" and f"/api/contents/{notebook}" in r.url
            ) as saved:
                page.keyboard.press("Control+s")
            assert saved.value.ok
            expect(dirty).to_have_count(0)
    finally:
        jupyter.shutdown_kernels()
    assert jupyter.request("GET", "/api/sessions") == []
    assert jupyter.request("GET", "/api/kernels") == []
    return SavedTurn(
        notebook,
        session_id,
        reply=session["messages"][-1]["content"],
        draft_subject=session["draft_subject"],
        draft_body=session["draft_body"],
    )


def test_saved_notebook_keeps_the_final_turn_in_widget_state(
    saved_turn: SavedTurn, jupyter: JupyterServer
) -> None:
    """The .ipynb on disk holds the widget's state after the turn: transcript, draft, idle."""
    content = saved_turn.content(jupyter)
    states = content["metadata"]["widgets"][WIDGET_STATE]["state"]
    views = [
        output["data"][WIDGET_VIEW]["model_id"]
        for cell in content["cells"]
        for output in cell.get("outputs", [])
        if WIDGET_VIEW in output.get("data", {})
    ]
    assert len(views) == 1
    state = states[views[0]]["state"]
    assert state["session_id"] == saved_turn.session_id
    contents = [(m["role"], m["content"]) for m in state["messages"]]
    assert contents[-2:] == [("user", MESSAGE), ("assistant", saved_turn.reply)]
    assert state["draft_subject"] == saved_turn.draft_subject
    assert state["draft_body"] == saved_turn.draft_body
    assert state["status"] == "idle"


def snapshot_html(content: dict[str, Any]) -> str:
    """The one static snapshot output of a saved notebook."""
    snapshots = [
        "".join(output["data"]["text/html"])
        for cell in content["cells"]
        for output in cell.get("outputs", [])
        if "puffle-fallback" in "".join(output.get("data", {}).get("text/html", ""))
    ]
    assert len(snapshots) == 1
    return snapshots[0]


def test_saved_notebook_snapshot_shows_the_final_turn(
    saved_turn: SavedTurn, jupyter: JupyterServer
) -> None:
    """The snapshot output saved in the .ipynb (what GitHub or nbviewer show) is current."""
    html = snapshot_html(saved_turn.content(jupyter))
    assert "time-to-ROI" in html, "the message sent from the widget is missing"


def test_reopened_without_a_kernel_shows_the_final_turn(
    page: Page, jupyter: JupyterServer, saved_turn: SavedTurn
) -> None:
    """Opened in a fresh JupyterLab workspace with "No Kernel" chosen in the kernel dialog (a
    copy of the saved notebook naming a kernel this server lacks, so that Lab asks), the
    transcript after the turn and the draft show: through the widget from the saved state, or
    else through the static snapshot (JupyterLab's widget manager restores saved state only
    once a kernel is connected, so here it is the snapshot)."""
    content = saved_turn.content(jupyter)
    content["metadata"]["kernelspec"] = {
        "name": "absent",
        "display_name": "Absent",
        "language": "-",
    }
    content["metadata"]["language_info"] = {"name": "-"}
    copy = saved_turn.notebook.replace(".ipynb", "-no-kernel.ipynb")
    nbformat.write(nbformat.from_dict(content), jupyter.root / copy)

    page.goto(jupyter.url("lab", copy))
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_contain_text("Select Kernel")
    dialog.get_by_role("button", name="No Kernel").click()
    expect(dialog).to_have_count(0)
    expect(page.locator(".jp-Toolbar .jp-KernelName")).to_have_text("No Kernel")
    assert jupyter.request("GET", "/api/sessions") == []

    shown = page.locator(".jp-Notebook").locator(
        ".puffle-session:visible, .puffle-fallback:visible"
    )
    expect(shown.first).to_be_visible()
    if page.locator(".puffle-session").count():  # rendered from the saved widget state
        widget = page.locator(".puffle-session")
        expect(widget.locator("[data-testid=message][data-role=user]").last).to_contain_text(
            MESSAGE
        )
        expect(widget.locator("[data-testid=message][data-role=assistant]")).to_have_count(2)
        expect(widget.get_by_test_id("draft-subject")).to_have_value(saved_turn.draft_subject)
        expect(widget.get_by_test_id("draft-body")).to_have_value(saved_turn.draft_body)
    else:  # the static snapshot: nothing changes it any more, so read it once
        expect(shown).to_have_count(1)
        saved_turn.assert_shown_in(shown.text_content() or "")
    assert jupyter.request("GET", "/api/kernels") == []


def test_exported_html_offline_with_scripts_shows_the_final_turn(
    browser: Browser, jupyter: JupyterServer, saved_turn: SavedTurn
) -> None:
    """`jupyter nbconvert --to html` of the saved notebook, opened with JavaScript on but every
    non-file request aborted (no CDN: no widget manager), shows the current snapshot."""
    content = saved_turn.content(jupyter)
    html, _ = HTMLExporter().from_notebook_node(nbformat.from_dict(content))
    page_file = jupyter.root / saved_turn.notebook.replace(".ipynb", ".html")
    page_file.write_text(html, encoding="utf-8")

    def offline(route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    with new_page(browser, jupyter, "exported_html_offline") as page:
        page.route("**/*", offline)
        # The page's own script asks for the widget manager (so scripts run), and gets nothing.
        with page.expect_event("requestfailed", lambda r: "@jupyter-widgets/html-manager" in r.url):
            page.goto(page_file.as_uri())
        snapshot = page.locator(".puffle-fallback")
        expect(snapshot).to_have_count(1)
        expect(snapshot).to_be_visible()
        expect(page.locator(".puffle-session")).to_have_count(0)
        saved_turn.assert_shown_in(snapshot.text_content() or "")


# --- 4. CampaignWidget --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ui", "how"), [("lab", "magic"), ("notebook", "constructor")], ids=["lab-magic", "nb7-init"]
)
def test_campaign_rows_open_sessions_and_update_live(
    page: Page, jupyter: JupyterServer, emulator: Emulator, api: Puffle, ui: str, how: str
) -> None:
    """One row per session; a session busy at Run All shows busy, then idle with no cell run;
    a click on a row, or Enter on a focused row, opens that session's widget below the table
    (one anywidget draws both); going back to a row finds its session as it was left, unsaved
    edit and typed message included; Refresh lists a session created elsewhere at once.

    In Lab through `%puffle --campaign` (the default client, from the kernel's environment), in
    Notebook 7 through `CampaignWidget(campaign_id, client=...)` with a fast-polling client."""
    titles = ["Intro email", "Follow-up", "Break-up"]
    campaign_id, ids = new_campaign(emulator, api, titles)
    busy_id = ids[1]
    emulator.faults.stick(busy_id)  # the turn stays busy until the test lets it finish
    api.sessions.turn(busy_id, "Sender is Sid; keep it short", available_var_names=VAR_NAMES)

    # An idle list is re-read every 5 minutes: a new row sooner than that came from Refresh.
    slow_idle = "from puffle_widgets.live import configure\n\nconfigure(idle_visible=300.0)\n"
    if how == "magic":
        cell = f"%load_ext puffle_widgets\n{slow_idle}%puffle --campaign {campaign_id}"
    else:
        cell = (
            f"{FAST_CLIENT}\n{slow_idle}from puffle_widgets import CampaignWidget\n\n"
            f"CampaignWidget({campaign_id!r}, client=client)"
        )
    notebook = write_cells(jupyter, f"campaign-{ui}", [cell])
    nb = NotebookPage.open(page, jupyter, ui, notebook)
    table = page.locator(".puffle-campaign")
    nb.run_all(widget=table)

    rows = table.get_by_test_id("campaign-row")
    expect(rows).to_have_count(3)
    assert sorted(r.get_attribute("data-session-id") or "" for r in rows.all()) == sorted(ids)

    def row(session_id: str) -> Locator:
        return table.locator(f'[data-testid=campaign-row][data-session-id="{session_id}"]')

    # The session shown below the table (others opened before stay mounted, hidden).
    shown = page.locator(".pw-campaign-opened:not([hidden]) .puffle-session")

    for session_id, title in zip(ids, titles, strict=True):
        expect(row(session_id)).to_contain_text(title)
    busy_badge = row(busy_id).locator(".pw-status")
    expect(busy_badge).to_have_attribute("data-status", "chat_processing")
    expect(row(ids[0]).locator(".pw-status")).to_have_attribute("data-status", "idle")
    expect(table.get_by_test_id("status")).to_have_attribute("data-status", "busy")
    expect(nb.widget).to_have_count(0)  # nothing opened yet
    marks = nb.execution_marks()
    assert len(marks[0]) == 1, "only the campaign cell runs after the logging cell"

    # A click opens the session below the table.
    row(ids[0]).click()
    expect(row(ids[0])).to_have_attribute("aria-selected", "true")
    expect(shown).to_have_count(1)
    expect(shown.get_by_test_id("title")).to_have_text(titles[0])
    table_box, widget_box = table.bounding_box(), shown.bounding_box()
    assert table_box is not None and widget_box is not None
    assert widget_box["y"] >= table_box["y"] + table_box["height"], "not below the table"
    shown.get_by_test_id("draft-subject").fill("An edit not saved yet")
    shown.get_by_test_id("chat-input").fill("A message not sent yet")

    # The busy session finishes: its row turns idle by itself.
    emulator.faults.unstick(busy_id)
    expect(busy_badge).to_have_attribute("data-status", "idle")
    expect(table.get_by_test_id("status")).to_have_attribute("data-status", "idle")

    # Keyboard: focus its row and press Enter; it replaces the opened session.
    row(busy_id).focus()
    expect(row(busy_id)).to_be_focused()
    page.keyboard.press("Enter")
    expect(row(busy_id)).to_have_attribute("aria-selected", "true")
    expect(row(ids[0])).to_have_attribute("aria-selected", "false")
    expect(shown).to_have_count(1)
    expect(shown.get_by_test_id("title")).to_have_text(titles[1])
    said = shown.locator("[data-testid=message]")
    expect(said.and_(page.locator("[data-role=user]")).last).to_contain_text("keep it short")
    # The reply that finished meanwhile.
    expect(said.and_(page.locator("[data-role=assistant]"))).to_have_count(2)

    # Back to the first row: its session as it was left.
    row(ids[0]).click()
    expect(shown.get_by_test_id("title")).to_have_text(titles[0])
    expect(shown.get_by_test_id("draft-subject")).to_have_value("An edit not saved yet")
    expect(shown.get_by_test_id("chat-input")).to_have_value("A message not sent yet")

    # Refresh lists a session created elsewhere.
    expect(table.get_by_test_id("checked-at")).to_be_visible()
    node_id = api.sessions.get(ids[2]).node_id  # a second session on one node
    created = api.sessions.create(campaign_id=campaign_id, node_id=node_id).id
    table.get_by_test_id("refresh").click()
    expect(rows).to_have_count(4, timeout=5_000)
    expect(row(created)).to_contain_text("Untitled session")
    assert nb.execution_marks() == marks, "a cell ran after Run All"


def test_campaign_snapshot_follows_a_session_finishing_in_the_background(
    page: Page, jupyter: JupyterServer, emulator: Emulator, api: Puffle
) -> None:
    """Once a session busy at Run All finishes (no cell run since), the campaign's hidden
    snapshot, which a saved notebook keeps, no longer shows it busy."""
    campaign_id, ids = new_campaign(emulator, api, ["Intro email"])
    emulator.faults.stick(ids[0])
    api.sessions.turn(ids[0], "Sender is Sid", available_var_names=VAR_NAMES)
    cell = (
        f"{FAST_CLIENT}\nfrom puffle_widgets import CampaignWidget\n\n"
        f"CampaignWidget({campaign_id!r}, client=client)"
    )
    nb = NotebookPage.open(page, jupyter, "lab", write_cells(jupyter, "campaign-snapshot", [cell]))
    table = page.locator(".puffle-campaign")
    nb.run_all(widget=table)
    badge = table.get_by_test_id("campaign-row").locator(".pw-status")
    expect(badge).to_have_attribute("data-status", "chat_processing")
    snapshot_badge = page.locator(".puffle-fallback .pw-status")
    expect(snapshot_badge).to_have_attribute("data-status", "chat_processing")

    emulator.faults.unstick(ids[0])
    expect(badge).to_have_attribute("data-status", "idle")
    expect(table.get_by_test_id("status")).to_have_attribute("data-status", "idle")
    expect(snapshot_badge).to_have_attribute("data-status", "idle")


# --- 5. %%puffle_turn ---------------------------------------------------------------------------


@pytest.mark.parametrize("ui", UIS)
def test_puffle_turn_updates_its_widget_while_the_cell_runs(
    page: Page, jupyter: JupyterServer, emulator: Emulator, new_session: NewSession, ui: str
) -> None:
    """While `%%puffle_turn` waits, its widget shows the message and the busy state, then the
    reply; when the cell ends, its output holds that one widget and its (hidden) snapshot, which
    now includes the reply: the returned session is not drawn again."""
    session_id = new_session(messages=BRIEFED)
    emulator.faults.stick(session_id)  # the cell stays running until the test lets it finish
    setup = (
        f"%load_ext puffle_widgets\n{FAST_CLIENT}\n"
        "from puffle_widgets.client import set_default_client\n\n"
        "set_default_client(client)"
    )
    turn = f"%%puffle_turn {session_id} --vars {','.join(VAR_NAMES)}\n{MESSAGE}"
    notebook = write_cells(jupyter, f"turn-magic-{ui}", [setup, turn])
    nb = NotebookPage.open(page, jupyter, ui, notebook)
    since = len(emulator.requests)
    nb.start_run_all()

    sent = emulator.wait_for_request("runAiChatTurn", REQUEST_TIMEOUT, since=since)
    assert body_of(sent)["message"] == MESSAGE
    assert body_of(sent)["availableVarNames"] == VAR_NAMES
    cell = cell_of(nb, nb.widget)
    expect(nb.widget).to_be_visible(timeout=60_000)
    expect(nb.messages("user").last).to_contain_text(MESSAGE)
    expect(nb.status).to_have_attribute("data-status", "chat_processing")
    expect(nb.messages("assistant")).to_have_count(1)
    expect(nb.last_prompt).to_have_text("[*]:")  # all of this while the cell runs

    emulator.faults.unstick(session_id)
    expect(nb.last_prompt).to_have_text(re.compile(r"^\[\d+\]:$"))
    expect(cell.locator(".puffle-session")).to_have_count(1)
    expect(page.locator(".puffle-session")).to_have_count(1)
    expect(cell.locator(".jp-OutputArea-child")).to_have_count(2)  # the widget, the snapshot
    expect(nb.messages("assistant")).to_have_count(2)
    expect(nb.status).to_have_attribute("data-status", "idle")

    reply = emulator.get_session(session_id)["messages"][-1]["content"]
    snapshot = cell.locator(".puffle-fallback")
    expect(snapshot).to_be_hidden()
    expect(snapshot).to_contain_text(reply.split("\n\n")[-1])
