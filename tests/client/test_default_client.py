"""The default client belongs to one configuration: the key and base URL in the environment
when it is asked for. Different keys or servers never share a client."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest

from puffle_widgets import AsyncPuffle, Puffle, PuffleError
from puffle_widgets.client import default_client, set_default_client


@pytest.fixture(autouse=True)
def no_explicit_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    set_default_client(None)
    monkeypatch.delenv("PUFFLE_API_KEY", raising=False)
    monkeypatch.delenv("PUFFLE_API_BASE_URL", raising=False)
    yield
    set_default_client(None)


def fresh_key() -> str:
    return f"pk_live_{uuid.uuid4().hex}"


def test_one_client_per_key_and_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    key_a, key_b = fresh_key(), fresh_key()
    monkeypatch.setenv("PUFFLE_API_KEY", key_a)
    monkeypatch.setenv("PUFFLE_API_BASE_URL", "http://127.0.0.1:9001")
    first = default_client()
    assert default_client() is first
    monkeypatch.setenv("PUFFLE_API_KEY", key_b)
    other_key = default_client()
    assert other_key is not first
    monkeypatch.setenv("PUFFLE_API_BASE_URL", "http://127.0.0.1:9002")
    other_url = default_client()
    assert other_url not in (first, other_key)
    assert other_url.base_url == "http://127.0.0.1:9002"
    monkeypatch.setenv("PUFFLE_API_KEY", key_a)
    monkeypatch.setenv("PUFFLE_API_BASE_URL", "http://127.0.0.1:9001/")  # the same server
    assert default_client() is first
    assert len({first.fingerprint, other_key.fingerprint, other_url.fingerprint}) == 3


def test_no_key_in_the_environment_says_so() -> None:
    with pytest.raises(PuffleError, match="PUFFLE_API_KEY"):
        default_client()


def test_concurrent_callers_get_one_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUFFLE_API_KEY", fresh_key())
    monkeypatch.setenv("PUFFLE_API_BASE_URL", "http://127.0.0.1:9003")
    start = threading.Barrier(8)
    seen: list[Puffle] = []

    def ask() -> None:
        start.wait()
        seen.append(default_client())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 8
    assert len({id(c) for c in seen}) == 1


def test_an_explicit_default_wins_until_cleared(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUFFLE_API_KEY", fresh_key())
    explicit = AsyncPuffle(api_key=fresh_key(), base_url="http://127.0.0.1:9004")
    set_default_client(explicit)
    assert default_client().fingerprint == explicit.fingerprint
    set_default_client(None)
    assert default_client().fingerprint != explicit.fingerprint
