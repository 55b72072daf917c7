"""The per-key rate limit: a sliding window, 429 with Retry-After, and a count of 429s."""

from __future__ import annotations

import uuid

import httpx
import pytest

from puffle_widgets.emulator import Emulator
from puffle_widgets.emulator.ratelimit import RateLimiter
from tests.emulator.helpers import SESSIONS, client_for


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _list(http: httpx.Client) -> httpx.Response:
    return http.get(SESSIONS, params={"campaign_id": str(uuid.uuid4())})


def test_the_window_slides() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3, clock=clock)
    for step in (0.0, 10.0, 20.0):
        clock.now += step
        assert limiter.check("key") is None
    clock.now += 5  # 35 s after the first request: it leaves the window in 25 s
    assert limiter.check("key") == 25
    assert limiter.check("other key") is None
    clock.now += 25
    assert limiter.check("key") is None  # the first request left; the refused one never counted
    assert limiter.check("key") == 10
    assert limiter.refused == 2
    limiter.reset()
    assert (limiter.refused, limiter.check("key")) == (0, None)


def test_no_limit_and_bad_limits() -> None:
    limiter = RateLimiter()
    assert all(limiter.check("key") is None for _ in range(1000))
    for bad in (0, -5, 2.5, True, "60"):
        with pytest.raises(ValueError, match="rate_limit"):
            RateLimiter(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rate_limit"):
        Emulator(rate_limit=0)


def test_the_emulator_answers_429_per_key_and_counts_them() -> None:
    with Emulator(latency=0.05, rate_limit=3) as emulator, client_for(emulator) as http:
        other_key = emulator.add_user()
        assert [_list(http).status_code for _ in range(3)] == [200, 200, 200]
        limited = _list(http)
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert "3 requests per 60 s per API key" in limited.json()["error"]
        assert limited.headers["x-request-id"].startswith("req_")
        record = emulator.wait_for_request(lambda r: r.status == 429)
        assert record.fault == "rate_limit"
        with client_for(emulator, other_key) as other:
            assert _list(other).status_code == 200
        assert emulator.rate_limited == 1
        emulator.rate_limit = None
        assert _list(http).status_code == 200
        emulator.rate_limit = 1
        assert [_list(http).status_code for _ in range(2)] == [200, 429]
        assert emulator.rate_limited == 2
        emulator.reset_rate_limit()
        assert (emulator.rate_limited, _list(http).status_code) == (0, 200)


def test_a_limited_request_consumes_no_fault() -> None:
    with Emulator(latency=0.05, rate_limit=1) as emulator, client_for(emulator) as http:
        assert _list(http).status_code == 200
        emulator.faults.status("listAiChatSessions", 503)
        assert _list(http).status_code == 429
        assert len(emulator.faults.armed) == 1


def test_the_spec_and_keyless_requests_are_not_limited() -> None:
    with Emulator(latency=0.05, rate_limit=1) as emulator:
        for _ in range(3):
            assert httpx.get(f"{emulator.url}/openapi.yaml").status_code == 200
            assert httpx.get(f"{emulator.url}{SESSIONS}").status_code == 401
        assert emulator.rate_limited == 0
