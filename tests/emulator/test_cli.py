"""`python -m puffle_widgets.emulator`: prints how to connect, serves the demo, stops on SIGTERM."""

from __future__ import annotations

import contextlib
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
from typing import IO

import httpx
import pytest

from puffle_widgets.emulator.__main__ import exposure_warning
from tests.emulator.helpers import SESSIONS

ROOT = Path(__file__).resolve().parents[2]
KEY = "pk_live_test"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


Launched = tuple[subprocess.Popen[str], queue.Queue[str]]


def _reader(stream: IO[str] | None) -> queue.Queue[str]:
    assert stream is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    return lines


@contextlib.contextmanager
def _launch(*args: str, errors: list[queue.Queue[str]] | None = None) -> Iterator[Launched]:
    """The CLI as a subprocess, its stdout lines arriving on a queue (stderr's on the queue
    appended to `errors`, when given)."""
    command = [sys.executable, "-m", "puffle_widgets.emulator", "--api-key", KEY, *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    stderr = subprocess.PIPE if errors is not None else None
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=stderr
    )
    lines = _reader(process.stdout)
    if errors is not None:
        errors.append(_reader(process.stderr))
    try:
        yield process, lines
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


@pytest.fixture
def cli() -> Iterator[Launched]:
    """The CLI serving the demo on a free port."""
    with _launch("--port", str(_free_port()), "--demo", "--latency", "0.05") as launched:
        yield launched


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
    cli: Launched,
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
def test_curl_reads_the_demo(cli: Launched) -> None:
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


def test_an_address_other_machines_reach_gets_a_warning() -> None:
    errors: list[queue.Queue[str]] = []
    with _launch("--host", "0.0.0.0", "--port", "0", errors=errors) as (process, lines):
        printed = _printed(lines)
        assert printed["PUFFLE_API_BASE_URL"].startswith("http://0.0.0.0:")
        warning = errors[0].get(timeout=30)
        process.terminate()
        assert process.wait(10) == 0
    assert warning.startswith("WARNING: listening on 0.0.0.0")
    assert "local use only" in warning
    assert "clear text" in warning


def test_only_loopback_addresses_go_without_a_warning() -> None:
    for host in ("127.0.0.1", "127.0.0.2", "::1", "localhost"):
        assert exposure_warning(host) is None
    for host in ("0.0.0.0", "::", "192.168.1.20", "my-laptop.local"):
        assert "clear text" in (exposure_warning(host) or "")


def test_the_rate_limit_flag() -> None:
    with _launch("--port", str(_free_port()), "--rate-limit", "2") as (process, lines):
        printed = _printed(lines)
        assert printed["rate limit"] == "2 requests per minute per key"
        url = f"{printed['PUFFLE_API_BASE_URL']}{SESSIONS}"
        headers = {"Authorization": f"Bearer {KEY}"}
        query = {"campaign_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a"}
        codes = [httpx.get(url, params=query, headers=headers).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        process.terminate()
        assert process.wait(10) == 0


def test_bad_flags_are_one_line_errors() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "puffle_widgets.emulator", "--rate-limit", "0"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "rate_limit must be a positive number" in result.stderr
