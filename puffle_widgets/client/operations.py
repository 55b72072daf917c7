"""Each API operation as a `Call`: method, path, body, retry mode and how to read the answer.

The sync and async resources build the same calls here, so input checking and wire naming
live in one place. Everything is checked before a `Call` exists: a bad id, an empty or too long
message, a malformed lead raise here and nothing is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from puffle_widgets.client.retries import RetryMode
from puffle_widgets.models import (
    UPDATABLE_FIELDS,
    DeleteResponse,
    GenerateExamplesRequest,
    SampleLead,
    SequenceContext,
    Session,
    SessionList,
    SessionListResponse,
    SessionResponse,
    TaskRun,
    TurnRequest,
    UpdateSessionRequest,
    check_text_length,
    check_uuid,
    lead_dicts,
    sequence_context_dict,
    validation_message,
    var_names,
)

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

SESSIONS_PATH = "/api/campaigns/ai-chat-sessions"


@dataclass(frozen=True)
class Answer(Generic[T]):
    """How to read a 2xx body: the model of the whole body and the part the caller wants."""

    model: type[BaseModel]
    pick: Callable[[Any], T]

    def from_bytes(self, raw: bytes) -> T:
        """Parse the raw body in one pass (pydantic's JSON parser; no dicts in between)."""
        return self.pick(self.model.model_validate_json(raw))

    def from_json(self, data: Any) -> T:
        """Parse an already decoded body (the slower path that explains what is wrong)."""
        return self.pick(self.model.model_validate(data))


SESSION = Answer[Session](SessionResponse, lambda body: body.session)
# A SessionList: the same list, but it shows itself as a table in any notebook front end.
SESSIONS = Answer[list[Session]](SessionListResponse, lambda body: SessionList(body.sessions))
DELETED = Answer[None](DeleteResponse, lambda _body: None)
TASK_RUN = Answer[TaskRun](TaskRun, lambda body: body)


@dataclass(frozen=True)
class Call(Generic[T]):
    """One request to make and how to read its 2xx body."""

    method: str
    path: str
    answer: Answer[T]
    retry: RetryMode = RetryMode.IDEMPOTENT
    params: dict[str, str] | None = None
    body: dict[str, Any] | None = None


def _path(session_id: str, suffix: str = "") -> str:
    return f"{SESSIONS_PATH}/{check_uuid(session_id, 'session id')}{suffix}"


def list_sessions(campaign_id: str) -> Call[list[Session]]:
    """GET the sessions of a campaign."""
    params = {"campaign_id": check_uuid(campaign_id, "campaign_id")}
    return Call("GET", SESSIONS_PATH, SESSIONS, params=params)


def create_session(campaign_id: str, node_id: str) -> Call[Session]:
    """POST a new, empty session for one sequence node."""
    body = {
        "campaign_id": check_uuid(campaign_id, "campaign_id"),
        "node_id": check_uuid(node_id, "node_id"),
    }
    return Call("POST", SESSIONS_PATH, SESSION, RetryMode.UNSAFE, body=body)


def get_session(session_id: str) -> Call[Session]:
    """GET one session."""
    return Call("GET", _path(session_id), SESSION)


def update_session(session_id: str, fields: Mapping[str, Any]) -> Call[Session]:
    """PATCH exactly the given fields."""
    unknown = sorted(set(fields) - set(UPDATABLE_FIELDS))
    if unknown:
        raise TypeError(
            f"update() got unknown field(s) {', '.join(map(repr, unknown))}; the fields a "
            f"session accepts are: {', '.join(UPDATABLE_FIELDS)}."
        )
    if not fields:
        raise ValueError("update() needs at least one field to change, e.g. title='...'.")
    if isinstance(fields.get("title"), str):
        check_text_length(fields["title"], "title")
    plain = {key: _plain(value) for key, value in fields.items()}
    body = _build(UpdateSessionRequest, plain, "update()").to_wire()
    return Call("PATCH", _path(session_id), SESSION, body=body)


def delete_session(session_id: str) -> Call[None]:
    """DELETE one session."""
    return Call("DELETE", _path(session_id), DELETED)


def run_turn(
    session_id: str,
    message: str,
    *,
    available_var_names: Sequence[str] | None,
    sample_leads: Sequence[SampleLead | Mapping[str, Any]] | None,
    sequence_context: SequenceContext | Mapping[str, Any] | None,
) -> Call[TaskRun]:
    """POST one chat message to the framework LLM."""
    if not isinstance(message, str) or not message.strip():
        raise ValueError("turn() needs a non-empty message, e.g. 'Make it shorter'.")
    data: dict[str, Any] = {"message": check_text_length(message, "The message")}
    if available_var_names is not None:
        data["available_var_names"] = var_names(available_var_names)
    if sample_leads is not None:
        data["sample_leads"] = lead_dicts(sample_leads, "sample_leads")
    if sequence_context is not None:
        data["sequence_context"] = sequence_context_dict(sequence_context)
    body = _build(TurnRequest, data, "turn()").to_wire()
    return Call("POST", _path(session_id, "/turn"), TASK_RUN, RetryMode.CLAIM, body=body)


def generate_examples(
    session_id: str,
    leads: Sequence[SampleLead | Mapping[str, Any]],
    *,
    sequence_context: SequenceContext | Mapping[str, Any] | None,
    is_first_batch: bool,
) -> Call[TaskRun]:
    """POST a request for one example email per lead."""
    lead_list = lead_dicts(leads, "leads")
    if not lead_list:
        raise ValueError("generate_examples() needs at least one lead (3-10 is typical).")
    data: dict[str, Any] = {"leads": lead_list, "is_first_batch": bool(is_first_batch)}
    if sequence_context is not None:
        data["sequence_context"] = sequence_context_dict(sequence_context)
    body = _build(GenerateExamplesRequest, data, "generate_examples()").to_wire()
    path = _path(session_id, "/generate-examples")
    return Call("POST", path, TASK_RUN, RetryMode.CLAIM, body=body)


def _plain(value: Any) -> Any:
    """Models become dicts with Python names, so one validation pass sees one shape."""
    if isinstance(value, BaseModel):
        return value.model_dump(exclude_unset=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _build(model: type[M], data: dict[str, Any], where: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"{where} got invalid input: {validation_message(exc)}.") from None
