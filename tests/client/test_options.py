"""Configuration: arguments, environment, defaults, and a clear error when the key is missing."""

from __future__ import annotations

import httpx
import pytest

from puffle_widgets import AsyncPuffle, Puffle, PuffleError
from puffle_widgets.client import DEFAULT_BASE_URL, PollSchedule


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PUFFLE_API_KEY", raising=False)
    monkeypatch.delenv("PUFFLE_API_BASE_URL", raising=False)


def test_missing_key_says_how_to_set_one() -> None:
    with pytest.raises(PuffleError, match="PUFFLE_API_KEY") as info:
        Puffle()
    assert "Settings -> API" in str(info.value)
    assert "emulator" in str(info.value)
    with pytest.raises(PuffleError, match="PUFFLE_API_KEY"):
        AsyncPuffle(api_key="   ")


def test_key_and_base_url_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUFFLE_API_KEY", "pk_live_from_env")
    monkeypatch.setenv("PUFFLE_API_BASE_URL", "http://127.0.0.1:9/")
    with Puffle() as client:
        assert client.base_url == "http://127.0.0.1:9"


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUFFLE_API_BASE_URL", "http://127.0.0.1:9")
    with Puffle(api_key="pk_live_x", base_url="https://example.test/api/") as client:
        assert client.base_url == "https://example.test"


def test_default_base_url_and_settings() -> None:
    with Puffle(api_key="pk_live_x") as client:
        assert client.base_url == DEFAULT_BASE_URL == "https://app.puffle.ai"
        assert client.max_retries == 2
        assert client.timeout == httpx.Timeout(30.0)
        assert client.poll_schedule == PollSchedule(2.0, 5.0, 1.5)


@pytest.mark.parametrize("url", ["app.puffle.ai", "ftp://x.test", "http://"])
def test_bad_base_url_is_named(url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        Puffle(api_key="pk_live_x", base_url=url)


@pytest.mark.parametrize("retries", [-1, 1.5, True])
def test_bad_max_retries_is_named(retries: object) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        Puffle(api_key="pk_live_x", max_retries=retries)  # type: ignore[arg-type]


def test_key_with_whitespace_is_rejected_without_echoing_it() -> None:
    with pytest.raises(ValueError, match="whitespace") as info:
        Puffle(api_key="pk_live_se cret")
    assert "se cret" not in str(info.value)


def test_with_options_and_twins_keep_settings_and_reject_unknown() -> None:
    with Puffle(api_key="pk_live_x", base_url="http://127.0.0.1:9", poll_interval=0.1) as client:
        copy = client.with_options(max_retries=0)
        assert (copy.base_url, copy.max_retries) == ("http://127.0.0.1:9", 0)
        twin = client.as_async()
        assert isinstance(twin, AsyncPuffle)
        assert twin.poll_schedule == PollSchedule(0.1, 0.1, 1.0)
        with pytest.raises(TypeError, match="colour"):
            client.with_options(colour="red")
        copy.close()


def test_poll_schedule_backs_off_from_2_toward_5_seconds() -> None:
    delays = PollSchedule().delays()
    seen = [next(delays) for _ in range(6)]
    assert seen[0] == 2.0
    assert seen == sorted(seen)
    assert seen[-1] == 5.0
    with pytest.raises(ValueError, match="interval"):
        PollSchedule.from_interval(0)


def test_with_options_shares_a_custom_http_client() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={"sessions": []})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with Puffle(api_key="pk_live_x", base_url="https://api.invalid", http_client=http) as client:
        copy = client.with_options(max_retries=0)
        assert copy.sessions.list("3c90c3cc-0d44-4b50-8888-8dd25736052a") == []
        copy.close()
        assert not http.is_closed  # the caller's client stays open
    assert not http.is_closed
    assert len(seen) == 1
    http.close()
