"""Small HTTP helpers for the emulator tests: plain httpx, no typed client."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import httpx

from puffle_widgets.emulator import Emulator

SESSIONS: Final = "/api/campaigns/ai-chat-sessions"
SPEC: Final = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"
VARIABLES: Final = ["first_name", "company", "position"]
LEADS: Final = [
    {
        "first_name": "Sarah",
        "last_name": "Lee",
        "company": "Acme",
        "position": "VP of Sales",
        "linkedin_url": "https://www.linkedin.com/in/example",
    },
    {"first_name": "Marco", "last_name": "Rossi", "company": "Globex", "position": "CRO"},
]


def auth(key: str) -> dict[str, str]:
    """The Authorization header for `key`."""
    return {"Authorization": f"Bearer {key}"}


def client_for(emulator: Emulator, key: str | None = None) -> httpx.Client:
    """An httpx client on the emulator, authenticated as `key` (default: the emulator's key)."""
    # Plain http on loopback: verify=False only skips loading CA certificates (~50 ms a client).
    return httpx.Client(
        base_url=emulator.url, headers=auth(key or emulator.api_key), timeout=10, verify=False
    )


def create(client: httpx.Client, campaign_id: str, node_id: str) -> dict[str, Any]:
    """Create a session and return it."""
    response = client.post(SESSIONS, json={"campaign_id": campaign_id, "node_id": node_id})
    assert response.status_code == 201, response.text
    session: dict[str, Any] = response.json()["session"]
    return session


def turn(client: httpx.Client, session_id: str, message: str, **context: Any) -> httpx.Response:
    """POST one turn."""
    return client.post(f"{SESSIONS}/{session_id}/turn", json={"message": message, **context})


def chat(
    emulator: Emulator, client: httpx.Client, session_id: str, *messages: str, **context: Any
) -> dict[str, Any]:
    """Run `messages` as turns, each to completion, and return the session."""
    for message in messages:
        response = turn(client, session_id, message, **context)
        assert response.status_code == 202, response.text
        emulator.wait_idle(session_id)
    return emulator.get_session(session_id)


def drafted(emulator: Emulator, client: httpx.Client) -> str:
    """A new session of a new campaign with a skeleton and a draft (two finished turns)."""
    campaign_id, node_ids = emulator.new_campaign(nodes=1)
    session_id = str(create(client, campaign_id, node_ids[0])["id"])
    chat(
        emulator,
        client,
        session_id,
        "Write an intro email for CFOs, emphasizing cash visibility",
        "From Dana, our founder. Keep it friendly.",
        availableVarNames=VARIABLES,
    )
    return session_id
