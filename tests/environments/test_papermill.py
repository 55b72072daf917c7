"""notebooks/report.ipynb run headless by the `papermill` command line, with parameters: against
a given session (key from the environment) and with none (the emulator's demo session). Its
output notebook converts to HTML that shows the transcript offline with no script run."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbconvert import HTMLExporter
from playwright.sync_api import Browser, expect

from puffle_widgets import Puffle
from puffle_widgets.emulator import Emulator
from tests.environments.conftest import NOTEBOOKS, isolated_env, open_page
from tests.pages import offline

pytestmark = pytest.mark.notebook

MESSAGE = "Sender is Sid; angle: time-to-ROI"
BRIEFED = [
    {"role": "user", "content": "Write an intro email for VPs of Sales"},
    {"role": "assistant", "content": "Thanks! Who is the email from?"},
]
RUN_TIMEOUT = 180


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(latency=0.3) as emu:
        yield emu
        assert emu.job_errors == []


def papermill(out: Path, env: dict[str, str], **parameters: str) -> Any:
    """Run the report with `parameters` through the papermill CLI; the executed notebook."""
    cmd = [sys.executable, "-m", "papermill", str(NOTEBOOKS / "report.ipynb"), str(out)]
    for name, value in parameters.items():
        cmd += ["-p", name, value]
    done = subprocess.run(
        cmd, env=env, cwd=out.parent, capture_output=True, text=True, timeout=RUN_TIMEOUT
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return nbformat.read(out, as_version=4)


def errors(nb: Any) -> list[Any]:
    return [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]


def assert_html_shows_offline(nb: Any, browser: Browser, path: Path, *texts: str) -> None:
    """The nbconvert HTML of `nb`, opened with JavaScript off and the network cut, shows the
    session's static view holding each of `texts`."""
    html, _ = HTMLExporter().from_notebook_node(nb)
    path.write_text(html, encoding="utf-8")
    with open_page(browser, path.stem, java_script_enabled=False) as page:
        page.route("**/*", offline)
        page.goto(path.as_uri())
        view = page.locator(".puffle-static")
        expect(view).to_have_count(1)
        expect(view).to_be_visible()
        for text in texts:
            expect(view).to_contain_text(text)


def test_report_on_a_given_session(
    emulator: Emulator, browser: Browser, state_dir: Path, tmp_path: Path
) -> None:
    campaign_id, nodes = emulator.new_campaign(nodes=1)
    with Puffle(api_key=emulator.api_key, base_url=emulator.url) as api:
        session_id = api.sessions.create(campaign_id=campaign_id, node_id=nodes[0]).id
    emulator.set_session(session_id, messages=BRIEFED)
    since = len(emulator.requests)

    env = isolated_env(state_dir, **emulator.env())
    nb = papermill(tmp_path / "report.ipynb", env, session_id=session_id, message=MESSAGE)

    assert errors(nb) == []
    turn = emulator.wait_for_request("runAiChatTurn", since=since)
    assert turn.session_id == session_id
    assert turn.body["message"] == MESSAGE
    final = emulator.get_session(session_id)
    assert final["task_status"] is None
    reply = final["messages"][-1]["content"]
    assert final["messages"][-2]["content"] == MESSAGE
    assert emulator.api_key not in json.dumps(nb)
    last_paragraph = " ".join(reply.split("\n\n")[-1].split())
    assert_html_shows_offline(
        nb, browser, tmp_path / "report.html", MESSAGE, last_paragraph, final["draft_subject"]
    )


def test_report_with_no_session_uses_the_demo(
    browser: Browser, state_dir: Path, tmp_path: Path
) -> None:
    """No key in the environment and no session id: the report starts its own emulator."""
    nb = papermill(tmp_path / "demo.ipynb", isolated_env(state_dir), message=MESSAGE)
    assert errors(nb) == []
    printed = "".join(
        o.get("text", "") for c in nb.cells for o in c.get("outputs", []) if "text" in o
    )
    assert "demo session" in printed
    assert "status='idle'" in printed
    assert_html_shows_offline(nb, browser, tmp_path / "demo.html", MESSAGE, "Draft")
