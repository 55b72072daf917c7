"""Magics and formatters in a plain IPython shell: parsing, one-line errors, static views."""

from __future__ import annotations

import pytest
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

from puffle_widgets.emulator import Emulator
from puffle_widgets.jupyter.formatters import sessions_table_html


def usage_error(shell: InteractiveShell, source: str, capsys: pytest.CaptureFixture[str]) -> str:
    result = shell.run_cell(source)
    assert isinstance(result.error_in_exec, UsageError), result.error_in_exec
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[0].startswith("UsageError: ")
    return " ".join(lines)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("%puffle", "give a session id, or --campaign"),
        ("%puffle --colour red", "unrecognized arguments: --colour"),
        ("%puffle not-a-uuid", "session id 'not-a-uuid' is not a valid UUID"),
        ("%puffle --campaign nope", "campaign_id 'nope' is not a valid UUID"),
        ("%puffle 3c90c3cc-0d44-4b50-8888-8dd25736052a --campaign x", "give a session id, or"),
        ("%puffle 3c90c3cc-0d44-4b50-8888-8dd25736052a --leads nowhere", "--leads nowhere"),
        ("%puffle 'unclosed", "No closing quotation"),
        ("%%puffle_turn\nhi", "the following arguments are required: session_id"),
        ("%%puffle_turn bad-id\nhi", "session id 'bad-id' is not a valid UUID"),
        ("%%puffle_turn 3c90c3cc-0d44-4b50-8888-8dd25736052a\n   ", "the cell is empty"),
        ("%%puffle_turn 3c90c3cc-0d44-4b50-8888-8dd25736052a --timeout soon\nhi", "invalid float"),
        ("%puffle_emulator --latency", "expected one argument"),
    ],
)
def test_bad_input_gives_one_usage_line(
    shell: InteractiveShell, capsys: pytest.CaptureFixture[str], source: str, expected: str
) -> None:
    assert expected in usage_error(shell, source, capsys)


def test_api_errors_are_one_line_too(
    shell: InteractiveShell, capsys: pytest.CaptureFixture[str]
) -> None:
    message = usage_error(shell, "%puffle 3c90c3cc-0d44-4b50-8888-8dd25736052a", capsys)
    assert "404 Not Found" in message


def test_puffle_shows_a_session(
    shell: InteractiveShell, emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    session_id = emulator.demo_session_ids["drafted"]
    result = shell.run_cell(f"%puffle {session_id} --vars first_name,company")
    assert result.success
    assert "(idle)" in capsys.readouterr().out


def test_puffle_campaign_shows_the_sessions(
    shell: InteractiveShell, emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    result = shell.run_cell(f"%puffle --campaign {emulator.demo_campaign_id}")
    assert result.success
    out = capsys.readouterr().out
    assert f"Puffle campaign {emulator.demo_campaign_id}" in out


def test_turn_magic_returns_the_new_session(shell: InteractiveShell, emulator: Emulator) -> None:
    session_id = emulator.demo_session_ids["drafted"]
    before = len(emulator.get_session(session_id)["messages"])
    shell.user_ns["leads"] = [{"first_name": "Sarah", "company": "Acme"}]
    result = shell.run_cell(
        f"%%puffle_turn {session_id} --vars first_name,company --leads leads\nMake it shorter\n"
    )
    assert result.success, result.error_in_exec
    session = result.result
    assert len(session.transcript) == before + 2
    assert session.transcript[-2].content == "Make it shorter"
    turn = [r for r in emulator.requests if r.operation_id == "runAiChatTurn"][-1]
    assert turn.body["availableVarNames"] == ["first_name", "company"]
    assert turn.body["sampleLeads"] == [{"first_name": "Sarah", "company": "Acme"}]


def test_turn_magic_no_wait_returns_at_once(shell: InteractiveShell, emulator: Emulator) -> None:
    session_id = emulator.demo_session_ids["questions"]
    result = shell.run_cell(f"%%puffle_turn {session_id} --no-wait\nAngle: onboarding\n")
    assert result.success
    assert result.result is None
    assert emulator.wait_idle(session_id) is not None


def test_formatters_show_sessions_statically_outside_a_kernel(
    shell: InteractiveShell, emulator: Emulator
) -> None:
    from puffle_widgets import Puffle

    with Puffle(api_key=emulator.api_key, base_url=emulator.url) as client:
        sessions = client.sessions.list(emulator.demo_campaign_id or "")
    data, _ = shell.display_formatter.format(sessions)
    assert "<table" in data["text/html"]
    assert data["text/html"].count("<tr") == len(sessions) + 1
    assert sessions_table_html([1, 2]) is None
    assert sessions_table_html([]) is None
    assert "(idle)" in shell.display_formatter.formatters["text/plain"](sessions[2])
    assert "puffle-static" in shell.display_formatter.formatters["text/html"](sessions) or ""


def test_emulator_magic_auto_defers_to_a_real_key(
    shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PUFFLE_API_KEY", "pk_live_real")
    result = shell.run_cell("%puffle_emulator --auto")
    assert result.success
    assert result.result is None
    assert "using the real Puffle API" in capsys.readouterr().out


def test_emulator_magic_auto_reuses_its_own_emulator(
    shell: InteractiveShell, monkeypatch: pytest.MonkeyPatch
) -> None:
    from puffle_widgets.jupyter.emulator import running_emulator

    for name in ("PUFFLE_API_KEY", "PUFFLE_API_BASE_URL"):
        monkeypatch.setenv(name, "")  # so that the test's end removes what the magic sets
        monkeypatch.delenv(name)
    first = shell.run_cell("%puffle_emulator --auto --latency 0.05").result
    try:
        assert first is not None
        again = shell.run_cell("%puffle_emulator --auto").result
        assert again is first  # its own key in the environment is not "a real key"
    finally:
        emu = running_emulator()
        if emu is not None:
            emu.stop()
