"""The prompt lab grid in real JupyterLab and Notebook 7, in Chromium: live progress after the
cell returned, a failed column beside finished ones, a star that reaches the kernel, Promote,
and the snapshot hidden where the grid renders."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator
from tests.browser.conftest import create_session
from tests.browser.notebook_page import LEADS, UIS, VAR_NAMES, NotebookPage, write_cells
from tools.jupyter_server import JupyterServer

pytestmark = pytest.mark.browser

# Every text the progress label shows from now on (a MutationObserver misses no state).
RECORD_PROGRESS = """(label) => {
  window.__progress = [label.textContent];
  new MutationObserver(() => {
    const seen = window.__progress;
    if (seen[seen.length - 1] !== label.textContent) seen.push(label.textContent);
  }).observe(label, { childList: true, characterData: true, subtree: true });
}"""


def lab_cell(campaign_id: str, node_id: str) -> str:
    return f"""\
from puffle_widgets import Puffle
from puffle_widgets.client import PollSchedule
from puffle_widgets.lab import PromptLab

client = Puffle(poll_interval=PollSchedule(0.2, 1.0, 1.5), max_retries=0)
lab = PromptLab(
    {campaign_id!r},
    {node_id!r},
    client=client,
    leads={LEADS!r},
    available_var_names={VAR_NAMES!r},
    concurrency=2,
)
lab.run(
    [
        "Write an intro email for VPs of Sales",
        "Write an intro email for founders about hiring",
        "Cold email to CTOs about security audits",
    ],
    turns=2,
)"""


@pytest.mark.parametrize("ui", UIS)
def test_the_grid_runs_live_fails_one_column_stars_and_promotes(
    page: Page, jupyter: JupyterServer, emulator: Emulator, api: Puffle, ui: str
) -> None:
    campaign_id, nodes = emulator.new_campaign(nodes=1)
    target = create_session(emulator, api, draft_subject="Old subject", draft_body="Old body")
    emulator.faults.status("runAiChatTurn", 500)  # the first turn sent: one variant fails
    notebook = write_cells(jupyter, f"prompt-lab-{ui}", [lab_cell(campaign_id, nodes[0])])
    nb = NotebookPage.open(page, jupyter, ui, notebook)
    grid = page.locator(".puffle-lab:not(.puffle-static)")

    nb.run_all(grid)
    label = grid.get_by_test_id("lab-progress-label")
    label.evaluate(RECORD_PROGRESS)
    columns = grid.get_by_test_id("lab-column")
    expect(columns).to_have_count(3)

    # Live: the run goes on after its cell returned, and no cell runs again.
    expect(label).to_contain_text("3 of 3 variants finished", timeout=60_000)
    history: list[str] = page.evaluate("() => window.__progress")
    assert len(history) >= 2, history
    assert nb.runs()[-1].startswith("from puffle_widgets import Puffle")
    assert len(nb.runs()) == 1
    expect(label).to_contain_text("1 failed")
    progress = grid.get_by_test_id("lab-progress")
    expect(progress).to_have_attribute("aria-valuenow", "6")

    # One failed column with its error; the others finished with drafts.
    failed = grid.locator("[data-testid=lab-column][data-status=failed]")
    expect(failed).to_have_count(1)
    expect(failed.get_by_test_id("lab-error")).to_contain_text("InternalServerError")
    done = grid.locator("[data-testid=lab-column][data-status=done]")
    expect(done).to_have_count(2)
    expect(done.first.get_by_test_id("lab-subject")).not_to_be_empty()
    expect(done.first.get_by_test_id("lab-filled")).to_contain_text("Sarah Lee (Acme)")

    # A star reaches the kernel: the kernel re-renders the (hidden) snapshot with it.
    winner = done.last
    winner.get_by_test_id("lab-star").click()
    expect(winner.get_by_test_id("lab-star")).to_have_attribute("aria-pressed", "true")
    snapshot = page.locator(".puffle-fallback .puffle-lab")
    expect(snapshot).to_be_hidden()
    expect(snapshot).to_contain_text("★ starred")

    # Promote asks for the session and reports back in the column.
    winner.get_by_test_id("lab-promote").click()
    winner.get_by_test_id("lab-promote-target").fill(target)
    winner.get_by_test_id("lab-promote-confirm").click()
    expect(winner.get_by_test_id("lab-notice")).to_have_text(f"Promoted to {target}.")
    subject = winner.get_by_test_id("lab-subject").inner_text()
    assert api.sessions.get(target).draft_subject == subject
    assert re.search(r"%\w+%", subject)  # the template, not a lead's filled copy
