"""Sessions for the benchmarks, and changes to them made as "another client" would.

`seed_session` is the one place that fills a session: straight into the emulator's store when
the emulator can (`Emulator.seed_session`), else through PATCH (the spec accepts `messages`,
`draft_history`, `skeleton_history` and `generated_examples`) with bench/content.py's texts.
"""

from __future__ import annotations

import zlib
from types import TracebackType
from typing import Any, Self

import httpx

from bench import content
from puffle_widgets.emulator import Emulator

SESSIONS = "/api/campaigns/ai-chat-sessions"


class Api:
    """A raw HTTP client of the emulator (the bench's own, independent of the library's)."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self._http = httpx.Client(
            base_url=emu.url, headers={"Authorization": f"Bearer {emu.api_key}"}, timeout=60
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._http.close()

    def create(self) -> str:
        """A new, empty session in a campaign of its own."""
        campaign_id, nodes = self.emu.new_campaign(nodes=1)
        answer = self._http.post(SESSIONS, json={"campaign_id": campaign_id, "node_id": nodes[0]})
        answer.raise_for_status()
        return str(answer.json()["session"]["id"])

    def get(self, session_id: str) -> dict[str, Any]:
        """The session as the API returns it."""
        answer = self._http.get(f"{SESSIONS}/{session_id}")
        answer.raise_for_status()
        session: dict[str, Any] = answer.json()["session"]
        return session

    def patch(self, session_id: str, **fields: Any) -> dict[str, Any]:
        """PATCH `fields`; returns the session."""
        answer = self._http.patch(f"{SESSIONS}/{session_id}", json=fields)
        answer.raise_for_status()
        session: dict[str, Any] = answer.json()["session"]
        return session

    def turn(self, session_id: str, message: str) -> None:
        """Start a chat turn (202)."""
        answer = self._http.post(f"{SESSIONS}/{session_id}/turn", json={"message": message})
        answer.raise_for_status()


def seed_session(api: Api, tag: str, *, messages: int, history: int = 0, examples: int = 0) -> str:
    """A new idle session holding `messages` unique messages, `history` earlier versions (a
    draft and a skeleton entry each) and `examples` generated examples, plus a draft and a
    skeleton; `tag` makes its texts unique."""
    in_store = getattr(api.emu, "seed_session", None)
    if in_store is not None:
        campaign_id, nodes = api.emu.new_campaign(nodes=1)
        seed = zlib.crc32(tag.encode())
        kinds = {"messages": messages, "history": history, "examples": examples}
        return str(in_store(campaign_id, nodes[0], **kinds, seed=seed))
    return _seed_through_api(api, tag, messages=messages, history=history, examples=examples)


def _seed_through_api(api: Api, tag: str, *, messages: int, history: int, examples: int) -> str:
    session_id = api.create()
    api.patch(
        session_id,
        title=f"Bench {tag}",
        skeleton={"hook": f"Hook of {tag}", "value_prop": "Saves a day a week"},
        draft_subject=f"Quick question for %first_name% ({tag})",
        draft_body="Hi %first_name%,\n\nA short note about %company%.\n\nBest,\n%sender_first%",
    )
    fields: dict[str, Any] = {"messages": content.messages(tag, messages)}
    if history:
        drafts, skeletons = content.history(tag, history)
        fields.update(draft_history=drafts, skeleton_history=skeletons)
    if examples:
        fields["generated_examples"] = content.examples(tag, examples)
    api.patch(session_id, **fields)  # after the skeleton: a new skeleton clears examples
    return session_id


def append_message(api: Api, session_id: str, message: dict[str, Any]) -> int:
    """Append `message` server-side (a PATCH by another client); the new message count."""
    current = api.emu.get_session(session_id)["messages"] or []
    api.patch(session_id, messages=[*current, message])
    return len(current) + 1


def hold_busy(api: Api, session_id: str, message: str = "Hold on (bench)") -> None:
    """Make the session busy until `release`: a turn whose task cannot finish (it appends the
    user's message, as a real turn does)."""
    api.emu.faults.stick(session_id)
    api.turn(session_id, message)


def release(api: Api, session_id: str, timeout: float = 60.0) -> None:
    """Let the held task finish and wait until the session is idle."""
    api.emu.faults.unstick(session_id)
    api.emu.wait_idle(session_id, timeout=timeout)
