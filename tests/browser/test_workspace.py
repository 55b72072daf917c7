"""The session view as a workspace, in real JupyterLab / Notebook 7 in Chromium: it fits the
notebook at 1366x768 and at 800 px with the side bar open, tabs move no focus and scroll no
notebook, Ctrl/Cmd+S from a field saves the notebook, Restore brings a version back, examples
made from an older version are marked, a turn says what it changed; and its themes, in a plain
page (tests/browser/standalone.py): dark in JupyterLab's dark theme, under `--vscode-*` dark
variables, under marimo's dark marks and under `prefers-color-scheme: dark`.

Screenshots of each layout are kept under test-artifacts/browser/ when a test fails (conftest).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator
from tests.browser.notebook_page import (
    BRIEFED,
    UIS,
    NotebookPage,
    body_of,
    write_cells,
    write_notebook,
)
from tests.browser.standalone import open_standalone, session_state
from tools.jupyter_server import JupyterServer

pytestmark = pytest.mark.browser

NewSession = Callable[..., str]
Scheme = Literal["light", "dark"]
LAYOUTS = {"1366x768": (1366, 768, False), "800-sidebar": (800, 768, True)}
REQUEST_TIMEOUT = 30.0

DRAFTED: dict[str, Any] = {
    "messages": [
        *BRIEFED,
        {"role": "user", "content": "Sender is Sid"},
        {"role": "assistant", "content": "Drafted v2."},
    ],
    "title": "Intro to VPs of Sales",
    "draft_subject": "Onboarding in a week at %company%",
    "draft_body": "Hi %first_name%,\n\nTeams like %company% onboard in a week.\n\nSid",
    "skeleton": {"hook": "time-to-ROI", "cta": "Worth a chat?"},
    "framework_version": 2,
    "draft_history": [
        {
            "version": 1,
            "subject": "Quick question about %company%",
            "body": "Hi %first_name%,\n\nAn older first draft.",
            "at": "2026-04-22T10:01:00Z",
        }
    ],
    "skeleton_history": [
        {"version": 1, "skeleton": {"hook": "question"}, "at": "2026-04-22T10:01:00Z"}
    ],
}

# Every element of the widget that sticks out of it, sideways (hidden ones take no room).
_OVERFLOW = """(root) => {
  const box = root.getBoundingClientRect();
  const out = [];
  for (const el of root.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    // Not laid out, or hidden (in a closed <details>): takes no room.
    if (r.width === 0 || r.height === 0 || !el.checkVisibility()) continue;
    if (r.left < box.left - 1 || r.right > box.right + 1) {
      const where = el.closest("[data-testid]")?.getAttribute("data-testid") ?? "";
      const name = `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
      const span = `${Math.round(r.left)}..${Math.round(r.right)}`;
      const widget = `${Math.round(box.left)}..${Math.round(box.right)}`;
      out.push(`${name} in ${where}: ${span} (widget ${widget})`);
    }
  }
  if (root.scrollWidth > root.clientWidth + 1) {
    out.push(`root scrollWidth ${root.scrollWidth} > ${root.clientWidth}`);
  }
  return out;
}"""

# The element that scrolls the notebook, and how far it is scrolled.
_NOTEBOOK_SCROLL = """() => {
  const el = document.querySelector(".jp-WindowedPanel-outer") ?? document.scrollingElement;
  return el.scrollTop;
}"""


def luminance(css_color: str) -> float:
    """Relative luminance (0 black .. 1 white) of a computed `rgb()`/`rgba()` colour."""
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css_color)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def background(root: Locator) -> str:
    value: str = root.evaluate("(el) => getComputedStyle(el).backgroundColor")
    return value


def open_widget(
    page: Page, jupyter: JupyterServer, ui: str, name: str, session_id: str
) -> NotebookPage:
    """Write this test's notebook, open it in `ui`, Run All and wait for the widget."""
    notebook = write_notebook(jupyter, f"{name}-{ui}", session_id)
    nb = NotebookPage.open(page, jupyter, ui, notebook)
    nb.run_all()
    expect(nb.status).to_have_attribute("data-status", "idle")
    return nb


def open_side_bar(page: Page, ui: str) -> None:
    """Show the file browser (JupyterLab) or the table of contents (Notebook 7) on the left."""
    if ui == "lab":
        panel = page.locator("#jp-left-stack")
        if not panel.is_visible():
            page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab").first.click()
    else:
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^View$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"Left Sidebar")).hover()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"Table of Contents")).click()
        panel = page.locator("#jp-left-stack")
    expect(panel).to_be_visible()


def no_overflow(nb: NotebookPage, where: str) -> None:
    assert nb.widget.evaluate(_OVERFLOW) == [], f"wider than the widget ({where})"


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("ui", UIS)
def test_the_widget_fits_the_notebook(
    page: Page, jupyter: JupyterServer, new_session: NewSession, ui: str, layout: str
) -> None:
    """Scrolled into view, the header and the chat box are both on screen; nothing in the widget
    is wider than it, in every tab."""
    width, height, side_bar = LAYOUTS[layout]
    page.set_viewport_size({"width": width, "height": height})
    examples = [
        {"lead_id": f"lead-{i}", "subject": f"Quick question {i}", "body": "Hi " + "word " * 80}
        for i in range(4)
    ]
    session_id = new_session(**DRAFTED, generated_examples=examples)
    nb = open_widget(page, jupyter, ui, f"fit-{layout}", session_id)
    if side_bar:
        open_side_bar(page, ui)
    nb.widget.scroll_into_view_if_needed()
    for part in ("title", "status", "chat-input", "send"):
        expect(nb.testid(part)).to_be_in_viewport(ratio=1)
    box = nb.widget.bounding_box()
    assert box is not None
    assert box["height"] <= height, "the widget is taller than the window"
    no_overflow(nb, "draft")
    for tab in ("skeleton", "history", "examples", "draft"):
        nb.testid(f"tab-{tab}").click()
        no_overflow(nb, tab)
    # One scroll area per pane: nothing inside the work pane scrolls on its own.
    nested = nb.widget.locator(".pw-work-scroll").evaluate(
        """(pane) => [...pane.querySelectorAll("*")].filter((el) => {
             const s = getComputedStyle(el);
             return /(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
           }).map((el) => el.className)"""
    )
    assert nested == []


@pytest.mark.parametrize("ui", UIS)
def test_tabs_move_no_focus_and_scroll_no_notebook(
    page: Page, jupyter: JupyterServer, new_session: NewSession, ui: str
) -> None:
    """Clicking a tab, or moving with the arrows, Home and End, changes what the pane shows; the
    focus stays on the tab (never in a field) and the notebook does not scroll."""
    page.set_viewport_size({"width": 1366, "height": 768})
    nb = open_widget(page, jupyter, ui, "tabs", new_session(**DRAFTED))
    nb.widget.scroll_into_view_if_needed()
    before = page.evaluate(_NOTEBOOK_SCROLL)
    panel = nb.widget.locator("[role=tabpanel]:visible")
    for tab, shown in (("skeleton", "skeleton"), ("history", "history"), ("draft", "draft")):
        nb.testid(f"tab-{tab}").click()
        expect(nb.testid(f"tab-{tab}")).to_be_focused()
        expect(nb.testid(f"tab-{tab}")).to_have_attribute("aria-selected", "true")
        expect(panel).to_have_count(1)
        expect(panel.get_by_test_id(shown)).to_be_visible()
        assert page.evaluate(_NOTEBOOK_SCROLL) == before
    for key, tab in (
        ("ArrowRight", "skeleton"),
        ("End", "examples"),
        ("Home", "draft"),
        ("ArrowLeft", "examples"),
    ):
        page.keyboard.press(key)
        expect(nb.testid(f"tab-{tab}")).to_be_focused()
        expect(nb.testid(f"tab-{tab}")).to_have_attribute("aria-selected", "true")
        assert page.evaluate(_NOTEBOOK_SCROLL) == before
    expect(nb.widget.locator("input:focus, textarea:focus")).to_have_count(0)
    assert nb.cell_types() == ["Markdown", "Code", "Code"]  # no key reached the notebook


@pytest.mark.parametrize("ui", UIS)
def test_save_shortcut_from_a_field_saves_the_notebook(
    page: Page, jupyter: JupyterServer, new_session: NewSession, ui: str
) -> None:
    """Ctrl+S typed in the chat box and in the body editor saves the notebook (a contents PUT);
    the text typed stays, and no other shortcut fired."""
    nb = open_widget(page, jupyter, ui, "save-keys", new_session(**DRAFTED))
    notebook = f"{nb.name}.ipynb"
    for field in ("chat-input", "draft-body"):
        target = nb.testid(field)
        target.click()
        target.press("Control+End")
        target.press_sequentially(" abd")
        # Its answer, not only the request: the next field's save then starts from a notebook
        # that has finished saving (a save checks the file on disk against the last one first).
        with page.expect_response(
            lambda r: r.request.method == "PUT" and f"/api/contents/{notebook}" in r.url,
            timeout=REQUEST_TIMEOUT * 1000,
        ):
            target.press("Control+s")
        expect(target).to_have_value(re.compile(r" abd$"))
        expect(target).to_be_focused()
    assert nb.cell_types() == ["Markdown", "Code", "Code"]


@pytest.mark.parametrize("ui", UIS)
def test_restore_brings_a_version_back_onto_the_server(
    page: Page,
    jupyter: JupyterServer,
    emulator: Emulator,
    new_session: NewSession,
    ui: str,
) -> None:
    """Restore on an earlier draft in History PATCHes it back; the editors show it, the version
    it replaced is in History, and the skeleton diff reads as text."""
    session_id = new_session(**DRAFTED)
    nb = open_widget(page, jupyter, ui, "restore", session_id)
    nb.testid("tab-history").click()
    skeleton_entry = nb.widget.locator("[data-testid=history-entry][data-kind=skeleton]")
    skeleton_entry.click()
    diff = nb.testid("skeleton-diff")
    expect(diff).to_contain_text("Hook")
    expect(diff).not_to_contain_text("\\n")
    expect(diff).not_to_contain_text('"hook"')

    since = len(emulator.requests)
    nb.widget.locator("[data-testid=history-restore][data-kind=draft]").click()
    patch = emulator.wait_for_request("updateAiChatSession", REQUEST_TIMEOUT, since=since)
    old = DRAFTED["draft_history"][0]
    assert body_of(patch)["draft_body"] == old["body"]
    expect(nb.testid("notice")).to_contain_text("Restored v1 of the draft.")
    row = emulator.get_session(session_id)
    assert (row["draft_subject"], row["draft_body"]) == (old["subject"], old["body"])
    assert row["framework_version"] == 3
    assert row["draft_history"][-1]["body"] == DRAFTED["draft_body"]
    expect(nb.widget.locator("[data-testid=history-entry][data-kind=draft]")).to_have_count(2)
    nb.testid("tab-draft").click()
    expect(nb.testid("draft-body")).to_have_value(old["body"])
    expect(nb.testid("dirty")).to_be_hidden()


@pytest.mark.parametrize("ui", UIS)
def test_examples_from_an_older_version_are_marked(
    page: Page, jupyter: JupyterServer, new_session: NewSession, ui: str
) -> None:
    """Examples made from v1 under a v2 draft say so, on their tab and in the panel."""
    examples = [
        {"lead_id": "lead-1", "subject": "Old subject", "body": "Old body", "framework_version": 1}
    ]
    nb = open_widget(
        page, jupyter, ui, "stale", new_session(**DRAFTED, generated_examples=examples)
    )
    expect(nb.testid("tab-examples")).to_have_attribute("data-alert", "true")
    nb.testid("tab-examples").click()
    expect(nb.testid("examples-stale")).to_be_visible()
    expect(nb.testid("examples-stale")).to_contain_text("Made from v1; the draft is now v2.")
    expect(nb.testid("regenerate-examples")).to_be_enabled()


@pytest.mark.parametrize("ui", UIS)
def test_a_turn_says_what_it_changed_and_offers_a_hand_edit_back(
    page: Page,
    jupyter: JupyterServer,
    emulator: Emulator,
    new_session: NewSession,
    ui: str,
) -> None:
    """A body edited and saved by hand, then rewritten by a turn: the line under the reply names
    the change and the versions, shows a word diff, and brings the hand edit back."""
    session_id = new_session(messages=BRIEFED)
    nb = open_widget(page, jupyter, ui, "changes", session_id)
    nb.testid("chat-input").fill("Sender is Sid; angle: time-to-ROI")
    nb.testid("send").click()
    expect(nb.messages("assistant")).to_have_count(2)
    expect(nb.status).to_have_attribute("data-status", "idle")
    mine = "Hi %first_name%,\n\nMy own words about %company%."
    nb.testid("draft-body").fill(mine)
    nb.testid("save").click()
    expect(nb.testid("dirty")).to_be_hidden()
    assert emulator.get_session(session_id)["draft_body"] == mine

    nb.testid("chat-input").fill("Make it about onboarding speed instead")
    nb.testid("send").click()
    expect(nb.messages("assistant")).to_have_count(3)
    line = nb.widget.locator("[data-testid=turn-change]").last
    expect(line).to_contain_text(re.compile(r"Changed .*body.* framework v\d+ → v\d+"))
    expect(line.get_by_test_id("replaced-hand-edit")).to_contain_text("your saved edit of the body")
    line.get_by_test_id("turn-change-toggle").click()
    expect(line.locator("[data-field=draft_body] del").first).to_be_visible()
    line.get_by_test_id("restore-hand-edit").click()
    expect(nb.testid("draft-body")).to_have_value(mine)
    assert emulator.get_session(session_id)["draft_body"] == mine


_AT_BOTTOM = """(el) => el.scrollHeight > el.clientHeight + 50
  && el.scrollHeight - el.scrollTop - el.clientHeight <= 32"""


@pytest.mark.parametrize("ui", UIS)
def test_transcripts_open_at_the_latest_message(
    page: Page, jupyter: JupyterServer, emulator: Emulator, api: Puffle, ui: str
) -> None:
    """A long transcript opens scrolled to its latest message, shown directly and when opened
    from the campaign table."""
    campaign_id, nodes = emulator.new_campaign(nodes=2)
    long = [
        {"role": "user" if i % 2 == 0 else "assistant", "content": f"Message {i}: " + "text " * 30}
        for i in range(80)
    ]
    ids = []
    for node_id, title in zip(nodes, ["Direct", "From the table"], strict=True):
        session_id = api.sessions.create(campaign_id=campaign_id, node_id=node_id).id
        emulator.set_session(session_id, title=title, messages=long)
        ids.append(session_id)
    cells = [
        f"from puffle_widgets import CampaignWidget, SessionWidget\n\nSessionWidget({ids[0]!r})",
        f"CampaignWidget({campaign_id!r})",
    ]
    nb = NotebookPage.open(page, jupyter, ui, write_cells(jupyter, f"latest-{ui}", cells))
    table = page.locator(".puffle-campaign")
    nb.run_all(widget=table)
    direct = nb.widget.first.get_by_test_id("transcript")
    expect(direct.get_by_test_id("message").last).to_contain_text("Message 79")
    page.wait_for_function(f"(el) => ({_AT_BOTTOM})(el)", arg=direct.element_handle())
    table.locator(f'[data-testid=campaign-row][data-session-id="{ids[1]}"]').click()
    expect(nb.widget).to_have_count(2)
    opened = nb.widget.last
    expect(opened.get_by_test_id("title")).to_have_text("From the table")
    transcript = opened.get_by_test_id("transcript")
    opened.scroll_into_view_if_needed()
    page.wait_for_function(f"(el) => ({_AT_BOTTOM})(el)", arg=transcript.element_handle())
    expect(transcript.get_by_test_id("message").last).to_be_in_viewport()


# --- themes ---------------------------------------------------------------------------------


@pytest.fixture
def lab_dark_theme(state_dir: Path) -> Iterator[None]:
    """JupyterLab's dark theme for the pages of this test only."""
    path = (
        state_dir / "settings" / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"theme": "JupyterLab Dark"}')
    yield
    path.unlink()


def test_dark_in_jupyterlab_dark_theme(
    lab_dark_theme: None, page: Page, jupyter: JupyterServer, new_session: NewSession
) -> None:
    nb = open_widget(page, jupyter, "lab", "dark", new_session(**DRAFTED))
    expect(page.locator("body")).to_have_attribute("data-jp-theme-light", "false")
    assert luminance(background(nb.widget)) < 0.2
    assert luminance(nb.testid("title").evaluate("(el) => getComputedStyle(el).color")) > 0.6


VSCODE_DARK = """:root {
  --vscode-editor-background: #1e1e1e; --vscode-editor-foreground: #d4d4d4;
  --vscode-descriptionForeground: #9d9d9d; --vscode-widget-border: #454545;
  --vscode-button-background: #0e639c; --vscode-button-foreground: #ffffff;
}"""


@pytest.fixture
def plain_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """`plain_page(color_scheme=...)`: a page with no Jupyter, closed at the end."""
    contexts = []

    def make(color_scheme: Scheme = "light", width: int = 1200) -> Page:
        viewport: ViewportSize = {"width": width, "height": 800}
        context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize(
    "case",
    ["vscode-variables", "prefers-dark", "marimo-dark-in-shadow-root", "light-control"],
)
def test_theme_outside_jupyter(plain_page: Callable[..., Page], case: str) -> None:
    """The widget root is dark under VS Code's dark variables, under the system's dark scheme,
    and in marimo's dark theme (marks on <body>, the widget in a shadow root); light otherwise."""
    options: dict[str, Any] = {}
    scheme: Scheme = "light"
    if case == "vscode-variables":
        options = {"page_css": VSCODE_DARK}
    elif case == "prefers-dark":
        scheme = "dark"
    elif case == "marimo-dark-in-shadow-root":
        options = {
            "body_class": "dark dark-theme",
            "body_attrs": 'data-theme="dark"',
            "shadow": True,
        }
    page = plain_page(color_scheme=scheme)
    open_standalone(page, session_state(), **options)
    root = page.locator(".puffle-session")
    expect(root).to_be_visible()
    shade = luminance(background(root))
    if case == "light-control":
        assert shade > 0.8
    else:
        assert shade < 0.2
    if case == "vscode-variables":
        assert background(root) == "rgb(30, 30, 30)"


def test_nothing_overflows_at_360_px(plain_page: Callable[..., Page]) -> None:
    """At 360 px the panes stack and every tab fits: examples are cards, ids behind a toggle."""
    page = plain_page(width=360)
    examples = [{"lead_id": "lead-" + "x" * 60, "subject": "S " * 40, "body": "word " * 200}]
    open_standalone(page, session_state(generated_examples=examples))
    root = page.locator(".puffle-session")
    chat, work = root.locator(".pw-col-chat"), root.locator(".pw-col-work")
    chat_box, work_box = chat.bounding_box(), work.bounding_box()
    assert chat_box is not None and work_box is not None
    assert work_box["y"] >= chat_box["y"] + chat_box["height"] - 1, "the panes did not stack"
    root.locator("details.pw-ids > summary").click()
    for tab in ("draft", "skeleton", "history", "examples"):
        root.get_by_test_id(f"tab-{tab}").click()
        assert root.evaluate(_OVERFLOW) == []
