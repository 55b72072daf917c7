"""SQLite storage (stdlib sqlite3): API keys, campaigns and their nodes, sessions, pending jobs.

One connection, shared by the server thread and the caller's thread under one lock; every write
notifies `changed`, which is what `Emulator.wait_idle` waits on.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Final

from puffle_widgets.emulator.clock import Clock
from puffle_widgets.emulator.tokens import new_id
from puffle_widgets.models import Session as SessionModel

# The columns are the documented Session fields, in the order the model declares them.
SESSION_FIELDS: Final = tuple(SessionModel.model_fields)
JSON_FIELDS: Final = frozenset(
    {"messages", "skeleton", "skeleton_history", "draft_history", "generated_examples"}
)
WRITABLE_FIELDS: Final = frozenset(SESSION_FIELDS) - {"id"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, api_key TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS campaigns (id TEXT PRIMARY KEY, user_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY, campaign_id TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL, campaign_id TEXT NOT NULL, node_id TEXT NOT NULL,
    title TEXT, messages TEXT, draft_subject TEXT, draft_body TEXT, skeleton TEXT,
    skeleton_history TEXT, draft_history TEXT, framework_version INTEGER,
    generated_examples TEXT, task_status TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_by_campaign ON sessions (campaign_id, created_at);
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, kind TEXT NOT NULL,
    payload TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

Session = dict[str, Any]


def _encode(field: str, value: Any) -> Any:
    return json.dumps(value) if field in JSON_FIELDS and value is not None else value


def _decode(row: tuple[Any, ...]) -> Session:
    session = dict(zip(SESSION_FIELDS, row, strict=True))
    for field in JSON_FIELDS:
        if session[field] is not None:
            session[field] = json.loads(session[field])
    return session


class Store:
    """Every table the emulator keeps, behind one lock."""

    def __init__(self, path: str | os.PathLike[str] | None, clock: Clock) -> None:
        target = ":memory:" if path is None else os.fspath(path)
        self._db = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        self._lock = threading.RLock()
        self.changed = threading.Condition(self._lock)
        self.clock = clock
        with self._lock:
            if path is not None:
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database; the store is unusable afterwards."""
        with self._lock:
            self._db.close()

    def _run(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, args)

    def _rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _row(self, sql: str, args: tuple[Any, ...] = ()) -> Any:
        rows = self._rows(sql, args)
        return rows[0] if rows else None

    def meta(self, key: str) -> str | None:
        """A stored setting, or None."""
        row = self._row("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting."""
        self._run("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def ensure_user(self, api_key: str) -> str:
        """The id of the user `api_key` belongs to, creating that user when new."""
        with self._lock:
            user_id = self.user_for_key(api_key)
            if user_id is None:
                user_id = new_id()
                self._run("INSERT INTO users (id, api_key) VALUES (?, ?)", (user_id, api_key))
            return user_id

    def user_for_key(self, api_key: str) -> str | None:
        """The id of the user `api_key` belongs to, or None for an unknown key."""
        row = self._row("SELECT id FROM users WHERE api_key = ?", (api_key,))
        return None if row is None else str(row[0])

    def add_campaign(self, user_id: str, nodes: int) -> tuple[str, list[str]]:
        """A new campaign of `user_id` with `nodes` sequence nodes: (campaign id, node ids)."""
        campaign_id, node_ids = new_id(), [new_id() for _ in range(nodes)]
        with self._lock:
            self._run("INSERT INTO campaigns (id, user_id) VALUES (?, ?)", (campaign_id, user_id))
            for position, node_id in enumerate(node_ids):
                self._run(
                    "INSERT INTO nodes (id, campaign_id, position) VALUES (?, ?, ?)",
                    (node_id, campaign_id, position),
                )
        return campaign_id, node_ids

    def campaign_owner(self, campaign_id: str) -> str | None:
        """The user id owning `campaign_id`, or None when there is no such campaign."""
        row = self._row("SELECT user_id FROM campaigns WHERE id = ?", (campaign_id,))
        return None if row is None else str(row[0])

    def has_node(self, campaign_id: str, node_id: str) -> bool:
        """True when `node_id` is a sequence node of `campaign_id`."""
        sql = "SELECT 1 FROM nodes WHERE id = ? AND campaign_id = ?"
        return self._row(sql, (node_id, campaign_id)) is not None

    def create_session(self, user_id: str, campaign_id: str, node_id: str) -> Session:
        """Insert an empty session (every content field null) and return it."""
        session_id = new_id()
        with self._lock:
            now = self.clock.now()
            self._run(
                "INSERT INTO sessions (id, user_id, campaign_id, node_id, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, user_id, campaign_id, node_id, now, now),
            )
            self.changed.notify_all()
            created = self.session(session_id)
        assert created is not None
        return created

    def session(self, session_id: str) -> Session | None:
        """The stored row as the API returns it, or None."""
        columns = ", ".join(SESSION_FIELDS)
        sql = f"SELECT {columns} FROM sessions WHERE id = ?"
        row = self._row(sql, (session_id,))
        return None if row is None else _decode(row)

    def sessions_of(self, user_id: str, campaign_id: str) -> list[Session]:
        """Every session `user_id` owns in `campaign_id`, oldest first."""
        columns = ", ".join(SESSION_FIELDS)
        sql = (
            f"SELECT {columns} FROM sessions WHERE user_id = ? AND campaign_id = ?"
            " ORDER BY created_at, rowid"
        )
        return [_decode(row) for row in self._rows(sql, (user_id, campaign_id))]

    def write(self, session_id: str, fields: Mapping[str, Any]) -> Session | None:
        """Write `fields` (moving `updated_at` unless given) and return the row, None if gone."""
        unknown = set(fields) - WRITABLE_FIELDS
        if unknown:
            raise KeyError(f"not session fields: {sorted(unknown)}")
        with self._lock:
            values = {"updated_at": self.clock.now(), **fields}
            assignments = ", ".join(f"{name} = ?" for name in values)
            args = (*(_encode(k, v) for k, v in values.items()), session_id)
            cursor = self._run(f"UPDATE sessions SET {assignments} WHERE id = ?", args)
            if cursor.rowcount == 0:
                return None
            self.changed.notify_all()
            return self.session(session_id)

    def update(
        self, session_id: str, change: Callable[[Session], Mapping[str, Any]]
    ) -> Session | None:
        """Write `change(row)` computed from the current row, atomically; None if it is gone."""
        with self._lock:
            row = self.session(session_id)
            return None if row is None else self.write(session_id, change(row))

    def claim(
        self, session_id: str, status: str, change: Callable[[Session], Mapping[str, Any]]
    ) -> Session | None:
        """Set `task_status` to `status` only if it is null, and write `change(row)` with it; the
        updated row, or None when the session is busy or gone."""
        with self._lock:
            row = self.session(session_id)
            sql = "UPDATE sessions SET task_status = ? WHERE id = ? AND task_status IS NULL"
            # The conditional UPDATE keeps the claim atomic even across processes sharing the file.
            if row is None or self._run(sql, (status, session_id)).rowcount == 0:
                return None
            return self.write(session_id, {**change(row), "task_status": status})

    def delete(self, session_id: str) -> bool:
        """Remove the session; False when there was none."""
        with self._lock:
            deleted = self._run("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount > 0
            self._run("DELETE FROM meta WHERE key LIKE ?", (f"%:{session_id}",))
            self.changed.notify_all()
            return deleted

    def add_job(self, session_id: str, kind: str, payload: Mapping[str, Any]) -> int:
        """Remember a queued job, so that a restart can finish it."""
        sql = "INSERT INTO jobs (session_id, kind, payload) VALUES (?, ?, ?)"
        cursor = self._run(sql, (session_id, kind, json.dumps(payload)))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def pending_jobs(self) -> list[tuple[int, str, str, dict[str, Any]]]:
        """Every queued job not finished yet: (job id, session id, kind, payload)."""
        rows = self._rows("SELECT id, session_id, kind, payload FROM jobs ORDER BY id")
        return [(int(i), str(s), str(k), json.loads(p)) for i, s, k, p in rows]

    def remove_job(self, job_id: int) -> None:
        """Forget a finished job."""
        self._run("DELETE FROM jobs WHERE id = ?", (job_id,))

    def wait_session(
        self, session_id: str, accept: Callable[[Session | None], bool], timeout: float
    ) -> Session | None:
        """Block until `accept(row)` holds (row None once deleted); woken by every write."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                row = self.session(session_id)
                if accept(row):
                    return row
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"session {session_id} did not settle within {timeout} s")
                self.changed.wait(remaining)
