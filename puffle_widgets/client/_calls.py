"""Each API operation as a `Call`: method, path, body, retry mode and how to read the answer.

The sync and async resources build the same calls here, so input checking and wire naming
live in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from puffle_widgets.client._retry import RetryMode
from puffle_widgets.models import (
    UPDATABLE_FIELDS,
    DeleteResponse,
    GenerateExamplesRequest,
    SampleLead,
    SequenceContext,
    Session,
    SessionListResponse,
    SessionResponse,
    TaskRun,
    TurnRequest,
    UpdateSessionRequest,
    check_uuid,
)

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

SESSIONS_PATH = "/api/campaigns/ai-chat-sessions"


@dataclass(frozen=True)
class Call(Generic[T]):
    """One request to make and the parser for its 2xx body."""

    method: str
    path: str
    parse: Callable[[Any], T]
    retry: RetryMode = RetryMode.IDEMPOTENT
    params: dict[str, str] | None = None
    body: dict[str, Any] | None = None


def _session(data: Any) -> Session:
    return SessionResponse.model_validate(data).session


def _sessions(data: Any) -> list[Session]:
    return SessionListResponse.model_validate(data).sessions


def _deleted(data: Any) -> None:
    DeleteResponse.model_validate(data)


def _path(session_id: str, suffix: str = "") -> str:
    return f"{SESSIONS_PATH}/{check_uuid(session_id, 'session id')}{suffix}"


def list_sessions(campaign_id: str) -> Call[list[Session]]:
    """GET the sessions of a campaign."""
    params = {"campaign_id": check_uuid(campaign_id, "campaign_id")}
    return Call("GET", SESSIONS_PATH, _sessions, params=params)


def create_session(campaign_id: str, node_id: str) -> Call[Session]:
    """POST a new, empty session for one sequence node."""
    body = {
        "campaign_id": check_uuid(campaign_id, "campaign_id"),
        "node_id": check_uuid(node_id, "node_id"),
    }
    return Call("POST", SESSIONS_PATH, _session, RetryMode.UNSAFE, body=body)


def get_session(session_id: str) -> Call[Session]:
    """GET one session."""
    return Call("GET", _path(session_id), _session)


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
    plain = {key: _plain(value) for key, value in fields.items()}
    body = _build(UpdateSessionRequest, plain, "update()").to_wire()
    return Call("PATCH", _path(session_id), _session, body=body)


def delete_session(session_id: str) -> Call[None]:
    """DELETE one session."""
    return Call("DELETE", _path(session_id), _deleted)


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
    if isinstance(available_var_names, str):
        raise TypeError("available_var_names must be a list of names, e.g. ['first_name'].")
    data: dict[str, Any] = {"message": message}
    if available_var_names is not None:
        data["available_var_names"] = list(available_var_names)
    if sample_leads is not None:
        data["sample_leads"] = _leads(sample_leads, "sample_leads")
    if sequence_context is not None:
        data["sequence_context"] = _plain(sequence_context)
    body = _build(TurnRequest, data, "turn()").to_wire()
    return Call(
        "POST", _path(session_id, "/turn"), TaskRun.model_validate, RetryMode.CLAIM, body=body
    )


def generate_examples(
    session_id: str,
    leads: Sequence[SampleLead | Mapping[str, Any]],
    *,
    sequence_context: SequenceContext | Mapping[str, Any] | None,
    is_first_batch: bool,
) -> Call[TaskRun]:
    """POST a request for one example email per lead."""
    lead_list = _leads(leads, "leads")
    if not lead_list:
        raise ValueError("generate_examples() needs at least one lead (3-10 is typical).")
    data: dict[str, Any] = {"leads": lead_list, "is_first_batch": bool(is_first_batch)}
    if sequence_context is not None:
        data["sequence_context"] = _plain(sequence_context)
    body = _build(GenerateExamplesRequest, data, "generate_examples()").to_wire()
    path = _path(session_id, "/generate-examples")
    return Call("POST", path, TaskRun.model_validate, RetryMode.CLAIM, body=body)


def _leads(leads: object, name: str) -> list[Any]:
    if isinstance(leads, (str, bytes, Mapping)) or not isinstance(leads, Sequence):
        raise TypeError(
            f"{name} must be a list of leads (dicts or SampleLead), got {type(leads).__name__}."
        )
    return [_plain(lead) for lead in leads]


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
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'body'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ValueError(f"{where} got invalid input: {problems}.") from None
