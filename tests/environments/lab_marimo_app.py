"""A marimo app for tests/environments/test_lab_environments.py, served with `marimo run`.

A `PromptLab` run against the emulator the test started (its URL and key in PUFFLE_TEST_LAB,
JSON, so no key is in a URL): the grid through `mo.ui.anywidget`, and a dependent cell that
shows what the kernel's result holds once a star clicked in the grid reached it.
"""

import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def imports():
    import json
    import os

    import marimo as mo

    from puffle_widgets import Puffle
    from puffle_widgets.client import PollSchedule
    from puffle_widgets.lab import PromptLab

    return PollSchedule, PromptLab, Puffle, json, mo, os


@app.cell
def lab_run(PollSchedule, PromptLab, Puffle, json, mo, os):
    config = json.loads(os.environ["PUFFLE_TEST_LAB"])
    client = Puffle(
        api_key=config["key"],
        base_url=config["url"],
        poll_interval=PollSchedule(0.2, 1.0, 1.5),
    )
    lab = PromptLab(
        config["campaign"],
        config["node"],
        client=client,
        leads=[{"first_name": "Sarah", "last_name": "Lee", "company": "Acme"}],
        available_var_names=["first_name", "company"],
        concurrency=1,  # one variant at a time: the run lasts, and its progress shows
    )
    result = lab.run(config["variants"], turns=2)
    grid = mo.ui.anywidget(lab.grid)
    grid  # noqa: B018 (the cell's output)
    return grid, result


@app.cell
def starred(grid, mo, result):
    # Reruns when the grid's value (its ratings among it) changes in the browser.
    grid.value["ratings"]
    names = [name for name, rating in result.ratings().items() if rating["star"]]
    mo.md(f"Starred in the kernel: {', '.join(names) or 'none'}")
    return


if __name__ == "__main__":
    app.run()
