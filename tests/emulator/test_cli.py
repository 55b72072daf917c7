"""`python -m puffle_widgets.emulator`: prints how to connect, serves the demo, stops on SIGTERM."""

from __future__ import annotations

import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.emulator.helpers import SESSIONS

ROOT = Path(__file__).resolve().parents[2]
KEY = "pk_live_test"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def cli() -> Iterator[tuple[subprocess.Popen[str], queue.Queue[str]]]:
    """The CLI as a subprocess, its stdout lines arriving on a queue."""
    command = [sys.executable, "-m", "puffle_widgets.emulator", "--port", str(_free_port())]
    command += ["--demo", "--api-key", KEY, "--latency", "0.05"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()
    yield process, lines
    if process.poll() is None:
        process.kill()
        process.wait(10)


def _printed(lines: queue.Queue[str]) -> dict[str, str]:
    """What the CLI printed up to its Ctrl-C hint, as `name: value` pairs."""
    found: dict[str, str] = {}
    while True:
        line = lines.get(timeout=30).strip()
        if line.startswith("Press Ctrl-C"):
            return found
        separator = "=" if "=" in line else ":"
        name, _, value = line.partition(separator)
        found[name.strip()] = value.strip()


def test_the_cli_serves_the_demo_until_terminated(
    cli: tuple[subprocess.Popen[str], queue.Queue[str]],
) -> None:
    process, lines = cli
    printed = _printed(lines)
    url, campaign_id = printed["PUFFLE_API_BASE_URL"], printed["demo campaign"]
    assert printed["PUFFLE_API_KEY"] == KEY
    assert printed["demo session drafted"]
    response = httpx.get(
        f"{url}{SESSIONS}",
        params={"campaign_id": campaign_id},
        headers={"Authorization": f"Bearer {KEY}"},
    )
    assert response.status_code == 200
    assert len(response.json()["sessions"]) == 5
    process.terminate()
    assert process.wait(10) == 0


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_reads_the_demo(cli: tuple[subprocess.Popen[str], queue.Queue[str]]) -> None:
    _, lines = cli
    printed = _printed(lines)
    url, campaign_id = printed["PUFFLE_API_BASE_URL"], printed["demo campaign"]
    command = [
        "curl",
        "--silent",
        "--show-error",
        "--fail",
        "--header",
        f"Authorization: Bearer {KEY}",
        f"{url}{SESSIONS}?campaign_id={campaign_id}",
    ]
    body = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    assert [s["campaign_id"] for s in body["sessions"]] == [campaign_id] * 5
