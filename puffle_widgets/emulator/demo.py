"""The demo campaign: one session in each interesting state, written by the simulated LLM."""

from __future__ import annotations

import json
from typing import Any, Final

from puffle_widgets.emulator.store import Store
from puffle_widgets.emulator.tasks import (
    TURN,
    claim_examples,
    claim_turn,
    finish_examples,
    finish_turn,
)
from puffle_widgets.models import (
    GenerateExamplesRequest,
    SampleLead,
    TurnRequest,
)

STATES: Final = ("fresh", "questions", "drafted", "examples", "busy")
VARIABLES: Final = ["first_name", "company", "position"]
LEADS: Final = [
    SampleLead(
        first_name="Sarah",
        last_name="Lee",
        company="Acme",
        position="VP of Sales",
        headline="VP Sales at Acme | Scaling enterprise teams",
        linkedin_url="https://www.linkedin.com/in/sarah-lee-demo",
    ),
    SampleLead(first_name="Marco", last_name="Rossi", company="Globex", position="Head of Sales"),
    SampleLead(first_name="Priya", last_name="Patel", company="Initech", position="CRO"),
]
# Each session drafts a different email of the sequence, so the campaign reads like one: the
# chats are what a growth team would type, and the last message of "busy" is still running.
CHATS: Final = {
    "fresh": ("Write a referral ask for happy customers",),
    "questions": ("Draft a follow-up for prospects who opened the intro but never replied",),
    "drafted": (
        "Write an intro email for enterprise VPs of Sales, emphasizing time-to-ROI",
        "It's from Sid, our CEO. Keep it friendly and mention how fast onboarding is too.",
        "Make it shorter and end with a question.",
    ),
    "examples": (
        "Write a case-study email for heads of RevOps: how Northwind cut sales ramp time in half",
        "From Maya, our Head of Customer Success. Keep it warm.",
        "Mention the Salesforce integration too",
    ),
    "busy": (
        "Write a short break-up email for the last step of the sequence",
        "It's from Sid, our CEO. Keep it direct.",
        "Make it friendlier and even shorter",
    ),
}
# How many chat messages each state has seen (finished turns; "busy" has one more in flight).
_TURNS: Final = {"fresh": 0, "questions": 1, "drafted": 3, "examples": 3, "busy": 2}


def _turn_payload(message: str) -> dict[str, Any]:
    # No sequence context: every demo session drafts a first email, the richest one to show.
    request = TurnRequest(message=message, available_var_names=VARIABLES, sample_leads=LEADS[:1])
    return request.to_wire()


def _chat(store: Store, session_id: str, message: str) -> None:
    payload = _turn_payload(message)
    claim_turn(store, session_id, TurnRequest.model_validate(payload))
    finish_turn(store, session_id, payload)


def seed_demo(store: Store, user_id: str) -> tuple[str, dict[str, str]]:
    """The demo campaign of `user_id` and its session ids by state, seeded once per database."""
    key = f"demo:{user_id}"
    stored = store.meta(key)
    if stored is not None:
        seeded = json.loads(stored)
        return str(seeded["campaign_id"]), dict(seeded["sessions"])
    campaign_id, node_ids = store.add_campaign(user_id, len(STATES))
    sessions: dict[str, str] = {}
    for state, node_id in zip(STATES, node_ids, strict=True):
        session_id = store.create_session(user_id, campaign_id, node_id)["id"]
        sessions[state] = session_id
        for message in CHATS[state][: _TURNS[state]]:
            _chat(store, session_id, message)
        if state == "examples":
            request = GenerateExamplesRequest(leads=LEADS, is_first_batch=True)
            claim_examples(store, session_id)
            finish_examples(store, session_id, request.to_wire())
        if state == "busy":
            payload = _turn_payload(CHATS[state][_TURNS[state]])
            claim_turn(store, session_id, TurnRequest.model_validate(payload))
            # Stored, not run: the emulator's job runner picks it up when the server starts.
            store.add_job(session_id, TURN, payload)
    store.set_meta(key, json.dumps({"campaign_id": campaign_id, "sessions": sessions}))
    return campaign_id, sessions
