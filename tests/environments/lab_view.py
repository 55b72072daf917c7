"""Driving the prompt lab grid in a page, wherever it renders (Voila, marimo)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

# Every text the progress label shows from now on (a MutationObserver misses no state).
RECORD_PROGRESS = """(label) => {
  window.__progress = [label.textContent];
  new MutationObserver(() => {
    const seen = window.__progress;
    if (seen[seen.length - 1] !== label.textContent) seen.push(label.textContent);
  }).observe(label, { childList: true, characterData: true, subtree: true });
}"""
RUN_TIMEOUT = 120_000  # six turns one after another, each the emulator's latency and a poll


def live_grid(page: Page) -> Locator:
    """The live grid (not its static snapshot)."""
    return page.locator(".puffle-lab:not(.puffle-static)")


def see_run_live(page: Page, grid: Locator, names: list[str], turns: int) -> None:
    """The grid shows a variant running, then every variant done with its subject and body; the
    progress label went from a running state to the end in front of the page."""
    label = grid.get_by_test_id("lab-progress-label")
    label.evaluate(RECORD_PROGRESS)
    columns = grid.get_by_test_id("lab-column")
    expect(columns).to_have_count(len(names))
    # One variant at a time: while the run goes on, exactly one column is running.
    expect(grid.locator("[data-testid=lab-column][data-status=running]")).to_have_count(1)

    expect(label).to_contain_text(
        f"{len(names)} of {len(names)} variants finished", timeout=RUN_TIMEOUT
    )
    expect(label).to_contain_text("Done")
    total = len(names) * turns
    history: list[str] = page.evaluate("() => window.__progress")
    # The page saw the run part way, then its end: the grid changed live, with no reload.
    partway = [t for t in history if t.startswith("Running") and f"{total} of {total}" not in t]
    assert partway, history
    assert history[-1].startswith("Done"), history
    expect(grid.get_by_test_id("lab-progress")).to_have_attribute("aria-valuenow", str(total))
    for name in names:
        column = grid.locator(f'[data-testid=lab-column][data-variant="{name}"]')
        expect(column).to_have_attribute("data-status", "done")
        expect(column.get_by_test_id("lab-subject")).not_to_be_empty()
        expect(column.get_by_test_id("lab-body")).not_to_be_empty()
        expect(column.get_by_test_id("lab-filled")).to_contain_text("Sarah Lee (Acme)")


def star_reaches_the_kernel(page: Page, grid: Locator, name: str) -> None:
    """Star `name` in the grid; the page then shows the kernel's result holding the star."""
    expect(page.get_by_text("Starred in the kernel: none")).to_be_visible()
    star = grid.locator(f'[data-testid=lab-column][data-variant="{name}"]').get_by_test_id(
        "lab-star"
    )
    star.click()
    expect(star).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text(f"Starred in the kernel: {name}")).to_be_visible()
