"""The key never shows: not in traceback locals (plain or IPython Verbose), not in what an
exception carries (message, body, response text, request headers), not in a pickled exception.
Errors come from the emulator, whose faults echo the key in their bodies as a careless server or
gateway might."""

from __future__ import annotations

import pickle
import traceback
from collections.abc import Callable, Iterator

import pytest
from IPython.core.interactiveshell import InteractiveShell

from puffle_widgets import (
    APIConnectionError,
    APIError,
    APIStatusError,
    AuthenticationError,
    InternalServerError,
    NotFoundError,
    Puffle,
)
from puffle_widgets.emulator import Emulator

GET = "getAiChatSession"
UNKNOWN_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
# Module-level, so it is a global (never a local) of the frames that use it.
LOCAL_KEY = "pk_live_local0123456789abcdef"
NON_ASCII_KEY = LOCAL_KEY + "\u00e9"


def raised(action: Callable[[], object]) -> BaseException:
    """The exception `action` raises (its traceback starts here, in a frame without the key)."""
    try:
        action()
    except Exception as exc:
        return exc
    raise AssertionError("expected an exception")


def with_locals(exc: BaseException) -> str:
    """The traceback as a formatter that prints every frame's locals would show it."""
    te = traceback.TracebackException.from_exception(exc, capture_locals=True)
    return "".join(te.format())


def printed(exc: APIError) -> str:
    """Everything a user is likely to print from an API error."""
    parts = [str(exc), repr(exc), repr(exc.body), repr(exc.request), repr(exc.request.headers)]
    parts += [str(dict(exc.request.headers)), exc.request.content.decode()]
    response = getattr(exc, "response", None)
    if response is not None:
        parts += [response.text, str(dict(response.headers)), str(dict(response.request.headers))]
    return "\n".join(parts)


@pytest.fixture
def session_id(client: Puffle, campaign: tuple[str, list[str]]) -> str:
    return client.sessions.create(campaign_id=campaign[0], node_id=campaign[1][0]).id


@pytest.fixture
def strict(emulator: Emulator) -> Iterator[Puffle]:
    """A client that does not retry, so each fault becomes the exception."""
    with Puffle(api_key=emulator.api_key, base_url=emulator.url, max_retries=0) as c:
        yield c


def echo_errors(emulator: Emulator, strict: Puffle, session_id: str) -> list[APIStatusError]:
    """A 401, a 404 and a 500 whose bodies echo the key and the Authorization header."""
    key = emulator.api_key
    errors: list[APIStatusError] = []
    for status, body in [
        (401, {"error": f"invalid key {key}", "echo": {"authorization": f"Bearer {key}"}}),
        (404, {"error": {"code": "not_found", "message": f"no session for Bearer {key}"}}),
        (500, f"<html><body>upstream failed for Authorization: Bearer {key}</body></html>"),
    ]:
        emulator.faults.status(GET, status, body=body)
        exc = raised(lambda: strict.sessions.get(session_id))
        assert isinstance(exc, APIStatusError)
        errors.append(exc)
    assert [type(e) for e in errors] == [AuthenticationError, NotFoundError, InternalServerError]
    return errors


def test_errors_carry_no_key(emulator: Emulator, strict: Puffle, session_id: str) -> None:
    for exc in echo_errors(emulator, strict, session_id):
        text = printed(exc)
        assert emulator.api_key not in text
        assert exc.request.headers["authorization"] == "[redacted]"
        assert exc.response.request.headers["authorization"] == "[redacted]"
        assert "[redacted]" in exc.response.text  # the echo was replaced, not dropped


def test_traceback_locals_hold_no_key(emulator: Emulator, strict: Puffle, session_id: str) -> None:
    for exc in echo_errors(emulator, strict, session_id):
        formatted = with_locals(exc)
        assert "finish" in formatted  # the library's frames are there, with their locals
        assert emulator.api_key not in formatted


def test_pickled_errors_hold_no_key_and_round_trip(
    emulator: Emulator, strict: Puffle, session_id: str
) -> None:
    for exc in echo_errors(emulator, strict, session_id):
        data = pickle.dumps(exc)
        assert emulator.api_key.encode() not in data
        copy = pickle.loads(data)
        assert type(copy) is type(exc)
        assert (str(copy), copy.status_code, copy.body) == (str(exc), exc.status_code, exc.body)
        assert copy.response.text == exc.response.text


def test_connection_errors_carry_no_key() -> None:
    with Puffle(api_key=LOCAL_KEY, base_url="http://127.0.0.1:1", max_retries=0) as client:
        exc = raised(lambda: client.sessions.get(UNKNOWN_ID))
    assert isinstance(exc, APIConnectionError)
    assert exc.__context__ is None  # no chain back to httpx's request, which holds the header
    for text in (printed(exc), with_locals(exc), pickle.dumps(exc).decode("latin-1")):
        assert LOCAL_KEY not in text


@pytest.mark.parametrize(
    "options",
    [
        {"timeout": -1},
        {"timeout": "30"},
        {"base_url": "ftp://x.test"},
        {"poll_interval": float("inf")},
        {"max_retries": -1},
    ],
)
def test_constructor_errors_hold_no_key_in_locals(
    options: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    exc = raised(lambda: Puffle(api_key=LOCAL_KEY, **options))  # type: ignore[arg-type]
    assert "resolve_options" in with_locals(exc)
    assert LOCAL_KEY not in with_locals(exc)
    monkeypatch.setenv("PUFFLE_API_KEY", LOCAL_KEY)
    exc = raised(lambda: Puffle(**options))  # type: ignore[arg-type]
    assert LOCAL_KEY not in with_locals(exc)


def test_a_malformed_key_is_not_shown_either() -> None:
    exc = raised(lambda: Puffle(api_key=NON_ASCII_KEY))
    assert isinstance(exc, ValueError)
    assert "non-ASCII" in str(exc)
    assert LOCAL_KEY not in with_locals(exc)


def test_ipython_verbose_tracebacks_hold_no_key(
    emulator: Emulator,
    strict: Puffle,
    session_id: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shell = InteractiveShell.instance()
    shell.run_line_magic("colors", "nocolor")
    shell.run_line_magic("xmode", "Verbose")
    monkeypatch.setenv("PUFFLE_API_KEY", emulator.api_key)
    monkeypatch.setenv("PUFFLE_API_BASE_URL", emulator.url)
    shell.user_ns.update(client=strict, session_id=session_id, Puffle=Puffle)
    emulator.faults.status(GET, 401, body={"error": f"bad key {emulator.api_key}"})
    try:
        capsys.readouterr()
        cells = [
            "client.sessions.get(session_id)",  # a 401 that echoes the key
            "Puffle(max_retries=0).sessions.get(session_id + 'x')",  # key from the environment
            "Puffle(timeout=-1)",  # a constructor that fails half-way
        ]
        for cell in cells:
            assert shell.run_cell(cell).error_in_exec is not None
        out = capsys.readouterr().out
    finally:
        shell.run_line_magic("xmode", "Context")
        shell.user_ns.pop("client", None)
    assert "AuthenticationError" in out and "resolve_options" in out
    assert "api_key" in out  # the locals were printed ...
    assert emulator.api_key not in out  # ... and none of them showed the key
