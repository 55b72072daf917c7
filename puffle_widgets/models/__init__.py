"""Pydantic models of the Puffle campaign AI chat session API."""

from puffle_widgets.models.ids import UUID_PATTERN, check_uuid, is_valid_uuid
from puffle_widgets.models.inputs import (
    MAX_TEXT_LENGTH,
    check_text_length,
    lead_dicts,
    sequence_context_dict,
    var_names,
)
from puffle_widgets.models.requests import (
    UPDATABLE_FIELDS,
    CreateSessionRequest,
    GenerateExamplesRequest,
    SampleLead,
    SequenceContext,
    TurnRequest,
    UpdateSessionRequest,
)
from puffle_widgets.models.session import (
    CHAT_PROCESSING,
    GENERATING_EXAMPLES,
    TASK_STATUSES,
    DeleteResponse,
    GeneratedExample,
    Message,
    Session,
    SessionList,
    SessionListResponse,
    SessionResponse,
    TaskRun,
)
from puffle_widgets.models.templates import (
    TemplateVariable,
    fill,
    find_variables,
    unknown_variables,
    variable_names,
)
from puffle_widgets.models.validation import validation_message

__all__ = [
    "CHAT_PROCESSING",
    "GENERATING_EXAMPLES",
    "MAX_TEXT_LENGTH",
    "TASK_STATUSES",
    "UPDATABLE_FIELDS",
    "UUID_PATTERN",
    "CreateSessionRequest",
    "DeleteResponse",
    "GenerateExamplesRequest",
    "GeneratedExample",
    "Message",
    "SampleLead",
    "SequenceContext",
    "Session",
    "SessionList",
    "SessionListResponse",
    "SessionResponse",
    "TaskRun",
    "TemplateVariable",
    "TurnRequest",
    "UpdateSessionRequest",
    "check_text_length",
    "check_uuid",
    "fill",
    "find_variables",
    "is_valid_uuid",
    "lead_dicts",
    "sequence_context_dict",
    "unknown_variables",
    "validation_message",
    "var_names",
    "variable_names",
]
