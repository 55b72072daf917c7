"""The request log stays bounded: a ring of recent records that keeps sizes, not big bodies."""

from __future__ import annotations

import gc
import sys
import uuid
from types import FunctionType, ModuleType
from typing import Any

import httpx
import pytest

from puffle_widgets.emulator import Emulator, RequestLog, RequestRecord
from tests.emulator.helpers import SESSIONS, client_for


def _deep_size(root: Any) -> int:
    """Bytes of every object reachable from `root` (classes, modules and functions aside)."""
    seen: set[int] = set()
    todo, size = [root], 0
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, (type, ModuleType, FunctionType)):
            continue
        seen.add(id(obj))
        size += sys.getsizeof(obj)
        todo.extend(gc.get_referents(obj))
    return size


def _list(client: httpx.Client) -> httpx.Response:
    return client.get(SESSIONS, params={"campaign_id": str(uuid.uuid4())})


def _record(index: int, body: bytes | None = None) -> RequestRecord:
    return RequestRecord(
        method="POST",
        path=f"/r/{index}",
        query="",
        operation_id=None,
        session_id=None,
        status=200,
        request_id=f"req_{index}",
        fault=None,
        body_size=len(body or b""),
        raw_body=body,
    )


def test_the_log_keeps_the_latest_records_with_absolute_indices() -> None:
    with Emulator(latency=0.05, log_size=5) as emulator, client_for(emulator) as http:
        for _ in range(12):
            assert _list(http).status_code == 200
        log = emulator.requests
        assert (len(log), log.retained, log.first_index) == (12, 5, 7)
        assert len(list(log)) == 5
        with pytest.raises(IndexError, match="dropped"):
            _ = log[0]
        assert log[-1] is log[11]
        assert log[10:] == [log[10], log[11]]
        assert log[:8] == [log[7]]
        assert emulator.wait_for_request("listAiChatSessions", since=0) is log[7]
        since = len(log)
        assert _list(http).status_code == 200
        assert emulator.wait_for_request("listAiChatSessions", since=since) is log[12]
        assert [r.request_id for r in reversed(log)][:2] == [log[12].request_id, log[11].request_id]


def test_polling_a_big_session_does_not_grow_the_log(
    emulator: Emulator, client: httpx.Client, session_id: str
) -> None:
    # An ~84 KB session, as in the report: +243 MB per 1,000 GETs before the log was bounded.
    texts = [f"message {i}: " + "the draft reads well, tighten the ask " * 10 for i in range(200)]
    emulator.set_session(session_id, messages=[{"role": "user", "content": t} for t in texts])
    first = client.get(f"{SESSIONS}/{session_id}")
    assert len(first.content) > 80_000
    for _ in range(300):
        assert client.get(f"{SESSIONS}/{session_id}").status_code == 200
    records = [r for r in emulator.requests if r.operation_id == "getAiChatSession"]
    assert len(records) == 301
    assert all(r.response is None and r.response_size > 80_000 for r in records)
    # 301 records of sizes and ids, not 301 sessions (that would be over 25 MB).
    assert _deep_size(emulator.requests) < 1_000_000


def test_small_bodies_are_kept_and_big_ones_only_measured() -> None:
    with Emulator(latency=0.05, log_body_limit=200) as emulator, client_for(emulator) as http:
        campaign_id, node_ids = emulator.new_campaign(nodes=1)
        created = http.post(SESSIONS, json={"campaign_id": campaign_id, "node_id": node_ids[0]})
        new_id = created.json()["session"]["id"]
        http.patch(f"{SESSIONS}/{new_id}", json={"title": "short"})
        http.patch(f"{SESSIONS}/{new_id}", json={"title": "long " * 100})
        small, big = [r for r in emulator.requests if r.operation_id == "updateAiChatSession"]
    assert small.body == {"title": "short"}
    assert (big.body, big.response) == (None, None)
    assert big.body_size > 500
    assert big.response_size > 500


def test_the_oldest_bodies_go_first_beyond_the_budget() -> None:
    log = RequestLog(100, body_limit=1000, body_budget=3000)
    for index in range(10):
        log.append(_record(index, b'{"n": "' + b"x" * 990 + b'"}'))
    assert log.kept_bytes <= 3000
    kept = [record.raw_body is not None for record in log]
    assert kept == [False] * 7 + [True] * 3
    assert all(record.body_size > 990 for record in log)
    assert log[9].body["n"].startswith("xxx")


def test_the_log_checks_its_settings_and_clears() -> None:
    with pytest.raises(ValueError, match="capacity"):
        RequestLog(0)
    with pytest.raises(ValueError, match="negative"):
        RequestLog(10, body_limit=-1)
    log = RequestLog(2)
    for index in range(3):
        log.append(_record(index))
    log.clear()
    assert (len(log), log.retained, list(log)) == (0, 0, [])
    log.append(_record(9))
    assert log[0].path == "/r/9"
