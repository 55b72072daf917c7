"""Options are checked when the client is built, each error naming the option at fault; base
URLs that would misroute requests are refused, and clear-text ones to a remote host warned of."""

from __future__ import annotations

import traceback
import uuid
import warnings

import httpx
import pytest

from puffle_widgets import AsyncPuffle, Puffle

KEY = "pk_live_options0123456789"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PUFFLE_API_KEY", raising=False)
    monkeypatch.delenv("PUFFLE_API_BASE_URL", raising=False)


@pytest.mark.parametrize(
    ("timeout", "error", "words"),
    [
        (-1, ValueError, "more than 0"),
        (0, ValueError, "more than 0"),
        (float("nan"), ValueError, "finite"),
        (float("inf"), ValueError, "finite"),
        ("30", TypeError, "write 30 without quotes"),
        (True, TypeError, "number of seconds"),
        (httpx.Timeout(5.0, read=-2.0), ValueError, "timeout (read)"),
    ],
)
def test_bad_timeouts_are_named(timeout: object, error: type[Exception], words: str) -> None:
    for cls in (Puffle, AsyncPuffle):
        with pytest.raises(error, match="timeout") as info:
            cls(api_key=KEY, timeout=timeout)  # type: ignore[arg-type]
        assert words in str(info.value)


def test_good_timeouts_are_kept() -> None:
    with Puffle(api_key=KEY, timeout=None) as client:
        assert client.timeout == httpx.Timeout(None)
    with Puffle(api_key=KEY, timeout=2) as client:
        assert client.timeout == httpx.Timeout(2.0)


@pytest.mark.parametrize("interval", [float("inf"), float("nan"), 0, -1, "2", True])
def test_bad_poll_intervals_are_named(interval: object) -> None:
    with pytest.raises(ValueError, match="poll_interval"):
        Puffle(api_key=KEY, poll_interval=interval)  # type: ignore[arg-type]


def test_wait_interval_is_checked_too() -> None:
    with Puffle(api_key=KEY) as client, pytest.raises(ValueError, match="interval"):
        client.sessions.wait("3c90c3cc-0d44-4b50-8888-8dd25736052a", interval=float("inf"))


@pytest.mark.parametrize("key", [KEY + "\u00e9", KEY + "\x00", "pk_live\u2028" + KEY, "pk live"])
def test_keys_that_cannot_travel_in_a_header_are_refused(key: str) -> None:
    with pytest.raises(ValueError, match="API key") as info:
        Puffle(api_key=key)
    assert KEY not in str(info.value)


def test_a_key_that_is_not_a_string_is_named_by_type() -> None:
    with pytest.raises(TypeError, match="api_key must be a string, got bytes") as info:
        Puffle(api_key=KEY.encode())  # type: ignore[arg-type]
    assert KEY not in str(info.value)


@pytest.mark.parametrize("retries", [-1, 1.5, True, "2", None])
def test_bad_max_retries_are_named(retries: object) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        Puffle(api_key=KEY, max_retries=retries)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "url",
    [
        "https://app.puffle.ai/?x=1",
        "https://app.puffle.ai?",
        "https://app.puffle.ai/#top",
        "https://app.puffle.ai/api?key=1",
    ],
)
def test_base_url_with_query_or_fragment_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="query or fragment"):
        Puffle(api_key=KEY, base_url=url)


def test_base_url_of_the_wrong_type_is_named() -> None:
    with pytest.raises(TypeError, match="base_url"):
        Puffle(api_key=KEY, base_url=8080)  # type: ignore[arg-type]


def test_plain_http_to_a_remote_host_warns_once() -> None:
    url = f"http://{uuid.uuid4().hex}.example.test"  # a host no other test warned about
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        client = Puffle(api_key=KEY, base_url=url)
        twin = client.as_async()
        copy = client.with_options(max_retries=0)
        again = Puffle(api_key=KEY, base_url=url + "/")
    assert [w.category for w in record] == [UserWarning]
    assert "plain http://" in str(record[0].message)
    assert record[0].filename == __file__  # it points at the caller's line
    assert KEY not in str(record[0].message)
    for c in (client, copy, again):
        c.close()
    del twin


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765",
        "http://127.1.2.3",
        "http://localhost:8765",
        "http://api.localhost",
        "http://[::1]:8765",
        "https://app.puffle.ai",
    ],
)
def test_loopback_and_https_do_not_warn(url: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Puffle(api_key=KEY, base_url=url).close()


def test_repr_never_raises_even_half_built() -> None:
    for cls in (Puffle, AsyncPuffle):
        bare = cls.__new__(cls)
        assert repr(bare) == f"<{cls.__name__} (not configured)>"
    with Puffle(api_key=KEY, base_url="http://127.0.0.1:9") as client:
        assert repr(client) == "Puffle(base_url='http://127.0.0.1:9', api_key='[redacted]')"


def test_half_built_client_shows_in_traceback_locals() -> None:
    with pytest.raises(ValueError, match="timeout") as info:
        Puffle(api_key=KEY, timeout=-1)
    te = traceback.TracebackException.from_exception(info.value, capture_locals=True)
    text = "".join(te.format())
    assert "self = <Puffle (not configured)>" in text
    assert "repr() failed" not in text
