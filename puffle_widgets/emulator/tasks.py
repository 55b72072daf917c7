"""The two task kinds: claimed when the request arrives, finished by a job after the latency."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, Final

from puffle_widgets.emulator.examples import write_examples
from puffle_widgets.emulator.llm import chat_turn
from puffle_widgets.emulator.store import Session, Store
from puffle_widgets.models import (
    CHAT_PROCESSING,
    GENERATING_EXAMPLES,
    GenerateExamplesRequest,
    TurnRequest,
)

TURN: Final = "framework-chat-turn"
EXAMPLES: Final = "generate-email-examples"


def claim_turn(store: Store, session_id: str, request: TurnRequest) -> Session | None:
    """Claim the session for a turn and append the user's message; None when it is busy."""

    def append(row: Session) -> dict[str, Any]:
        message = {"role": "user", "content": request.message}
        return {"messages": [*(row["messages"] or []), message]}

    return store.claim(session_id, CHAT_PROCESSING, append)


def claim_examples(store: Store, session_id: str) -> Session | None:
    """Claim the session for an examples run; None when it is busy."""
    return store.claim(session_id, GENERATING_EXAMPLES, lambda row: {})


def written_key(session_id: str) -> str:
    """The meta key under which the store keeps what the LLM last wrote for a session."""
    return f"llm-written:{session_id}"


def finish_turn(store: Store, session_id: str, payload: Mapping[str, Any]) -> Session | None:
    """Write the turn's reply, skeleton and draft and release the claim; None if the row is gone."""
    request = TurnRequest.model_validate(payload)
    key = written_key(session_id)

    def reply(row: Session) -> dict[str, Any]:
        stored = store.meta(key)
        fields, written = chat_turn(
            row, request, store.clock.now(), json.loads(stored) if stored else None
        )
        if written is not None:
            store.set_meta(key, json.dumps(written))
        return {**fields, "task_status": None}

    return store.update(session_id, reply)


def finish_examples(store: Store, session_id: str, payload: Mapping[str, Any]) -> Session | None:
    """Write the examples (overwrite, or append when `isFirstBatch` is false) and release."""
    request = GenerateExamplesRequest.model_validate(payload)

    def examples(row: Session) -> dict[str, Any]:
        written = write_examples(row, request.leads)
        if request.is_first_batch is False:
            written = [*(row["generated_examples"] or []), *written]
        return {"generated_examples": written, "task_status": None}

    return store.update(session_id, examples)


FINISHERS: Final[dict[str, Callable[[Store, str, Mapping[str, Any]], Session | None]]] = {
    TURN: finish_turn,
    EXAMPLES: finish_examples,
}
