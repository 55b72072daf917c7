"""The seven documented operations: their ids and the paths they answer on."""

from __future__ import annotations

import re
from typing import Final

LIST: Final = "listAiChatSessions"
CREATE: Final = "createAiChatSession"
GET: Final = "getAiChatSession"
UPDATE: Final = "updateAiChatSession"
DELETE: Final = "deleteAiChatSession"
TURN: Final = "runAiChatTurn"
EXAMPLES: Final = "generateAiChatExamples"

OPERATION_IDS: Final = (LIST, CREATE, GET, UPDATE, DELETE, TURN, EXAMPLES)
TASK_OPERATIONS: Final = frozenset({TURN, EXAMPLES})

COLLECTION_PATH: Final = "/api/campaigns/ai-chat-sessions"

_ROUTES: Final = (
    (re.compile(r"^/api/campaigns/ai-chat-sessions$"), {"GET": LIST, "POST": CREATE}),
    (
        re.compile(r"^/api/campaigns/ai-chat-sessions/(?P<id>[^/]+)$"),
        {"GET": GET, "PATCH": UPDATE, "DELETE": DELETE},
    ),
    (re.compile(r"^/api/campaigns/ai-chat-sessions/(?P<id>[^/]+)/turn$"), {"POST": TURN}),
    (
        re.compile(r"^/api/campaigns/ai-chat-sessions/(?P<id>[^/]+)/generate-examples$"),
        {"POST": EXAMPLES},
    ),
)


def operation_for(method: str, path: str) -> tuple[str | None, str | None]:
    """The operation id and the session id in the path, or None for either when there is none."""
    for pattern, by_method in _ROUTES:
        match = pattern.match(path)
        if match is None:
            continue
        session_id = match.groupdict().get("id")
        # HEAD is answered like GET by the router, so faults and the log treat it alike.
        verb = "GET" if method.upper() == "HEAD" else method.upper()
        return by_method.get(verb), session_id
    return None, None
